//! Django's generated index and constraint names (`BaseDatabaseSchemaEditor._create_index_name`):
//! `<table>_<col>[_<col>…]_<8 hex of md5(table + cols)><suffix>`, shortened to the backend's
//! identifier limit (PostgreSQL 63, MySQL 64, SQLite 200) by cutting table and column parts
//! to equal lengths.
//!
//! | object | suffix | example |
//! |---|---|---|
//! | field index (`db_index`, ForeignKey) | none | `shop_post_author_id_ec3af6ac` |
//! | PostgreSQL LIKE index | `_like` | `authors_email_d70f2375_like` |
//! | foreign key | `_fk_<to_table>_<to_col>` | `shop_post_author_id_ec3af6ac_fk_authors_id` |
//! | `unique_together` / unique added later | `_uniq` | `shop_item_a_b_3c2d1e0f_uniq` |
//! | `index_together` | `_idx` | `shop_item_a_b_3c2d1e0f_idx` |

use md5::{Digest, Md5};

use crate::ir::SqlDialect;

/// The longest identifier Django generates for `d` (`None`: PostgreSQL).
pub fn max_name_length(d: Option<SqlDialect>) -> usize {
    match d.unwrap_or(SqlDialect::Postgres) {
        SqlDialect::Postgres => 63,
        SqlDialect::Mysql => 64,
        SqlDialect::Sqlite => 200,
    }
}

/// The first `length` hex digits of md5 over `parts` concatenated (Django's `names_digest`).
pub fn names_digest(parts: &[&str], length: usize) -> String {
    let mut h = Md5::new();
    for p in parts {
        h.update(p.as_bytes());
    }
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    hex[..length.min(hex.len())].to_string()
}

/// `_create_index_name(table, columns, suffix)`.
pub fn index_name(table: &str, columns: &[&str], suffix: &str, d: Option<SqlDialect>) -> String {
    let mut parts = vec![table];
    parts.extend_from_slice(columns);
    let mut hash_suffix = format!("{}{suffix}", names_digest(&parts, 8));
    let max = max_name_length(d);
    let cols = columns.join("_");
    let full = format!("{table}_{cols}_{hash_suffix}");
    if full.chars().count() <= max {
        return full;
    }
    if hash_suffix.chars().count() > max / 3 {
        hash_suffix = hash_suffix.chars().take(max / 3).collect();
    }
    let other = (max - hash_suffix.chars().count()) / 2 - 1;
    let cut = |s: &str| s.chars().take(other).collect::<String>();
    let mut name = format!("{}_{}_{hash_suffix}", cut(table), cut(&cols));
    if name.starts_with('_') || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.pop();
        name.insert(0, 'D');
    }
    name
}

/// `truncate_name(name, length)`: names longer than the limit keep `length - 4` characters
/// plus 4 hex digits of their md5 (used for M2M join tables).
pub fn truncate_name(name: &str, d: Option<SqlDialect>) -> String {
    let max = max_name_length(d);
    if name.chars().count() <= max {
        return name.to_string();
    }
    let head: String = name.chars().take(max - 4).collect();
    format!("{head}{}", names_digest(&[name], 4))
}

/// The name PostgreSQL / MySQL give an unnamed inline `UNIQUE` on one column
/// (`<table>_<col>_key` / `<col>`), which Django finds by introspection when it drops it.
pub fn inline_unique_name(table: &str, column: &str, d: Option<SqlDialect>) -> String {
    match d.unwrap_or(SqlDialect::Postgres) {
        SqlDialect::Mysql => column.to_string(),
        _ => format!("{table}_{column}_key"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_names_django_generated() {
        // from a real `sqlmigrate` on PostgreSQL (Django 5.2)
        assert_eq!(index_name("sample_post", &["author_id"], "", None), "sample_post_author_id_ec3af6ac");
        assert_eq!(
            index_name("sample_post", &["author_id"], "_fk_authors_id", None),
            "sample_post_author_id_ec3af6ac_fk_authors_id"
        );
        assert_eq!(index_name("authors", &["email"], "_like", None), "authors_email_d70f2375_like");
    }

    #[test]
    fn long_names_are_cut_to_the_limit() {
        let long = "a_really_long_table_name_that_goes_on_and_on_and_on";
        let name = index_name(long, &["another_long_column_name"], "_fk_other_table_id", None);
        assert!(name.len() <= 63, "{name}");
        assert!(name.starts_with("a_really_long_table_"));
    }
}

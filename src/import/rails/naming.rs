//! Names ActiveRecord generates: `index_<table>_on_<a>_and_<b>` (with the 7.1
//! fallback `idx_on_<a>_<b>_<hash>` for names over 62 bytes),
//! `fk_rails_<hash>` and `chk_rails_<hash>` (the first 10 hex digits of
//! SHA-256 over `<table>_<column>_fk` / `<table>_<expression>_chk`), and
//! `create_join_table`'s table name.

use sha2::{Digest, Sha256};

use super::version::ArVersion;
use crate::ir::SqlDialect;

fn sha10(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(5).map(|b| format!("{b:02x}")).collect()
}

/// `add_index :users, [:a, :b]` → `index_users_on_a_and_b` (7.1+: shortened with a hash past 62 bytes).
pub fn index_name(table: &str, columns: &[String], version: ArVersion) -> String {
    let name = format!("index_{table}_on_{}", columns.join("_and_"));
    if !version.index_name_fallback() || name.len() <= 62 {
        return name;
    }
    let hash = format!("_{}", sha10(&name));
    let mut short = format!("idx_on_{}", columns.join("_"));
    let limit = 62 - hash.len();
    while short.len() > limit {
        short.pop();
    }
    format!("{short}{hash}")
}

/// The longest index name ActiveRecord 6.1 accepts on `dialect` (it raises past it).
pub fn index_name_limit(dialect: SqlDialect) -> usize {
    match dialect {
        SqlDialect::Postgres => 63,
        SqlDialect::Mysql => 64,
        SqlDialect::Sqlite => 62,
    }
}

/// `add_foreign_key :articles, :authors` → `fk_rails_e74ce85cbc` (from `articles_author_id_fk`).
pub fn foreign_key_name(table: &str, column: &str) -> String {
    format!("fk_rails_{}", sha10(&format!("{table}_{column}_fk")))
}

/// `add_check_constraint :products, "price > 0"` → `chk_rails_<hash of "products_price > 0_chk">`.
pub fn check_name(table: &str, expression: &str) -> String {
    format!("chk_rails_{}", sha10(&format!("{table}_{expression}_chk")))
}

/// `create_join_table :artists, :music_records` → `artists_music_records`; a common
/// prefix is written once: `:music_artists, :music_records` → `music_artists_records`.
pub fn join_table_name(a: &str, b: &str) -> String {
    let (first, second) = if a <= b { (a, b) } else { (b, a) };
    // ActiveRecord: /^(.*_)(.+)\0\1(.+)/ → '\1\2_\3' (the longest shared `<prefix>_`).
    let mut best: Option<usize> = None;
    for (i, c) in first.char_indices() {
        if c == '_' {
            let prefix = &first[..=i];
            if i + 1 < first.len() && second.starts_with(prefix) && second.len() > prefix.len() {
                best = Some(i + 1);
            }
        }
    }
    match best {
        Some(n) => format!("{}_{}", first, &second[n..]),
        None => format!("{first}_{second}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_activerecord() {
        // Examples from ActiveRecord's own documentation.
        assert_eq!(foreign_key_name("articles", "author_id"), "fk_rails_e74ce85cbc");
        assert_eq!(foreign_key_name("articles", "author_id").len(), 19);
        let v61 = ArVersion::new(6, 1);
        assert_eq!(index_name("users", &["a".into(), "b".into()], v61), "index_users_on_a_and_b");
        let long: Vec<String> = vec!["a_rather_long_column_name".into(), "another_long_column_name".into()];
        let n61 = index_name("some_table", &long, v61);
        assert!(n61.len() > 62);
        let n71 = index_name("some_table", &long, ArVersion::new(7, 1));
        assert!(n71.starts_with("idx_on_a_rather_long_column_name_another") && n71.len() <= 62, "{n71}");
        assert_eq!(join_table_name("music_records", "artists"), "artists_music_records");
        assert_eq!(join_table_name("music_artists", "music_records"), "music_artists_records");
    }
}

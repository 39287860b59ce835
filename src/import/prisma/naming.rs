//! Prisma's default names for keys, indexes and foreign keys, built from database names
//! (after `@@map`/`@map`): `User_pkey`, `User_email_key`, `Post_authorId_fkey`,
//! `Post_title_authorId_idx`, and for implicit many-to-many tables `_AToB_AB_pkey`,
//! `_AToB_AB_unique`, `_AToB_B_index`.
//!
//! Names longer than the database allows (PostgreSQL 63 bytes, MySQL 64) keep their suffix and
//! lose the end of the `<table>_<columns>` part.

use crate::ir::SqlDialect;

/// The longest identifier the database accepts.
pub fn max_identifier(dialect: SqlDialect) -> usize {
    match dialect {
        SqlDialect::Postgres => 63,
        SqlDialect::Mysql => 64,
        SqlDialect::Sqlite => 10_000,
    }
}

/// `<table>_<col>_<col>_<suffix>`, cut to the database's limit.
pub fn default_name(dialect: SqlDialect, table: &str, columns: &[&str], suffix: &str) -> String {
    let mut stem = if columns.is_empty() { table.to_string() } else { format!("{table}_{}", columns.join("_")) };
    let room = max_identifier(dialect).saturating_sub(suffix.len() + 1);
    if stem.len() > room {
        let mut cut = room;
        while !stem.is_char_boundary(cut) {
            cut -= 1;
        }
        stem.truncate(cut);
    }
    format!("{stem}_{suffix}")
}

/// `<table>_pkey`.
pub fn primary_key(dialect: SqlDialect, table: &str) -> String {
    default_name(dialect, table, &[], "pkey")
}

/// `<table>_<cols>_key` (`@unique`, `@@unique`).
pub fn unique(dialect: SqlDialect, table: &str, columns: &[&str]) -> String {
    default_name(dialect, table, columns, "key")
}

/// `<table>_<cols>_idx` (`@@index`).
pub fn index(dialect: SqlDialect, table: &str, columns: &[&str]) -> String {
    default_name(dialect, table, columns, "idx")
}

/// `<table>_<cols>_fkey` (`@relation(fields: …)`).
pub fn foreign_key(dialect: SqlDialect, table: &str, columns: &[&str]) -> String {
    default_name(dialect, table, columns, "fkey")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_prisma() {
        assert_eq!(primary_key(SqlDialect::Postgres, "User"), "User_pkey");
        assert_eq!(unique(SqlDialect::Postgres, "User", &["email"]), "User_email_key");
        assert_eq!(index(SqlDialect::Mysql, "Post", &["title", "authorId"]), "Post_title_authorId_idx");
        let long = "a".repeat(80);
        let name = foreign_key(SqlDialect::Postgres, &long, &["x"]);
        assert_eq!(name.len(), 63);
        assert!(name.ends_with("a_fkey"));
    }
}

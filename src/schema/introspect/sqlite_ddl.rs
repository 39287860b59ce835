//! Reading SQLite's stored `CREATE` statements (`sqlite_master.sql`) for what its pragmas do not
//! tell: constraint names, CHECK expressions, AUTOINCREMENT, generated-column expressions,
//! collations, DEFERRABLE, index expressions and predicates, view queries.
//!
//! The text is read by the SQL importer itself ([`crate::import::sql::parse_script`]), so a
//! stored definition and the migration that wrote it are read by one grammar.

use crate::import::sql::parse_script;
use crate::ir::{CreateTable, CreateView, Index, Operation, SqlDialect};

/// The operations of one stored statement (none when it is not one the importer models).
fn lower(sql: &str) -> Vec<Operation> {
    let (ops, _) = parse_script(sql, "sqlite_master", SqlDialect::Sqlite);
    ops.into_iter().map(|op| op.kind).collect()
}

/// A stored `CREATE TABLE t (…)`; `None` when it has no column list (`AS SELECT`).
pub(crate) fn parse_table(sql: &str) -> Option<CreateTable> {
    lower(sql).into_iter().find_map(|op| match op {
        Operation::CreateTable(t) => Some(t),
        _ => None,
    })
}

/// A stored `CREATE [UNIQUE] INDEX name ON t (parts) [WHERE …]`.
pub(crate) fn parse_index(sql: &str) -> Option<Index> {
    lower(sql).into_iter().find_map(|op| match op {
        Operation::CreateIndex(c) => Some(c.index),
        _ => None,
    })
}

/// A stored `CREATE VIEW name [(cols)] AS query`.
pub(crate) fn parse_view(sql: &str) -> Option<CreateView> {
    lower(sql).into_iter().find_map(|op| match op {
        Operation::CreateView(v) => Some(v),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{AutoIncrement, Constraint, ConstraintKind, Deferrable, GeneratedColumn, IndexKey};
    use pretty_assertions::assert_eq;

    #[test]
    fn table_constraints_and_column_details() {
        let sql = r#"CREATE TABLE "posts" (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title varchar(200) NOT NULL COLLATE NOCASE DEFAULT ('x') CHECK (length(title) > 0),
            author_id integer CONSTRAINT fk_author REFERENCES users (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
            slug text GENERATED ALWAYS AS (lower(title)) STORED,
            CONSTRAINT uq_slug UNIQUE (slug, author_id),
            CHECK (id > 0)
        )"#;
        let ddl = parse_table(sql).unwrap();
        assert_eq!(ddl.columns.len(), 4);
        assert_eq!(ddl.columns[0].auto_increment, Some(AutoIncrement::AutoIncrement));
        assert_eq!(ddl.columns[1].collation.as_deref(), Some("NOCASE"));
        assert_eq!(ddl.columns[3].generated, Some(GeneratedColumn { expr: "lower(title)".into(), stored: true }));
        let summary: Vec<(Option<&str>, String)> = ddl
            .constraints
            .iter()
            .map(|Constraint { name, kind }| {
                let what = match kind {
                    ConstraintKind::PrimaryKey { columns } => format!("pk {columns:?}"),
                    ConstraintKind::Unique { columns, .. } => format!("unique {columns:?}"),
                    ConstraintKind::Check { expr } => format!("check {expr}"),
                    ConstraintKind::ForeignKey(fk) => {
                        assert_eq!(fk.deferrable, Some(Deferrable::Deferred));
                        format!("fk {:?} {}", fk.columns, fk.ref_table)
                    }
                };
                (name.as_deref(), what)
            })
            .collect();
        assert_eq!(
            summary,
            [
                (None, "pk [\"id\"]".to_string()),
                (None, "check length(title) > 0".to_string()),
                (Some("fk_author"), "fk [\"author_id\"] users".to_string()),
                (Some("uq_slug"), "unique [\"slug\", \"author_id\"]".to_string()),
                (None, "check id > 0".to_string()),
            ]
        );
        assert_eq!(parse_table("CREATE TABLE t AS SELECT 1"), None);
    }

    #[test]
    fn indexes_and_views() {
        let idx =
            parse_index("CREATE INDEX ix ON t (lower(name) DESC, \"b\" COLLATE nocase) WHERE b IS NOT NULL").unwrap();
        assert_eq!(idx.parts[0].key, IndexKey::Expression("lower(name)".into()));
        assert!(idx.parts[0].desc);
        assert_eq!(idx.parts[1].key, IndexKey::Column("b".into()));
        assert_eq!(idx.parts[1].collation.as_deref(), Some("nocase"));
        assert_eq!(idx.predicate.as_deref(), Some("b IS NOT NULL"));
        let v = parse_view("CREATE VIEW v (a, b) AS SELECT 1, 2;").unwrap();
        assert_eq!(v.columns, vec!["a".to_string(), "b".to_string()]);
        assert_eq!(v.query, "SELECT 1, 2");
    }
}

//! Default names databases give to unnamed constraints and indexes.
//!
//! The IR keeps `name: None` when the source gave no name; the replayed state
//! needs a name so later operations can refer to it. The scheme follows each
//! database's own default:
//!
//! | object | PostgreSQL / SQLite | MySQL / MariaDB |
//! |---|---|---|
//! | primary key | `<table>_pkey` | `PRIMARY` |
//! | unique | `<table>_<cols>_key` | first column name (`_2`, `_3` on clashes) |
//! | foreign key | `<table>_<cols>_fkey` | `<table>_ibfk_<n>` |
//! | check | `<table>_<col>_check` (first column the expression names) or `<table>_check` | `CONSTRAINT_<n>` |
//! | index | `<table>_<cols>_idx` (`expr` for expression parts) | same |
//!
//! Names are cut to PostgreSQL's 63-byte limit; clashes get a numeric suffix
//! (`users_email_key1`), as PostgreSQL does.

use super::Table;
use crate::ir::{Constraint, ConstraintKind, Index, IndexKey, QName, SqlDialect};

/// PostgreSQL's identifier length limit (bytes).
pub const MAX_IDENT: usize = 63;

/// `<table>_<col>_<col>_idx` for an index created without a name.
pub fn index_name(table: &QName, index: &Index) -> String {
    let cols: Vec<&str> = index
        .parts
        .iter()
        .map(|p| match &p.key {
            IndexKey::Column(c) => c.as_str(),
            IndexKey::Expression(_) => "expr",
        })
        .collect();
    join_name(&table.name, &cols, "idx")
}

/// The name `dialect` gives an unnamed `constraint` added to `table` (its current state).
pub fn constraint_name(dialect: Option<SqlDialect>, table: &Table, constraint: &Constraint) -> String {
    let t = &table.name.name;
    let taken = |n: &str| table.constraint(n).is_some() || table.index(n).is_some();
    if dialect == Some(SqlDialect::Mysql) {
        return match &constraint.kind {
            ConstraintKind::PrimaryKey { .. } => "PRIMARY".to_string(),
            ConstraintKind::Unique { columns, .. } => {
                let base = columns.first().cloned().unwrap_or_else(|| "unique".into());
                numbered(&base, "_", 2, &taken)
            }
            ConstraintKind::ForeignKey(_) => numbered(&format!("{t}_ibfk"), "_", 1, &|n| taken(n)),
            ConstraintKind::Check { .. } => numbered("CONSTRAINT", "_", 1, &|n| taken(n)),
        };
    }
    let base = match &constraint.kind {
        ConstraintKind::PrimaryKey { .. } => return truncate(&format!("{t}_pkey")),
        ConstraintKind::Unique { columns, .. } => join_name(t, &strs(columns), "key"),
        ConstraintKind::ForeignKey(fk) => join_name(t, &strs(&fk.columns), "fkey"),
        ConstraintKind::Check { expr } => match table.columns.iter().find(|c| mentions(expr, &c.name)) {
            Some(c) => join_name(t, &[c.name.as_str()], "check"),
            None => join_name(t, &[], "check"),
        },
    };
    if !taken(&base) {
        return base;
    }
    numbered(&base, "", 1, &taken)
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn join_name(table: &str, cols: &[&str], suffix: &str) -> String {
    let mut parts = vec![table];
    parts.extend_from_slice(cols);
    parts.push(suffix);
    truncate(&parts.join("_"))
}

/// `base<sep><n>` with the first `n >= start` not taken (`base` itself first when `start` > 1 is a suffix scheme).
fn numbered(base: &str, sep: &str, start: u32, taken: &dyn Fn(&str) -> bool) -> String {
    if start > 1 && !taken(base) {
        return base.to_string();
    }
    let mut n = start;
    loop {
        let candidate = truncate(&format!("{base}{sep}{n}"));
        if !taken(&candidate) {
            return candidate;
        }
        n += 1;
    }
}

/// Cut a name to [`MAX_IDENT`] bytes on a character boundary.
pub fn truncate(name: &str) -> String {
    if name.len() <= MAX_IDENT {
        return name.to_string();
    }
    let mut end = MAX_IDENT;
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    name[..end].to_string()
}

/// True when `expr` mentions identifier `ident` as a whole word (quoted or not).
fn mentions(expr: &str, ident: &str) -> bool {
    let lower = expr.to_ascii_lowercase();
    let needle = ident.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut start = 0;
    while let Some(pos) = lower[start..].find(&needle) {
        let i = start + pos;
        let j = i + needle.len();
        let before_ok = i == 0 || !is_word(bytes[i - 1]);
        let after_ok = j >= bytes.len() || !is_word(bytes[j]);
        if before_ok && after_ok {
            return true;
        }
        start = i + 1;
    }
    false
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Column, DataType, ForeignKey, IndexPart};
    use pretty_assertions::assert_eq;

    fn users() -> Table {
        let mut t = Table::new(QName::new("users"));
        t.columns.push(Column::new("id", DataType::int(32)));
        t.columns.push(Column::new("email", DataType::Text));
        t.columns.push(Column::new("age", DataType::int(32)));
        t
    }

    fn unique(cols: &[&str]) -> Constraint {
        Constraint {
            name: None,
            kind: ConstraintKind::Unique {
                columns: cols.iter().map(|c| c.to_string()).collect(),
                nulls_not_distinct: false,
                deferrable: None,
            },
        }
    }

    #[test]
    fn postgres_scheme() {
        let t = users();
        let pk = Constraint { name: None, kind: ConstraintKind::PrimaryKey { columns: vec!["id".into()] } };
        assert_eq!(constraint_name(Some(SqlDialect::Postgres), &t, &pk), "users_pkey");
        assert_eq!(constraint_name(Some(SqlDialect::Postgres), &t, &unique(&["email"])), "users_email_key");
        let check = Constraint { name: None, kind: ConstraintKind::Check { expr: "age >= 0".into() } };
        assert_eq!(constraint_name(None, &t, &check), "users_age_check");
        let fk = Constraint {
            name: None,
            kind: ConstraintKind::ForeignKey(ForeignKey {
                columns: vec!["org_id".into()],
                ref_table: QName::new("orgs"),
                ref_columns: vec!["id".into()],
                on_delete: None,
                on_update: None,
                deferrable: None,
            }),
        };
        assert_eq!(constraint_name(None, &t, &fk), "users_org_id_fkey");
    }

    #[test]
    fn clashes_get_numbered() {
        let mut t = users();
        t.constraints.push(Constraint { name: Some("users_email_key".into()), ..unique(&["email"]) });
        assert_eq!(constraint_name(None, &t, &unique(&["email"])), "users_email_key1");
        assert_eq!(constraint_name(Some(SqlDialect::Mysql), &t, &unique(&["email"])), "email");
        t.constraints.push(Constraint { name: Some("email".into()), ..unique(&["email"]) });
        assert_eq!(constraint_name(Some(SqlDialect::Mysql), &t, &unique(&["email"])), "email_2");
    }

    #[test]
    fn index_names_and_truncation() {
        let idx = Index {
            name: None,
            table: QName::new("users"),
            parts: vec![
                IndexPart::column("email"),
                IndexPart { key: IndexKey::Expression("lower(x)".into()), ..IndexPart::column("") },
            ],
            unique: false,
            method: None,
            predicate: None,
            include: vec![],
            nulls_not_distinct: false,
        };
        assert_eq!(index_name(&QName::new("users"), &idx), "users_email_expr_idx");
        let long = "x".repeat(70);
        assert_eq!(truncate(&long).len(), 63);
        assert_eq!(truncate(&"é".repeat(40)).len(), 62);
    }
}

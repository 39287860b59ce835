//! MySQL's names for indexes written without one, resolved at import (the IR carries the name
//! the source database gives, so later statements that drop the index by that name still work
//! whatever the target).
//!
//! ```sql
//! CREATE TABLE posts (title text, KEY (title), INDEX (title, body), INDEX ((lower(title))));
//! -- MySQL names them `title`, `title_2`, `functional_index`
//! ```
//!
//! An unnamed index is named after its first column (`functional_index` for an expression), with
//! `_2`, `_3`, … when the statement already uses that name. Unnamed UNIQUE constraints stay
//! unnamed in the IR (replay names them the same way for MySQL), but their names are reserved
//! first, as MySQL names unique keys before plain ones. Only the statement is known here, so an
//! `ALTER TABLE … ADD INDEX (a)` on a table that already has a key `a` gets `a`, where MySQL
//! would pick `a_2`.

use std::collections::BTreeSet;

use crate::ir::{Constraint, ConstraintKind, Index, IndexKey, Operation};

/// Give every unnamed index created by the statement's `ops` MySQL's default name.
pub(crate) fn name_unnamed_indexes(ops: &mut [Operation]) {
    let mut taken: BTreeSet<String> = BTreeSet::from(["primary".to_string()]);
    let mut unnamed_uniques = Vec::new();
    for op in ops.iter() {
        let constraints: &[Constraint] = match op {
            Operation::CreateTable(t) => &t.constraints,
            Operation::AddConstraint(a) => std::slice::from_ref(&a.constraint),
            Operation::AddColumn(a) => &a.constraints,
            _ => &[],
        };
        for c in constraints {
            match (&c.name, &c.kind) {
                (Some(name), _) => {
                    taken.insert(name.to_ascii_lowercase());
                }
                (None, ConstraintKind::Unique { columns, .. }) => unnamed_uniques.extend(columns.first().cloned()),
                _ => {}
            }
        }
        if let Operation::CreateIndex(c) = op
            && let Some(name) = &c.index.name
        {
            taken.insert(name.to_ascii_lowercase());
        }
    }
    for column in unnamed_uniques {
        unique_name(&column, &mut taken);
    }
    for op in ops.iter_mut() {
        if let Operation::CreateIndex(c) = op
            && c.index.name.is_none()
        {
            c.index.name = Some(unique_name(&base(&c.index), &mut taken));
        }
    }
}

fn base(index: &Index) -> String {
    match index.parts.first().map(|p| &p.key) {
        Some(IndexKey::Column(c)) => c.clone(),
        _ => "functional_index".to_string(),
    }
}

/// `base`, or `base_2`, `base_3`, … : the first not in `taken` (compared case-insensitively), now taken.
fn unique_name(base: &str, taken: &mut BTreeSet<String>) -> String {
    let mut name = base.to_string();
    let mut n = 2;
    while taken.contains(&name.to_ascii_lowercase()) {
        name = format!("{base}_{n}");
        n += 1;
    }
    taken.insert(name.to_ascii_lowercase());
    name
}

#[cfg(test)]
mod tests {
    use crate::import::sql::statement::ops_of;
    use crate::ir::{Operation, SqlDialect};
    use pretty_assertions::assert_eq;

    fn index_names(sql: &str, dialect: SqlDialect) -> Vec<Option<String>> {
        ops_of(sql, dialect)
            .into_iter()
            .filter_map(|op| match op {
                Operation::CreateIndex(c) => Some(c.index.name),
                _ => None,
            })
            .collect()
    }

    fn some(names: &[&str]) -> Vec<Option<String>> {
        names.iter().map(|n| Some(n.to_string())).collect()
    }

    #[test]
    fn mysql_names_unnamed_indexes_after_their_first_column() {
        let sql = "CREATE TABLE posts (id int PRIMARY KEY, title varchar(50), body text, UNIQUE (title), \
                   KEY (title), INDEX (title, body), KEY k (id), INDEX ((lower(title))), FULLTEXT (body))";
        assert_eq!(index_names(sql, SqlDialect::Mysql), some(&["title_2", "title_3", "k", "functional_index", "body"]));
        assert_eq!(index_names("ALTER TABLE t ADD INDEX (a), ADD KEY (a)", SqlDialect::Mysql), some(&["a", "a_2"]));
        assert_eq!(index_names("ALTER TABLE t ADD INDEX (primary_id)", SqlDialect::Mysql), some(&["primary_id"]));
    }

    #[test]
    fn other_dialects_leave_the_name_to_replay() {
        assert_eq!(index_names("CREATE INDEX ON t (a)", SqlDialect::Postgres), [None]);
    }
}

//! Table-level constraints and MySQL's inline index definitions.
//!
//! ```sql
//! CONSTRAINT pk PRIMARY KEY (a, b) | UNIQUE [KEY name] (a) | FOREIGN KEY (a) REFERENCES t (id) …
//! | CHECK (expr) | KEY idx (a(10)) | FULLTEXT KEY ft (body)
//! ```
//!
//! sqlparser parses the constraint; key columns are re-read from its tokens ([`super::parts`]) so
//! MySQL prefix lengths and verbatim expressions survive. A `UNIQUE` whose parts are more than
//! plain columns (prefix, order, expression) becomes a unique index, the only IR form that holds them.

use std::ops::Range;

use sqlparser::ast::{
    ConstraintCharacteristics, DeferrableInitial, ForeignKeyConstraint, Ident, IndexOption, IndexType,
    NullsDistinctOption, ReferentialAction, TableConstraint,
};

use super::cursor::{Cursor, LResult, LowerError};
use super::parts::parse_parts;
use super::toks::{expr_text, first_group};
use crate::diagnostics::Severity;
use crate::ir::{Constraint, ConstraintKind, Deferrable, FkAction, ForeignKey, Index, IndexKey, IndexPart, QName};

/// One table element that is not a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Element {
    /// A constraint.
    Constraint(Constraint),
    /// An index defined inside `CREATE TABLE` / `ALTER TABLE … ADD INDEX` (MySQL).
    Index(Index),
}

/// Parse a table constraint at the cursor, if one starts here.
pub(crate) fn table_constraint(cur: &mut Cursor, table: &QName) -> LResult<Option<Element>> {
    let (constraint, range) = cur.sub(|p| p.parse_optional_table_constraint())?;
    let Some(constraint) = constraint else {
        return Ok(None);
    };
    let name = |cur: &Cursor, id: &Option<Ident>| id.as_ref().map(|i| cur.fold(i));
    let element = match constraint {
        TableConstraint::PrimaryKey(pk) => {
            let parts = key_parts(cur, range)?;
            if parts.iter().any(|p| !is_plain(p)) {
                cur.ignored("a prefix length or order on a primary key column");
            }
            if deferrable(cur, &pk.characteristics).is_some() {
                cur.ignored("DEFERRABLE on a primary key");
            }
            let columns = column_names(cur, &parts)?;
            Element::Constraint(Constraint { name: name(cur, &pk.name), kind: ConstraintKind::PrimaryKey { columns } })
        }
        TableConstraint::Unique(u) => {
            let parts = key_parts(cur, range)?;
            let name = name(cur, &u.index_name).or_else(|| name(cur, &u.name));
            let nulls_not_distinct = u.nulls_distinct == NullsDistinctOption::NotDistinct;
            let deferrable = deferrable(cur, &u.characteristics);
            if !u.include.is_empty() || parts.iter().any(|p| !is_plain(p)) {
                if deferrable.is_some() {
                    cur.ignored("DEFERRABLE on a unique index");
                }
                let include = u.include.iter().map(|i| cur.fold(i)).collect();
                let method = method_of(cur, &u.index_type, &u.index_options);
                Element::Index(Index { include, nulls_not_distinct, ..index(name, table, parts, true, method) })
            } else {
                let columns = column_names(cur, &parts)?;
                Element::Constraint(Constraint {
                    name,
                    kind: ConstraintKind::Unique { columns, nulls_not_distinct, deferrable },
                })
            }
        }
        TableConstraint::ForeignKey(fk) => {
            let columns = fk.columns.iter().map(|c| cur.fold(c)).collect();
            let kind = ConstraintKind::ForeignKey(foreign_key(cur, &fk, columns)?);
            Element::Constraint(Constraint { name: name(cur, &fk.name), kind })
        }
        TableConstraint::Check(c) => {
            if c.enforced == Some(false) {
                cur.note(
                    Severity::Warning,
                    "sql-clause-ignored",
                    "CHECK … NOT ENFORCED is imported as an enforced check",
                );
            }
            if c.no_inherit {
                cur.ignored("NO INHERIT");
            }
            let expr = check_expr(cur, range)?;
            Element::Constraint(Constraint { name: name(cur, &c.name), kind: ConstraintKind::Check { expr } })
        }
        TableConstraint::Index(ix) => {
            let parts = key_parts(cur, range)?;
            let method = method_of(cur, &ix.index_type, &ix.index_options);
            Element::Index(index(name(cur, &ix.name), table, parts, false, method))
        }
        TableConstraint::FulltextOrSpatial(f) => {
            let parts = key_parts(cur, range)?;
            let method = if f.fulltext { "fulltext" } else { "spatial" };
            Element::Index(index(name(cur, &f.opt_index_name), table, parts, false, Some(method.into())))
        }
        other => return cur.verbatim(format!("constraint `{other}` is not modelled")),
    };
    Ok(Some(element))
}

fn index(name: Option<String>, table: &QName, parts: Vec<IndexPart>, unique: bool, method: Option<String>) -> Index {
    Index {
        name,
        table: table.clone(),
        parts,
        unique,
        method,
        predicate: None,
        include: Vec::new(),
        nulls_not_distinct: false,
    }
}

/// `BTREE` → `btree`.
pub(crate) fn method_name(t: &IndexType) -> String {
    t.to_string().to_ascii_lowercase()
}

/// The index method from `USING x` before or after the key list; index comments are dropped.
fn method_of(cur: &mut Cursor, before: &Option<IndexType>, options: &[IndexOption]) -> Option<String> {
    let mut method = before.as_ref().map(method_name);
    for option in options {
        match option {
            IndexOption::Using(t) => method = Some(method_name(t)),
            IndexOption::Comment(_) => cur.ignored("an index COMMENT"),
        }
    }
    method
}

fn is_plain(part: &IndexPart) -> bool {
    matches!(part.key, IndexKey::Column(_))
        && !part.desc
        && part.nulls_first.is_none()
        && part.opclass.is_none()
        && part.length.is_none()
        && part.collation.is_none()
}

fn column_names(cur: &Cursor, parts: &[IndexPart]) -> LResult<Vec<String>> {
    parts
        .iter()
        .map(|p| match &p.key {
            IndexKey::Column(c) => Ok(c.clone()),
            IndexKey::Expression(e) => {
                cur.verbatim(format!("an expression key part `{e}` in a constraint is not modelled"))
            }
        })
        .collect()
}

/// The key parts in the first parenthesised group of the tokens in `range`.
fn key_parts(cur: &Cursor, range: Range<usize>) -> LResult<Vec<IndexPart>> {
    let toks = cur.toks(range);
    let group = first_group(&toks).ok_or_else(|| LowerError::Parse("Expected: a key column list".into()))?;
    parse_parts(&toks[group], cur.source(), cur.flavor)
}

/// The expression inside `CHECK ( … )` in the tokens of `range`, in the canonical spelling.
pub(crate) fn check_expr(cur: &Cursor, range: Range<usize>) -> LResult<String> {
    let toks = cur.toks(range);
    let group = first_group(&toks).ok_or_else(|| LowerError::Parse("Expected: ( after CHECK".into()))?;
    Ok(expr_text(cur.source(), &toks[group], cur.flavor.dialect))
}

/// A foreign key from sqlparser's clause, with the referencing `columns`.
pub(crate) fn foreign_key(cur: &mut Cursor, fk: &ForeignKeyConstraint, columns: Vec<String>) -> LResult<ForeignKey> {
    if let Some(m) = &fk.match_kind {
        cur.ignored(format!("MATCH {m}"));
    }
    Ok(ForeignKey {
        columns,
        ref_table: cur.qname_of(&fk.foreign_table)?,
        ref_columns: fk.referred_columns.iter().map(|c| cur.fold(c)).collect(),
        on_delete: fk.on_delete.map(action),
        on_update: fk.on_update.map(action),
        deferrable: deferrable(cur, &fk.characteristics),
    })
}

fn action(a: ReferentialAction) -> FkAction {
    match a {
        ReferentialAction::Restrict => FkAction::Restrict,
        ReferentialAction::Cascade => FkAction::Cascade,
        ReferentialAction::SetNull => FkAction::SetNull,
        ReferentialAction::NoAction => FkAction::NoAction,
        ReferentialAction::SetDefault => FkAction::SetDefault,
    }
}

/// `DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]`; `INITIALLY DEFERRED` alone implies deferrable.
fn deferrable(cur: &mut Cursor, c: &Option<ConstraintCharacteristics>) -> Option<Deferrable> {
    let c = c.as_ref()?;
    if c.enforced == Some(false) {
        cur.note(Severity::Warning, "sql-clause-ignored", "NOT ENFORCED is imported as an enforced constraint");
    }
    match (c.deferrable, c.initially) {
        (Some(false), _) | (None, None | Some(DeferrableInitial::Immediate)) => None,
        (_, Some(DeferrableInitial::Deferred)) => Some(Deferrable::Deferred),
        (Some(true), _) => Some(Deferrable::Immediate),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sql::dialect::Flavor;
    use crate::ir::SqlDialect;
    use pretty_assertions::assert_eq;

    fn element(sql: &str, dialect: SqlDialect) -> LResult<Option<Element>> {
        let mut cur = Cursor::new(sql, sql, Flavor::of(dialect)).unwrap();
        let e = table_constraint(&mut cur, &QName::new("t"));
        if matches!(e, Ok(Some(_))) {
            assert!(cur.at_end(), "left over in {sql}");
        }
        e
    }

    fn constraint(sql: &str, dialect: SqlDialect) -> Constraint {
        match element(sql, dialect) {
            Ok(Some(Element::Constraint(c))) => c,
            other => panic!("{other:?}"),
        }
    }

    fn an_index(sql: &str, dialect: SqlDialect) -> Index {
        match element(sql, dialect) {
            Ok(Some(Element::Index(i))) => i,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn primary_and_unique_keys() {
        assert_eq!(
            constraint("CONSTRAINT Users_PK PRIMARY KEY (Id, \"Kind\")", SqlDialect::Postgres),
            Constraint {
                name: Some("users_pk".into()),
                kind: ConstraintKind::PrimaryKey { columns: vec!["id".into(), "Kind".into()] }
            }
        );
        assert_eq!(
            constraint("UNIQUE NULLS NOT DISTINCT (email)", SqlDialect::Postgres),
            Constraint {
                name: None,
                kind: ConstraintKind::Unique {
                    columns: vec!["email".into()],
                    nulls_not_distinct: true,
                    deferrable: None
                }
            }
        );
        assert_eq!(
            constraint("CONSTRAINT u UNIQUE (a, b) DEFERRABLE INITIALLY DEFERRED", SqlDialect::Postgres).kind,
            ConstraintKind::Unique {
                columns: vec!["a".into(), "b".into()],
                nulls_not_distinct: false,
                deferrable: Some(Deferrable::Deferred)
            }
        );
        assert_eq!(constraint("UNIQUE KEY `uk_name` (`name`)", SqlDialect::Mysql).name.as_deref(), Some("uk_name"));
        assert_eq!(constraint("CONSTRAINT c UNIQUE (a)", SqlDialect::Mysql).name.as_deref(), Some("c"));
    }

    #[test]
    fn unique_with_prefix_becomes_a_unique_index() {
        let ix = an_index("UNIQUE KEY uk (name(10))", SqlDialect::Mysql);
        assert!(ix.unique);
        assert_eq!(ix.name.as_deref(), Some("uk"));
        assert_eq!(ix.parts, [IndexPart { length: Some(10), ..IndexPart::column("name") }]);
    }

    #[test]
    fn foreign_keys() {
        assert_eq!(
            constraint(
                "CONSTRAINT fk FOREIGN KEY (a, b) REFERENCES s.x (c, d) ON UPDATE SET NULL ON DELETE RESTRICT \
                 DEFERRABLE",
                SqlDialect::Postgres
            ),
            Constraint {
                name: Some("fk".into()),
                kind: ConstraintKind::ForeignKey(ForeignKey {
                    columns: vec!["a".into(), "b".into()],
                    ref_table: QName::qualified("s", "x"),
                    ref_columns: vec!["c".into(), "d".into()],
                    on_delete: Some(FkAction::Restrict),
                    on_update: Some(FkAction::SetNull),
                    deferrable: Some(Deferrable::Immediate),
                })
            }
        );
        let c = constraint("FOREIGN KEY (a) REFERENCES x", SqlDialect::Sqlite);
        assert!(
            matches!(c.kind, ConstraintKind::ForeignKey(ForeignKey { ref ref_columns, .. }) if ref_columns.is_empty())
        );
    }

    #[test]
    fn checks_are_verbatim_in_the_canonical_spelling() {
        assert_eq!(
            constraint("CONSTRAINT positive CHECK ((price > 0) AND qty >= 1)", SqlDialect::Postgres),
            Constraint {
                name: Some("positive".into()),
                kind: ConstraintKind::Check { expr: "(price > 0) AND qty >= 1".into() }
            }
        );
        let c = constraint("CHECK (`order` > 0 AND `kind` <> \"x\")", SqlDialect::Mysql);
        assert_eq!(c.kind, ConstraintKind::Check { expr: "\"order\" > 0 AND \"kind\" <> 'x'".into() });
    }

    #[test]
    fn mysql_keys_become_indexes() {
        let ix = an_index("KEY `idx_d` (`d` DESC, e(5)) USING BTREE", SqlDialect::Mysql);
        assert_eq!(ix.name.as_deref(), Some("idx_d"));
        assert!(!ix.unique);
        assert_eq!(ix.method.as_deref(), Some("btree"));
        assert_eq!(ix.parts.len(), 2);
        let ix = an_index("FULLTEXT KEY ft (body)", SqlDialect::Mysql);
        assert_eq!(ix.method.as_deref(), Some("fulltext"));
        assert_eq!(an_index("SPATIAL INDEX (g)", SqlDialect::Mysql).method.as_deref(), Some("spatial"));
    }

    #[test]
    fn other_elements() {
        assert_eq!(element("email text", SqlDialect::Postgres), Ok(None));
        assert!(matches!(
            element("CONSTRAINT x EXCLUDE USING gist (c WITH &&)", SqlDialect::Postgres),
            Err(LowerError::Verbatim { .. })
        ));
    }
}

//! Column definitions: `name type [options…]` → [`Column`] plus the constraints written inline.
//!
//! sqlparser parses each option (`parse_optional_column_option`), which fixes where an option
//! (notably a `DEFAULT` expression) ends; the option's tokens then give the verbatim text of
//! defaults, checks and generation expressions. Inline `PRIMARY KEY`, `UNIQUE`, `REFERENCES` and
//! `CHECK` are lifted into table constraints, unnamed unless `CONSTRAINT x` was written.

use std::ops::Range;

use sqlparser::ast::{ColumnOption, GeneratedAs, GeneratedExpressionMode, NullsDistinctOption};
use sqlparser::tokenizer::Token;

use super::constraint::{check_expr, foreign_key};
use super::context::Context;
use super::cursor::{Cursor, LResult};
use super::defaults::lower_default;
use super::splitter::is_word;
use super::toks::{expr_text, first_group};
use super::types::{TypeInfo, map_type};
use crate::diagnostics::Severity;
use crate::ir::{AutoIncrement, Column, Constraint, ConstraintKind, DefaultExpr, GeneratedColumn};

/// A parsed column definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ColumnDef {
    /// The column.
    pub column: Column,
    /// Constraints written on the column, lifted to table level.
    pub constraints: Vec<Constraint>,
}

/// Parse `name type [options…]` at the cursor.
pub(crate) fn column_def(cur: &mut Cursor, ctx: &Context) -> LResult<ColumnDef> {
    let name = cur.ident()?;
    let info = column_type(cur, ctx)?;
    let mut column = Column::new(name, info.data_type);
    column.auto_increment = info.auto_increment;
    column.nullable = !info.not_null;
    let mut def = ColumnDef { column, constraints: Vec::new() };
    if info.unique {
        def.constraints.push(inline(
            None,
            ConstraintKind::Unique {
                columns: vec![def.column.name.clone()],
                nulls_not_distinct: false,
                deferrable: None,
            },
        ));
    }
    loop {
        let constraint_name = if cur.eat("CONSTRAINT") { Some(cur.ident()?) } else { None };
        let (option, range) = cur.sub(|p| p.parse_optional_column_option())?;
        let Some(option) = option else {
            if constraint_name.is_some() {
                return cur.expected("a column constraint after CONSTRAINT <name>");
            }
            break;
        };
        apply(cur, &mut def, option, range, constraint_name)?;
    }
    Ok(def)
}

/// Parse a column type: sqlparser's grammar, or SQLite's free-form words.
pub(crate) fn column_type(cur: &mut Cursor, ctx: &Context) -> LResult<TypeInfo> {
    let range = if cur.flavor.free_form_types() { free_form_type(cur)? } else { cur.sub(|p| p.parse_data_type())?.1 };
    let toks = cur.toks(range);
    let untyped = toks.is_empty();
    let info = map_type(&toks, cur.source(), cur.flavor.dialect, &ctx.enums);
    if untyped {
        cur.note(Severity::Info, "sql-untyped-column", "column has no declared type; kept as an empty native type");
    }
    Ok(info)
}

/// Words that end a SQLite type name: `type-name := name+ [(n [, m])]`.
const SQLITE_TYPE_END: &[&str] =
    &["CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS"];

fn free_form_type(cur: &mut Cursor) -> LResult<Range<usize>> {
    let start = cur.pos();
    while matches!(cur.peek(), Token::Word(_)) && !SQLITE_TYPE_END.iter().any(|w| is_word(cur.peek(), w)) {
        cur.advance();
    }
    if start != cur.pos() && *cur.peek() == Token::LParen {
        cur.group()?;
    }
    Ok(start..cur.pos())
}

fn inline(name: Option<String>, kind: ConstraintKind) -> Constraint {
    Constraint { name, kind }
}

fn apply(
    cur: &mut Cursor,
    def: &mut ColumnDef,
    option: ColumnOption,
    range: Range<usize>,
    name: Option<String>,
) -> LResult<()> {
    let col = def.column.name.clone();
    let column = &mut def.column;
    match option {
        ColumnOption::Null => column.nullable = true,
        ColumnOption::NotNull => column.nullable = false,
        ColumnOption::Default(_) => {
            let toks = cur.toks(range);
            column.default = Some(lower_default(&toks[1..], cur.source(), cur.flavor.dialect, Some(&column.data_type)));
        }
        ColumnOption::PrimaryKey(_) => {
            if cur.flavor.primary_key_implies_not_null() {
                column.nullable = false;
            }
            def.constraints.push(inline(name, ConstraintKind::PrimaryKey { columns: vec![col] }));
        }
        ColumnOption::Unique(u) => {
            let nulls_not_distinct = u.nulls_distinct == NullsDistinctOption::NotDistinct;
            def.constraints.push(inline(
                name,
                ConstraintKind::Unique { columns: vec![col], nulls_not_distinct, deferrable: None },
            ));
        }
        ColumnOption::ForeignKey(fk) => {
            let kind = ConstraintKind::ForeignKey(foreign_key(cur, &fk, vec![col])?);
            def.constraints.push(inline(name, kind));
        }
        ColumnOption::Check(c) => {
            let expr = check_expr(cur, range)?;
            if c.enforced == Some(false) {
                cur.note(
                    Severity::Warning,
                    "sql-clause-ignored",
                    "CHECK … NOT ENFORCED is imported as an enforced check",
                );
            }
            def.constraints.push(inline(name, ConstraintKind::Check { expr }));
        }
        ColumnOption::DialectSpecific(tokens) => {
            if tokens.iter().any(|t| is_word(t, "AUTO_INCREMENT") || is_word(t, "AUTOINCREMENT")) {
                column.auto_increment = Some(AutoIncrement::AutoIncrement);
            }
        }
        ColumnOption::Collation(name) => {
            let parts: Vec<String> = name.0.iter().filter_map(|p| p.as_ident()).map(|i| i.value.clone()).collect();
            column.collation = Some(parts.join("."));
        }
        ColumnOption::Comment(text) => column.comment = Some(text),
        ColumnOption::Generated { generated_as, generation_expr: None, sequence_options, .. } => {
            column.auto_increment = Some(match generated_as {
                GeneratedAs::ByDefault => AutoIncrement::IdentityByDefault,
                _ => AutoIncrement::IdentityAlways,
            });
            column.nullable = false;
            if sequence_options.is_some_and(|o| !o.is_empty()) {
                cur.ignored("identity sequence options");
            }
        }
        ColumnOption::Generated { generation_expr: Some(_), generation_expr_mode, .. } => {
            let toks = cur.toks(range);
            let expr = first_group(&toks).map(|g| expr_text(cur.source(), &toks[g], cur.flavor.dialect));
            let stored = generation_expr_mode == Some(GeneratedExpressionMode::Stored);
            column.generated = Some(GeneratedColumn { expr: expr.unwrap_or_default(), stored });
        }
        ColumnOption::OnUpdate(_) => {
            // `ON UPDATE <expr>`: MySQL allows only CURRENT_TIMESTAMP[(p)] and its synonyms.
            let toks = cur.toks(range.clone());
            let value = lower_default(&toks[2.min(toks.len())..], cur.source(), cur.flavor.dialect, None);
            if !matches!(value, DefaultExpr::CurrentTimestamp) {
                let text = cur.text(range);
                cur.note(Severity::Warning, "sql-clause-ignored", format!("`{text}` is not CURRENT_TIMESTAMP"));
            }
            column.on_update = Some(value);
        }
        ColumnOption::CharacterSet(_)
        | ColumnOption::Invisible
        | ColumnOption::Srid(_)
        | ColumnOption::OnConflict(_) => {
            let text = cur.text(range);
            cur.ignored(format!("`{text}`"));
        }
        other => return cur.verbatim(format!("column option `{other}` is not modelled")),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sql::dialect::Flavor;
    use crate::ir::{DataType, DefaultExpr, Deferrable, FkAction, ForeignKey, QName, SqlDialect};
    use pretty_assertions::assert_eq;

    fn def(sql: &str, dialect: SqlDialect) -> ColumnDef {
        let mut cur = Cursor::new(sql, sql, Flavor::of(dialect)).unwrap();
        let d = column_def(&mut cur, &Context::default()).unwrap();
        assert!(cur.at_end(), "left over in {sql}");
        d
    }

    fn col(name: &str, ty: DataType) -> Column {
        Column::new(name, ty)
    }

    #[test]
    fn plain_column_with_options() {
        let d = def("email varchar(255) NOT NULL DEFAULT 'x'::character varying COLLATE \"C\"", SqlDialect::Postgres);
        let mut want = col("email", DataType::varchar(Some(255)));
        want.nullable = false;
        want.default = Some(DefaultExpr::String("x".into()));
        want.collation = Some("C".into());
        assert_eq!(d, ColumnDef { column: want, constraints: vec![] });
    }

    #[test]
    fn inline_constraints_are_lifted() {
        let d = def(
            "user_id int CONSTRAINT fk_user REFERENCES users (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED \
             UNIQUE CHECK (user_id > 0)",
            SqlDialect::Postgres,
        );
        assert_eq!(
            d.constraints,
            [
                Constraint {
                    name: Some("fk_user".into()),
                    kind: ConstraintKind::ForeignKey(ForeignKey {
                        columns: vec!["user_id".into()],
                        ref_table: QName::new("users"),
                        ref_columns: vec!["id".into()],
                        on_delete: Some(FkAction::Cascade),
                        on_update: None,
                        deferrable: Some(Deferrable::Deferred),
                    }),
                },
                Constraint {
                    name: None,
                    kind: ConstraintKind::Unique {
                        columns: vec!["user_id".into()],
                        nulls_not_distinct: false,
                        deferrable: None
                    },
                },
                Constraint { name: None, kind: ConstraintKind::Check { expr: "user_id > 0".into() } },
            ]
        );
    }

    #[test]
    fn primary_key_nullability_per_dialect() {
        assert!(!def("id text PRIMARY KEY", SqlDialect::Postgres).column.nullable);
        assert!(!def("id varchar(10) PRIMARY KEY", SqlDialect::Mysql).column.nullable);
        assert!(def("id TEXT PRIMARY KEY", SqlDialect::Sqlite).column.nullable);
    }

    #[test]
    fn serial_identity_and_auto_increment() {
        let d = def("id serial PRIMARY KEY", SqlDialect::Postgres);
        assert_eq!((d.column.auto_increment, d.column.nullable), (Some(AutoIncrement::Serial), false));
        let d = def("id bigint GENERATED BY DEFAULT AS IDENTITY", SqlDialect::Postgres);
        assert_eq!(d.column.auto_increment, Some(AutoIncrement::IdentityByDefault));
        let d = def("id int GENERATED ALWAYS AS IDENTITY (START WITH 10)", SqlDialect::Postgres);
        assert_eq!(d.column.auto_increment, Some(AutoIncrement::IdentityAlways));
        let d = def("`id` int unsigned NOT NULL AUTO_INCREMENT", SqlDialect::Mysql);
        assert_eq!(d.column.auto_increment, Some(AutoIncrement::AutoIncrement));
        assert_eq!(d.column.data_type, DataType::Integer { bits: 32, unsigned: true });
        let d = def("id INTEGER PRIMARY KEY AUTOINCREMENT", SqlDialect::Sqlite);
        assert_eq!(d.column.auto_increment, Some(AutoIncrement::AutoIncrement));
        let d = def("id INTEGER PRIMARY KEY", SqlDialect::Sqlite);
        assert_eq!(d.column.auto_increment, None);
        let d = def("id serial", SqlDialect::Mysql);
        assert_eq!(d.constraints.len(), 1);
    }

    #[test]
    fn generated_columns() {
        let d = def("total int GENERATED ALWAYS AS (price * qty) STORED", SqlDialect::Postgres);
        assert_eq!(d.column.generated, Some(GeneratedColumn { expr: "price * qty".into(), stored: true }));
        let d = def("g int AS (a + 1) VIRTUAL", SqlDialect::Mysql);
        assert_eq!(d.column.generated, Some(GeneratedColumn { expr: "a + 1".into(), stored: false }));
        let d = def("g INT GENERATED ALWAYS AS (a * 2)", SqlDialect::Sqlite);
        assert_eq!(d.column.generated, Some(GeneratedColumn { expr: "a * 2".into(), stored: false }));
        let d = def("g text AS (concat(`first`, \" \", `last`)) STORED", SqlDialect::Mysql);
        assert_eq!(
            d.column.generated,
            Some(GeneratedColumn { expr: "concat(\"first\", ' ', \"last\")".into(), stored: true })
        );
    }

    #[test]
    fn mysql_comment_charset_and_on_update() {
        let sql = "`updated` datetime(3) CHARACTER SET x DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3) \
                   COMMENT 'last change'";
        let mut cur = Cursor::new(sql, sql, Flavor::of(SqlDialect::Mysql)).unwrap();
        let d = column_def(&mut cur, &Context::default()).unwrap();
        assert_eq!(d.column.default, Some(DefaultExpr::CurrentTimestamp));
        assert_eq!(d.column.on_update, Some(DefaultExpr::CurrentTimestamp));
        assert_eq!(d.column.comment.as_deref(), Some("last change"));
        let notes = cur.take_notes();
        assert_eq!(
            notes.iter().map(|n| (n.severity, n.code)).collect::<Vec<_>>(),
            [(Severity::Info, "sql-clause-ignored")]
        );
        let d = def("t timestamp NOT NULL ON UPDATE now()", SqlDialect::Mysql);
        assert_eq!(d.column.on_update, Some(DefaultExpr::CurrentTimestamp));
    }

    #[test]
    fn sqlite_free_form_types() {
        let d = def("a UNSIGNED BIG INT NOT NULL DEFAULT 0", SqlDialect::Sqlite);
        assert_eq!(d.column.data_type, DataType::Integer { bits: 64, unsigned: true });
        assert_eq!(d.column.default, Some(DefaultExpr::Number("0".into())));
        let d = def("b VARYING CHARACTER(255)", SqlDialect::Sqlite);
        assert_eq!(d.column.data_type, DataType::varchar(Some(255)));
        let d = def("c", SqlDialect::Sqlite);
        assert_eq!(d.column.data_type, DataType::native("", Some(SqlDialect::Sqlite)));
        let d = def("flag BOOLEAN DEFAULT 0", SqlDialect::Sqlite);
        assert_eq!(d.column.default, Some(DefaultExpr::Bool(false)));
    }
}

//! Changing one column: `ALTER [COLUMN] c …` (PostgreSQL, MySQL, SQLite) and MySQL's
//! `MODIFY` / `CHANGE`, which redefine the whole column.

use super::column::{ColumnDef, column_type};
use super::context::Context;
use super::cursor::{Cursor, LResult};
use super::defaults::lower_default;
use crate::diagnostics::Severity;
use crate::ir::{AddConstraint, AlterColumn, Change, DefaultExpr, Operation, QName};

/// `ALTER [COLUMN] c [SET DATA] TYPE t [USING e] | SET|DROP NOT NULL | SET DEFAULT e | DROP DEFAULT`.
pub(crate) fn alter_column(cur: &mut Cursor, ctx: &Context, table: &QName, ops: &mut Vec<Operation>) -> LResult<()> {
    if cur.is("CONSTRAINT") || cur.is("CHECK") || cur.is("INDEX") {
        let item = cur.skip_item();
        return cur.verbatim(format!("`ALTER {}` is not modelled", cur.text(item)));
    }
    cur.eat("COLUMN");
    let column = cur.ident()?;
    let mut alter = AlterColumn {
        table: table.clone(),
        column,
        data_type: None,
        using: None,
        nullable: None,
        default: None,
        comment: None,
    };
    if cur.eat_seq(&["SET", "DATA", "TYPE"]) || cur.eat("TYPE") {
        let info = column_type(cur, ctx)?;
        alter.data_type = Some(info.data_type);
        if cur.eat("COLLATE") {
            let collation = cur.ident()?;
            cur.ignored(format!("COLLATE {collation} in a type change"));
        }
        if cur.eat("USING") {
            let (_, range) = cur.sub(|p| p.parse_expr())?;
            alter.using = Some(cur.expr(range));
        }
    } else if cur.eat_seq(&["SET", "NOT", "NULL"]) {
        alter.nullable = Some(false);
    } else if cur.eat_seq(&["DROP", "NOT", "NULL"]) {
        alter.nullable = Some(true);
    } else if cur.eat_seq(&["SET", "DEFAULT"]) {
        let (_, range) = cur.sub(|p| p.parse_expr())?;
        let toks = cur.toks(range);
        alter.default = Some(Change::Set(lower_default(&toks, cur.source(), cur.flavor.dialect, None)));
    } else if cur.eat_seq(&["DROP", "DEFAULT"]) {
        alter.default = Some(Change::<DefaultExpr>::Drop);
    } else {
        let item = cur.skip_item();
        let text = cur.text(item);
        let reason = format!("`ALTER COLUMN {} {text}` is not modelled", alter.column);
        let upper = text.to_ascii_uppercase();
        let neutral = ["SET STATISTICS", "SET STORAGE", "SET COMPRESSION", "SET (", "RESET ("]
            .iter()
            .any(|p| upper.starts_with(p));
        return if neutral { cur.not_modelled(reason) } else { cur.verbatim(reason) };
    }
    ops.push(alter.into());
    Ok(())
}

/// MySQL `MODIFY` / `CHANGE`: the column is redefined, so type, nullability and default are all
/// set (a missing default drops the old one); inline constraints become `AddConstraint`s.
pub(crate) fn redefine(cur: &mut Cursor, table: &QName, def: ColumnDef, ops: &mut Vec<Operation>) {
    let ColumnDef { column, constraints } = def;
    if column.auto_increment.is_some() || column.generated.is_some() {
        cur.note(
            Severity::Warning,
            "sql-clause-ignored",
            format!(
                "AUTO_INCREMENT and generated expressions in a redefinition of `{}` are not represented by \
                 AlterColumn; ignored",
                column.name
            ),
        );
    }
    if column.on_update.is_some() {
        cur.note(
            Severity::Warning,
            "sql-clause-ignored",
            format!("ON UPDATE in a redefinition of `{}` is not represented by AlterColumn; ignored", column.name),
        );
    }
    if let Some(collation) = &column.collation {
        cur.ignored(format!("COLLATE {collation} in a redefinition of `{}`", column.name));
    }
    ops.push(
        AlterColumn {
            table: table.clone(),
            column: column.name.clone(),
            data_type: Some(column.data_type),
            using: None,
            nullable: Some(column.nullable),
            default: Some(column.default.map_or(Change::Drop, Change::Set)),
            comment: column.comment.map(Change::Set),
        }
        .into(),
    );
    for constraint in constraints {
        ops.push(AddConstraint { table: table.clone(), constraint, not_valid: false }.into());
    }
}

#[cfg(test)]
mod tests {
    use crate::import::sql::statement::ops_of;
    use crate::ir::{AlterColumn, Change, DataType, DefaultExpr, Operation, QName, RenameColumn, SqlDialect};
    use pretty_assertions::assert_eq;

    fn t() -> QName {
        QName::new("t")
    }

    fn alter(column: &str) -> AlterColumn {
        AlterColumn {
            table: t(),
            column: column.into(),
            data_type: None,
            using: None,
            nullable: None,
            default: None,
            comment: None,
        }
    }

    #[test]
    fn postgres_alter_column_actions_share_one_statement() {
        assert_eq!(
            ops_of(
                "ALTER TABLE ONLY t ALTER COLUMN a TYPE varchar(10) USING a::text, ALTER a SET NOT NULL, \
                 ALTER COLUMN b DROP DEFAULT, ALTER COLUMN b SET DEFAULT 'x'::character varying, ALTER b DROP NOT NULL, \
                 ALTER COLUMN c SET DATA TYPE bigint",
                SqlDialect::Postgres
            ),
            [
                Operation::AlterColumn(AlterColumn {
                    data_type: Some(DataType::varchar(Some(10))),
                    using: Some("a::text".into()),
                    ..alter("a")
                }),
                Operation::AlterColumn(AlterColumn { nullable: Some(false), ..alter("a") }),
                Operation::AlterColumn(AlterColumn { default: Some(Change::Drop), ..alter("b") }),
                Operation::AlterColumn(AlterColumn {
                    default: Some(Change::Set(DefaultExpr::String("x".into()))),
                    ..alter("b")
                }),
                Operation::AlterColumn(AlterColumn { nullable: Some(true), ..alter("b") }),
                Operation::AlterColumn(AlterColumn { data_type: Some(DataType::int(64)), ..alter("c") }),
            ]
        );
    }

    #[test]
    fn mysql_modify_sets_everything() {
        assert_eq!(
            ops_of(
                "ALTER TABLE t MODIFY COLUMN a varchar(20) NOT NULL DEFAULT 'x' AFTER b, MODIFY b int",
                SqlDialect::Mysql
            ),
            [
                Operation::AlterColumn(AlterColumn {
                    data_type: Some(DataType::varchar(Some(20))),
                    nullable: Some(false),
                    default: Some(Change::Set(DefaultExpr::String("x".into()))),
                    ..alter("a")
                }),
                Operation::AlterColumn(AlterColumn {
                    data_type: Some(DataType::int(32)),
                    nullable: Some(true),
                    default: Some(Change::Drop),
                    ..alter("b")
                }),
            ]
        );
    }

    #[test]
    fn mysql_change_is_rename_plus_full_alter() {
        assert_eq!(
            ops_of(
                "ALTER TABLE t CHANGE COLUMN a b bigint unsigned NULL DEFAULT 5 COMMENT 'hi' FIRST",
                SqlDialect::Mysql
            ),
            [
                Operation::RenameColumn(RenameColumn { table: t(), from: "a".into(), to: "b".into() }),
                Operation::AlterColumn(AlterColumn {
                    data_type: Some(DataType::Integer { bits: 64, unsigned: true }),
                    nullable: Some(true),
                    default: Some(Change::Set(DefaultExpr::Number("5".into()))),
                    comment: Some(Change::Set("hi".into())),
                    ..alter("b")
                }),
            ]
        );
        let ops = ops_of("ALTER TABLE t CHANGE a a int NOT NULL", SqlDialect::Mysql);
        assert!(matches!(ops.as_slice(), [Operation::AlterColumn(_)]));
    }
}

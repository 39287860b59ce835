//! PostgreSQL enum types: `CREATE TYPE … AS ENUM`, `ALTER TYPE … ADD VALUE | RENAME VALUE`,
//! `DROP TYPE`. The importer remembers enum names so later columns of that type become
//! `Enum { name }`; other user types (composites, ranges) stay raw SQL.

use sqlparser::tokenizer::Token;

use super::context::Context;
use super::cursor::{Cursor, LResult};
use super::toks::{Tok, split_top};
use crate::ir::{AlterEnum, CreateEnum, DropEnum, EnumChange, Operation, QName};

/// `CREATE TYPE name AS ENUM ('a', 'b')` → `CreateEnum`.
pub(crate) fn create_type(cur: &mut Cursor, ctx: &mut Context) -> LResult<Vec<Operation>> {
    cur.expect("CREATE")?;
    cur.expect("TYPE")?;
    let name = cur.qname()?;
    if !cur.eat_seq(&["AS", "ENUM"]) {
        ctx.other_types.insert(name.key());
        return cur.not_modelled("user-defined types other than enums are not modelled");
    }
    let group = cur.group()?;
    let toks = cur.toks(group);
    let values = split_top(&toks, &Token::Comma).into_iter().map(|item| string(cur, item)).collect::<LResult<_>>()?;
    cur.expect_end()?;
    ctx.enums.insert(&name);
    Ok(vec![CreateEnum { name, values }.into()])
}

fn string(cur: &Cursor, item: &[Tok]) -> LResult<String> {
    match item {
        [t] => match t.string_value() {
            Some(s) => Ok(s.to_string()),
            None => cur.expected("a string literal"),
        },
        _ => cur.expected("a string literal"),
    }
}

fn next_string(cur: &mut Cursor) -> LResult<String> {
    let (_, range) = cur.sub(|p| {
        p.next_token();
        Ok(())
    })?;
    let toks = cur.toks(range);
    string(cur, &toks)
}

/// `ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'v' [BEFORE | AFTER 'w']`,
/// `ALTER TYPE name RENAME VALUE 'a' TO 'b'` and `ALTER TYPE name RENAME TO other` → `AlterEnum`.
pub(crate) fn alter_type(cur: &mut Cursor, ctx: &mut Context) -> LResult<Vec<Operation>> {
    cur.expect("ALTER")?;
    cur.expect("TYPE")?;
    let name = cur.qname()?;
    let change = if cur.eat_seq(&["ADD", "VALUE"]) {
        let if_not_exists = cur.eat_seq(&["IF", "NOT", "EXISTS"]);
        let value = next_string(cur)?;
        let (mut before, mut after) = (None, None);
        if cur.eat("BEFORE") {
            before = Some(next_string(cur)?);
        } else if cur.eat("AFTER") {
            after = Some(next_string(cur)?);
        }
        EnumChange::AddValue { value, before, after, if_not_exists }
    } else if cur.eat_seq(&["RENAME", "VALUE"]) {
        let from = next_string(cur)?;
        cur.expect("TO")?;
        EnumChange::RenameValue { from, to: next_string(cur)? }
    } else if cur.eat_seq(&["RENAME", "TO"]) {
        let to = cur.qname()?;
        if to.schema.is_some() {
            return cur.verbatim("`RENAME TO` with a schema-qualified name is not valid PostgreSQL");
        }
        if ctx.is_other_type(&name) {
            // A composite type or a domain: kept as written (like `DROP TYPE` of one).
            ctx.other_types.remove(&name.key());
            ctx.other_types.remove(&name.name);
            ctx.other_types.insert(QName { schema: name.schema.clone(), name: to.name.clone() }.key());
            return cur.verbatim("renaming a type that is not an enum is not modelled");
        }
        ctx.enums.remove(&name);
        ctx.enums.insert(&QName { schema: name.schema.clone(), name: to.name.clone() });
        EnumChange::Rename { to: to.name }
    } else if cur.is("DROP") {
        return cur.verbatim("dropping a part of a type is not modelled");
    } else {
        return cur.not_modelled("ALTER TYPE other than ADD VALUE / RENAME VALUE is not modelled");
    };
    cur.expect_end()?;
    Ok(vec![AlterEnum { name, change }.into()])
}

/// `DROP TYPE [IF EXISTS] a [, b…] [CASCADE]` → one `DropEnum` each (raw SQL when a name is a
/// known non-enum type).
pub(crate) fn drop_type(cur: &mut Cursor, ctx: &mut Context) -> LResult<Vec<Operation>> {
    cur.expect("DROP")?;
    cur.expect("TYPE")?;
    let (names, if_exists) = cur.drop_names(Cursor::qname)?;
    let cascade = cur.drop_end()?;
    if names.iter().any(|n| ctx.is_other_type(n)) {
        return cur.not_modelled("DROP TYPE of a type that is not an enum");
    }
    for name in &names {
        ctx.enums.remove(name);
    }
    Ok(names.into_iter().map(|name| DropEnum { name, if_exists, cascade }.into()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sql::dialect::Flavor;
    use crate::import::sql::statement::lower_statement;
    use crate::ir::{DataType, QName, SqlDialect};
    use pretty_assertions::assert_eq;

    fn run(sqls: &[&str]) -> Vec<Vec<Operation>> {
        let mut ctx = Context::default();
        let flavor = Flavor::of(SqlDialect::Postgres);
        sqls.iter().map(|sql| lower_statement(sql, sql, flavor, &mut ctx).ops).collect()
    }

    #[test]
    fn create_alter_drop_enum() {
        let got = run(&[
            "CREATE TYPE Mood AS ENUM ('sad', 'it''s ok')",
            "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy' BEFORE 'sad'",
            "ALTER TYPE mood ADD VALUE 'meh' AFTER 'sad'",
            "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'",
            "DROP TYPE IF EXISTS mood, other CASCADE",
        ]);
        let mood = QName::new("mood");
        assert_eq!(
            got,
            [
                vec![Operation::CreateEnum(CreateEnum {
                    name: mood.clone(),
                    values: vec!["sad".into(), "it's ok".into()]
                })],
                vec![Operation::AlterEnum(AlterEnum {
                    name: mood.clone(),
                    change: EnumChange::AddValue {
                        value: "happy".into(),
                        before: Some("sad".into()),
                        after: None,
                        if_not_exists: true
                    }
                })],
                vec![Operation::AlterEnum(AlterEnum {
                    name: mood.clone(),
                    change: EnumChange::AddValue {
                        value: "meh".into(),
                        before: None,
                        after: Some("sad".into()),
                        if_not_exists: false
                    }
                })],
                vec![Operation::AlterEnum(AlterEnum {
                    name: mood.clone(),
                    change: EnumChange::RenameValue { from: "sad".into(), to: "blue".into() }
                })],
                vec![
                    Operation::DropEnum(DropEnum { name: mood, if_exists: true, cascade: true }),
                    Operation::DropEnum(DropEnum { name: QName::new("other"), if_exists: true, cascade: true }),
                ],
            ]
        );
    }

    #[test]
    fn columns_of_a_created_enum_are_enums_until_it_is_dropped() {
        let got = run(&[
            "CREATE TYPE status AS ENUM ('a')",
            "CREATE TABLE t (s status NOT NULL DEFAULT 'a'::status)",
            "DROP TYPE status",
            "CREATE TABLE u (s status)",
        ]);
        let Operation::CreateTable(t) = &got[1][0] else { panic!() };
        assert_eq!(t.columns[0].data_type, DataType::Enum { name: Some(QName::new("status")), values: vec![] });
        assert_eq!(t.columns[0].default, Some(crate::ir::DefaultExpr::String("a".into())));
        let Operation::CreateTable(u) = &got[3][0] else { panic!() };
        assert_eq!(u.columns[0].data_type, DataType::native("status", Some(SqlDialect::Postgres)));
    }

    #[test]
    fn other_types_stay_raw_sql() {
        let got = run(&["CREATE TYPE pair AS (a int, b int)", "ALTER TYPE pair RENAME TO couple", "DROP TYPE couple"]);
        assert!(got.iter().all(|ops| matches!(ops.as_slice(), [Operation::Sql(_)])), "{got:?}");
        // A type this script did not create is taken for an enum, as `DROP TYPE` does (TypeORM
        // renames its `_enum` types in a later migration than the one that made them).
        let got = run(&["ALTER TYPE mood RENAME TO mood_old"]);
        assert!(matches!(got[0].as_slice(), [Operation::AlterEnum(_)]), "{got:?}");
    }
}

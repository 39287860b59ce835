//! `CREATE TABLE`, `DROP TABLE`, MySQL `RENAME TABLE`.

use sqlparser::tokenizer::Token;

use super::column::column_def;
use super::constraint::{Element, table_constraint};
use super::context::Context;
use super::cursor::{Cursor, LResult};
use crate::diagnostics::Severity;
use crate::ir::{
    Column, Constraint, ConstraintKind, CreateIndex, CreateTable, DropTable, Index, Operation, QName, RenameTable,
    SqlDialect,
};

/// `CREATE [UNLOGGED] TABLE [IF NOT EXISTS] name (columns, constraints) [options]` → `CreateTable`,
/// plus one `CreateIndex` per MySQL `KEY`/`INDEX` element.
pub(crate) fn create_table(cur: &mut Cursor, ctx: &Context) -> LResult<Vec<Operation>> {
    cur.expect("CREATE")?;
    if cur.eat_seq(&["OR", "REPLACE"]) {
        return cur.verbatim("CREATE OR REPLACE TABLE is not modelled");
    }
    let _ = cur.eat("GLOBAL") || cur.eat("LOCAL");
    if cur.eat("TEMPORARY") || cur.eat("TEMP") {
        return cur.not_modelled("temporary tables are not part of the schema");
    }
    if cur.eat("UNLOGGED") {
        cur.ignored("UNLOGGED");
    }
    cur.expect("TABLE")?;
    let if_not_exists = cur.eat_seq(&["IF", "NOT", "EXISTS"]);
    let table = cur.qname()?;
    if *cur.peek() != Token::LParen {
        return match cur.is("AS") || cur.is("LIKE") || cur.is("PARTITION") || cur.is("OF") || cur.is("SELECT") {
            true => cur.verbatim("CREATE TABLE … AS / LIKE / PARTITION OF / OF is not modelled"),
            false => cur.expected("("),
        };
    }
    cur.expect_tok(&Token::LParen)?;
    let mut columns: Vec<Column> = Vec::new();
    let mut constraints: Vec<Constraint> = Vec::new();
    let mut indexes: Vec<Index> = Vec::new();
    while !cur.eat_tok(&Token::RParen) {
        if cur.is("LIKE") {
            return cur.verbatim("CREATE TABLE (LIKE …) is not modelled");
        }
        match table_constraint(cur, &table)? {
            Some(Element::Constraint(c)) => {
                constraints.push(c);
                sqlite_conflict_clause(cur);
            }
            Some(Element::Index(i)) => indexes.push(i),
            None => {
                let def = column_def(cur, ctx)?;
                columns.push(def.column);
                constraints.extend(def.constraints);
            }
        }
        if !cur.eat_tok(&Token::Comma) && *cur.peek() != Token::RParen {
            return cur.expected("',' or ')' after a column or constraint");
        }
    }
    let TableOptions { comment, without_rowid } = table_options(cur)?;
    cur.expect_end()?;
    // SQLite: the key of a WITHOUT ROWID table is NOT NULL like everywhere else.
    if cur.flavor.primary_key_implies_not_null() || without_rowid {
        primary_key_not_null(&mut columns, &constraints);
    }
    let mut ops = vec![Operation::CreateTable(CreateTable { table, columns, constraints, if_not_exists, comment })];
    ops.extend(
        indexes.into_iter().map(|index| CreateIndex { index, concurrently: false, if_not_exists: false }.into()),
    );
    Ok(ops)
}

/// SQLite's `ON CONFLICT REPLACE|IGNORE|…` after a table constraint (not in the IR).
fn sqlite_conflict_clause(cur: &mut Cursor) {
    if cur.flavor.dialect == SqlDialect::Sqlite && cur.eat_seq(&["ON", "CONFLICT"]) {
        let start = cur.pos();
        cur.advance();
        let action = cur.text(start..cur.pos());
        cur.ignored(format!("ON CONFLICT {action}"));
    }
}

/// Mark the columns of the primary key `NOT NULL` (PostgreSQL, MySQL).
pub(crate) fn primary_key_not_null(columns: &mut [Column], constraints: &[Constraint]) {
    for c in constraints {
        if let ConstraintKind::PrimaryKey { columns: keys } = &c.kind {
            for key in keys {
                let found = columns.iter().position(|c| &c.name == key);
                let found = found.or_else(|| columns.iter().position(|c| c.name.eq_ignore_ascii_case(key)));
                if let Some(i) = found {
                    columns[i].nullable = false;
                }
            }
        }
    }
}

/// What the options after the closing parenthesis say that the IR keeps.
#[derive(Debug, Default)]
struct TableOptions {
    /// MySQL's `COMMENT = '…'`.
    comment: Option<String>,
    /// SQLite's `WITHOUT ROWID`.
    without_rowid: bool,
}

/// Options after the closing parenthesis.
fn table_options(cur: &mut Cursor) -> LResult<TableOptions> {
    let mut options = TableOptions::default();
    let mut ignored = Vec::new();
    while !cur.at_end() {
        cur.eat_tok(&Token::Comma);
        let start = cur.pos();
        match cur.flavor.dialect {
            SqlDialect::Mysql => {
                if cur.eat("COMMENT") {
                    cur.eat_tok(&Token::Eq);
                    options.comment = Some(cur.sub(|p| p.parse_literal_string())?.0);
                    continue;
                }
                if cur.is("PARTITION") {
                    let rest = cur.skip_item();
                    cur.note(
                        Severity::Warning,
                        "sql-clause-ignored",
                        format!("`{}` is not modelled; ignored", cur.text(rest)),
                    );
                    continue;
                }
                mysql_table_option(cur)?;
            }
            SqlDialect::Sqlite => {
                if cur.eat_seq(&["WITHOUT", "ROWID"]) {
                    cur.note(
                        Severity::Warning,
                        "sql-clause-ignored",
                        "WITHOUT ROWID is not represented in the IR; ignored (its key columns are NOT NULL)",
                    );
                    options.without_rowid = true;
                    continue;
                }
                if !cur.eat("STRICT") {
                    return cur.expected("WITHOUT ROWID, STRICT or end of statement");
                }
            }
            SqlDialect::Postgres => {
                if cur.is("INHERITS") || cur.is("PARTITION") || cur.is("ON") {
                    return cur.verbatim("table inheritance, partitioning and ON COMMIT are not modelled");
                }
                if cur.eat_seq(&["WITHOUT", "OIDS"]) {
                    continue;
                }
                if cur.eat("WITH") {
                    cur.group()?;
                } else if cur.eat("TABLESPACE") || cur.eat("USING") {
                    cur.ident()?;
                } else {
                    return cur.expected("end of statement");
                }
            }
        }
        ignored.push(cur.text(start..cur.pos()).to_string());
    }
    if !ignored.is_empty() {
        cur.ignored(format!("table options `{}`", ignored.join(" ")));
    }
    Ok(options)
}

/// `[DEFAULT] ENGINE|CHARSET|CHARACTER SET|COLLATE|AUTO_INCREMENT|… [=] value`.
fn mysql_table_option(cur: &mut Cursor) -> LResult<()> {
    cur.eat("DEFAULT");
    if !cur.eat_seq(&["CHARACTER", "SET"]) {
        match cur.peek() {
            Token::Word(_) => cur.advance(),
            _ => return cur.expected("a table option"),
        }
    }
    cur.eat_tok(&Token::Eq);
    match cur.peek() {
        Token::LParen => {
            cur.group()?;
        }
        Token::EOF => return cur.expected("a table option value"),
        _ => cur.advance(),
    }
    Ok(())
}

/// `DROP [TEMPORARY] TABLE [IF EXISTS] a [, b…] [CASCADE | RESTRICT]` → one `DropTable` each.
pub(crate) fn drop_table(cur: &mut Cursor) -> LResult<Vec<Operation>> {
    cur.expect("DROP")?;
    cur.eat("TEMPORARY");
    cur.expect("TABLE")?;
    let (tables, if_exists) = cur.drop_names(Cursor::qname)?;
    let cascade = cur.drop_end()?;
    Ok(tables.into_iter().map(|table| DropTable { table, if_exists, cascade }.into()).collect())
}

/// MySQL `RENAME TABLE a TO b [, c TO d…]` → one `RenameTable` each.
pub(crate) fn rename_table(cur: &mut Cursor) -> LResult<Vec<Operation>> {
    cur.expect("RENAME")?;
    cur.expect("TABLE")?;
    let mut ops = Vec::new();
    loop {
        let from = cur.qname()?;
        cur.expect("TO")?;
        let to: QName = cur.qname()?;
        ops.push(RenameTable { from, to }.into());
        if !cur.eat_tok(&Token::Comma) {
            break;
        }
    }
    cur.expect_end()?;
    Ok(ops)
}

#[cfg(test)]
mod tests {
    use crate::import::sql::statement::{lower_for_test, ops_of};
    use crate::ir::{
        AutoIncrement, Column, Constraint, ConstraintKind, CreateIndex, CreateTable, DataType, DefaultExpr, DropTable,
        ForeignKey, IndexPart, Operation, QName, RenameTable, SqlDialect,
    };
    use pretty_assertions::assert_eq;

    fn create(sql: &str, dialect: SqlDialect) -> CreateTable {
        match ops_of(sql, dialect).remove(0) {
            Operation::CreateTable(t) => t,
            other => panic!("{other:?}"),
        }
    }

    fn col(name: &str, ty: DataType, nullable: bool) -> Column {
        Column { nullable, ..Column::new(name, ty) }
    }

    #[test]
    fn postgres_create_table() {
        let t = create(
            "CREATE TABLE IF NOT EXISTS public.Users (\n  id serial PRIMARY KEY,\n  email text NOT NULL UNIQUE,\n  \
             status varchar(20) DEFAULT 'draft'::character varying,\n  CONSTRAINT users_status_check CHECK (status <> '')\n)",
            SqlDialect::Postgres,
        );
        let mut id = col("id", DataType::int(32), false);
        id.auto_increment = Some(AutoIncrement::Serial);
        let mut status = col("status", DataType::varchar(Some(20)), true);
        status.default = Some(DefaultExpr::String("draft".into()));
        assert_eq!(
            t,
            CreateTable {
                table: QName::qualified("public", "users"),
                columns: vec![id, col("email", DataType::Text, false), status],
                constraints: vec![
                    Constraint { name: None, kind: ConstraintKind::PrimaryKey { columns: vec!["id".into()] } },
                    Constraint {
                        name: None,
                        kind: ConstraintKind::Unique {
                            columns: vec!["email".into()],
                            nulls_not_distinct: false,
                            deferrable: None
                        }
                    },
                    Constraint {
                        name: Some("users_status_check".into()),
                        kind: ConstraintKind::Check { expr: "status <> ''".into() }
                    },
                ],
                if_not_exists: true,
                comment: None,
            }
        );
    }

    #[test]
    fn table_primary_key_makes_columns_not_null_except_in_sqlite() {
        let sql = "CREATE TABLE t (a int, b text, PRIMARY KEY (a, b))";
        let t = create(sql, SqlDialect::Postgres);
        assert!(t.columns.iter().all(|c| !c.nullable));
        let t = create(sql, SqlDialect::Sqlite);
        assert!(t.columns.iter().all(|c| c.nullable));
    }

    #[test]
    fn mysql_create_table_with_keys_and_options() {
        let ops = ops_of(
            "CREATE TABLE `users` (\n  `id` int unsigned NOT NULL AUTO_INCREMENT,\n  `org_id` int NOT NULL,\n  \
             `name` varchar(255) NOT NULL COMMENT 'display name',\n  PRIMARY KEY (`id`),\n  UNIQUE KEY `uk_name` (`name`),\n  \
             KEY `idx_org` (`org_id`, `name`(10)),\n  CONSTRAINT `fk_org` FOREIGN KEY (`org_id`) REFERENCES `orgs` (`id`) \
             ON DELETE CASCADE\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='all users'",
            SqlDialect::Mysql,
        );
        assert_eq!(ops.len(), 2);
        let Operation::CreateTable(t) = &ops[0] else { panic!() };
        assert_eq!(t.comment.as_deref(), Some("all users"));
        assert_eq!(t.columns[2].comment.as_deref(), Some("display name"));
        assert_eq!(t.columns[0].auto_increment, Some(AutoIncrement::AutoIncrement));
        assert_eq!(t.constraints.len(), 3);
        assert!(
            matches!(&t.constraints[2].kind, ConstraintKind::ForeignKey(ForeignKey { ref_table, .. }) if ref_table.name == "orgs")
        );
        let Operation::CreateIndex(CreateIndex { index, .. }) = &ops[1] else { panic!() };
        assert_eq!(index.name.as_deref(), Some("idx_org"));
        assert_eq!(index.table, QName::new("users"));
        assert_eq!(
            index.parts,
            [IndexPart::column("org_id"), IndexPart { length: Some(10), ..IndexPart::column("name") }]
        );
    }

    #[test]
    fn sqlite_create_table() {
        let t = create(
            "CREATE TABLE \"posts\" (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, \
             created_at DATETIME DEFAULT CURRENT_TIMESTAMP, user_id INTEGER REFERENCES users(id) ON DELETE SET NULL)",
            SqlDialect::Sqlite,
        );
        assert_eq!(t.table, QName::new("posts"));
        assert_eq!(t.columns[0].auto_increment, Some(AutoIncrement::AutoIncrement));
        assert_eq!(t.columns[2].default, Some(DefaultExpr::CurrentTimestamp));
        assert_eq!(t.constraints.len(), 2);
    }

    #[test]
    fn sqlite_without_rowid_is_noted() {
        let l =
            lower_for_test("CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID, STRICT", SqlDialect::Sqlite);
        let Operation::CreateTable(t) = &l.ops[0] else { panic!("{:?}", l.ops) };
        assert!(l.notes.iter().any(|n| n.message.contains("WITHOUT ROWID")));
        assert_eq!(t.columns.iter().map(|c| c.nullable).collect::<Vec<_>>(), [false, true], "the key is NOT NULL");
    }

    #[test]
    fn forms_the_ir_cannot_hold_stay_raw() {
        for sql in [
            "CREATE TABLE t AS SELECT 1",
            "CREATE TEMP TABLE t (a int)",
            "CREATE TABLE t (LIKE u INCLUDING ALL)",
            "CREATE TABLE c (a int) INHERITS (p)",
            "CREATE TABLE t (a int, EXCLUDE USING gist (a WITH =))",
        ] {
            let l = lower_for_test(sql, SqlDialect::Postgres);
            assert!(matches!(l.ops.as_slice(), [Operation::Sql(_)]), "{sql}");
            assert!(l.notes.iter().any(|n| n.code == "sql-kept-verbatim"), "{sql}: {:?}", l.notes);
        }
    }

    #[test]
    fn drop_and_rename_tables() {
        assert_eq!(
            ops_of("DROP TABLE IF EXISTS a, s.b CASCADE", SqlDialect::Postgres),
            [
                Operation::DropTable(DropTable { table: QName::new("a"), if_exists: true, cascade: true }),
                Operation::DropTable(DropTable { table: QName::qualified("s", "b"), if_exists: true, cascade: true }),
            ]
        );
        assert_eq!(
            ops_of("RENAME TABLE `a` TO `b`, c TO d", SqlDialect::Mysql),
            [
                Operation::RenameTable(RenameTable { from: QName::new("a"), to: QName::new("b") }),
                Operation::RenameTable(RenameTable { from: QName::new("c"), to: QName::new("d") }),
            ]
        );
    }
}

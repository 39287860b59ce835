//! `ALTER TABLE name action [, action…]` → one operation per action (all with the statement's
//! span). If any action is not modelled, the whole statement stays raw SQL, so a multi-action
//! statement is never half translated.

use sqlparser::tokenizer::Token;

use super::column::{ColumnDef, column_def};
use super::constraint::{Element, table_constraint};
use super::context::Context;
use super::cursor::{Cursor, LResult, LowerError};
use super::lower_alter_column;
use crate::diagnostics::Severity;
use crate::ir::{
    AddColumn, AddConstraint, Comment, CommentTarget, CreateIndex, DropColumn, DropConstraint, DropIndex, Operation,
    QName, RenameColumn, RenameIndex, RenameTable, ValidateConstraint,
};

/// Lower an `ALTER [ONLINE] [IGNORE] TABLE [IF EXISTS] [ONLY] name …` statement.
pub(crate) fn alter_table(cur: &mut Cursor, ctx: &Context) -> LResult<Vec<Operation>> {
    cur.expect("ALTER")?;
    cur.eat("ONLINE");
    if cur.eat("IGNORE") {
        // MariaDB: rows that duplicate a unique key being added are deleted. The IR keeps the
        // schema change; the clause stays visible to lint (`copy-tool-unique-dedup`).
        cur.note(
            Severity::Warning,
            "sql-clause-ignored",
            "`IGNORE` is not represented in the IR (MariaDB deletes the rows that duplicate a unique key it adds); ignored",
        );
    }
    cur.expect("TABLE")?;
    if cur.eat_seq(&["IF", "EXISTS"]) {
        cur.ignored("IF EXISTS on ALTER TABLE");
    }
    cur.eat("ONLY");
    let table = cur.qname()?;
    cur.eat_tok(&Token::Mul);
    let mut ops = Vec::new();
    loop {
        if let Err(e) = action(cur, ctx, &table, &mut ops) {
            return Err(escalate(cur, e, ops.is_empty()));
        }
        if !cur.eat_tok(&Token::Comma) {
            break;
        }
    }
    cur.expect_end()?;
    Ok(ops)
}

/// First words of actions that change nothing the schema model tracks (owner, storage, engine,
/// triggers, row security, MySQL table options).
const SCHEMA_NEUTRAL: &str = "OWNER ENABLE DISABLE FORCE CLUSTER REPLICA SET RESET ENGINE AUTO_INCREMENT CONVERT \
     DEFAULT CHARACTER CHARSET COLLATE ROW_FORMAT KEY_BLOCK_SIZE STATS_PERSISTENT STATS_AUTO_RECALC PACK_KEYS \
     CHECKSUM AVG_ROW_LENGTH MAX_ROWS MIN_ROWS DELAY_KEY_WRITE ORDER ALGORITHM LOCK";

/// Whether the action text `item` leaves the schema model unchanged (`SET SCHEMA` moves the table).
fn schema_neutral(item: &str) -> bool {
    let mut words = item.split(|c: char| c.is_whitespace() || c == '=' || c == '(').filter(|w| !w.is_empty());
    let first = words.next().unwrap_or_default().to_ascii_uppercase();
    let second = words.next().unwrap_or_default().to_ascii_uppercase();
    match (first.as_str(), second.as_str()) {
        ("SET", "SCHEMA") => false,
        ("NO", "FORCE") => true,
        (first, _) => SCHEMA_NEUTRAL.split_whitespace().any(|w| w == first),
    }
}

/// An informational "not modelled" becomes a warning when the raw statement also carries
/// actions the schema model would have tracked.
fn escalate(cur: &mut Cursor, e: LowerError, first_action: bool) -> LowerError {
    match e {
        LowerError::Verbatim { reason, severity: Severity::Info } => {
            let mut neutral = first_action;
            while neutral && cur.eat_tok(&Token::Comma) {
                let item = cur.skip_item();
                neutral = schema_neutral(cur.text(item));
            }
            let severity = if neutral { Severity::Info } else { Severity::Warning };
            LowerError::Verbatim { reason, severity }
        }
        other => other,
    }
}

fn action(cur: &mut Cursor, ctx: &Context, table: &QName, ops: &mut Vec<Operation>) -> LResult<()> {
    if cur.eat("ADD") {
        add(cur, ctx, table, ops)
    } else if cur.eat("DROP") {
        drop(cur, table, ops)
    } else if cur.eat("RENAME") {
        rename(cur, table, ops)
    } else if cur.eat("ALTER") {
        lower_alter_column::alter_column(cur, ctx, table, ops)
    } else if cur.eat("MODIFY") {
        cur.eat("COLUMN");
        let def = column_def(cur, ctx)?;
        position(cur)?;
        lower_alter_column::redefine(cur, table, def, ops);
        Ok(())
    } else if cur.eat("CHANGE") {
        cur.eat("COLUMN");
        let from = cur.ident()?;
        let def = column_def(cur, ctx)?;
        position(cur)?;
        if def.column.name != from {
            ops.push(RenameColumn { table: table.clone(), from, to: def.column.name.clone() }.into());
        }
        lower_alter_column::redefine(cur, table, def, ops);
        Ok(())
    } else if cur.eat_seq(&["VALIDATE", "CONSTRAINT"]) {
        ops.push(ValidateConstraint { table: table.clone(), name: cur.ident()? }.into());
        Ok(())
    } else if cur.is("COMMENT") && cur.flavor.dialect == crate::ir::SqlDialect::Mysql {
        cur.advance();
        cur.eat_tok(&Token::Eq);
        let text = cur.sub(|p| p.parse_literal_string())?.0;
        ops.push(Comment { target: CommentTarget::Table { table: table.clone() }, text: Some(text) }.into());
        Ok(())
    } else if cur.is("ALGORITHM") || cur.is("LOCK") {
        // MySQL execution hints (`ALGORITHM=INPLACE, LOCK=NONE`), not schema.
        let item = cur.skip_item();
        cur.ignored(format!("`{}`", cur.text(item)));
        Ok(())
    } else {
        let item = cur.skip_item();
        let text = cur.text(item);
        let reason = format!("ALTER TABLE action `{text}` is not modelled");
        if schema_neutral(text) { cur.not_modelled(reason) } else { cur.verbatim(reason) }
    }
}

/// `ADD [COLUMN] [IF NOT EXISTS] col…`, MySQL `ADD (col, col)`, `ADD [CONSTRAINT x] … [NOT VALID]`,
/// MySQL `ADD INDEX|KEY|FULLTEXT|SPATIAL …`.
fn add(cur: &mut Cursor, ctx: &Context, table: &QName, ops: &mut Vec<Operation>) -> LResult<()> {
    let column_keyword = cur.eat("COLUMN");
    if !column_keyword {
        match table_constraint(cur, table)? {
            Some(Element::Constraint(constraint)) => {
                let not_valid = cur.eat_seq(&["NOT", "VALID"]);
                ops.push(AddConstraint { table: table.clone(), constraint, not_valid }.into());
                return Ok(());
            }
            Some(Element::Index(index)) => {
                ops.push(CreateIndex { index, concurrently: false, if_not_exists: false }.into());
                return Ok(());
            }
            None => {}
        }
        if cur.eat_tok(&Token::LParen) {
            loop {
                let def = column_def(cur, ctx)?;
                ops.push(add_column(table, def, false));
                if !cur.eat_tok(&Token::Comma) {
                    break;
                }
            }
            return cur.expect_tok(&Token::RParen);
        }
    }
    let if_not_exists = cur.eat_seq(&["IF", "NOT", "EXISTS"]);
    let def = column_def(cur, ctx)?;
    position(cur)?;
    ops.push(add_column(table, def, if_not_exists));
    Ok(())
}

fn add_column(table: &QName, def: ColumnDef, if_not_exists: bool) -> Operation {
    AddColumn { table: table.clone(), column: def.column, constraints: def.constraints, if_not_exists }.into()
}

/// MySQL `FIRST` / `AFTER col` (the IR keeps no column order changes).
pub(crate) fn position(cur: &mut Cursor) -> LResult<()> {
    if cur.eat("FIRST") {
        cur.ignored("column position FIRST");
    } else if cur.eat("AFTER") {
        let after = cur.ident()?;
        cur.ignored(format!("column position AFTER {after}"));
    }
    Ok(())
}

/// `DROP [COLUMN] [IF EXISTS] c [CASCADE]`, `DROP CONSTRAINT [IF EXISTS] x [CASCADE]`, and MySQL's
/// `DROP PRIMARY KEY | FOREIGN KEY x | INDEX x | KEY x | CHECK x`.
fn drop(cur: &mut Cursor, table: &QName, ops: &mut Vec<Operation>) -> LResult<()> {
    let constraint = |name: String, if_exists: bool, cascade: bool| -> Operation {
        DropConstraint { table: table.clone(), name, if_exists, cascade }.into()
    };
    if cur.eat("CONSTRAINT") {
        let if_exists = cur.eat_seq(&["IF", "EXISTS"]);
        let name = cur.ident()?;
        let cascade = cascade(cur);
        ops.push(constraint(name, if_exists, cascade));
    } else if cur.eat_seq(&["PRIMARY", "KEY"]) {
        ops.push(constraint("PRIMARY".into(), false, false));
    } else if cur.eat_seq(&["FOREIGN", "KEY"]) || cur.eat("CHECK") {
        let if_exists = cur.eat_seq(&["IF", "EXISTS"]);
        ops.push(constraint(cur.ident()?, if_exists, false));
    } else if cur.eat("INDEX") || cur.eat("KEY") {
        let if_exists = cur.eat_seq(&["IF", "EXISTS"]);
        let name = QName::new(cur.ident()?);
        ops.push(DropIndex { name, table: Some(table.clone()), if_exists, concurrently: false }.into());
    } else if cur.is("PARTITION") || cur.is("DEFAULT") {
        let item = cur.skip_item();
        return cur.verbatim(format!("`DROP {}` is not modelled", cur.text(item)));
    } else {
        cur.eat("COLUMN");
        let if_exists = cur.eat_seq(&["IF", "EXISTS"]);
        let column = cur.ident()?;
        let cascade = cascade(cur);
        ops.push(DropColumn { table: table.clone(), column, if_exists, cascade }.into());
    }
    Ok(())
}

fn cascade(cur: &mut Cursor) -> bool {
    let cascade = cur.eat("CASCADE");
    cur.eat("RESTRICT");
    cascade
}

/// `RENAME [COLUMN] a TO b`, `RENAME TO|AS x`, MySQL `RENAME x`, `RENAME INDEX|KEY a TO b`.
fn rename(cur: &mut Cursor, table: &QName, ops: &mut Vec<Operation>) -> LResult<()> {
    if cur.eat("TO") || cur.eat("AS") {
        ops.push(RenameTable { from: table.clone(), to: cur.qname()? }.into());
    } else if cur.eat("INDEX") || cur.eat("KEY") {
        let from = cur.ident()?;
        cur.expect("TO")?;
        ops.push(RenameIndex { table: Some(table.clone()), from, to: cur.ident()? }.into());
    } else if cur.is("CONSTRAINT") {
        let item = cur.skip_item();
        return cur.verbatim(format!("`RENAME {}` is not modelled", cur.text(item)));
    } else {
        let column_keyword = cur.eat("COLUMN");
        let from = cur.qname()?;
        if !column_keyword && !cur.is("TO") {
            // MySQL `RENAME new_name` renames the table.
            ops.push(RenameTable { from: table.clone(), to: from }.into());
            return Ok(());
        }
        cur.expect("TO")?;
        ops.push(RenameColumn { table: table.clone(), from: from.name, to: cur.ident()? }.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::import::sql::statement::{lower_for_test, ops_of};
    use crate::ir::{
        AddColumn, AddConstraint, Column, Comment, CommentTarget, Constraint, ConstraintKind, CreateIndex, DataType,
        DefaultExpr, DropColumn, DropConstraint, DropIndex, Operation, QName, RenameColumn, RenameIndex, RenameTable,
        SqlDialect, ValidateConstraint,
    };
    use pretty_assertions::assert_eq;

    fn t() -> QName {
        QName::new("t")
    }

    #[test]
    fn add_and_drop_columns() {
        let mut c = Column::new("c", DataType::int(32));
        c.nullable = false;
        c.default = Some(DefaultExpr::Number("-1".into()));
        assert_eq!(
            ops_of(
                "ALTER TABLE t ADD COLUMN IF NOT EXISTS c int NOT NULL DEFAULT -1 REFERENCES u(id) ON DELETE SET NULL, \
                 DROP COLUMN IF EXISTS d CASCADE, DROP e",
                SqlDialect::Postgres
            )
            .into_iter()
            .map(|op| match op {
                Operation::AddColumn(a) => format!("{:?}", (a.column == c, a.constraints.len(), a.if_not_exists)),
                other => format!("{other:?}"),
            })
            .collect::<Vec<_>>(),
            [
                "(true, 1, true)".to_string(),
                format!(
                    "{:?}",
                    Operation::DropColumn(DropColumn {
                        table: t(),
                        column: "d".into(),
                        if_exists: true,
                        cascade: true
                    })
                ),
                format!(
                    "{:?}",
                    Operation::DropColumn(DropColumn {
                        table: t(),
                        column: "e".into(),
                        if_exists: false,
                        cascade: false
                    })
                ),
            ]
        );
        let ops = ops_of("ALTER TABLE t ADD a INTEGER DEFAULT 0", SqlDialect::Sqlite);
        assert!(matches!(&ops[0], Operation::AddColumn(AddColumn { column, .. }) if column.name == "a"));
        let ops = ops_of("ALTER TABLE t ADD (a int, b text)", SqlDialect::Mysql);
        assert_eq!(ops.len(), 2);
    }

    #[test]
    fn renames() {
        assert_eq!(
            ops_of("ALTER TABLE t RENAME COLUMN a TO b", SqlDialect::Sqlite),
            [Operation::RenameColumn(RenameColumn { table: t(), from: "a".into(), to: "b".into() })]
        );
        assert_eq!(
            ops_of("ALTER TABLE t RENAME a TO b", SqlDialect::Postgres),
            [Operation::RenameColumn(RenameColumn { table: t(), from: "a".into(), to: "b".into() })]
        );
        for (sql, dialect) in [
            ("ALTER TABLE t RENAME TO u", SqlDialect::Postgres),
            ("ALTER TABLE t RENAME AS u", SqlDialect::Mysql),
            ("ALTER TABLE t RENAME u", SqlDialect::Mysql),
        ] {
            assert_eq!(
                ops_of(sql, dialect),
                [Operation::RenameTable(RenameTable { from: t(), to: QName::new("u") })],
                "{sql}"
            );
        }
        assert_eq!(
            ops_of("ALTER TABLE t RENAME INDEX a TO b", SqlDialect::Mysql),
            [Operation::RenameIndex(RenameIndex { table: Some(t()), from: "a".into(), to: "b".into() })]
        );
    }

    #[test]
    fn constraints() {
        let ops = ops_of(
            "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES b(id) NOT VALID, ADD PRIMARY KEY (id), \
             ADD CHECK (a > 0), VALIDATE CONSTRAINT fk, DROP CONSTRAINT IF EXISTS x CASCADE",
            SqlDialect::Postgres,
        );
        assert!(
            matches!(&ops[0], Operation::AddConstraint(AddConstraint { not_valid: true, constraint: Constraint { name: Some(n), .. }, .. }) if n == "fk")
        );
        assert!(matches!(
            &ops[1],
            Operation::AddConstraint(AddConstraint {
                not_valid: false,
                constraint: Constraint { name: None, kind: ConstraintKind::PrimaryKey { .. } },
                ..
            })
        ));
        assert!(
            matches!(&ops[2], Operation::AddConstraint(AddConstraint { constraint: Constraint { kind: ConstraintKind::Check { expr }, .. }, .. }) if expr == "a > 0")
        );
        assert_eq!(ops[3], Operation::ValidateConstraint(ValidateConstraint { table: t(), name: "fk".into() }));
        assert_eq!(
            ops[4],
            Operation::DropConstraint(DropConstraint { table: t(), name: "x".into(), if_exists: true, cascade: true })
        );
    }

    #[test]
    fn mysql_drops() {
        let drop_c = |name: &str| {
            Operation::DropConstraint(DropConstraint {
                table: t(),
                name: name.into(),
                if_exists: false,
                cascade: false,
            })
        };
        assert_eq!(
            ops_of(
                "ALTER TABLE t DROP PRIMARY KEY, DROP FOREIGN KEY fk, DROP INDEX ix, DROP KEY k, DROP CHECK ck",
                SqlDialect::Mysql
            ),
            [
                drop_c("PRIMARY"),
                drop_c("fk"),
                Operation::DropIndex(DropIndex {
                    name: QName::new("ix"),
                    table: Some(t()),
                    if_exists: false,
                    concurrently: false
                }),
                Operation::DropIndex(DropIndex {
                    name: QName::new("k"),
                    table: Some(t()),
                    if_exists: false,
                    concurrently: false
                }),
                drop_c("ck"),
            ]
        );
    }

    #[test]
    fn mysql_indexes_in_alter_table() {
        let ops = ops_of(
            "ALTER TABLE `t` ADD INDEX idx_c (c), ADD UNIQUE KEY uk (d(10)), ADD FULLTEXT KEY ft (e), ADD UNIQUE (f)",
            SqlDialect::Mysql,
        );
        let methods: Vec<_> = ops
            .iter()
            .map(|op| match op {
                Operation::CreateIndex(CreateIndex { index, .. }) => (index.unique, index.method.clone()),
                Operation::AddConstraint(_) => (true, Some("constraint".into())),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            methods,
            [(false, None), (true, None), (false, Some("fulltext".into())), (true, Some("constraint".into()))]
        );
    }

    #[test]
    fn mysql_table_comment_and_hints() {
        let l = lower_for_test("ALTER TABLE t COMMENT = 'x', ALGORITHM=INPLACE, LOCK=NONE", SqlDialect::Mysql);
        assert_eq!(
            l.ops,
            [Operation::Comment(Comment { target: CommentTarget::Table { table: t() }, text: Some("x".into()) })]
        );
        assert_eq!(l.notes.len(), 2);
    }

    #[test]
    fn mariadb_alter_ignore_is_read_and_noted() {
        for sql in ["ALTER IGNORE TABLE t ADD UNIQUE (a)", "ALTER ONLINE IGNORE TABLE t ADD UNIQUE (a)"] {
            let l = lower_for_test(sql, SqlDialect::Mysql);
            assert!(matches!(l.ops.as_slice(), [Operation::AddConstraint(_)]), "{sql}: {:?}", l.ops);
            let note = l.notes.iter().find(|n| n.code == "sql-clause-ignored").expect(sql);
            assert!(note.message.starts_with("`IGNORE`"), "{}", note.message);
        }
        assert!(lower_for_test("ALTER ONLINE TABLE t ADD UNIQUE (a)", SqlDialect::Mysql).notes.is_empty());
    }

    #[test]
    fn actions_outside_the_schema_model_are_informational() {
        use crate::diagnostics::Severity;
        let severity = |sql: &str, dialect| {
            let l = lower_for_test(sql, dialect);
            assert!(matches!(l.ops.as_slice(), [Operation::Sql(_)]), "{sql}");
            l.notes.iter().find(|n| n.code == "sql-kept-verbatim").map(|n| n.severity)
        };
        assert_eq!(severity("ALTER TABLE t OWNER TO bob", SqlDialect::Postgres), Some(Severity::Info));
        assert_eq!(severity("ALTER TABLE t ENABLE ROW LEVEL SECURITY", SqlDialect::Postgres), Some(Severity::Info));
        assert_eq!(severity("ALTER TABLE t ENGINE=InnoDB, AUTO_INCREMENT=5", SqlDialect::Mysql), Some(Severity::Info));
        assert_eq!(
            severity("ALTER TABLE t ALTER COLUMN a SET STATISTICS 100", SqlDialect::Postgres),
            Some(Severity::Info)
        );
        assert_eq!(severity("ALTER TABLE t SET SCHEMA other", SqlDialect::Postgres), Some(Severity::Warning));
        assert_eq!(severity("ALTER TABLE t OWNER TO bob, ADD c int", SqlDialect::Postgres), Some(Severity::Warning));
        assert_eq!(severity("ALTER TABLE t ADD c int, OWNER TO bob", SqlDialect::Postgres), Some(Severity::Warning));
    }

    #[test]
    fn one_unmodelled_action_keeps_the_whole_statement_raw() {
        for (sql, dialect) in [
            ("ALTER TABLE t ADD COLUMN a int, OWNER TO bob", SqlDialect::Postgres),
            ("ALTER TABLE t ENGINE = MyISAM", SqlDialect::Mysql),
            ("ALTER TABLE t ALTER COLUMN a DROP IDENTITY", SqlDialect::Postgres),
            ("ALTER TABLE t RENAME CONSTRAINT a TO b", SqlDialect::Postgres),
            ("ALTER TABLE t ADD CONSTRAINT x EXCLUDE USING gist (c WITH &&)", SqlDialect::Postgres),
        ] {
            let l = lower_for_test(sql, dialect);
            assert!(matches!(l.ops.as_slice(), [Operation::Sql(_)]), "{sql}: {:?}", l.ops);
            assert!(l.notes.iter().any(|n| n.code == "sql-kept-verbatim"), "{sql}");
            assert_eq!(l.parse_error, None, "{sql}");
        }
    }
}

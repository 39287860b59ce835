//! `CREATE INDEX`, `DROP INDEX`, `ALTER INDEX … RENAME TO` (sqlparser 0.64 misses several forms:
//! `ON ONLY`, `CREATE FULLTEXT|SPATIAL INDEX`, `DROP INDEX CONCURRENTLY a, b`, `ALTER INDEX IF
//! EXISTS`, so these statements are read by this grammar on the token stream).

use sqlparser::tokenizer::Token;

use super::cursor::{Cursor, LResult};
use super::parts::parse_parts;
use super::toks::split_top;
use crate::ir::{CreateIndex, DropConstraint, DropIndex, Index, Operation, RenameIndex, SqlDialect};

/// ```sql
/// CREATE [UNIQUE | FULLTEXT | SPATIAL] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] [USING m]
///   ON [ONLY] table [USING m] (parts) [INCLUDE (cols)] [NULLS [NOT] DISTINCT]
///   [WITH (…)] [TABLESPACE t] [WHERE predicate] [MySQL index options]
/// ```
pub(crate) fn create_index(cur: &mut Cursor) -> LResult<Vec<Operation>> {
    cur.expect("CREATE")?;
    let unique = cur.eat("UNIQUE");
    let mut method = if cur.eat("FULLTEXT") {
        Some("fulltext".to_string())
    } else if cur.eat("SPATIAL") {
        Some("spatial".to_string())
    } else {
        None
    };
    cur.expect("INDEX")?;
    let concurrently = cur.eat("CONCURRENTLY");
    let if_not_exists = cur.eat_seq(&["IF", "NOT", "EXISTS"]);
    let name = if cur.is("ON") { None } else { Some(cur.qname()?.name) };
    if cur.eat("USING") {
        method = Some(method_word(cur)?);
    }
    cur.expect("ON")?;
    if cur.eat("ONLY") {
        cur.ignored("ON ONLY");
    }
    let table = cur.qname()?;
    if cur.eat("USING") {
        method = Some(method_word(cur)?);
    }
    let key = cur.group()?;
    let parts = parse_parts(&cur.toks(key), cur.source(), cur.flavor)?;
    let mut include = Vec::new();
    if cur.eat("INCLUDE") {
        let group = cur.group()?;
        let toks = cur.toks(group);
        for item in split_top(&toks, &Token::Comma) {
            match item {
                [t] => match t.token {
                    Token::Word(w) => include.push(cur.flavor.fold(&w.value, w.quote_style.is_some())),
                    _ => return cur.expected("a column name in INCLUDE"),
                },
                _ => return cur.expected("a column name in INCLUDE"),
            }
        }
    }
    let nulls_not_distinct = cur.eat_seq(&["NULLS", "NOT", "DISTINCT"]);
    cur.eat_seq(&["NULLS", "DISTINCT"]);
    let mut predicate = None;
    while !cur.at_end() {
        let start = cur.pos();
        if cur.eat("WHERE") {
            let rest = cur.rest();
            predicate = Some(cur.expr(rest));
            break;
        } else if cur.eat("WITH") {
            cur.group()?;
        } else if cur.eat("TABLESPACE") {
            cur.ident()?;
        } else if cur.flavor.dialect == SqlDialect::Mysql && cur.eat("USING") {
            method = Some(method_word(cur)?);
            continue;
        } else if cur.flavor.dialect == SqlDialect::Mysql && mysql_index_option(cur) {
        } else {
            return cur.expected("WHERE, WITH, TABLESPACE or end of statement");
        }
        let text = cur.text(start..cur.pos());
        cur.ignored(format!("`{text}`"));
    }
    cur.expect_end()?;
    let index = Index { name, table, parts, unique, method, predicate, include, nulls_not_distinct };
    Ok(vec![CreateIndex { index, concurrently, if_not_exists }.into()])
}

/// `USING btree` → `btree`.
fn method_word(cur: &mut Cursor) -> LResult<String> {
    Ok(cur.ident()?.to_ascii_lowercase())
}

/// MySQL index options and `ALTER`-style hints: `COMMENT 'x'`, `ALGORITHM [=] x`, `LOCK [=] x`,
/// `KEY_BLOCK_SIZE [=] n`, `VISIBLE`, `INVISIBLE`.
fn mysql_index_option(cur: &mut Cursor) -> bool {
    if cur.eat("VISIBLE") || cur.eat("INVISIBLE") {
        return true;
    }
    if cur.eat("COMMENT") || cur.eat("ALGORITHM") || cur.eat("LOCK") || cur.eat("KEY_BLOCK_SIZE") {
        cur.eat_tok(&Token::Eq);
        if !cur.at_end() {
            cur.advance();
        }
        return true;
    }
    false
}

/// `DROP INDEX [CONCURRENTLY] [IF EXISTS] a [, b…] [CASCADE]` / MySQL `DROP INDEX a ON t` → one
/// `DropIndex` each (MySQL's `DROP INDEX `PRIMARY` ON t` drops the primary key).
pub(crate) fn drop_index(cur: &mut Cursor) -> LResult<Vec<Operation>> {
    cur.expect("DROP")?;
    cur.expect("INDEX")?;
    let concurrently = cur.eat("CONCURRENTLY");
    let (names, if_exists) = cur.drop_names(Cursor::qname)?;
    let table = if cur.eat("ON") { Some(cur.qname()?) } else { None };
    while cur.flavor.dialect == SqlDialect::Mysql && mysql_index_option(cur) {}
    if cur.eat("CASCADE") {
        cur.ignored("CASCADE on DROP INDEX");
    }
    cur.eat("RESTRICT");
    cur.expect_end()?;
    Ok(names
        .into_iter()
        .map(|name| match &table {
            Some(t) if cur.flavor.dialect == SqlDialect::Mysql && name.name.eq_ignore_ascii_case("PRIMARY") => {
                DropConstraint { table: t.clone(), name: "PRIMARY".into(), if_exists, cascade: false }.into()
            }
            _ => DropIndex { name, table: table.clone(), if_exists, concurrently }.into(),
        })
        .collect())
}

/// `ALTER INDEX [IF EXISTS] a RENAME TO b` → `RenameIndex`.
pub(crate) fn alter_index(cur: &mut Cursor) -> LResult<Vec<Operation>> {
    cur.expect("ALTER")?;
    cur.expect("INDEX")?;
    if cur.eat_seq(&["IF", "EXISTS"]) {
        cur.ignored("IF EXISTS on ALTER INDEX");
    }
    let from = cur.qname()?.name;
    if !cur.eat_seq(&["RENAME", "TO"]) {
        return cur.not_modelled("ALTER INDEX other than RENAME TO is not modelled");
    }
    let to = cur.ident()?;
    cur.expect_end()?;
    Ok(vec![RenameIndex { table: None, from, to }.into()])
}

#[cfg(test)]
mod tests {
    use crate::import::sql::statement::{lower_for_test, ops_of};
    use crate::ir::{
        CreateIndex, DropConstraint, DropIndex, Index, IndexKey, IndexPart, Operation, QName, RenameIndex, SqlDialect,
    };
    use pretty_assertions::assert_eq;

    fn create(sql: &str, dialect: SqlDialect) -> CreateIndex {
        match ops_of(sql, dialect).remove(0) {
            Operation::CreateIndex(c) => c,
            other => panic!("{other:?}"),
        }
    }

    fn index(name: Option<&str>, table: QName, parts: Vec<IndexPart>) -> Index {
        Index {
            name: name.map(String::from),
            table,
            parts,
            unique: false,
            method: None,
            predicate: None,
            include: vec![],
            nulls_not_distinct: false,
        }
    }

    #[test]
    fn postgres_everything_at_once() {
        let c = create(
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix ON ONLY s.t USING gin \
             (lower(a) text_pattern_ops DESC NULLS LAST, b) INCLUDE (c, \"D\") NULLS NOT DISTINCT \
             WHERE deleted_at IS NULL AND (kind = 'x')",
            SqlDialect::Postgres,
        );
        assert_eq!(
            c,
            CreateIndex {
                index: Index {
                    unique: true,
                    method: Some("gin".into()),
                    predicate: Some("deleted_at IS NULL AND (kind = 'x')".into()),
                    include: vec!["c".into(), "D".into()],
                    nulls_not_distinct: true,
                    ..index(
                        Some("ix"),
                        QName::qualified("s", "t"),
                        vec![
                            IndexPart {
                                key: IndexKey::Expression("lower(a)".into()),
                                desc: true,
                                nulls_first: Some(false),
                                opclass: Some("text_pattern_ops".into()),
                                ..IndexPart::column("")
                            },
                            IndexPart::column("b"),
                        ]
                    )
                },
                concurrently: true,
                if_not_exists: true,
            }
        );
    }

    #[test]
    fn unnamed_and_expression_indexes() {
        let c = create("CREATE INDEX ON t ((a + b), c COLLATE \"C\")", SqlDialect::Postgres);
        assert_eq!(c.index.name, None);
        assert_eq!(c.index.parts[0].key, IndexKey::Expression("a + b".into()));
        assert_eq!(c.index.parts[1].collation.as_deref(), Some("C"));
        let l = lower_for_test("CREATE INDEX i ON t (a) WITH (fillfactor = 70) TABLESPACE fast", SqlDialect::Postgres);
        assert!(matches!(l.ops[0], Operation::CreateIndex(_)));
        assert_eq!(l.notes.len(), 2);
    }

    #[test]
    fn mysql_index_forms() {
        let c = create(
            "CREATE UNIQUE INDEX i USING BTREE ON t (c(10) DESC, d) ALGORITHM = INPLACE LOCK = NONE",
            SqlDialect::Mysql,
        );
        assert_eq!(c.index.method.as_deref(), Some("btree"));
        assert_eq!(c.index.parts[0], IndexPart { length: Some(10), desc: true, ..IndexPart::column("c") });
        assert!(c.index.unique);
        assert_eq!(
            create("CREATE FULLTEXT INDEX ft ON t (body)", SqlDialect::Mysql).index.method.as_deref(),
            Some("fulltext")
        );
        assert_eq!(
            create("CREATE SPATIAL INDEX sp ON t (g)", SqlDialect::Mysql).index.method.as_deref(),
            Some("spatial")
        );
        assert_eq!(
            create("CREATE INDEX i ON t (a) USING HASH", SqlDialect::Mysql).index.method.as_deref(),
            Some("hash")
        );
    }

    #[test]
    fn sqlite_partial_index() {
        let c = create("CREATE UNIQUE INDEX IF NOT EXISTS main.ix ON t (a) WHERE b IS NOT NULL", SqlDialect::Sqlite);
        assert_eq!(c.index.name.as_deref(), Some("ix"));
        assert_eq!(c.index.predicate.as_deref(), Some("b IS NOT NULL"));
        assert!(c.if_not_exists);
        let c = create("CREATE INDEX ix ON t (a) WHERE `b` <> \"x\"", SqlDialect::Sqlite);
        assert_eq!(c.index.predicate.as_deref(), Some("\"b\" <> \"x\""), "SQLite \"x\" is an identifier");
    }

    #[test]
    fn drop_index_forms() {
        let drop = |name: QName, table: Option<QName>, if_exists: bool, concurrently: bool| {
            Operation::DropIndex(DropIndex { name, table, if_exists, concurrently })
        };
        assert_eq!(
            ops_of("DROP INDEX CONCURRENTLY IF EXISTS a, s.b", SqlDialect::Postgres),
            [drop(QName::new("a"), None, true, true), drop(QName::qualified("s", "b"), None, true, true)]
        );
        assert_eq!(
            ops_of("DROP INDEX `i` ON `t`", SqlDialect::Mysql),
            [drop(QName::new("i"), Some(QName::new("t")), false, false)]
        );
        assert_eq!(
            ops_of("DROP INDEX `PRIMARY` ON t", SqlDialect::Mysql),
            [Operation::DropConstraint(DropConstraint {
                table: QName::new("t"),
                name: "PRIMARY".into(),
                if_exists: false,
                cascade: false
            })]
        );
        assert_eq!(ops_of("DROP INDEX IF EXISTS ix", SqlDialect::Sqlite), [drop(QName::new("ix"), None, true, false)]);
    }

    #[test]
    fn alter_index_rename() {
        assert_eq!(
            ops_of("ALTER INDEX IF EXISTS s.a RENAME TO b", SqlDialect::Postgres),
            [Operation::RenameIndex(RenameIndex { table: None, from: "a".into(), to: "b".into() })]
        );
        let l = lower_for_test("ALTER INDEX a SET TABLESPACE x", SqlDialect::Postgres);
        assert!(matches!(l.ops.as_slice(), [Operation::Sql(_)]));
    }
}

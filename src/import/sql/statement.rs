//! One statement → IR operations, or raw SQL kept verbatim.
//!
//! The statement is classified by its leading words and handed to the lowering for its family.
//! What the IR does not model, and what does not parse, becomes one `Operation::Sql` with the
//! original text; a statement that sqlparser cannot parse also gets a `sql-parse-failed`
//! warning, unless its leading words name a kind polymig keeps raw by design and sqlparser reads
//! only in part (triggers, procedures, `VACUUM`, …: an info `sql-not-validated`). Transaction control (`BEGIN`, `START TRANSACTION`, `COMMIT`, `END`) yields no
//! operation: polymig runs each migration in its own transaction where the database allows.

use sqlparser::tokenizer::Token;

use super::context::Context;
use super::cursor::{Cursor, LResult, LowerError, Note};
use super::dialect::Flavor;
use super::{key_names, lower_alter, lower_index, lower_misc, lower_table, lower_type};
use crate::diagnostics::Severity;
use crate::ir::{Operation, RawSql, SqlDialect};

/// What one statement became.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Lowered {
    /// Operations, in order (empty for transaction control).
    pub ops: Vec<Operation>,
    /// Remarks to report at the statement.
    pub notes: Vec<Note>,
    /// The statement was `BEGIN` / `COMMIT` / … .
    pub transaction_control: bool,
    /// sqlparser's message when the statement does not parse (positions relative to the statement).
    pub parse_error: Option<String>,
}

/// The statement families the importer lowers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    CreateTable,
    CreateIndex,
    CreateType,
    CreateView,
    CreateExtension,
    DropTable,
    DropIndex,
    DropType,
    DropView,
    DropExtension,
    AlterTable,
    AlterIndex,
    AlterType,
    RenameTable,
    CommentOn,
    Transaction,
    /// Kept verbatim without asking sqlparser, which rejects these common, valid forms in 0.64:
    /// PL/pgSQL `DO` blocks, SQLite `PRAGMA x=OFF`, `SET CONSTRAINTS x IMMEDIATE`, `ALTER SEQUENCE`.
    Unchecked,
    Other,
}

/// Lower one statement (`text` as written, `lexable` the same with MySQL hints unwrapped).
pub(crate) fn lower_statement(text: &str, lexable: &str, flavor: Flavor, ctx: &mut Context) -> Lowered {
    let mut cur = match Cursor::new(text, lexable, flavor) {
        Ok(cur) => cur,
        Err(e) => return raw(text, lexable, flavor, &[], e),
    };
    let words = leading_words(&cur);
    let family = classify(&words);
    let result: LResult<Vec<Operation>> = match family {
        Family::CreateTable => lower_table::create_table(&mut cur, ctx),
        Family::CreateIndex => lower_index::create_index(&mut cur),
        Family::CreateType => lower_type::create_type(&mut cur, ctx),
        Family::CreateView => lower_misc::create_view(&mut cur),
        Family::CreateExtension => lower_misc::create_extension(&mut cur),
        Family::DropTable => lower_table::drop_table(&mut cur),
        Family::DropIndex => lower_index::drop_index(&mut cur),
        Family::DropType => lower_type::drop_type(&mut cur, ctx),
        Family::DropView => lower_misc::drop_view(&mut cur),
        Family::DropExtension => lower_misc::drop_extension(&mut cur),
        Family::AlterTable => lower_alter::alter_table(&mut cur, ctx),
        Family::AlterIndex => lower_index::alter_index(&mut cur),
        Family::AlterType => lower_type::alter_type(&mut cur, ctx),
        Family::RenameTable => lower_table::rename_table(&mut cur),
        Family::CommentOn => lower_misc::comment_on(&mut cur),
        Family::Transaction => return Lowered { transaction_control: true, ..Lowered::default() },
        Family::Unchecked => return Lowered { ops: vec![raw_op(text, flavor, &words)], ..Lowered::default() },
        Family::Other => {
            let mut lowered = Lowered { ops: vec![raw_op(text, flavor, &words)], ..Lowered::default() };
            if let Err(message) = validate(text, lexable, flavor) {
                match raw_kind(&words) {
                    Some(kind) => lowered.notes.push(Note {
                        severity: Severity::Info,
                        code: "sql-not-validated",
                        message: format!(
                            "kept as raw SQL without a syntax check: sqlparser does not read every form of \
                             {kind}: {message}"
                        ),
                    }),
                    None => lowered.parse_error = Some(message),
                }
            }
            return lowered;
        }
    };
    match result {
        Ok(mut ops) => {
            if flavor.names_indexes_at_import() {
                key_names::name_unnamed_indexes(&mut ops);
            }
            Lowered { ops, notes: cur.take_notes(), ..Lowered::default() }
        }
        Err(e) => raw(text, lexable, flavor, &words, e),
    }
}

/// Keep the statement verbatim, explaining why.
fn raw(text: &str, lexable: &str, flavor: Flavor, words: &[String], why: LowerError) -> Lowered {
    let mut lowered = Lowered { ops: vec![raw_op(text, flavor, words)], ..Lowered::default() };
    match why {
        LowerError::Verbatim { reason, severity } => {
            lowered.notes.push(Note {
                severity,
                code: "sql-kept-verbatim",
                message: format!("kept as raw SQL: {reason}"),
            });
        }
        LowerError::Parse(message) => match validate(text, lexable, flavor) {
            Err(parser_message) => lowered.parse_error = Some(parser_message),
            Ok(()) => lowered.notes.push(Note {
                severity: Severity::Warning,
                code: "sql-kept-verbatim",
                message: format!("kept as raw SQL: this form is not translated ({message})"),
            }),
        },
    }
    lowered
}

fn raw_op(text: &str, flavor: Flavor, words: &[String]) -> Operation {
    let no_transaction = flavor.dialect == SqlDialect::Postgres && refuses_transaction(words);
    RawSql { sql: text.to_string(), down: None, dialect: Some(flavor.dialect), no_transaction }.into()
}

/// Whether sqlparser accepts the statement; `Err` holds its message.
fn validate(text: &str, lexable: &str, flavor: Flavor) -> Result<(), String> {
    let mut cur = Cursor::new(text, lexable, flavor).map_err(|e| match e {
        LowerError::Parse(m) | LowerError::Verbatim { reason: m, .. } => m,
    })?;
    let result = cur.sub(|p| p.parse_statement()).and_then(|_| cur.expect_end());
    result.map_err(|e| match e {
        LowerError::Parse(m) | LowerError::Verbatim { reason: m, .. } => m,
    })
}

/// Up to 16 leading significant tokens as upper-case words (`=` and other tokens as `""`).
fn leading_words(cur: &Cursor) -> Vec<String> {
    (0..16)
        .map(|i| cur.peek_at(i))
        .take_while(|t| **t != Token::EOF)
        .map(|t| match t {
            Token::Word(w) if w.quote_style.is_none() => w.value.to_ascii_uppercase(),
            Token::Comma => ",".into(),
            _ => String::new(),
        })
        .collect()
}

/// Words naming what a `CREATE` makes; the first one met decides the family.
const CREATE_OBJECTS: &[&str] = &[
    "TABLE",
    "INDEX",
    "TYPE",
    "VIEW",
    "EXTENSION",
    "FUNCTION",
    "PROCEDURE",
    "TRIGGER",
    "EVENT",
    "SEQUENCE",
    "SCHEMA",
    "DATABASE",
    "DOMAIN",
    "ROLE",
    "USER",
    "POLICY",
    "RULE",
    "AGGREGATE",
    "COLLATION",
    "SERVER",
    "PUBLICATION",
    "SUBSCRIPTION",
    "STATISTICS",
    "CAST",
    "OPERATOR",
    "LANGUAGE",
    "TABLESPACE",
    "VIRTUAL",
];

fn classify(words: &[String]) -> Family {
    let w = |i: usize| words.get(i).map_or("", String::as_str);
    match w(0) {
        "CREATE" => match words.iter().skip(1).find(|x| CREATE_OBJECTS.contains(&x.as_str())).map(String::as_str) {
            Some("TABLE") => Family::CreateTable,
            Some("INDEX") => Family::CreateIndex,
            Some("TYPE") => Family::CreateType,
            Some("VIEW") => Family::CreateView,
            Some("EXTENSION") => Family::CreateExtension,
            _ => Family::Other,
        },
        "DROP" => match (w(1), w(2)) {
            ("TABLE", _) | ("TEMPORARY", "TABLE") => Family::DropTable,
            ("INDEX", _) => Family::DropIndex,
            ("TYPE", _) => Family::DropType,
            ("VIEW", _) | ("MATERIALIZED", "VIEW") => Family::DropView,
            ("EXTENSION", _) => Family::DropExtension,
            _ => Family::Other,
        },
        "ALTER" => match (w(1), w(2)) {
            ("TABLE", _) | ("ONLINE" | "IGNORE", "TABLE") | ("ONLINE", "IGNORE") => Family::AlterTable,
            ("INDEX", _) => Family::AlterIndex,
            ("TYPE", _) => Family::AlterType,
            ("SEQUENCE", _) => Family::Unchecked,
            _ => Family::Other,
        },
        "RENAME" if w(1) == "TABLE" => Family::RenameTable,
        "COMMENT" if w(1) == "ON" => Family::CommentOn,
        "DO" | "PRAGMA" => Family::Unchecked,
        "SET" if w(1) == "CONSTRAINTS" => Family::Unchecked,
        "START" if w(1) == "TRANSACTION" && only_transaction_words(&words[2..]) => Family::Transaction,
        "BEGIN" | "COMMIT" | "END" if only_transaction_words(&words[1..]) => Family::Transaction,
        _ => Family::Other,
    }
}

/// Objects whose `CREATE` / `ALTER` / `DROP` polymig keeps as raw SQL by design and whose full
/// grammar (procedural bodies, options) sqlparser lacks.
const RAW_OBJECTS: &[&str] = &[
    "FUNCTION",
    "PROCEDURE",
    "TRIGGER",
    "EVENT",
    "RULE",
    "POLICY",
    "AGGREGATE",
    "OPERATOR",
    "STATISTICS",
    "CAST",
    "LANGUAGE",
    "COLLATION",
    "SERVER",
    "PUBLICATION",
    "SUBSCRIPTION",
    "DOMAIN",
    "VIRTUAL",
    "TABLESPACE",
    "SEQUENCE",
    "SCHEMA",
    "DATABASE",
    "ROLE",
    "USER",
];

/// Database commands polymig keeps as raw SQL by design, which sqlparser reads only in part.
const RAW_COMMANDS: &[&str] = &[
    "VACUUM",
    "ANALYZE",
    "CLUSTER",
    "REINDEX",
    "CHECKPOINT",
    "DISCARD",
    "LOAD",
    "SECURITY",
    "REFRESH",
    "GRANT",
    "REVOKE",
    "SET",
    "RESET",
    "LOCK",
    "UNLOCK",
    "CALL",
    "OPTIMIZE",
    "FLUSH",
    "ATTACH",
    "DETACH",
];

/// The kind of a statement kept raw by design (`CREATE TRIGGER`, `VACUUM`), named by its leading
/// words; `None` for everything else (DML, and text that is no recognised statement).
fn raw_kind(words: &[String]) -> Option<String> {
    let first = words.first()?.as_str();
    if matches!(first, "CREATE" | "ALTER" | "DROP") {
        let object = words.iter().skip(1).find(|x| CREATE_OBJECTS.contains(&x.as_str()))?;
        return RAW_OBJECTS.contains(&object.as_str()).then(|| format!("{first} {object}"));
    }
    RAW_COMMANDS.contains(&first).then(|| first.to_string())
}

/// Words that may follow `BEGIN` / `START TRANSACTION` / `COMMIT` / `END`.
const TRANSACTION_WORDS: &[&str] = &[
    "TRANSACTION",
    "WORK",
    "DEFERRED",
    "IMMEDIATE",
    "EXCLUSIVE",
    "ISOLATION",
    "LEVEL",
    "READ",
    "WRITE",
    "ONLY",
    "COMMITTED",
    "UNCOMMITTED",
    "REPEATABLE",
    "SERIALIZABLE",
    "NOT",
    "DEFERRABLE",
    "AND",
    "NO",
    "CHAIN",
    "WITH",
    "CONSISTENT",
    "SNAPSHOT",
    ",",
];

fn only_transaction_words(words: &[String]) -> bool {
    words.len() < 16 && words.iter().all(|w| TRANSACTION_WORDS.contains(&w.as_str()))
}

/// PostgreSQL statements that cannot run inside a transaction block.
fn refuses_transaction(words: &[String]) -> bool {
    let w = |i: usize| words.get(i).map_or("", String::as_str);
    let concurrently = words.iter().take(6).any(|x| x == "CONCURRENTLY");
    match w(0) {
        "VACUUM" => true,
        "REINDEX" => concurrently,
        "CREATE" | "DROP" => {
            matches!(w(1), "DATABASE" | "TABLESPACE") || concurrently && words.iter().take(4).any(|x| x == "INDEX")
        }
        "ALTER" => w(1) == "SYSTEM",
        _ => false,
    }
}

/// Lower `sql` with a fresh context (tests of the lowering modules).
#[cfg(test)]
pub(crate) fn lower_for_test(sql: &str, dialect: SqlDialect) -> Lowered {
    let flavor = Flavor::of(dialect);
    let lexable = super::lex::mask_hints(sql, flavor);
    lower_statement(sql, &lexable, flavor, &mut Context::default())
}

/// The operations of `sql`, failing the test if it was kept raw or noted a problem above info.
#[cfg(test)]
pub(crate) fn ops_of(sql: &str, dialect: SqlDialect) -> Vec<Operation> {
    let lowered = lower_for_test(sql, dialect);
    assert_eq!(lowered.parse_error, None, "{sql}");
    assert!(lowered.notes.iter().all(|n| n.code != "sql-kept-verbatim"), "{sql}: {:?}", lowered.notes);
    lowered.ops
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    fn words(sql: &str) -> Vec<String> {
        let cur = Cursor::new(sql, sql, Flavor::of(SqlDialect::Mysql)).unwrap();
        leading_words(&cur)
    }

    #[test]
    fn families() {
        let f = |sql: &str| classify(&words(sql));
        assert_eq!(f("CREATE TABLE t (a int)"), Family::CreateTable);
        assert_eq!(f("create unique index i on t (a)"), Family::CreateIndex);
        assert_eq!(f("CREATE FULLTEXT INDEX i ON t (a)"), Family::CreateIndex);
        assert_eq!(f("CREATE OR REPLACE MATERIALIZED VIEW v AS SELECT 1"), Family::CreateView);
        assert_eq!(
            f("CREATE ALGORITHM=MERGE DEFINER=`a`@`b` SQL SECURITY DEFINER VIEW v AS SELECT 1"),
            Family::CreateView
        );
        assert_eq!(f("CREATE FUNCTION f() RETURNS TABLE (a int) AS 'x'"), Family::Other);
        assert_eq!(f("CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET @a = 1"), Family::Other);
        assert_eq!(f("DROP MATERIALIZED VIEW v"), Family::DropView);
        assert_eq!(f("ALTER TABLE t ADD a int"), Family::AlterTable);
        assert_eq!(f("RENAME TABLE a TO b"), Family::RenameTable);
        assert_eq!(f("COMMENT ON TABLE t IS 'x'"), Family::CommentOn);
        assert_eq!(f("INSERT INTO t VALUES (1)"), Family::Other);
    }

    #[test]
    fn transaction_control_yields_no_operation() {
        for sql in
            ["BEGIN", "BEGIN TRANSACTION", "BEGIN IMMEDIATE", "START TRANSACTION", "COMMIT", "COMMIT WORK", "END"]
        {
            let l = lower_for_test(sql, SqlDialect::Postgres);
            assert!(l.transaction_control && l.ops.is_empty(), "{sql}");
        }
        let l = lower_for_test("ROLLBACK", SqlDialect::Postgres);
        assert!(!l.transaction_control && l.ops.len() == 1);
    }

    #[test]
    fn other_statements_are_raw_sql_with_their_dialect() {
        let l = lower_for_test("INSERT INTO t (a) VALUES ('x;y')", SqlDialect::Mysql);
        assert_eq!(
            l.ops,
            [Operation::Sql(RawSql {
                sql: "INSERT INTO t (a) VALUES ('x;y')".into(),
                down: None,
                dialect: Some(SqlDialect::Mysql),
                no_transaction: false,
            })]
        );
        assert_eq!(l.parse_error, None);
        let l = lower_for_test("DO $$ BEGIN PERFORM 1; END $$", SqlDialect::Postgres);
        assert_eq!((l.ops.len(), l.parse_error), (1, None));
    }

    #[test]
    fn statements_kept_raw_by_design_are_not_parse_failures() {
        for (sql, dialect) in [
            (
                "CREATE TEMP TRIGGER IF NOT EXISTS g BEFORE DELETE ON t WHEN OLD.id = 1 BEGIN SELECT 1; END",
                SqlDialect::Sqlite,
            ),
            ("CREATE PROCEDURE p()\nBEGIN\n  UPDATE c SET n = 0;\nEND", SqlDialect::Mysql),
            (
                "CREATE DEFINER=`root`@`localhost` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END",
                SqlDialect::Mysql,
            ),
            ("VACUUM (ANALYZE) big", SqlDialect::Postgres),
            ("PRAGMA foreign_keys = ON", SqlDialect::Sqlite),
            ("CREATE STATISTICS s (dependencies) ON a, b FROM t", SqlDialect::Postgres),
        ] {
            let l = lower_for_test(sql, dialect);
            assert!(matches!(l.ops.as_slice(), [Operation::Sql(_)]), "{sql}");
            assert_eq!(l.parse_error, None, "{sql}");
            assert!(l.notes.iter().all(|n| n.severity == Severity::Info), "{sql}: {:?}", l.notes);
        }
        let l = lower_for_test("INSERT INTO t VALUES (1,, 2)", SqlDialect::Postgres);
        assert!(l.parse_error.is_some(), "broken DML is still a parse failure");
    }

    #[test]
    fn unparsable_statements_keep_the_parser_message() {
        let l = lower_for_test("SELEC 1", SqlDialect::Postgres);
        assert_eq!(l.ops.len(), 1);
        assert!(l.parse_error.unwrap().contains("Expected"));
        let l = lower_for_test("CREATE TABLE t (a int,, b int)", SqlDialect::Postgres);
        assert!(matches!(l.ops[0], Operation::Sql(_)));
        assert!(l.parse_error.is_some());
    }

    #[test]
    fn statements_that_refuse_a_transaction() {
        let raw = |sql: &str| match &lower_for_test(sql, SqlDialect::Postgres).ops[0] {
            Operation::Sql(r) => r.no_transaction,
            other => panic!("{other:?}"),
        };
        assert!(raw("VACUUM ANALYZE t"));
        assert!(raw("REINDEX INDEX CONCURRENTLY i"));
        assert!(raw("CREATE DATABASE x"));
        assert!(raw("CREATE INDEX CONCURRENTLY i ON t USING gist (a) WITH (buffering = on) garbage"));
        assert!(!raw("REFRESH MATERIALIZED VIEW CONCURRENTLY v"));
        assert!(!raw("UPDATE t SET a = 1"));
    }
}

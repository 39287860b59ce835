//! SQL importer: scripts and SQL-runner directory layouts → IR.
//!
//! ```text
//! bytes ─read─► text ─splitter─► statements ─statement─► lower_* ─► Op { Operation, Span }
//!                                   (sqlparser tokens)      (cursor: sqlparser sub-parsers + byte ranges)
//! ```
//!
//! Statements are split on sqlparser's tokens, then each is walked by a small grammar per
//! statement family that hands well-defined pieces (types, column options, expressions) to
//! sqlparser and reads every expression back **verbatim** from the original text, in the IR's one
//! canonical spelling (CHECK bodies, index expressions and predicates, generated columns, `Sql`
//! defaults, `USING`, view queries: see [`crate::sql_expr::to_canonical`]; raw `Sql` operations stay
//! exactly as written). Spans are the position of each statement's first character that is
//! neither whitespace nor comment.
//!
//! The same lexer, type table and default rules read the pieces a database catalog prints
//! ([`map_type_text`], [`default_from_text`], [`expression_text`]): introspection uses them.
//!
//! # What becomes IR, what stays raw SQL
//!
//! | statement | IR |
//! |---|---|
//! | `CREATE TABLE` (columns, inline and table constraints, MySQL `KEY`/`INDEX`/`FULLTEXT` elements, MySQL `COMMENT=`) | `CreateTable` (+ `CreateIndex` per index element) |
//! | `DROP TABLE a, b` / `ALTER TABLE … RENAME TO` / MySQL `RENAME TABLE a TO b, …` | `DropTable` each / `RenameTable` |
//! | `ALTER TABLE … ADD [COLUMN]`, MySQL `ADD (a, b)` | `AddColumn` |
//! | `… DROP [COLUMN]` / `RENAME [COLUMN] a TO b` | `DropColumn` / `RenameColumn` |
//! | `… ALTER [COLUMN] c [SET DATA] TYPE … [USING …]`, `SET/DROP NOT NULL`, `SET/DROP DEFAULT` | `AlterColumn` |
//! | MySQL `MODIFY c …` / `CHANGE a b …` | `AlterColumn` with type, nullability and default all set (`CHANGE`: `RenameColumn` first) |
//! | `… ADD [CONSTRAINT x] PRIMARY KEY / UNIQUE / FOREIGN KEY / CHECK … [NOT VALID]` | `AddConstraint` |
//! | `… DROP CONSTRAINT`, MySQL `DROP PRIMARY KEY / FOREIGN KEY x / CHECK x` | `DropConstraint` (`PRIMARY` for the primary key) |
//! | MySQL `… ADD INDEX/KEY/FULLTEXT/SPATIAL`, `DROP INDEX/KEY x`, `RENAME INDEX a TO b` | `CreateIndex` / `DropIndex` / `RenameIndex` |
//! | `… VALIDATE CONSTRAINT x`, MySQL `… COMMENT = '…'` | `ValidateConstraint` / `Comment` |
//! | `CREATE [UNIQUE/FULLTEXT/SPATIAL] INDEX [CONCURRENTLY] [IF NOT EXISTS] …` | `CreateIndex` |
//! | `DROP INDEX [CONCURRENTLY] [IF EXISTS] a, b` / MySQL `DROP INDEX a ON t` | `DropIndex` each |
//! | `ALTER INDEX a RENAME TO b` | `RenameIndex` |
//! | `CREATE TYPE … AS ENUM`, `ALTER TYPE … ADD VALUE / RENAME VALUE`, `DROP TYPE` | `CreateEnum` / `AlterEnum` / `DropEnum` |
//! | `CREATE [OR REPLACE] [MATERIALIZED] VIEW`, `DROP [MATERIALIZED] VIEW` | `CreateView` (query verbatim) / `DropView` |
//! | `CREATE EXTENSION`, `DROP EXTENSION` | `CreateExtension` / `DropExtension` |
//! | `COMMENT ON TABLE / COLUMN … IS …` | `Comment` |
//! | `BEGIN`, `START TRANSACTION`, `COMMIT`, `END` | nothing (info `sql-transaction-control`) |
//! | everything else: DML, functions, `DO`, triggers, grants, `PRAGMA`, `SET`, sequences, … | `Sql` (raw, verbatim, `dialect` set; `no_transaction` for PostgreSQL `VACUUM`, `CREATE DATABASE`, `REINDEX CONCURRENTLY`, …) |
//!
//! A statement of a modelled family that uses a form the IR cannot hold (`CREATE TABLE … AS`,
//! `ALTER TABLE … OWNER TO`, `EXCLUDE` constraints, temporary tables) is kept whole as raw SQL
//! with a `sql-kept-verbatim` diagnostic, never half translated: a warning when the schema
//! model misses something, info when the statement only touches what the model does not track
//! (owners, storage, engines, composite types). Clauses the IR drops (`CHARACTER SET`, `ENGINE=`,
//! SQLite `WITHOUT ROWID`, whose key columns are still made NOT NULL) are reported as
//! `sql-clause-ignored`; MySQL `ON UPDATE CURRENT_TIMESTAMP[(p)]` is `Column.on_update`. A
//! statement that sqlparser cannot parse is raw SQL plus a `sql-parse-failed` warning, except:
//! the forms sqlparser 0.64 rejects although they are valid and common (`DO`, `PRAGMA`,
//! `SET CONSTRAINTS`, `ALTER SEQUENCE`) are kept silently, and statements kept raw by design whose
//! kind the leading words name (`CREATE [TEMP] TRIGGER`, `CREATE PROCEDURE|FUNCTION|EVENT`,
//! `VACUUM`, `CLUSTER`, `GRANT`, …) get an info `sql-not-validated` with sqlparser's message.
//!
//! Explicit `BEGIN`/`COMMIT` in a migration are not emitted: the migration stays transactional
//! (polymig wraps each migration in its own transaction where the database allows); only a
//! no-transaction marker makes it non-transactional: `-- polymig:no-transaction`, dbmate's
//! `-- migrate:up transaction:false`, goose's `-- +goose NO TRANSACTION`, or sqlx's
//! `-- no-transaction` first line.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::ir::{Migration, Op, SqlDialect};

mod column;
mod constraint;
mod context;
mod cursor;
mod defaults;
mod delimiter;
mod detect_dialect;
mod dialect;
mod directive;
mod enum_columns;
mod fragments;
mod history;
mod key_names;
mod layout;
mod lex;
mod lower_alter;
mod lower_alter_column;
mod lower_index;
mod lower_misc;
mod lower_table;
mod lower_type;
mod parts;
mod read;
mod script;
mod sections;
mod splitter;
mod statement;
mod toks;
mod types;

pub use detect_dialect::detect_dialect;
pub use enum_columns::resolve_enum_columns;
pub use fragments::{default_from_text, expression_text, map_type_text};

/// Options for reading SQL.
#[derive(Debug, Clone, Default)]
pub struct SqlImportOptions {
    /// The dialect the SQL is written in; `None` detects it per file from its content
    /// ([`detect_dialect`]).
    pub dialect: Option<SqlDialect>,
}

/// The statements of a script written for `dialect`, without their terminators, in order
/// (dollar quotes, trigger bodies and `DELIMITER` understood); the text before an unterminated
/// string or comment is all that is returned.
///
/// ```
/// use polymig::import::sql::split_statements;
/// use polymig::ir::SqlDialect;
/// let parts = split_statements("COMMIT;\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;", SqlDialect::Postgres);
/// assert_eq!(parts, ["COMMIT", "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql"]);
/// ```
pub fn split_statements(text: &str, dialect: SqlDialect) -> Vec<String> {
    let flavor = dialect::Flavor::of(dialect);
    let lexable = lex::mask_hints(text, flavor);
    splitter::split(text, &lexable, flavor).statements.into_iter().map(|r| text[r].to_string()).collect()
}

/// Parse one SQL script into operations. `file` is used in spans.
///
/// ```
/// use polymig::import::sql::parse_script;
/// use polymig::ir::{Operation, SqlDialect};
/// let (ops, diags) = parse_script("CREATE TABLE t (id serial PRIMARY KEY);\nINSERT INTO t DEFAULT VALUES;", "x.sql", SqlDialect::Postgres);
/// assert!(matches!(ops[0].kind, Operation::CreateTable(_)));
/// assert!(matches!(ops[1].kind, Operation::Sql(_)));
/// assert_eq!((ops[1].span.line, ops[1].span.column), (2, 1));
/// assert!(diags.is_empty());
/// ```
pub fn parse_script(text: &str, file: &str, dialect: SqlDialect) -> (Vec<Op>, Vec<Diagnostic>) {
    let parsed = script::parse_text(text, file, dialect::Flavor::of(dialect));
    (parsed.ops, parsed.diagnostics)
}

/// Read files and directories (walked recursively) into one history sorted by version.
///
/// Statement-level diagnostics go into each [`Migration::diagnostics`]; the returned list holds
/// the problems not tied to one migration (unreadable files, duplicate versions).
pub fn import_paths(paths: &[PathBuf], opts: &SqlImportOptions) -> (Vec<Migration>, Vec<Diagnostic>) {
    history::import(paths, opts)
}

/// True when `path` looks like a SQL migration file or folder of this format: a `.sql` file, or
/// a folder with `.sql` files within three levels.
pub fn detect(path: &Path) -> bool {
    if path.is_dir() {
        return walkdir::WalkDir::new(path)
            .max_depth(3)
            .into_iter()
            .filter_map(Result::ok)
            .any(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "sql"));
    }
    path.extension().is_some_and(|e| e == "sql")
}

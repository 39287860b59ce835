//! SQL exporter: IR history → SQL for PostgreSQL, MySQL/MariaDB and SQLite.
//!
//! [`render_history`] walks the history with the replayed schema: each operation is
//! rendered against the state *before* it (and, where a dialect needs it, the state
//! *after* it, from [`crate::schema::replay`]), then the state advances. Down scripts
//! (`with_down`) render [`crate::schema::invert_migration`]'s operations from the state
//! after `up`; an irreversible migration gets an `irreversible-migration` error and
//! `down: None`. [`to_script`], [`up_script`] and [`down_script`] turn the statements
//! into scripts (see `script.rs`); every statement keeps its operation's index and span.
//!
//! Layout: `walk.rs` (the walk over operations and the state), `dialect.rs` (the `Dialect`
//! trait: capabilities, quoting, literals, expressions, one hook per operation), `ops.rs` /
//! `ops_drop.rs` (the standard rendering of each operation), `guard.rs` (`IF [NOT] EXISTS`
//! decided by the state), `ddl.rs` / `ddl_index.rs` (shared fragments: columns, constraints,
//! tables, indexes), `postgres.rs`, `mysql.rs` (its column and TYPE TABLE in
//! `mysql_types.rs`), `sqlite.rs`, `sqlite_rebuild.rs`, `script.rs`, `render.rs` (the
//! per-operation context), `text.rs` (lexical helpers), `spelling.rs` (the dialects' spelling lent to
//! the zero-downtime planner). Tests sit in `*_tests.rs` files.
//!
//! # Dialect decisions
//!
//! * **Quoting**: every identifier is quoted — `"a""b"` on PostgreSQL and SQLite,
//!   `` `a``b` `` on MySQL. String literals double `'`; MySQL also escapes `\` and NUL.
//! * **Expressions** (CHECK bodies, index expressions and predicates, generated columns,
//!   `Sql` defaults and `ON UPDATE`, `USING`, view queries) are kept by the IR in the
//!   canonical spelling of [`crate::sql_expr`]; every one is emitted through
//!   `Renderer::expr` → `Dialect::expression` → [`crate::sql_expr::from_canonical`] (MySQL:
//!   backticks, backslashes escaped). What the target reads differently (`||` is logical OR
//!   in MySQL; `::` casts outside PostgreSQL) is not rewritten but reported as a
//!   `lossy-export` warning at the operation's span. `Sql` operations stay verbatim.
//! * **Booleans**: `TRUE`/`FALSE` on PostgreSQL, `1`/`0` on MySQL (`tinyint(1)`) and SQLite.
//! * **Auto-increment**: PostgreSQL `serial` family for `Serial`, `GENERATED ALWAYS|BY
//!   DEFAULT AS IDENTITY` otherwise (MySQL's `AUTO_INCREMENT` → `BY DEFAULT`); MySQL
//!   `AUTO_INCREMENT`; SQLite `"id" INTEGER PRIMARY KEY AUTOINCREMENT` inline when the
//!   column is the single-column primary key (elsewhere SQLite cannot, `lossy-export`).
//! * **Defaults**: MySQL puts expressions and literals on text/blob/json columns in
//!   parentheses (`DEFAULT ('x')`, MySQL 8.0.13+ / MariaDB 10.2+), uses
//!   `CURRENT_TIMESTAMP(p)` on `datetime(p)`, `(CURRENT_DATE)`; SQLite parenthesises
//!   expressions; PostgreSQL reads a blob literal `x'00ff'` on bytea as `'\x00ff'::bytea`.
//!   `ON UPDATE CURRENT_TIMESTAMP` is MySQL's alone (every full definition repeats it);
//!   PostgreSQL and SQLite would need a trigger: dropped with a `lossy-export` warning.
//! * **Comments**: PostgreSQL `COMMENT ON` statements; MySQL inline `COMMENT '…'`,
//!   `ALTER TABLE … COMMENT = '…'` and `MODIFY COLUMN` for a column comment; SQLite has
//!   none (`lossy-export` warning, a `--` comment in place of a Comment operation).
//! * **Enums**: PostgreSQL `CREATE TYPE … AS ENUM`, `ALTER TYPE … ADD VALUE` (run outside
//!   a transaction: required before PostgreSQL 12, and lets later statements use the
//!   value). MySQL inline `enum('a','b')` with the values of `Schema.enums` (CreateEnum /
//!   DropEnum are state-only `--` comments; ADD VALUE re-`MODIFY`s every column of the
//!   type). SQLite: `text` + `CHECK (col IN (…))` on the column, so values stay enforced
//!   (ADD VALUE rebuilds the tables using the type). Renaming a value is
//!   `unsupported-in-dialect` on MySQL and SQLite. An inline MySQL enum on PostgreSQL
//!   is `text` + `CONSTRAINT "<table>_<col>_check" CHECK (…)`; a type change drops that
//!   CHECK (`IF EXISTS`) and adds the new one.
//! * **Lossy types** (`lossy-export` warnings): arrays → MySQL/SQLite `json`; interval →
//!   MySQL `time(6)`, SQLite `text`; unbounded varchar → MySQL `text`; unbounded numeric
//!   → MySQL `decimal(65, 30)`; unsigned bigint → PostgreSQL `bigint`; an untyped SQLite
//!   column → `text`; `Native` types of another dialect pass through a small translation
//!   table, else verbatim with a warning. Not reported: jsonb → `json`, uuid → MySQL
//!   `char(36)`, fixed `binary(n)` → `bytea` / `blob`, binary length limits on PostgreSQL,
//!   SQLite's unenforced lengths.
//! * **Collations** of another database are dropped with a warning (MySQL `utf8mb4_*` outside
//!   MySQL, SQLite `NOCASE`/`RTRIM` outside SQLite); SQLite `BINARY` is PostgreSQL `"C"`.
//! * **MySQL**: `AlterColumn` and column comments are `MODIFY COLUMN` with the FULL
//!   definition from the replayed state (MySQL forgets what a `MODIFY` does not repeat);
//!   `DROP CONSTRAINT` becomes `DROP FOREIGN KEY` / `DROP INDEX` / `DROP PRIMARY KEY` /
//!   `DROP CONSTRAINT` (checks: MariaDB has no `DROP CHECK`) by the kind in the state;
//!   `DROP INDEX … ON t` and `RENAME INDEX` find the table in the op or the state;
//!   `DROP COLUMN` first drops foreign keys and multi-column keys using the column (as
//!   PostgreSQL and replay do); `DROP TABLE … CASCADE` first drops the foreign keys that
//!   reference the table. Primary keys are never named (MySQL calls them all `PRIMARY`).
//!   `CONCURRENTLY`, `DEFERRABLE`, `NOT VALID`, `INCLUDE`, operator classes, `NULLS
//!   FIRST/LAST` and non-unique partial-index predicates are dropped with a warning; a
//!   partial *unique* index is `unsupported-in-dialect` (dropping the predicate rejects
//!   valid rows), and so is an index on an expression (MariaDB 10.5+ has no functional
//!   indexes, though MySQL 8.0.13+ has). `REFERENCES t` without columns names t's primary
//!   key from the state.
//! * **MySQL keys on text**: MySQL cannot key a TEXT/BLOB column without a prefix length,
//!   and a prefix would weaken a unique key. So a `text` (or unbounded varchar, or untyped)
//!   column that is part of a primary key, unique key, foreign key or unique index is
//!   `varchar(255)` (`blob` → `varbinary(255)`), with a `lossy-export` warning: longer values
//!   are rejected. A key added later (`ADD CONSTRAINT`, `CREATE UNIQUE INDEX`) is preceded by
//!   a `MODIFY COLUMN` to that type. A plain index keeps the column as it is and indexes a
//!   prefix, `col(255)` (less when more than three such columns share the index, which
//!   holds 768 characters in all): no warning, since nothing is lost.
//! * **SQLite**: changes `ALTER TABLE` cannot make are the table rebuild documented in
//!   `sqlite_rebuild.rs` (`PRAGMA foreign_keys` handling included; a rebuild that changes
//!   nothing SQLite stores is a comment, without pragmas); `ADD COLUMN` is used when allowed
//!   (no PRIMARY KEY/UNIQUE, constant default, not NOT NULL without one, no STORED
//!   generated), `DROP COLUMN` when no key, index, check or generated column uses the
//!   column; `USING` of a type change is dropped with a warning (the rows are copied as they
//!   are, like MySQL's implicit conversion); `DROP TABLE … CASCADE` first rebuilds the
//!   tables whose foreign keys reference it; `RENAME INDEX` is drop + create; no schemas in
//!   `REFERENCES`.
//! * **Elsewhere than MySQL**: its `DROP PRIMARY KEY` (constraint `PRIMARY`) drops the primary
//!   key by its name in the state, and its `DROP INDEX` of a unique constraint drops the
//!   constraint (a SQLite rebuild); `FULLTEXT` / `SPATIAL` index methods become the default
//!   method (`lossy-export`); the `DROP DEFAULT` a `MODIFY` implies is left out when the
//!   column has no default (an identity column refuses it).
//! * **`IF [NOT] EXISTS`** a dialect cannot spell (MySQL on columns, indexes and
//!   constraints; SQLite on columns and constraints) is decided by the replayed state (see
//!   `guard.rs`): a `--` comment when there is nothing to do, else the statement without the
//!   clause. Where the dialect has the clause, it is kept.
//! * **`CASCADE`**: PostgreSQL only. Elsewhere, `DROP TABLE … CASCADE` drops the referencing
//!   foreign keys as said above; views using the table are left (`lossy-export`). Other
//!   drops lose `CASCADE` with a `lossy-export` warning.
//! * **Transactions**: `CREATE|DROP INDEX CONCURRENTLY`, `ALTER TYPE … ADD VALUE`, raw
//!   SQL marked `no_transaction` and the SQLite `PRAGMA foreign_keys` statements have
//!   `transactional: false`, which makes the migration non-transactional.
//!
//! # Names
//!
//! Unnamed constraints stay unnamed (the database picks its default). In SQLite rebuilds,
//! names equal to replay's invented default are left out again, so a rebuilt table reads
//! like the original; a name written explicitly that equals the default is left out too,
//! which SQLite cannot tell apart (it never refers to constraints by name). `CREATE INDEX`
//! needs a name: the deterministic [`crate::schema::naming::index_name`],
//! `<table>_<col>[_<col>…]_idx` (`expr` for expression parts), cut to 63 bytes.
//!
//! # Problems
//!
//! Nothing is dropped silently. An operation a dialect cannot express is an
//! `unsupported-in-dialect` error (with span and help) — with `allow_lossy`, a warning and
//! a `-- polymig: not rendered …` comment in its place; a state lookup that fails (MySQL
//! `MODIFY` of an unknown column) is `missing-schema-state`, handled the same way. Losing a
//! detail of an operation that still runs is a `lossy-export` warning. `Sql` is copied
//! verbatim (`foreign-dialect-sql` warning when written for another dialect); `Opaque` is a
//! comment block with its location, reason and source (`opaque-operation` warning);
//! `ByDialect` renders the target's branch, else `otherwise`. Replay failures are reported
//! with replay's own codes. Output is deterministic: no hash-map order reaches it.
//!
//! # Running the scripts
//!
//! Scripts contain no client meta-commands and run as they are with `psql -v
//! ON_ERROR_STOP=1 -f`, `mysql < file` and `sqlite3 -bail db < file`. A statement ending
//! inside a `--` or `#` comment gets its `;` on a line of its own. One exception: raw SQL
//! with `;` inside a body (a MySQL trigger or procedure) must be wrapped in `DELIMITER //` …
//! `//` for the `mysql` client; such statements say so in their comment line. polymig's own
//! runner sends statements one by one and needs nothing.

mod ddl;
mod ddl_index;
mod dialect;
#[cfg(test)]
mod expr_tests;
mod guard;
#[cfg(test)]
mod guard_tests;
#[cfg(test)]
mod live_tests;
mod mysql;
mod mysql_types;
mod ops;
mod ops_drop;
mod postgres;
mod render;
mod script;
mod spelling;
mod sqlite;
mod sqlite_rebuild;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod testutil;
mod text;
mod walk;

pub use script::{down_script, up_script};
pub(crate) use spelling::Spelling;

use std::collections::BTreeSet;

use crate::diagnostics::Diagnostic;
use crate::ir::{Migration, Span, SqlDialect};
use crate::schema::{Schema, invert_migration};
use dialect::Dialect;
use walk::Walk;

/// What to render and how strictly.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Target database.
    pub dialect: SqlDialect,
    /// Render down scripts too.
    pub with_down: bool,
    /// Turn "cannot express" errors into warnings (the statement is replaced by a comment).
    pub allow_lossy: bool,
}

/// One rendered SQL statement, knowing the operation it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The SQL, terminated by `;` (a pure comment for Opaque operations).
    pub sql: String,
    /// Human description: `AddColumn users.email`.
    pub comment: String,
    /// Index of the source operation in the migration's `up` (or down) list.
    pub op_index: usize,
    /// Span of the source operation.
    pub span: Span,
    /// False when the statement must run outside a transaction (`CREATE INDEX CONCURRENTLY`).
    pub transactional: bool,
}

/// A migration rendered for one dialect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMigration {
    /// Migration id.
    pub id: String,
    /// Migration name.
    pub name: String,
    /// Up statements.
    pub up: Vec<Statement>,
    /// Down statements, when asked for and derivable.
    pub down: Option<Vec<Statement>>,
    /// True when every statement may run in one transaction.
    pub transactional: bool,
    /// Problems met while rendering.
    pub diagnostics: Vec<Diagnostic>,
}

impl RenderedMigration {
    /// True when the down statements may run in one transaction (`transactional` covers `up`).
    pub fn down_transactional(&self) -> bool {
        self.transactional && self.down.iter().flatten().all(|s| s.transactional)
    }

    /// True when rendering met an error (an unsupported operation, an irreversible down).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Render a whole history, replaying the schema state as it goes.
pub fn render_history(migrations: &[Migration], opts: &ExportOptions) -> Vec<RenderedMigration> {
    let mut state = Schema::default();
    let mut written = BTreeSet::new();
    migrations.iter().map(|m| render_in(m, &mut state, &mut written, opts)).collect()
}

/// One combined script: a `-- <id> <name>` header per migration, then its statements.
pub fn to_script(rendered: &[RenderedMigration]) -> String {
    script::combined(rendered)
}

/// Render one migration against `state` (the schema before it), which is advanced past its `up`.
///
/// Lets a caller start from a known schema (an introspected database) instead of an empty one.
pub fn render_migration(m: &Migration, state: &mut Schema, opts: &ExportOptions) -> RenderedMigration {
    render_in(m, state, &mut BTreeSet::new(), opts)
}

/// [`render_migration`], collecting into `written` the constraint names the history wrote.
fn render_in(
    m: &Migration,
    state: &mut Schema,
    written: &mut BTreeSet<String>,
    opts: &ExportOptions,
) -> RenderedMigration {
    let d = dialect_for(opts.dialect);
    let before = opts.with_down.then(|| state.clone());
    let mut diagnostics = Vec::new();
    let mut walk = Walk { d, opts, diagnostics: &mut diagnostics, down: false, out: Vec::new(), written };
    walk.ops(&m.up, state);
    let up = std::mem::take(&mut walk.out);
    let down = before.and_then(|before| match invert_migration(m, &before, Some(opts.dialect)) {
        Ok(ops) => {
            let mut after_up = state.clone();
            walk.down = true;
            walk.ops(&ops, &mut after_up);
            Some(std::mem::take(&mut walk.out))
        }
        Err(irr) => {
            walk.diagnostics.push(
                Diagnostic::error(
                    "irreversible-migration",
                    format!("migration {} {} cannot be reverted: {}", m.id, m.name, irr.reason),
                )
                .at(irr.span)
                .help("write an explicit down migration for it"),
            );
            None
        }
    });
    let transactional = m.transactional && up.iter().all(|s| s.transactional);
    RenderedMigration { id: m.id.clone(), name: m.name.clone(), up, down, transactional, diagnostics }
}

/// The implementation of a dialect.
fn dialect_for(id: SqlDialect) -> &'static dyn Dialect {
    match id {
        SqlDialect::Postgres => &postgres::Postgres,
        SqlDialect::Mysql => &mysql::Mysql,
        SqlDialect::Sqlite => &sqlite::Sqlite,
    }
}

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
//! Layout: `dialect.rs` (the `Dialect` trait: capabilities, quoting, literals, one hook
//! per operation), `ops.rs` (the standard rendering of each operation), `ddl.rs` (shared
//! fragments: table bodies, constraints, indexes), `postgres.rs` / `mysql.rs` /
//! `sqlite.rs` (one implementation each, with its TYPE TABLE), `sqlite_rebuild.rs`,
//! `script.rs`, `render.rs` (the per-operation context), `text.rs` (lexical helpers).
//!
//! # Dialect decisions
//!
//! * **Quoting**: every identifier is quoted — `"a""b"` on PostgreSQL and SQLite,
//!   `` `a``b` `` on MySQL. String literals double `'`; MySQL also escapes `\` and NUL.
//!   Check, generated-column, index and view expressions and `Sql` defaults are verbatim.
//! * **Booleans**: `TRUE`/`FALSE` on PostgreSQL, `1`/`0` on MySQL (`tinyint(1)`) and SQLite.
//! * **Auto-increment**: PostgreSQL `serial` family for `Serial`, `GENERATED ALWAYS|BY
//!   DEFAULT AS IDENTITY` otherwise (MySQL's `AUTO_INCREMENT` → `BY DEFAULT`); MySQL
//!   `AUTO_INCREMENT`; SQLite `"id" INTEGER PRIMARY KEY AUTOINCREMENT` inline when the
//!   column is the single-column primary key (elsewhere SQLite cannot, `lossy-export`).
//! * **Defaults**: MySQL puts expressions and literals on text/blob/json columns in
//!   parentheses (`DEFAULT ('x')`, MySQL 8.0.13+ / MariaDB 10.2+), uses
//!   `CURRENT_TIMESTAMP(p)` on `datetime(p)`, `(CURRENT_DATE)`; SQLite parenthesises
//!   expressions.
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
//!   is `text` + the same `CHECK`.
//! * **Lossy types** (`lossy-export` warnings): arrays → MySQL/SQLite `json`; interval →
//!   MySQL `time(6)`, SQLite `text`; unbounded varchar → MySQL `text`; unbounded numeric
//!   → MySQL `decimal(65, 30)`; unsigned bigint → PostgreSQL `bigint`; `Native` types of
//!   another dialect pass through a small translation table, else verbatim with a warning.
//!   Not reported: jsonb → `json`, uuid → MySQL `char(36)`, binary length limits on
//!   PostgreSQL, SQLite's unenforced lengths.
//! * **MySQL**: `AlterColumn` and column comments are `MODIFY COLUMN` with the FULL
//!   definition from the replayed state (MySQL forgets what a `MODIFY` does not repeat);
//!   `DROP CONSTRAINT` becomes `DROP FOREIGN KEY` / `DROP INDEX` / `DROP PRIMARY KEY` /
//!   `DROP CONSTRAINT` (checks: MariaDB has no `DROP CHECK`) by the kind in the state;
//!   `DROP INDEX … ON t` and `RENAME INDEX` find the table in the op or the state;
//!   `DROP COLUMN` first drops foreign keys and multi-column keys using the column (as
//!   PostgreSQL and replay do). `CONCURRENTLY`, `DEFERRABLE`, `NOT VALID`, `INCLUDE`,
//!   operator classes, `NULLS FIRST/LAST`, `IF [NOT] EXISTS` on columns/indexes (MariaDB-only)
//!   and non-unique partial-index predicates are dropped with a warning; a partial
//!   *unique* index is `unsupported-in-dialect` (dropping the predicate rejects valid rows).
//!   `REFERENCES t` without columns names t's primary key from the state.
//! * **SQLite**: changes `ALTER TABLE` cannot make are the table rebuild documented in
//!   `sqlite_rebuild.rs` (`PRAGMA foreign_keys` handling included); `ADD COLUMN` is used
//!   when allowed (no PRIMARY KEY/UNIQUE, constant default, not NOT NULL without one, no
//!   STORED generated), `DROP COLUMN` when no key, index, check or generated column uses
//!   the column; `RENAME INDEX` is drop + create; no schemas in `REFERENCES`.
//! * **Transactions**: `CREATE|DROP INDEX CONCURRENTLY`, `ALTER TYPE … ADD VALUE`, raw
//!   SQL marked `no_transaction` and the SQLite `PRAGMA foreign_keys` statements have
//!   `transactional: false`, which makes the migration non-transactional.
//!
//! # Names
//!
//! Unnamed constraints stay unnamed (the database picks its default; in SQLite
//! rebuilds, names equal to replay's invented default are left out again). `CREATE
//! INDEX` needs a name: the deterministic [`crate::schema::naming::index_name`],
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
//! ON_ERROR_STOP=1 -f`, `mysql < file` and `sqlite3 -bail db < file`. One exception:
//! raw SQL with `;` inside a body (a MySQL trigger or procedure) must be wrapped in
//! `DELIMITER //` … `//` for the `mysql` client; such statements say so in their comment
//! line. polymig's own runner sends statements one by one and needs nothing.

mod ddl;
mod dialect;
#[cfg(test)]
mod live_tests;
mod mysql;
mod ops;
mod postgres;
mod render;
mod script;
mod sqlite;
mod sqlite_rebuild;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod testutil;
mod text;

pub use script::{down_script, up_script};

use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::{Migration, Op, Operation, Span, SqlDialect};
use crate::schema::{Schema, invert_migration, replay, select_branch};
use dialect::Dialect;
use render::{Piece, Renderer};

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
    migrations.iter().map(|m| render_migration(m, &mut state, opts)).collect()
}

/// One combined script: a `-- <id> <name>` header per migration, then its statements.
pub fn to_script(rendered: &[RenderedMigration]) -> String {
    script::combined(rendered)
}

/// Render one migration against `state` (the schema before it), which is advanced past its `up`.
///
/// Lets a caller start from a known schema (an introspected database) instead of an empty one.
pub fn render_migration(m: &Migration, state: &mut Schema, opts: &ExportOptions) -> RenderedMigration {
    let d = dialect_for(opts.dialect);
    let before = opts.with_down.then(|| state.clone());
    let mut diagnostics = Vec::new();
    let mut walk = Walk { d, opts, diagnostics: &mut diagnostics, down: false, out: Vec::new() };
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

/// A walk over a list of operations, rendering each against the state before it.
struct Walk<'a> {
    d: &'static dyn Dialect,
    opts: &'a ExportOptions,
    diagnostics: &'a mut Vec<Diagnostic>,
    down: bool,
    out: Vec<Statement>,
}

impl Walk<'_> {
    fn ops(&mut self, ops: &[Op], state: &mut Schema) {
        for (i, op) in ops.iter().enumerate() {
            self.op(op, i, state);
        }
    }

    /// Render `op` (index `index` of its list), then advance `state` past it.
    fn op(&mut self, op: &Op, index: usize, state: &mut Schema) {
        if let Operation::ByDialect(b) = &op.kind {
            let id = self.d.id();
            let branch = select_branch(b, Some(id));
            if branch.is_empty() {
                let sql = render::comment_lines(&format!("no branch for {id}: nothing to do"));
                self.push(
                    index,
                    op,
                    "ByDialect".into(),
                    Piece { sql, transactional: true, note: None, comment_only: true },
                );
            }
            for sub in branch {
                self.op(sub, index, state);
            }
            return;
        }
        let mut r = Renderer::new(self.d, state, op);
        let result = ops::dispatch(&mut r, &op.kind);
        let mut pieces = std::mem::take(&mut r.pieces);
        let mut diags = std::mem::take(&mut r.diags);
        if let Err(u) = result {
            pieces.clear();
            let severity = if self.opts.allow_lossy { Severity::Warning } else { Severity::Error };
            let mut help = u.help;
            if !self.opts.allow_lossy && u.code == render::UNSUPPORTED {
                help.push_str(" (--allow-lossy keeps a comment in its place)");
            }
            diags.push(Diagnostic::new(severity, u.code, u.message.clone()).at(op.span.clone()).help(help));
            let sql =
                render::comment_lines(&format!("polymig: not rendered for {}: {}", self.d.display_name(), u.message));
            pieces.push(Piece { sql, transactional: true, note: Some("not rendered".into()), comment_only: true });
        }
        let after = r.take_after();
        let desc = ops::describe(&op.kind);
        for p in pieces {
            self.push(index, op, desc.clone(), p);
        }
        match after {
            Some((s, err)) => {
                *state = s;
                diags.extend(err);
            }
            None => diags.extend(replay(state, op, Some(self.d.id())).err()),
        }
        for mut diag in diags {
            if self.down {
                diag.message = format!("in the down migration: {}", diag.message);
            }
            self.diagnostics.push(diag);
        }
    }

    fn push(&mut self, index: usize, op: &Op, desc: String, p: Piece) {
        let comment = match &p.note {
            Some(n) => format!("{desc} ({n})"),
            None => desc,
        };
        self.out.push(Statement {
            sql: finish(p.sql, p.comment_only),
            comment,
            op_index: index,
            span: op.span.clone(),
            transactional: p.transactional,
        });
    }
}

/// Terminate a statement with `;` (on its own line when the last line ends in a `--` comment).
fn finish(sql: String, comment_only: bool) -> String {
    if comment_only {
        return sql;
    }
    let last = sql.lines().last().unwrap_or_default();
    if last.contains("--") { format!("{sql}\n;") } else { format!("{sql};") }
}

//! SQL exporter: IR history → SQL for PostgreSQL, MySQL/MariaDB and SQLite.
//!
//! OWNED BY: sql-exporter helper (stub API; keep these signatures).

use crate::diagnostics::Diagnostic;
use crate::ir::{Migration, Span, SqlDialect};

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

/// Render a whole history, replaying the schema state as it goes.
pub fn render_history(migrations: &[Migration], opts: &ExportOptions) -> Vec<RenderedMigration> {
    let _ = (migrations, opts);
    Vec::new()
}

/// One combined script: a `-- <id> <name>` header per migration, then its statements.
pub fn to_script(rendered: &[RenderedMigration]) -> String {
    let _ = rendered;
    String::new()
}

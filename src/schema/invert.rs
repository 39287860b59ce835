//! Derive down operations from an operation and the state before it.

use super::Schema;
use crate::ir::{Migration, Op, Span, SqlDialect};

/// Why a step cannot be undone, and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Irreversible {
    /// The reason, in one sentence.
    pub reason: String,
    /// The operation's span.
    pub span: Span,
}

/// The operations that undo `op`, given the schema before it ran (in execution order).
pub fn invert(op: &Op, before: &Schema, dialect: Option<SqlDialect>) -> Result<Vec<Op>, Irreversible> {
    let _ = (op, before, dialect);
    Ok(Vec::new())
}

/// The down operations of a migration: its explicit `down`, or the inverse of `up` in reverse order.
pub fn invert_migration(m: &Migration, before: &Schema, dialect: Option<SqlDialect>) -> Result<Vec<Op>, Irreversible> {
    let _ = (m, before, dialect);
    Ok(Vec::new())
}

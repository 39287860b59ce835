//! Apply an operation to a [`Schema`].

use super::Schema;
use crate::diagnostics::Diagnostic;
use crate::ir::{Migration, Op, SqlDialect};

/// Apply one operation. Fails with a diagnostic (at the op's span) when the step is impossible.
pub fn replay(schema: &mut Schema, op: &Op, dialect: Option<SqlDialect>) -> Result<(), Diagnostic> {
    let _ = (schema, op, dialect);
    Ok(())
}

/// Apply a migration's `up` operations; returns the diagnostics of the steps that failed.
pub fn replay_migration(schema: &mut Schema, m: &Migration, dialect: Option<SqlDialect>) -> Vec<Diagnostic> {
    m.up.iter().filter_map(|op| replay(schema, op, dialect).err()).collect()
}

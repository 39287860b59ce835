//! SQL importer: scripts and SQL-runner directory layouts → IR.
//!
//! OWNED BY: sql-importer helper (stub API; keep these signatures).

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::ir::{Migration, Op, SqlDialect};

/// Options for reading SQL.
#[derive(Debug, Clone, Default)]
pub struct SqlImportOptions {
    /// The dialect the SQL is written in; `None` detects it per file from its content.
    pub dialect: Option<SqlDialect>,
}

/// Parse one SQL script into operations. `file` is used in spans.
pub fn parse_script(text: &str, file: &str, dialect: SqlDialect) -> (Vec<Op>, Vec<Diagnostic>) {
    let _ = (text, file, dialect);
    (Vec::new(), Vec::new())
}

/// Read files and directories (walked recursively) into one history sorted by version.
pub fn import_paths(paths: &[PathBuf], opts: &SqlImportOptions) -> (Vec<Migration>, Vec<Diagnostic>) {
    let _ = (paths, opts);
    (Vec::new(), Vec::new())
}

/// True when `path` looks like a SQL migration file or folder of this format.
pub fn detect(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "sql")
}

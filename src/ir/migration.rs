//! A migration and the versioned JSON document that holds a history of them.

use serde::{Deserialize, Serialize};

use super::Op;
use crate::diagnostics::Diagnostic;

/// The version of the IR's JSON form, written as `"polymig_ir": 1`.
pub const IR_VERSION: u32 = 1;

/// One migration: an ordered list of operations with identity and provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Migration {
    /// Version / identifier used for ordering and the history table: `20240101120000`, `0003`, `V1_2`.
    pub id: String,
    /// Human name: `create_users`.
    pub name: String,
    /// Path of the file (or folder) it was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Ids of migrations that must run first (besides the history order).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<String>,
    /// Those of `dependencies` that order without being parents (Alembic `depends_on = "abc123"`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    /// Names of the branches this migration starts (Alembic `branch_labels = ("billing",)`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub branch_labels: Vec<String>,
    /// Versions of earlier migrations this one stands for: a `polymig squash` baseline (every
    /// squashed version), a `polymig consolidate` migration (its original version). A database
    /// that ran all of them has, in effect, run this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaces: Vec<String>,
    /// Forward operations.
    pub up: Vec<Op>,
    /// Explicit down operations from the source (`*.down.sql`, `def down`); `None` means "derive by inverting `up`".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub down: Option<Vec<Op>>,
    /// Runs inside one transaction where the database allows (false: Rails `disable_ddl_transaction!`, `-- polymig:no-transaction`).
    pub transactional: bool,
    /// Problems met while importing this migration.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}

impl Migration {
    /// An empty transactional migration.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Migration {
            id: id.into(),
            name: name.into(),
            source: None,
            dependencies: Vec::new(),
            depends_on: Vec::new(),
            branch_labels: Vec::new(),
            replaces: Vec::new(),
            up: Vec::new(),
            down: None,
            transactional: true,
            diagnostics: Vec::new(),
        }
    }
}

/// The JSON document `polymig inspect` prints:
/// `{"polymig_ir": 1, "migrations": [...], "diagnostics": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Always [`IR_VERSION`].
    pub polymig_ir: u32,
    /// The history, in order.
    pub migrations: Vec<Migration>,
    /// Diagnostics not tied to one migration (unreadable files, ordering problems).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// Wrap a history.
    pub fn new(migrations: Vec<Migration>, diagnostics: Vec<Diagnostic>) -> Self {
        Document { polymig_ir: IR_VERSION, migrations, diagnostics }
    }
}

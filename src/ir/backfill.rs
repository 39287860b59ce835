//! The batched data change: [`Backfill`].

use serde::{Deserialize, Serialize};

use super::QName;

/// A data change run in keyset-paginated batches, each in its own short transaction, with a
/// checkpoint so an interrupted run resumes where it stopped:
///
/// ```sql
/// -- polymig:backfill table=users set="email_lower = lower(email)" where="email_lower IS NULL" batch=1000
/// ```
///
/// stands for `UPDATE users SET email_lower = lower(email) WHERE email_lower IS NULL`, 1,000 rows
/// at a time in primary-key order (Rails `User.where(...).in_batches.update_all(...)`, Django
/// `QuerySet.update` in a `RunPython`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Backfill {
    /// The table updated.
    pub table: QName,
    /// `column = expression` assignments, expressions in the canonical (ANSI) spelling.
    pub set: Vec<Assignment>,
    /// Only rows matching this condition (canonical spelling).
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// Rows per batch (the runner shrinks batches that run slow).
    #[serde(default = "default_batch_size")]
    pub batch_size: u32,
    /// Pause between batches, in milliseconds.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub pause_ms: u64,
    /// The columns batches are ordered and bounded by; empty means the table's primary key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key: Vec<String>,
}

/// One `column = expression` of a [`Backfill`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Assignment {
    /// The column set.
    pub column: String,
    /// Its new value, an SQL expression in the canonical spelling.
    pub value: String,
}

/// Rows per batch when the source names none.
pub const DEFAULT_BATCH_SIZE: u32 = 1000;

fn default_batch_size() -> u32 {
    DEFAULT_BATCH_SIZE
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Backfill {
    /// A backfill of `table` with the default batch size and no pause.
    pub fn new(table: QName, set: Vec<Assignment>) -> Self {
        Backfill { table, set, filter: None, batch_size: DEFAULT_BATCH_SIZE, pause_ms: 0, key: Vec::new() }
    }
}

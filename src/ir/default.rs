//! Column default values as a small expression type.

use serde::{Deserialize, Serialize};

/// A column default: `DEFAULT 0`, `DEFAULT 'x'`, `DEFAULT CURRENT_TIMESTAMP`, or raw SQL.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
#[non_exhaustive]
pub enum DefaultExpr {
    /// `DEFAULT NULL`.
    Null,
    /// `DEFAULT true` (rendered `1`/`0` where booleans are integers).
    Bool(bool),
    /// A numeric literal, kept as written: `DEFAULT 0`, `DEFAULT -1.5`.
    Number(String),
    /// A string literal (unescaped value): `DEFAULT 'draft'`.
    String(String),
    /// `CURRENT_TIMESTAMP` / `now()`.
    CurrentTimestamp,
    /// `CURRENT_DATE`.
    CurrentDate,
    /// `CURRENT_TIME`.
    CurrentTime,
    /// Any other expression, verbatim: `gen_random_uuid()`, `(lower('X'))`.
    Sql(String),
}

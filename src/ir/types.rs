//! Portable column types, with a `Native` escape hatch.

use serde::{Deserialize, Serialize};

use super::{QName, SqlDialect};

/// A column type in portable terms. Each exporter maps it to its own spelling
/// through one type table (see `export::sql::<dialect>::type_name`).
///
/// | IR | PostgreSQL | MySQL | SQLite |
/// |---|---|---|---|
/// | `Integer{bits:32}` | `integer` | `int` | `INTEGER` |
/// | `Varchar{length:Some(255)}` | `varchar(255)` | `varchar(255)` | `varchar(255)` |
/// | `Timestamp{tz:true}` | `timestamptz` | `timestamp` | `timestamp` |
/// | `Json{binary:true}` | `jsonb` | `json` | `json` |
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum DataType {
    /// `boolean` / `tinyint(1)`.
    Boolean,
    /// `smallint` (16), `integer` (32), `bigint` (64); 8 and 24 are MySQL's `tinyint`/`mediumint`.
    Integer {
        /// Width in bits: 8, 16, 24, 32 or 64.
        bits: u8,
        /// MySQL `UNSIGNED`.
        #[serde(default, skip_serializing_if = "is_false")]
        unsigned: bool,
    },
    /// `numeric(p, s)` / `decimal(p, s)`.
    Decimal {
        /// Total digits.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        precision: Option<u32>,
        /// Digits after the point.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scale: Option<u32>,
    },
    /// `real` (32) / `double precision` (64).
    Float {
        /// 32 or 64.
        bits: u8,
    },
    /// `char(n)`.
    Char {
        /// Fixed length.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        length: Option<u32>,
    },
    /// `varchar(n)` / `character varying`.
    Varchar {
        /// Maximum length; `None` is PostgreSQL's unbounded `varchar`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        length: Option<u32>,
    },
    /// `text` (MySQL `TEXT`; `tinytext`/`mediumtext`/`longtext` stay `Native`).
    Text,
    /// `bytea` / `blob` / `varbinary(n)` / `binary(n)`.
    Binary {
        /// Maximum length for `varbinary(n)`; `None` for unbounded blobs.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        length: Option<u32>,
        /// MySQL `binary(n)`: fixed length, padded.
        #[serde(default, skip_serializing_if = "is_false")]
        fixed: bool,
    },
    /// `date`.
    Date,
    /// `time [with time zone]`.
    Time {
        /// `with time zone`.
        #[serde(default, skip_serializing_if = "is_false")]
        tz: bool,
        /// Fractional-second digits.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        precision: Option<u32>,
    },
    /// `timestamp [with time zone]` / MySQL `datetime` (tz: false) or `timestamp` (tz: true).
    Timestamp {
        /// `with time zone` (PostgreSQL `timestamptz`; MySQL `TIMESTAMP`).
        #[serde(default, skip_serializing_if = "is_false")]
        tz: bool,
        /// Fractional-second digits.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        precision: Option<u32>,
    },
    /// PostgreSQL `interval`.
    Interval,
    /// `uuid` (MySQL `char(36)`, SQLite `uuid` affinity text).
    Uuid,
    /// `json` / `jsonb` (binary).
    Json {
        /// PostgreSQL `jsonb`.
        #[serde(default, skip_serializing_if = "is_false")]
        binary: bool,
    },
    /// A named enum type (PostgreSQL `CREATE TYPE … AS ENUM`), or an inline MySQL `enum('a','b')`.
    Enum {
        /// The PostgreSQL type name (`None` for MySQL inline enums).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<QName>,
        /// Values, when known at this point (always for MySQL inline enums).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        values: Vec<String>,
    },
    /// PostgreSQL arrays: `integer[]`.
    Array {
        /// Element type.
        of: Box<DataType>,
    },
    /// A type the IR does not model portably, kept verbatim (`tsvector`, `mediumtext`, `geometry`).
    Native {
        /// The type as written in the source.
        sql: String,
        /// The dialect it was written for, if known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dialect: Option<SqlDialect>,
    },
}

pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}

impl DataType {
    /// `Integer { bits, unsigned: false }`.
    pub fn int(bits: u8) -> Self {
        DataType::Integer { bits, unsigned: false }
    }

    /// `Varchar { length }`.
    pub fn varchar(length: Option<u32>) -> Self {
        DataType::Varchar { length }
    }

    /// A native type spelled for one dialect.
    pub fn native(sql: impl Into<String>, dialect: Option<SqlDialect>) -> Self {
        DataType::Native { sql: sql.into(), dialect }
    }

    /// True for the integer family (eligible for auto-increment).
    pub fn is_integer(&self) -> bool {
        matches!(self, DataType::Integer { .. })
    }
}

//! The neutral operation IR: every importer produces it, every exporter consumes it.
//!
//! A history is a `Vec<Migration>`; a migration holds [`Op`]s, each an
//! [`Operation`] plus the [`Span`] of its source. The JSON form is versioned by
//! [`IR_VERSION`] (`"polymig_ir": 1`) and documented in ARCHITECTURE.md.
#![warn(missing_docs)]

mod backfill;
mod column;
mod constraint;
mod default;
mod index;
mod migration;
mod name;
mod op;
mod span;
mod types;

pub use backfill::{Assignment, Backfill, DEFAULT_BATCH_SIZE};
pub use column::{AutoIncrement, Column, GeneratedColumn};
pub use constraint::{Constraint, ConstraintKind, Deferrable, FkAction, ForeignKey};
pub use default::DefaultExpr;
pub use index::{Index, IndexKey, IndexPart};
pub use migration::{Document, IR_VERSION, Migration};
pub use name::QName;
pub use op::*;
pub use span::{LineIndex, Span};
pub use types::DataType;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The SQL databases polymig imports from, exports to and runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SqlDialect {
    /// PostgreSQL (11+).
    Postgres,
    /// MySQL 8 and MariaDB 10.5+.
    Mysql,
    /// SQLite 3.35+.
    Sqlite,
}

impl SqlDialect {
    /// All dialects, in a fixed order.
    pub const ALL: [SqlDialect; 3] = [SqlDialect::Postgres, SqlDialect::Mysql, SqlDialect::Sqlite];

    /// Lower-case name: `postgres`, `mysql`, `sqlite`.
    pub fn as_str(self) -> &'static str {
        match self {
            SqlDialect::Postgres => "postgres",
            SqlDialect::Mysql => "mysql",
            SqlDialect::Sqlite => "sqlite",
        }
    }
}

impl fmt::Display for SqlDialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SqlDialect {
    type Err = String;

    /// Accepts the names ORMs and URLs use: `postgres`, `postgresql`, `pg`, `mysql`, `mariadb`, `sqlite`, `sqlite3`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" => Ok(SqlDialect::Postgres),
            "mysql" | "mariadb" => Ok(SqlDialect::Mysql),
            "sqlite" | "sqlite3" => Ok(SqlDialect::Sqlite),
            other => Err(format!("unknown dialect `{other}` (expected postgres, mysql or sqlite)")),
        }
    }
}

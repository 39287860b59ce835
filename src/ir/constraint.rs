//! Table constraints: primary key, unique, foreign key, check.

use serde::{Deserialize, Serialize};

use super::{QName, types::is_false};

/// `[CONSTRAINT name] PRIMARY KEY (…) | UNIQUE (…) | FOREIGN KEY (…) REFERENCES … | CHECK (…)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Constraint {
    /// The name the source gave or the ORM would generate; `None` lets the database choose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What the constraint enforces.
    #[serde(flatten)]
    pub kind: ConstraintKind,
}

/// The body of a [`Constraint`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ConstraintKind {
    /// `PRIMARY KEY (a, b)`.
    PrimaryKey {
        /// Key columns in order.
        columns: Vec<String>,
    },
    /// `UNIQUE [NULLS NOT DISTINCT] (a, b) [DEFERRABLE INITIALLY …]`.
    Unique {
        /// Unique columns in order.
        columns: Vec<String>,
        /// PostgreSQL 15 `NULLS NOT DISTINCT`.
        #[serde(default, skip_serializing_if = "is_false")]
        nulls_not_distinct: bool,
        /// `DEFERRABLE INITIALLY IMMEDIATE|DEFERRED` (PostgreSQL only).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        deferrable: Option<Deferrable>,
    },
    /// `FOREIGN KEY (a) REFERENCES t (b) [ON DELETE …] [ON UPDATE …] [DEFERRABLE …]`.
    ForeignKey(ForeignKey),
    /// `CHECK (expr)`, expression kept verbatim.
    Check {
        /// The boolean expression, without the surrounding parentheses.
        expr: String,
    },
}

/// `FOREIGN KEY (columns) REFERENCES ref_table (ref_columns) …`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ForeignKey {
    /// Referencing columns.
    pub columns: Vec<String>,
    /// Referenced table.
    pub ref_table: QName,
    /// Referenced columns (empty: the referenced table's primary key).
    #[serde(default)]
    pub ref_columns: Vec<String>,
    /// `ON DELETE …`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_delete: Option<FkAction>,
    /// `ON UPDATE …`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_update: Option<FkAction>,
    /// `DEFERRABLE [INITIALLY DEFERRED]` (PostgreSQL, SQLite).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferrable: Option<Deferrable>,
}

/// Referential action: `CASCADE`, `SET NULL`, …
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FkAction {
    /// `NO ACTION`.
    NoAction,
    /// `RESTRICT`.
    Restrict,
    /// `CASCADE`.
    Cascade,
    /// `SET NULL`.
    SetNull,
    /// `SET DEFAULT`.
    SetDefault,
}

impl FkAction {
    /// The SQL keywords for this action.
    pub fn sql(self) -> &'static str {
        match self {
            FkAction::NoAction => "NO ACTION",
            FkAction::Restrict => "RESTRICT",
            FkAction::Cascade => "CASCADE",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
        }
    }
}

/// `DEFERRABLE INITIALLY IMMEDIATE` / `DEFERRABLE INITIALLY DEFERRED`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deferrable {
    /// `DEFERRABLE INITIALLY IMMEDIATE`.
    Immediate,
    /// `DEFERRABLE INITIALLY DEFERRED`.
    Deferred,
}

impl Constraint {
    /// Columns the constraint is defined on (empty for checks).
    pub fn columns(&self) -> &[String] {
        match &self.kind {
            ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } => columns,
            ConstraintKind::ForeignKey(fk) => &fk.columns,
            ConstraintKind::Check { .. } => &[],
        }
    }

    /// Short kind name used in messages and default names: `pkey`, `key`, `fkey`, `check`.
    pub fn suffix(&self) -> &'static str {
        match &self.kind {
            ConstraintKind::PrimaryKey { .. } => "pkey",
            ConstraintKind::Unique { .. } => "key",
            ConstraintKind::ForeignKey(_) => "fkey",
            ConstraintKind::Check { .. } => "check",
        }
    }
}

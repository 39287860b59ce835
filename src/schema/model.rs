//! The schema state a history builds: tables, enums, views, extensions.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Column, Constraint, Index, QName};

/// A database schema as polymig understands it: what `replay` builds and `introspect` reads.
///
/// Keys of the maps are [`QName::key`] strings (`users`, `audit.events`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Schema {
    /// Tables by key.
    pub tables: BTreeMap<String, Table>,
    /// Enum types by key (PostgreSQL `CREATE TYPE … AS ENUM`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub enums: BTreeMap<String, EnumType>,
    /// Views by key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub views: BTreeMap<String, View>,
    /// Installed extensions (PostgreSQL).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub extensions: BTreeSet<String>,
}

/// A table: `CREATE TABLE name (columns…, constraints…)` plus its indexes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// Table name.
    pub name: QName,
    /// Columns in order.
    pub columns: Vec<Column>,
    /// Constraints; in a replayed schema every constraint has a name (the source's or the dialect's default).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<Constraint>,
    /// Indexes on this table (not those backing unique/primary constraints).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    /// Table comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Table {
    /// An empty table.
    pub fn new(name: QName) -> Self {
        Table { name, columns: Vec::new(), constraints: Vec::new(), indexes: Vec::new(), comment: None }
    }

    /// The column named `name` (exact match first, then ASCII case-insensitive).
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns
            .iter()
            .find(|c| c.name == name)
            .or_else(|| self.columns.iter().find(|c| c.name.eq_ignore_ascii_case(name)))
    }

    /// Mutable access to the column named `name`.
    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        let i = self.column_index(name)?;
        self.columns.get_mut(i)
    }

    /// Position of the column named `name`.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.name == name)
            .or_else(|| self.columns.iter().position(|c| c.name.eq_ignore_ascii_case(name)))
    }

    /// The constraint named `name`.
    pub fn constraint(&self, name: &str) -> Option<&Constraint> {
        self.constraints.iter().find(|c| c.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(name)))
    }

    /// The primary key constraint, if any.
    pub fn primary_key(&self) -> Option<&Constraint> {
        self.constraints.iter().find(|c| matches!(c.kind, crate::ir::ConstraintKind::PrimaryKey { .. }))
    }

    /// The index named `name`.
    pub fn index(&self, name: &str) -> Option<&Index> {
        self.indexes.iter().find(|i| i.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(name)))
    }
}

/// `CREATE TYPE name AS ENUM (values…)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumType {
    /// Type name.
    pub name: QName,
    /// Values in order.
    pub values: Vec<String>,
}

/// `CREATE [MATERIALIZED] VIEW name AS query`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    /// View name.
    pub name: QName,
    /// Column names, when listed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// The query as written.
    pub query: String,
    /// Materialized view.
    #[serde(default)]
    pub materialized: bool,
}

impl Schema {
    /// The table with this name (exact key first, then ASCII case-insensitive).
    pub fn table(&self, name: &QName) -> Option<&Table> {
        let key = name.key();
        self.tables.get(&key).or_else(|| self.tables.iter().find(|(k, _)| k.eq_ignore_ascii_case(&key)).map(|(_, t)| t))
    }

    /// Mutable access to a table.
    pub fn table_mut(&mut self, name: &QName) -> Option<&mut Table> {
        let key = self.table_key(name)?;
        self.tables.get_mut(&key)
    }

    /// The stored key of a table, resolving case differences.
    pub fn table_key(&self, name: &QName) -> Option<String> {
        let key = name.key();
        if self.tables.contains_key(&key) {
            return Some(key);
        }
        self.tables.keys().find(|k| k.eq_ignore_ascii_case(&key)).cloned()
    }

    /// The table that owns the index named `name`.
    pub fn table_of_index(&self, name: &str) -> Option<&Table> {
        self.tables.values().find(|t| t.index(name).is_some())
    }
}

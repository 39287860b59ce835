//! Index definitions.

use serde::{Deserialize, Serialize};

use super::{QName, types::is_false};

/// `CREATE [UNIQUE] INDEX name ON table [USING method] (parts) [INCLUDE (…)] [WHERE …]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Index {
    /// Index name; `None` when the source gave none (the exporter then uses
    /// `<table>_<col>[_<col>…]_idx`, PostgreSQL's own default scheme).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Indexed table.
    pub table: QName,
    /// Key parts in order.
    pub parts: Vec<IndexPart>,
    /// `UNIQUE`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique: bool,
    /// `USING btree|hash|gin|gist|…` (MySQL `FULLTEXT`/`SPATIAL` are methods `fulltext`/`spatial`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Partial index predicate, verbatim: `WHERE deleted_at IS NULL`.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "where")]
    pub predicate: Option<String>,
    /// `INCLUDE (…)` covering columns (PostgreSQL).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// PostgreSQL 15 `NULLS NOT DISTINCT`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub nulls_not_distinct: bool,
}

/// One key part: a column or an expression, with order, operator class and prefix length.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IndexPart {
    /// What is indexed.
    #[serde(flatten)]
    pub key: IndexKey,
    /// `DESC` (true) or default ascending.
    #[serde(default, skip_serializing_if = "is_false")]
    pub desc: bool,
    /// `NULLS FIRST` (true) / `NULLS LAST` (false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nulls_first: Option<bool>,
    /// PostgreSQL operator class: `text_pattern_ops`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opclass: Option<String>,
    /// MySQL prefix length: `name(10)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<u32>,
    /// `COLLATE name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
}

/// A column name or an expression (`lower(email)`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexKey {
    /// A plain column.
    Column(String),
    /// An expression, verbatim and without the surrounding parentheses.
    Expression(String),
}

impl IndexPart {
    /// An ascending part on a plain column.
    pub fn column(name: impl Into<String>) -> Self {
        IndexPart {
            key: IndexKey::Column(name.into()),
            desc: false,
            nulls_first: None,
            opclass: None,
            length: None,
            collation: None,
        }
    }
}

impl Index {
    /// Plain column names of the key parts (expressions are skipped).
    pub fn column_names(&self) -> Vec<&str> {
        self.parts
            .iter()
            .filter_map(|p| match &p.key {
                IndexKey::Column(c) => Some(c.as_str()),
                IndexKey::Expression(_) => None,
            })
            .collect()
    }
}

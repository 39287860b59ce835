//! Object names, optionally qualified by a schema.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A table, view, enum or index name: `users` or `audit.events`.
///
/// Serialised as a plain string when unqualified (`"users"`) and as
/// `{"schema": "audit", "name": "events"}` when qualified, so names that
/// contain dots never become ambiguous.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct QName {
    /// Schema (PostgreSQL schema, MySQL database, SQLite attached database), if given.
    pub schema: Option<String>,
    /// The object's own name, exactly as the database stores it.
    pub name: String,
}

impl QName {
    /// An unqualified name.
    pub fn new(name: impl Into<String>) -> Self {
        QName { schema: None, name: name.into() }
    }

    /// A schema-qualified name.
    pub fn qualified(schema: impl Into<String>, name: impl Into<String>) -> Self {
        QName { schema: Some(schema.into()), name: name.into() }
    }

    /// Key used for lookups in a [`crate::schema::Schema`]: `schema.name` or `name`.
    pub fn key(&self) -> String {
        match &self.schema {
            Some(s) => format!("{s}.{}", self.name),
            None => self.name.clone(),
        }
    }
}

impl fmt::Display for QName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.schema {
            Some(s) => write!(f, "{s}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

impl From<&str> for QName {
    fn from(name: &str) -> Self {
        QName::new(name)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum QNameRepr {
    Plain(String),
    Qualified { schema: Option<String>, name: String },
}

impl Serialize for QName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.schema {
            None => QNameRepr::Plain(self.name.clone()).serialize(s),
            Some(schema) => QNameRepr::Qualified { schema: Some(schema.clone()), name: self.name.clone() }.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for QName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match QNameRepr::deserialize(d)? {
            QNameRepr::Plain(name) => QName::new(name),
            QNameRepr::Qualified { schema, name } => QName { schema, name },
        })
    }
}

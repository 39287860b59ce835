//! What Django's migration state knows while the history is written: one model per table
//! created with a `CreateModel` (natively or as the state half of `SeparateDatabaseAndState`),
//! its fields by column, and the indexes and constraints declared to Django.

use std::collections::{BTreeMap, BTreeSet};

use super::py;
use crate::ir::QName;

/// A model in Django's state: `class Users(models.Model)` with `db_table = "users"`.
#[derive(Debug, Clone)]
pub struct Model {
    /// The model class name (`Users`).
    pub name: String,
    /// Field name per column (`author_id` → `author` for a `ForeignKey`).
    pub fields: BTreeMap<String, String>,
    /// Names of the `models.Index` / `UniqueConstraint` / `CheckConstraint` Django knows, with their columns.
    pub known: BTreeMap<String, Vec<String>>,
    /// False once raw SQL changed the table in a way Django's state does not describe: then
    /// Django must not rebuild it (SQLite's `_remake_table` recreates the table from the state).
    pub state_exact: bool,
}

/// All models of the app, by table key.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    models: BTreeMap<String, Model>,
    names: BTreeSet<String>,
}

impl Registry {
    /// The model of `table`, when Django's state has one.
    pub fn get(&self, table: &QName) -> Option<&Model> {
        self.models.get(&table.key())
    }

    /// Mutable access to the model of `table`.
    pub fn get_mut(&mut self, table: &QName) -> Option<&mut Model> {
        self.models.get_mut(&table.key())
    }

    /// A fresh model name for `table` (`blog_posts` → `BlogPosts`), unique case-insensitively.
    pub fn new_name(&self, table: &QName) -> String {
        let base: String = table
            .name
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|p| !p.is_empty())
            .map(|p| {
                let mut cs = p.chars();
                cs.next().map(|c| c.to_ascii_uppercase().to_string() + cs.as_str()).unwrap_or_default()
            })
            .collect();
        let base = py::identifier(if base.is_empty() { "Model" } else { &base });
        let base = if base.starts_with('_') { format!("M{base}") } else { base };
        let mut name = base.clone();
        let mut n = 2;
        while self.names.contains(&name.to_ascii_lowercase()) {
            name = format!("{base}{n}");
            n += 1;
        }
        name
    }

    /// Record a model for `table`.
    pub fn insert(&mut self, table: &QName, model: Model) {
        self.names.insert(model.name.to_ascii_lowercase());
        self.models.insert(table.key(), model);
    }

    /// Forget the model of `table` (`DeleteModel`).
    pub fn remove(&mut self, table: &QName) -> Option<Model> {
        let m = self.models.remove(&table.key())?;
        self.names.remove(&m.name.to_ascii_lowercase());
        Some(m)
    }

    /// Mark every model as no longer matching its table (after raw SQL or untranslated code).
    pub fn all_inexact(&mut self) {
        for m in self.models.values_mut() {
            m.state_exact = false;
        }
    }
}

impl Model {
    /// The field name of `column`.
    pub fn field(&self, column: &str) -> Option<&str> {
        self.fields.get(column).map(String::as_str)
    }

    /// A field name for `column` not yet used in this model (`author_id` → `author` for a relation).
    pub fn new_field_name(&self, column: &str, relation: bool) -> String {
        let stem =
            if relation { column.strip_suffix("_id").filter(|s| !s.is_empty()).unwrap_or(column) } else { column };
        let mut base = py::identifier(&stem.to_ascii_lowercase());
        // Django forbids `pk`, names with `__` and names ending in `_`.
        while base.contains("__") {
            base = base.replace("__", "_");
        }
        let base = base.trim_end_matches('_').to_string();
        let base = if base.is_empty() || base == "pk" || py::identifier(&base) != base {
            format!("f_{}", base.trim_start_matches('_'))
        } else {
            base
        };
        let taken = |n: &str| self.fields.values().any(|f| f == n);
        if !taken(&base) {
            return base;
        }
        (2..).map(|n| format!("{base}_{n}")).find(|n| !taken(n)).unwrap_or(base)
    }
}

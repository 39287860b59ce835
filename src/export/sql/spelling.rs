//! The exporter's spelling, lent to code outside it that writes SQL of its own (the
//! zero-downtime planner): identifier quoting, string literals, IR expressions and type names of
//! one dialect, and whole IR operations rendered exactly as `polymig convert` would.
//!
//! ```ignore
//! let sp = Spelling::of(SqlDialect::Mysql);
//! assert_eq!(sp.quote("a`b"), "`a``b`");
//! ```

use super::dialect::Dialect;
use super::render::Renderer;
use super::{ExportOptions, dialect_for, render_migration};
use crate::ir::{DataType, Migration, Op, Operation, QName, RawSql, Span, SqlDialect};
use crate::schema::Schema;

/// One dialect's spelling, borrowed from the SQL exporter's `Dialect` implementation.
#[derive(Clone, Copy)]
pub(crate) struct Spelling {
    d: &'static dyn Dialect,
}

impl std::fmt::Debug for Spelling {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Spelling({})", self.d.display_name())
    }
}

/// A statement rendered by the exporter: its SQL without the trailing `;`, and whether it may
/// run inside a transaction (`CREATE INDEX CONCURRENTLY` may not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rendered {
    /// The SQL text.
    pub sql: String,
    /// False when it must run outside a transaction.
    pub transactional: bool,
}

impl Spelling {
    /// The spelling of `dialect`.
    pub fn of(dialect: SqlDialect) -> Spelling {
        Spelling { d: dialect_for(dialect) }
    }

    /// `"name"` (`` `name` `` on MySQL), quote characters doubled.
    pub fn quote(&self, ident: &str) -> String {
        self.d.quote(ident)
    }

    /// `"schema"."name"` or `"name"`.
    pub fn qualified(&self, name: &QName) -> String {
        self.d.qualified(name)
    }

    /// `'text'` with the escapes the dialect needs.
    pub fn string(&self, s: &str) -> String {
        self.d.string_literal(s)
    }

    /// An IR expression (canonical spelling) in this dialect's spelling.
    pub fn expr(&self, canonical: &str) -> String {
        self.d.expression(canonical.trim()).0.trim().to_string()
    }

    /// The type's name in this dialect (`enum` types looked up in `schema`).
    pub fn type_name(&self, t: &DataType, schema: &Schema) -> String {
        let raw = RawSql { sql: String::new(), down: None, dialect: None, no_transaction: false };
        let op = Op::new(Operation::Sql(raw), Span::default());
        let mut r = Renderer::new(self.d, schema, &op);
        self.d.type_name(&mut r, t)
    }

    /// `ops` rendered against `before` as the exporter renders them; `Err` with the exporter's
    /// message when it cannot express one (comments standing in for statements are left out).
    pub fn render(&self, ops: Vec<Operation>, before: &Schema) -> Result<Vec<Rendered>, String> {
        let mut m = Migration::new("plan", "plan");
        m.up = ops.into_iter().map(|o| Op::new(o, Span::default())).collect();
        let opts = ExportOptions { dialect: self.d.id(), with_down: false, allow_lossy: false };
        let out = render_migration(&m, &mut before.clone(), &opts);
        if let Some(e) = out.diagnostics.iter().find(|d| d.is_error()) {
            return Err(e.message.clone());
        }
        Ok(out
            .up
            .into_iter()
            .filter(|s| !s.sql.trim_start().starts_with("--"))
            .map(|s| Rendered {
                sql: s.sql.trim_end().trim_end_matches(';').to_string(),
                transactional: s.transactional,
            })
            .collect())
    }
}

impl Spelling {
    /// The SQL of `col`'s default in this dialect (`None` when it has none).
    pub fn default_of(&self, col: &crate::ir::Column, schema: &Schema) -> Option<String> {
        let d = col.default.as_ref()?;
        let raw = RawSql { sql: String::new(), down: None, dialect: None, no_transaction: false };
        let op = Op::new(Operation::Sql(raw), Span::default());
        let mut r = Renderer::new(self.d, schema, &op);
        Some(self.d.default_value(&mut r, d, col))
    }
}

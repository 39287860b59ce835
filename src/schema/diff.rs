//! `schema::diff`: the IR operations that turn one schema state into another.
//!
//! ```
//! # use polymig::schema::{Schema, diff::{diff, DiffOptions}};
//! let (from, to) = (Schema::default(), Schema::default());
//! let d = diff(&from, &to, &DiffOptions::default());
//! assert!(d.operations.is_empty());
//! ```
//!
//! Replaying `operations` on `from` gives `to` (what Prisma's `migrate diff`, Alembic's
//! autogenerate and Django's `makemigrations` compute from models). The order is the one a
//! database accepts:
//!
//! 1. renames from [`DiffOptions::renames`];
//! 2. drops, dependents first: views, foreign keys, indexes and other constraints, columns,
//!    tables (referencing before referenced), enums, extensions;
//! 3. creates, dependencies first: extensions, enums (and added enum values), tables
//!    (referenced before referencing), columns and column changes, primary/unique/check
//!    constraints, foreign keys, indexes, views.
//!
//! Every operation is replayed onto a working copy of `from` as it is emitted, so cascades
//! (a dropped column takes its indexes with it, a renamed column renames its references) are
//! followed exactly. Whatever the operations cannot express is a diagnostic, never a silent
//! loss: a table or column dropped while another of the same shape is created is a
//! `probable-rename` warning naming both; a column property `ALTER COLUMN` cannot change
//! (identity, generated expression, collation, `ON UPDATE`) is a `column-recreated` warning;
//! and when the replayed result still differs from `to`, a `diff-incomplete` error lists how
//! (column order aside, which no operation changes: a `column-order` info note).

#[path = "diff_order.rs"]
mod order;
#[path = "diff_tables.rs"]
mod tables;

use std::collections::BTreeMap;

use super::{Schema, replay};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::{Op, Operation, QName, Span, SqlDialect};

/// A rename the caller knows about, applied before anything else is compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rename {
    /// `ALTER TABLE from RENAME TO to`.
    Table {
        /// Name in the `from` schema.
        from: QName,
        /// Name in the `to` schema.
        to: QName,
    },
    /// `ALTER TABLE table RENAME COLUMN from TO to`.
    Column {
        /// The table, by its name in the `to` schema (after table renames).
        table: QName,
        /// Column name in the `from` schema.
        from: String,
        /// Column name in the `to` schema.
        to: String,
    },
}

/// How [`diff`] builds its operations.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// The database the states are for: names unnamed constraints during replay, and SQLite
    /// (which cannot `ADD CONSTRAINT … FOREIGN KEY`) gets foreign keys inside `CREATE TABLE`.
    pub dialect: Option<SqlDialect>,
    /// Known renames: turned into `RenameTable` / `RenameColumn` instead of drop and create.
    pub renames: Vec<Rename>,
    /// Write every new table's foreign keys inside its `CreateTable` (default: only for SQLite).
    pub inline_foreign_keys: Option<bool>,
    /// Span given to every generated operation and diagnostic (default `<diff>:1:1`).
    pub span: Option<Span>,
    /// Where the target state writes each table and column (a Prisma model or field line), by
    /// [`location_key`]: an operation or warning on one is placed there instead of at `span`.
    pub locations: BTreeMap<String, Span>,
}

/// The key of a table (`column: None`) or column in [`DiffOptions::locations`].
pub fn location_key(table: &QName, column: Option<&str>) -> String {
    let t = table.key().to_lowercase();
    match column {
        Some(c) => format!("{t}.{}", c.to_lowercase()),
        None => t,
    }
}

impl DiffOptions {
    /// Options for one database.
    pub fn for_dialect(dialect: SqlDialect) -> Self {
        DiffOptions { dialect: Some(dialect), ..DiffOptions::default() }
    }

    fn inline_fks(&self) -> bool {
        self.inline_foreign_keys.unwrap_or(self.dialect == Some(SqlDialect::Sqlite))
    }

    fn span(&self) -> Span {
        self.span.clone().unwrap_or_else(|| Span::file("<diff>"))
    }

    /// Where the target writes `table` (or its `column`): that location, else the table's, else `None`.
    fn located(&self, table: &QName, column: Option<&str>) -> Option<Span> {
        column
            .and_then(|c| self.locations.get(&location_key(table, Some(c))))
            .or_else(|| self.locations.get(&location_key(table, None)))
            .cloned()
    }
}

/// The result of [`diff`]: operations in an order that applies, and what they cannot say.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diff {
    /// The operations, in order; replayed on `from` they give `to`.
    pub operations: Vec<Op>,
    /// Warnings (`probable-rename`, `column-recreated`, `enum-recreated`, `rename-hint-unused`)
    /// and errors (`diff-incomplete`).
    pub diagnostics: Vec<Diagnostic>,
}

impl Diff {
    /// True when there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.operations.is_empty()
    }
}

/// The operations that turn `from` into `to` (see the module documentation for the order).
pub fn diff(from: &Schema, to: &Schema, opts: &DiffOptions) -> Diff {
    let mut b = Builder { cur: from.clone(), to, opts, span: opts.span(), ops: Vec::new(), diags: Vec::new() };
    tables::renames(&mut b);
    tables::warn_probable_renames(&mut b);
    // Drops, dependents first.
    order::drop_views(&mut b);
    tables::drop_constraints(&mut b, true);
    tables::drop_indexes(&mut b);
    tables::drop_constraints(&mut b, false);
    tables::drop_columns(&mut b);
    order::drop_tables(&mut b);
    order::drop_enums_and_extensions(&mut b);
    // Creates, dependencies first.
    order::create_extensions_and_enums(&mut b);
    order::create_tables(&mut b);
    tables::columns(&mut b);
    tables::add_constraints(&mut b, false);
    tables::add_constraints(&mut b, true);
    tables::create_indexes(&mut b);
    order::create_views(&mut b);
    b.check_complete();
    Diff { operations: b.ops, diagnostics: b.diags }
}

/// The table (and column) an operation creates or changes in the target state, for its location.
fn target_of(op: &Operation) -> Option<(QName, Option<String>)> {
    Some(match op {
        Operation::CreateTable(x) => (x.table.clone(), None),
        Operation::RenameTable(x) => (x.to.clone(), None),
        Operation::AddColumn(x) => (x.table.clone(), Some(x.column.name.clone())),
        Operation::AlterColumn(x) => (x.table.clone(), Some(x.column.clone())),
        Operation::RenameColumn(x) => (x.table.clone(), Some(x.to.clone())),
        Operation::CreateIndex(x) => (x.index.table.clone(), x.index.column_names().first().map(|c| c.to_string())),
        Operation::AddConstraint(x) => (x.table.clone(), x.constraint.columns().first().cloned()),
        Operation::CreateEnum(x) => (x.name.clone(), None),
        Operation::CreateView(x) => (x.name.clone(), None),
        _ => return None,
    })
}

/// The state being built: `cur` starts as `from` and follows every emitted operation.
pub(super) struct Builder<'a> {
    pub(super) cur: Schema,
    pub(super) to: &'a Schema,
    pub(super) opts: &'a DiffOptions,
    span: Span,
    ops: Vec<Op>,
    diags: Vec<Diagnostic>,
}

impl Builder<'_> {
    /// Emit an operation and replay it onto `cur`.
    pub(super) fn push(&mut self, op: impl Into<Operation>) {
        let kind: Operation = op.into();
        let span = target_of(&kind)
            .and_then(|(t, c)| self.opts.located(&t, c.as_deref()))
            .unwrap_or_else(|| self.span.clone());
        let op = Op::new(kind, span);
        if let Err(d) = replay(&mut self.cur, &op, self.opts.dialect) {
            let msg = format!("internal: the generated {} does not replay: {}", op.kind.name(), d.message);
            self.diags.push(Diagnostic::error("diff-incomplete", msg).at(self.span.clone()));
        }
        self.ops.push(op);
    }

    /// Record a warning at the diff's span, or where the target writes `at` (table, column).
    pub(super) fn warn(&mut self, code: &str, message: String, help: Option<String>) {
        self.warn_at(code, message, help, None);
    }

    /// [`Self::warn`] placed at the target's table or column `at` when it is located.
    pub(super) fn warn_at(
        &mut self,
        code: &str,
        message: String,
        help: Option<String>,
        at: Option<(&QName, Option<&str>)>,
    ) {
        let span = at.and_then(|(t, c)| self.opts.located(t, c)).unwrap_or_else(|| self.span.clone());
        let mut d = Diagnostic::warning(code, message).at(span);
        if let Some(h) = help {
            d = d.help(h);
        }
        self.diags.push(d);
    }

    /// Keys of `cur`'s tables that `to` also has.
    pub(super) fn kept_tables(&self) -> Vec<String> {
        self.cur.tables.iter().filter(|(_, t)| self.to.table(&t.name).is_some()).map(|(k, _)| k.clone()).collect()
    }

    /// What is left between `cur` and `to`: the `diff-incomplete` error when anything is.
    ///
    /// Column order is the exception: no operation moves a column (Prisma's engine, too, appends
    /// an added field's column), so a differing order is an `column-order` info note.
    fn check_complete(&mut self) {
        let (order, left): (Vec<String>, Vec<String>) =
            super::compare::differences(&self.cur, self.to).into_iter().partition(|d| d.contains(": column order: "));
        for o in order {
            let msg = format!("added columns come last, unlike in a database built from the target schema: {o}");
            self.diags.push(Diagnostic::new(Severity::Info, "column-order", msg).at(self.span.clone()));
        }
        if !left.is_empty() {
            let msg = format!("the operations do not reach the target schema: {}", left.join("; "));
            self.diags.push(Diagnostic::error("diff-incomplete", msg).at(self.span.clone()));
        }
    }
}

#[cfg(test)]
#[path = "diff_tests.rs"]
mod tests;

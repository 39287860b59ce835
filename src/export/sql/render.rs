//! The context one operation is rendered in: the dialect, the schema state
//! before the operation (and, computed on demand, after it), and what the
//! rendering produced so far (SQL pieces and diagnostics).

use std::cell::{Cell, OnceCell};
use std::collections::BTreeSet;

use super::dialect::Dialect;
use crate::diagnostics::Diagnostic;
use crate::ir::{Column, DataType, Op, QName, Span};
use crate::schema::{Schema, Table};

/// Diagnostic code of a sub-feature a dialect drops or approximates (the statement is still emitted).
pub(crate) const LOSSY: &str = "lossy-export";
/// Diagnostic code of an operation a dialect cannot express at all.
pub(crate) const UNSUPPORTED: &str = "unsupported-in-dialect";
/// Diagnostic code of an operation that needs the replayed state, which lacks the object.
pub(crate) const MISSING_STATE: &str = "missing-schema-state";

/// One SQL statement produced for an operation (without its trailing `;`), or a
/// pure `-- comment` when `comment_only` is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    /// The statement text.
    pub sql: String,
    /// False when it must run outside a transaction.
    pub transactional: bool,
    /// Appended to the statement's description: `rebuild users: copy rows`.
    pub note: Option<String>,
    /// A `-- …` comment standing in for a statement (no `;`).
    pub comment_only: bool,
}

/// Why an operation cannot be rendered for a dialect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unsupported {
    /// `unsupported-in-dialect` or `missing-schema-state`.
    pub code: &'static str,
    /// What cannot be done.
    pub message: String,
    /// What to do about it.
    pub help: String,
}

impl Unsupported {
    /// The dialect cannot express the operation.
    pub fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        Unsupported { code: UNSUPPORTED, message: message.into(), help: help.into() }
    }

    /// The replayed state lacks something the rendering needs.
    pub fn missing(message: impl Into<String>) -> Self {
        Unsupported {
            code: MISSING_STATE,
            message: message.into(),
            help: "include the migrations that create it in the exported history".into(),
        }
    }
}

/// Result of rendering one operation.
pub(crate) type Res = Result<(), Unsupported>;

/// Rendering context of one operation.
pub(crate) struct Renderer<'a> {
    /// The target dialect.
    pub d: &'a dyn Dialect,
    before: &'a Schema,
    op: &'a Op,
    after: OnceCell<(Schema, Option<Diagnostic>)>,
    /// Look types (enum values) up in the state before the operation, not after it.
    types_before: Cell<bool>,
    /// Lower-cased constraint names the history wrote explicitly (see [`Renderer::written`]).
    written: Option<&'a BTreeSet<String>>,
    /// Statements produced so far.
    pub pieces: Vec<Piece>,
    /// Warnings produced so far.
    pub diags: Vec<Diagnostic>,
}

impl<'a> Renderer<'a> {
    /// A context whose state after the operation is computed by `schema::replay` when first needed.
    pub fn new(d: &'a dyn Dialect, before: &'a Schema, op: &'a Op) -> Self {
        Renderer {
            d,
            before,
            op,
            after: OnceCell::new(),
            types_before: Cell::new(false),
            written: None,
            pieces: Vec::new(),
            diags: Vec::new(),
        }
    }

    /// A context with a given state after the operation (tests build both states by hand).
    #[cfg(test)]
    pub fn with_after(d: &'a dyn Dialect, before: &'a Schema, op: &'a Op, after: Schema) -> Self {
        let r = Renderer::new(d, before, op);
        let _ = r.after.set((after, None));
        r
    }

    /// The same context, knowing which constraint names the history wrote explicitly.
    pub fn with_written(mut self, written: &'a BTreeSet<String>) -> Self {
        self.written = Some(written);
        self
    }

    /// True when the history named a constraint `name` explicitly (`CONSTRAINT users_pkey …`),
    /// even if the name equals the default replay would give it.
    pub fn written(&self, name: &str) -> bool {
        self.written.is_some_and(|w| w.contains(&name.to_lowercase()))
    }

    /// The schema before the operation.
    pub fn before(&self) -> &'a Schema {
        self.before
    }

    /// The schema after the operation (replayed on first use).
    pub fn after(&self) -> &Schema {
        &self
            .after
            .get_or_init(|| {
                let mut s = self.before.clone();
                let err = crate::schema::replay(&mut s, self.op, Some(self.d.id())).err();
                (s, err)
            })
            .0
    }

    /// The state after the operation and the replay error, if it was computed.
    pub fn take_after(&mut self) -> Option<(Schema, Option<Diagnostic>)> {
        self.after.take()
    }

    /// The span of the operation.
    pub fn span(&self) -> &Span {
        &self.op.span
    }

    /// A table of the state before the operation.
    pub fn table_before(&self, name: &QName) -> Option<&'a Table> {
        self.before.table(name)
    }

    /// A copy of a table of the state after the operation, or a `missing-schema-state` error.
    pub fn table_after(&self, name: &QName, why: &str) -> Result<Table, Unsupported> {
        self.after().table(name).cloned().ok_or_else(|| {
            Unsupported::missing(format!("{why} needs the definition of table {name}, which the replayed schema lacks"))
        })
    }

    /// A copy of a column of the state after the operation, or a `missing-schema-state` error.
    pub fn column_after(&self, table: &QName, column: &str, why: &str) -> Result<Column, Unsupported> {
        self.after().table(table).and_then(|t| t.column(column)).cloned().ok_or_else(|| {
            Unsupported::missing(format!(
                "{why} needs the full definition of column {table}.{column}, which the replayed schema lacks"
            ))
        })
    }

    /// Values of an enum type: inline ones, else those of the named type in the state (after, then before).
    pub fn enum_values(&self, t: &DataType) -> Option<Vec<String>> {
        let DataType::Enum { name, values } = t else { return None };
        if !values.is_empty() {
            return Some(values.clone());
        }
        let key = name.as_ref()?.key();
        let find = |s: &Schema| {
            s.enums
                .get(&key)
                .or_else(|| s.enums.iter().find(|(k, _)| k.eq_ignore_ascii_case(&key)).map(|(_, e)| e))
                .map(|e| e.values.clone())
        };
        let after = if self.types_before.get() { None } else { self.after.get() };
        after.and_then(|(s, _)| find(s)).or_else(|| find(self.before))
    }

    /// Run `f` with types looked up in the state before the operation (to render the old table).
    pub fn with_types_before<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        let previous = self.types_before.replace(true);
        let out = f(self);
        self.types_before.set(previous);
        out
    }

    /// Quote an identifier.
    pub fn q(&self, ident: &str) -> String {
        self.d.quote(ident)
    }

    /// Quote a possibly schema-qualified name.
    pub fn qn(&self, name: &QName) -> String {
        self.d.qualified(name)
    }

    /// Quote a comma-separated list of identifiers: `"a", "b"`.
    pub fn q_list(&self, idents: &[String]) -> String {
        idents.iter().map(|i| self.q(i)).collect::<Vec<_>>().join(", ")
    }

    /// A string literal.
    pub fn lit(&self, s: &str) -> String {
        self.d.string_literal(s)
    }

    /// An IR expression in the target's spelling ([`Dialect::expression`], trimmed); each construct
    /// the target reads differently is a `lossy-export` warning.
    pub fn expr(&mut self, canonical: &str) -> String {
        let canonical = canonical.trim();
        let (text, notes) = self.d.expression(canonical);
        for note in notes {
            let shown = canonical.split_whitespace().collect::<Vec<_>>().join(" ");
            self.lossy(format!("expression `{shown}`: {note}"));
        }
        text.trim().to_string()
    }

    /// Emit a statement that may run in a transaction.
    pub fn emit(&mut self, sql: impl Into<String>) {
        self.pieces.push(Piece { sql: sql.into(), transactional: true, note: None, comment_only: false });
    }

    /// Emit a statement with a note appended to its description.
    pub fn emit_noted(&mut self, sql: impl Into<String>, note: impl Into<String>, transactional: bool) {
        self.pieces.push(Piece { sql: sql.into(), transactional, note: Some(note.into()), comment_only: false });
    }

    /// Emit a statement that must run outside a transaction.
    pub fn emit_non_transactional(&mut self, sql: impl Into<String>) {
        self.pieces.push(Piece { sql: sql.into(), transactional: false, note: None, comment_only: false });
    }

    /// Emit a `-- text` comment in place of a statement (each line commented).
    pub fn emit_comment(&mut self, text: &str) {
        self.pieces.push(Piece { sql: comment_lines(text), transactional: true, note: None, comment_only: true });
    }

    /// Warn that part of the operation is dropped or approximated in this dialect.
    pub fn lossy(&mut self, message: impl Into<String>) {
        let d = Diagnostic::warning(LOSSY, message).at(self.op.span.clone());
        if !self.diags.contains(&d) {
            self.diags.push(d);
        }
    }

    /// Record a warning with its own code.
    pub fn warn(&mut self, code: &str, message: impl Into<String>, help: impl Into<String>) {
        self.diags.push(Diagnostic::warning(code, message).at(self.op.span.clone()).help(help));
    }
}

/// `text` as SQL line comments: `-- line` for every line (`--` alone for empty lines).
pub(crate) fn comment_lines(text: &str) -> String {
    // A lone `\r` ends a comment for some clients: treat every line terminator alike.
    let text = text.replace("\r\n", "\n");
    let text = text.trim_end_matches(['\n', '\r']);
    text.split(['\n', '\r'])
        .map(|l| if l.trim().is_empty() { "--".to_string() } else { format!("-- {}", l.trim_end()) })
        .collect::<Vec<_>>()
        .join("\n")
}

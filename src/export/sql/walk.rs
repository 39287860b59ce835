//! The walk over a list of operations: each is rendered against the replayed state before it
//! (through its dialect's hook), its diagnostics collected, and the state advanced past it.

use std::collections::BTreeSet;

use super::dialect::Dialect;
use super::render::{self, Piece, Renderer};
use super::{ExportOptions, Statement, ops, text};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::{Op, Operation};
use crate::schema::{Schema, replay, select_branch};

/// A walk over a list of operations, rendering each against the state before it.
pub(crate) struct Walk<'a> {
    /// The target.
    pub d: &'static dyn Dialect,
    /// What was asked for (`allow_lossy`).
    pub opts: &'a ExportOptions,
    /// Where problems go.
    pub diagnostics: &'a mut Vec<Diagnostic>,
    /// Walking a down migration (messages say so; no names are collected).
    pub down: bool,
    /// The statements rendered so far.
    pub out: Vec<Statement>,
    /// Lower-cased names of the constraints the `up` operations so far named explicitly.
    pub written: &'a mut BTreeSet<String>,
}

impl Walk<'_> {
    /// Render `ops` in order against `state`, which advances past each.
    pub fn ops(&mut self, ops: &[Op], state: &mut Schema) {
        for (i, op) in ops.iter().enumerate() {
            self.op(op, i, state);
        }
    }

    /// Render `op` (index `index` of its list), then advance `state` past it.
    fn op(&mut self, op: &Op, index: usize, state: &mut Schema) {
        if let Operation::ByDialect(b) = &op.kind {
            let id = self.d.id();
            let branch = select_branch(b, Some(id));
            if branch.is_empty() {
                let sql = render::comment_lines(&format!("no branch for {id}: nothing to do"));
                self.push(
                    index,
                    op,
                    "ByDialect".into(),
                    Piece { sql, transactional: true, note: None, comment_only: true },
                );
            }
            for sub in branch {
                self.op(sub, index, state);
            }
            return;
        }
        if !self.down {
            self.written.extend(written_names(&op.kind));
        }
        let mut r = Renderer::new(self.d, state, op).with_written(self.written);
        let result = ops::dispatch(&mut r, &op.kind);
        let mut pieces = std::mem::take(&mut r.pieces);
        let mut diags = std::mem::take(&mut r.diags);
        if let Err(u) = result {
            pieces.clear();
            let severity = if self.opts.allow_lossy { Severity::Warning } else { Severity::Error };
            let mut help = u.help;
            if !self.opts.allow_lossy && u.code == render::UNSUPPORTED {
                help.push_str(" (--allow-lossy keeps a comment in its place)");
            }
            diags.push(Diagnostic::new(severity, u.code, u.message.clone()).at(op.span.clone()).help(help));
            let sql =
                render::comment_lines(&format!("polymig: not rendered for {}: {}", self.d.display_name(), u.message));
            pieces.push(Piece { sql, transactional: true, note: Some("not rendered".into()), comment_only: true });
        }
        let after = r.take_after();
        let desc = ops::describe(&op.kind);
        for p in pieces {
            self.push(index, op, desc.clone(), p);
        }
        match after {
            Some((s, err)) => {
                *state = s;
                diags.extend(err);
            }
            None => diags.extend(replay(state, op, Some(self.d.id())).err()),
        }
        for mut diag in diags {
            if self.down {
                diag.message = format!("in the down migration: {}", diag.message);
            }
            self.diagnostics.push(diag);
        }
    }

    fn push(&mut self, index: usize, op: &Op, desc: String, p: Piece) {
        let comment = match &p.note {
            Some(n) => format!("{desc} ({n})"),
            None => desc,
        };
        self.out.push(Statement {
            sql: finish(p.sql, p.comment_only),
            comment,
            op_index: index,
            span: op.span.clone(),
            transactional: p.transactional,
        });
    }
}

/// Lower-cased names the operation gives its constraints explicitly (`CONSTRAINT x …`).
fn written_names(op: &Operation) -> Vec<String> {
    let constraints: &[crate::ir::Constraint] = match op {
        Operation::CreateTable(o) => &o.constraints,
        Operation::AddColumn(o) => &o.constraints,
        Operation::AddConstraint(o) => std::slice::from_ref(&o.constraint),
        _ => &[],
    };
    constraints.iter().filter_map(|c| c.name.as_ref().map(|n| n.to_lowercase())).collect()
}

/// Terminate a statement with `;` (on its own line when the statement ends in a line comment).
pub(crate) fn finish(sql: String, comment_only: bool) -> String {
    if comment_only {
        return sql;
    }
    if text::ends_in_line_comment(&sql) { format!("{sql}\n;") } else { format!("{sql};") }
}

//! Host-language front ends: migration files written in Python, Ruby or
//! TypeScript/JavaScript are parsed with tree-sitter, lowered into one small
//! neutral tree ([`tree`]), and partially evaluated ([`Evaluator`]) into a flat list
//! of migration calls ([`Effect`]s) that the format importers (Alembic, Django,
//! Rails, TypeORM) map to IR.
//!
//! ```text
//! source ──tree-sitter──► CST ──lower──► tree::Node ──eval──► [Effect] ──import::<format>──► [Op]
//! ```
//!
//! See `src/host/README.md` for what the evaluator folds and what it leaves Opaque.

mod eval;
mod eval_builtins;
mod eval_call;
mod eval_dialect;
mod eval_expr;
mod eval_search;
mod eval_stmt;
mod parse;
mod python;
mod python_expr;
mod ruby;
mod ruby_expr;
pub mod tree;
mod typescript;
mod value;

use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::ir::{Op, Opaque, Span};

pub use eval::{Effect, EffectBlock, EvalConfig, Evaluator, Resolver, Scope};
pub use eval_call::CallEffect;
pub use eval_dialect::dialect_from_name;
pub use parse::{dedent, queries};
pub use tree::{Node, NodeKind};
pub use value::{CallValue, Value};

/// The host languages polymig reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// Python 3 (Alembic, Django).
    Python,
    /// Ruby (Rails / ActiveRecord).
    Ruby,
    /// TypeScript, and plain or compiled JavaScript (TypeORM).
    TypeScript,
}

impl Language {
    /// Lower-case name, as used in `grammars/<name>/` and in `Opaque.language`.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::Ruby => "ruby",
            Language::TypeScript => "typescript",
        }
    }
}

/// A parsed and lowered source file.
#[derive(Debug, Clone)]
pub struct Module {
    /// Its language.
    pub language: Language,
    /// File name used in spans.
    pub file: String,
    /// The source text.
    pub source: String,
    /// Top-level statements.
    pub body: Vec<Node>,
    /// Syntax errors (one per broken region; the rest of the file is still lowered).
    pub diagnostics: Vec<Diagnostic>,
}

impl Module {
    /// Verbatim source of a byte range (empty if out of bounds).
    pub fn text(&self, range: &Range<usize>) -> &str {
        self.source.get(range.clone()).unwrap_or("")
    }

    /// The module docstring: a string literal as the first statement (Python).
    pub fn docstring(&self) -> Option<&str> {
        self.body.first().and_then(Node::as_str)
    }

    /// The top-level function named `name`.
    pub fn function(&self, name: &str) -> Option<&tree::Function> {
        self.body.iter().find_map(|n| match &n.kind {
            NodeKind::Function(f) if f.name == name => Some(&**f),
            _ => None,
        })
    }
}

/// Parse and lower `source`. Never fails: broken regions become
/// [`NodeKind::Error`] nodes plus one `syntax-error` diagnostic each.
pub fn parse(language: Language, file: &str, source: &str) -> Module {
    let ctx = parse::Ctx::new(source, file);
    let Some(tree) = parse::parse_tree(language, source) else {
        let diag = Diagnostic::error("syntax-error", "the parser gave up on this file").at(Span::file(file));
        return Module {
            language,
            file: file.to_string(),
            source: source.to_string(),
            body: Vec::new(),
            diagnostics: vec![diag],
        };
    };
    let diagnostics = parse::syntax_errors(language, &tree, &ctx);
    let body = match language {
        Language::Python => python::lower_module(tree.root_node(), ctx),
        Language::Ruby => ruby::lower_module(tree.root_node(), ctx),
        Language::TypeScript => typescript::lower_module(tree.root_node(), ctx),
    };
    Module { language, file: file.to_string(), source: source.to_string(), body, diagnostics }
}

/// Turn an Opaque effect into an IR operation plus its `opaque-operation` warning.
pub fn opaque_op(language: Language, source: &str, reason: &str, span: Span) -> (Op, Diagnostic) {
    let diag = Diagnostic::warning("opaque-operation", format!("kept as Opaque: {reason}"))
        .at(span.clone())
        .help("polymig keeps this code verbatim; rewrite it with migration calls or review the exported output");
    let op = Op::new(
        Opaque { source: source.to_string(), reason: reason.to_string(), language: language.as_str().to_string() },
        span,
    );
    (op, diag)
}

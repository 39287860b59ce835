//! Ruby expressions → neutral tree: literals, symbols, ranges, calls with
//! their arguments and blocks, strings with interpolation, `%w[]`/`%i[]`, heredocs.

use std::rc::Rc;

use tree_sitter::Node as TsNode;

use super::parse::{MAX_DEPTH, dedent, named, unescape};
use super::python_expr::finish_parts;
use super::ruby::R;
use super::tree::{Arg, BinOp, Call, Function, Node, NodeKind, StrPart, UnaryOp};

/// Placeholder for an interpolation while a heredoc is dedented.
const HOLE: char = '\u{E000}';

impl<'t> R<'_, 't> {
    pub(super) fn field_expr(&mut self, n: TsNode<'t>, field: &str) -> Node {
        match n.child_by_field_name(field) {
            Some(c) => self.expr(c),
            None => self.mk(NodeKind::Other(format!("missing {field}")), n),
        }
    }

    pub(super) fn expr(&mut self, n: TsNode<'t>) -> Node {
        if self.ctx.depth > MAX_DEPTH {
            return self.mk(NodeKind::Other("too deeply nested".into()), n);
        }
        self.ctx.depth += 1;
        let kind = self.expr_kind(n);
        self.ctx.depth -= 1;
        self.mk(kind, n)
    }

    pub(super) fn expr_kind(&mut self, n: TsNode<'t>) -> NodeKind {
        match n.kind() {
            "identifier" | "constant" | "self" | "instance_variable" | "class_variable" | "global_variable" => {
                NodeKind::Name(self.text(n).to_string())
            }
            "scope_resolution" => {
                let name = self.ctx.field_text(n, "name").unwrap_or("").to_string();
                match n.child_by_field_name("scope") {
                    Some(s) => NodeKind::Attr { object: Box::new(self.expr(s)), name },
                    None => NodeKind::Name(name),
                }
            }
            "integer" | "float" | "rational" => NodeKind::Number(self.text(n).replace('_', "")),
            "true" => NodeKind::Bool(true),
            "false" => NodeKind::Bool(false),
            "nil" => NodeKind::Nil,
            "string" | "bare_string" => self.string(n),
            "chained_string" => {
                let mut parts = Vec::new();
                for s in named(n) {
                    match self.string(s) {
                        NodeKind::Str(v) => parts.push(StrPart::Lit(v)),
                        NodeKind::Interp(ps) => parts.extend(ps),
                        _ => {}
                    }
                }
                finish_parts(parts)
            }
            "heredoc_beginning" => self.heredoc(n),
            "simple_symbol" => NodeKind::Symbol(self.text(n).trim_start_matches(':').to_string()),
            "hash_key_symbol" | "bare_symbol" => NodeKind::Symbol(self.text(n).to_string()),
            "delimited_symbol" => match self.string(n) {
                NodeKind::Str(s) => NodeKind::Symbol(s),
                other => other,
            },
            "string_array" => NodeKind::List(named(n).into_iter().map(|c| self.expr(c)).collect()),
            "symbol_array" => NodeKind::List(
                named(n).into_iter().map(|c| self.mk(NodeKind::Symbol(self.text(c).to_string()), c)).collect(),
            ),
            "array" => NodeKind::List(
                named(n)
                    .into_iter()
                    .map(|c| match c.kind() {
                        "splat_argument" => {
                            let inner = self.first_named(c);
                            self.mk(NodeKind::Splat(Box::new(inner)), c)
                        }
                        _ => self.expr(c),
                    })
                    .collect(),
            ),
            "hash" => {
                let mut pairs = Vec::new();
                for p in named(n) {
                    if p.kind() != "pair" {
                        return NodeKind::Other("hash with **splat".into());
                    }
                    pairs.push((self.field_expr(p, "key"), self.field_expr(p, "value")));
                }
                NodeKind::Map(pairs)
            }
            "element_reference" => {
                let object = self.field_expr(n, "object");
                let index = named(n).into_iter().nth(1).map(|i| self.expr(i));
                match index {
                    Some(i) => NodeKind::Index { object: Box::new(object), index: Box::new(i) },
                    None => NodeKind::Other("element_reference".into()),
                }
            }
            "call" => self.call(n),
            "binary" => NodeKind::Binary {
                op: BinOp::from_token(self.ctx.field_text(n, "operator").unwrap_or("")),
                left: Box::new(self.field_expr(n, "left")),
                right: Box::new(self.field_expr(n, "right")),
            },
            "unary" | "not" => {
                let op = match self.ctx.field_text(n, "operator").unwrap_or("not") {
                    "!" | "not" => UnaryOp::Not,
                    "-" => UnaryOp::Neg,
                    "+" => UnaryOp::Pos,
                    _ => UnaryOp::Other,
                };
                let operand = match n.child_by_field_name("operand") {
                    Some(o) => self.expr(o),
                    None => self.first_named(n),
                };
                match (op, &operand.kind) {
                    (UnaryOp::Neg, NodeKind::Number(num)) => NodeKind::Number(format!("-{num}")),
                    _ => NodeKind::Unary { op, operand: Box::new(operand) },
                }
            }
            "parenthesized_statements" => match named(n).as_slice() {
                [one] => self.expr(*one).kind,
                _ => NodeKind::Other("parenthesized_statements".into()),
            },
            "conditional" => NodeKind::Cond {
                cond: Box::new(self.field_expr(n, "condition")),
                then: Box::new(self.field_expr(n, "consequence")),
                otherwise: Box::new(self.field_expr(n, "alternative")),
            },
            "lambda" => {
                let params = n.child_by_field_name("parameters").map(|p| self.params(p)).unwrap_or_default();
                let body = n.child_by_field_name("body").map(|b| self.field_stmts(b, "body")).unwrap_or_default();
                NodeKind::Lambda(Rc::new(Function {
                    name: String::new(),
                    params,
                    body,
                    expr_body: false,
                    span: self.ctx.span(n),
                    range: n.byte_range(),
                }))
            }
            "range" => self.range(n),
            "right_assignment_list" | "left_assignment_list" | "destructured_left_assignment" => {
                NodeKind::List(named(n).into_iter().map(|c| self.expr(c)).collect())
            }
            "splat_argument" => NodeKind::Splat(Box::new(self.first_named(n))),
            "ERROR" => NodeKind::Error,
            other => NodeKind::Other(other.to_string()),
        }
    }

    pub(super) fn first_named(&mut self, n: TsNode<'t>) -> Node {
        match named(n).first() {
            Some(c) => self.expr(*c),
            None => self.mk(NodeKind::Other(n.kind().to_string()), n),
        }
    }

    /// `(1..3)` with integer bounds becomes a list.
    pub(super) fn range(&mut self, n: TsNode<'t>) -> NodeKind {
        let bounds: Vec<i64> = named(n).iter().filter_map(|b| self.text(*b).replace('_', "").parse().ok()).collect();
        let exclusive = self.ctx.field_text(n, "operator") == Some("...");
        match bounds.as_slice() {
            [a, b] if b - a < 10_000 => {
                let end = if exclusive { *b } else { b + 1 };
                NodeKind::List((*a..end).map(|i| self.mk(NodeKind::Number(i.to_string()), n)).collect())
            }
            _ => NodeKind::Other("range".into()),
        }
    }

    pub(super) fn call(&mut self, n: TsNode<'t>) -> NodeKind {
        let method = n.child_by_field_name("method");
        let name = method.map(|m| self.text(m).to_string()).unwrap_or_else(|| "call".to_string());
        let callee = match n.child_by_field_name("receiver") {
            Some(r) => {
                let recv = self.expr(r);
                let start = r.start_byte();
                let end = method.map_or(r.end_byte(), |m| m.end_byte());
                Node::new(NodeKind::Attr { object: Box::new(recv), name }, self.ctx.span_of(start, end), start..end)
            }
            None => match method {
                Some(m) => self.mk(NodeKind::Name(name), m),
                None => self.mk(NodeKind::Name(name), n),
            },
        };
        let arguments = n.child_by_field_name("arguments");
        let args = arguments.map(|a| self.args(a)).unwrap_or_default();
        let block = n.child_by_field_name("block").map(|b| self.block(b));
        NodeKind::Call(Call { callee: Box::new(callee), args, block, new: false, bare: arguments.is_none() })
    }

    pub(super) fn args(&mut self, a: TsNode<'t>) -> Vec<Arg> {
        let mut out = Vec::new();
        for c in named(a) {
            out.push(match c.kind() {
                "pair" => {
                    let key = c.child_by_field_name("key");
                    let value = self.field_expr(c, "value");
                    let key_text = key.map(|k| match self.expr(k).kind {
                        NodeKind::Symbol(s) | NodeKind::Str(s) => Some(s),
                        _ => None,
                    });
                    match key_text.flatten() {
                        Some(k) => Arg::Kw(k, value),
                        None => Arg::Pos(self.mk(NodeKind::Other("hash argument with a computed key".into()), c)),
                    }
                }
                "splat_argument" => Arg::Splat(self.first_named(c)),
                "hash_splat_argument" => Arg::KwSplat(self.first_named(c)),
                "block_argument" => Arg::Pos(self.mk(NodeKind::Other("block_argument".into()), c)),
                _ => Arg::Pos(self.expr(c)),
            });
        }
        out
    }

    /// A string literal: `'…'` (only `\\` and `\'` escapes), `"…"` with `#{}` and escapes, `%q`, `%Q`, `%w` items.
    pub(super) fn string(&mut self, n: TsNode<'t>) -> NodeKind {
        let raw_text = self.text(n);
        let single = raw_text.starts_with('\'') || raw_text.starts_with("%q");
        let mut parts = Vec::new();
        for c in named(n) {
            match c.kind() {
                "string_content" => {
                    let t = self.text(c);
                    let s = if single { t.replace("\\\\", "\\").replace("\\'", "'") } else { t.to_string() };
                    parts.push(StrPart::Lit(s));
                }
                "escape_sequence" => parts.push(StrPart::Lit(unescape(self.text(c)))),
                "interpolation" => {
                    let e = self.first_named(c);
                    parts.push(StrPart::Expr { expr: e, conversion: None, spec: None });
                }
                _ => {}
            }
        }
        finish_parts(parts)
    }

    /// `<<~SQL` / `<<-SQL` / `<<SQL`, joined with its body; `<<~` strips the common indentation.
    pub(super) fn heredoc(&mut self, n: TsNode<'t>) -> NodeKind {
        let Some(body) = self.heredocs.get(&n.start_byte()).copied() else {
            return NodeKind::Other("heredoc without body".into());
        };
        let squiggly = self.text(n).starts_with("<<~");
        let mut text = String::new();
        let mut exprs = Vec::new();
        for c in named(body) {
            match c.kind() {
                "heredoc_content" => text.push_str(self.text(c)),
                "escape_sequence" => text.push_str(&unescape(self.text(c))),
                "interpolation" => {
                    text.push(HOLE);
                    exprs.push(self.first_named(c));
                }
                _ => {}
            }
        }
        // Drop the rest of the opening line and the indentation before the closing marker.
        let mut content = match text.find('\n') {
            Some(i) => text[i + 1..].to_string(),
            None => String::new(),
        };
        if let Some(i) = content.rfind('\n') {
            if content[i + 1..].trim().is_empty() {
                content.truncate(i + 1);
            }
        } else if content.trim().is_empty() {
            content.clear();
        }
        if squiggly {
            content = dedent(&content);
        }
        let mut parts = Vec::new();
        let mut exprs = exprs.into_iter();
        for (i, piece) in content.split(HOLE).enumerate() {
            if i > 0
                && let Some(e) = exprs.next()
            {
                parts.push(StrPart::Expr { expr: e, conversion: None, spec: None });
            }
            if !piece.is_empty() {
                parts.push(StrPart::Lit(piece.to_string()));
            }
        }
        finish_parts(parts)
    }
}

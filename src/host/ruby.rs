//! Ruby (tree-sitter-ruby) → neutral tree.
//!
//! Ruby specifics: calls without parentheses (`add_column :t, :c, :string`),
//! trailing hash arguments become keyword arguments, blocks (`do |t| … end`)
//! attach to their call, heredocs (`<<~SQL`) are joined with their bodies,
//! `unless`/`until` negate, and `case`/`when` becomes nested ifs.
//! This file lowers statements; expressions, calls and strings are in [`super::ruby_expr`].

use std::collections::HashMap;
use std::rc::Rc;

use tree_sitter::Node as TsNode;

use super::parse::{Ctx, MAX_DEPTH, named};
use super::tree::{BinOp, Call, Function, Node, NodeKind, Param, ParamKind, UnaryOp};

/// The lowering state: the file context and the heredoc bodies.
pub(super) struct R<'a, 't> {
    pub(super) ctx: Ctx<'a>,
    /// Heredoc bodies by the start byte of their `<<~ID` token.
    pub(super) heredocs: HashMap<usize, TsNode<'t>>,
}

/// Lower a whole program.
pub(crate) fn lower_module(root: TsNode, ctx: Ctx) -> Vec<Node> {
    let mut begins = Vec::new();
    let mut bodies = Vec::new();
    collect_heredocs(root, &mut begins, &mut bodies, 0);
    let heredocs = begins.into_iter().zip(bodies).map(|(b, body): (TsNode, TsNode)| (b.start_byte(), body)).collect();
    let mut r = R { ctx, heredocs };
    r.stmts(root)
}

fn collect_heredocs<'t>(n: TsNode<'t>, begins: &mut Vec<TsNode<'t>>, bodies: &mut Vec<TsNode<'t>>, depth: usize) {
    if depth > 4 * MAX_DEPTH {
        return;
    }
    match n.kind() {
        "heredoc_beginning" => begins.push(n),
        "heredoc_body" => bodies.push(n),
        _ => {
            let mut cursor = n.walk();
            for c in n.children(&mut cursor) {
                collect_heredocs(c, begins, bodies, depth + 1);
            }
        }
    }
}

impl<'t> R<'_, 't> {
    pub(super) fn mk(&self, kind: NodeKind, n: TsNode) -> Node {
        self.ctx.mk(kind, n)
    }

    pub(super) fn text(&self, n: TsNode) -> &str {
        self.ctx.text(n)
    }

    pub(super) fn stmts(&mut self, n: TsNode<'t>) -> Vec<Node> {
        let mut out = Vec::new();
        for c in named(n) {
            out.extend(self.stmt(c));
        }
        out
    }

    pub(super) fn field_stmts(&mut self, n: TsNode<'t>, field: &str) -> Vec<Node> {
        n.child_by_field_name(field).map(|b| self.stmts(b)).unwrap_or_default()
    }

    pub(super) fn stmt(&mut self, n: TsNode<'t>) -> Vec<Node> {
        if self.ctx.depth > MAX_DEPTH {
            return vec![self.mk(NodeKind::Other("too deeply nested".into()), n)];
        }
        self.ctx.depth += 1;
        let out = self.stmt_inner(n);
        self.ctx.depth -= 1;
        out
    }

    pub(super) fn stmt_inner(&mut self, n: TsNode<'t>) -> Vec<Node> {
        const COMPOUND: &[&str] =
            &["if", "unless", "while", "until", "for", "case", "method", "singleton_method", "class", "module"];
        if n.has_error() && !COMPOUND.contains(&n.kind()) && !matches!(n.kind(), "begin" | "then" | "else" | "do") {
            return vec![self.mk(NodeKind::Error, n)];
        }
        let kind = match n.kind() {
            "heredoc_body" | "empty_statement" => return Vec::new(),
            "then" | "else" | "do" | "body_statement" | "block_body" | "parenthesized_statements" => {
                return self.stmts(n);
            }
            "assignment" => {
                let target = self.field_expr(n, "left");
                let value = self.field_expr(n, "right");
                NodeKind::Assign { target: Box::new(target), value: Box::new(value) }
            }
            "operator_assignment" => {
                let target = self.field_expr(n, "left");
                let right = self.field_expr(n, "right");
                let token = self.ctx.field_text(n, "operator").unwrap_or("").trim_end_matches('=');
                let value = self.mk(
                    NodeKind::Binary {
                        op: BinOp::from_token(token),
                        left: Box::new(target.clone()),
                        right: Box::new(right),
                    },
                    n,
                );
                NodeKind::Assign { target: Box::new(target), value: Box::new(value) }
            }
            "if" | "unless" | "elsif" => {
                let mut cond = self.field_expr(n, "condition");
                if n.kind() == "unless" {
                    cond = self.not(cond, n);
                }
                let then = self.field_stmts(n, "consequence");
                let otherwise = match n.child_by_field_name("alternative") {
                    Some(alt) => self.stmt(alt),
                    None => Vec::new(),
                };
                NodeKind::If { cond: Box::new(cond), then, otherwise }
            }
            "if_modifier" | "unless_modifier" => {
                let mut cond = self.field_expr(n, "condition");
                if n.kind() == "unless_modifier" {
                    cond = self.not(cond, n);
                }
                let then = n.child_by_field_name("body").map(|b| self.stmt(b)).unwrap_or_default();
                NodeKind::If { cond: Box::new(cond), then, otherwise: Vec::new() }
            }
            "while" | "until" | "while_modifier" | "until_modifier" => {
                let mut cond = self.field_expr(n, "condition");
                if n.kind().starts_with("until") {
                    cond = self.not(cond, n);
                }
                let body = match n.child_by_field_name("body") {
                    Some(b) if n.kind().ends_with("modifier") => self.stmt(b),
                    Some(b) => self.stmts(b),
                    None => Vec::new(),
                };
                NodeKind::While { cond: Box::new(cond), body }
            }
            "for" => NodeKind::For {
                target: Box::new(self.field_expr(n, "pattern")),
                iter: Box::new(match n.child_by_field_name("value").and_then(|v| named(v).first().copied()) {
                    Some(v) => self.expr(v),
                    None => self.mk(NodeKind::Other("for".into()), n),
                }),
                body: self.field_stmts(n, "body"),
            },
            "case" => return vec![self.case(n)],
            "method" | "singleton_method" => NodeKind::Function(Rc::new(self.function(n))),
            "class" | "module" | "singleton_class" => NodeKind::Class {
                name: self.ctx.field_text(n, "name").unwrap_or("<< self").to_string(),
                bases: n
                    .child_by_field_name("superclass")
                    .and_then(|s| named(s).first().copied())
                    .map(|b| vec![self.expr(b)])
                    .unwrap_or_default(),
                body: self.field_stmts(n, "body"),
            },
            "return" => NodeKind::Return(self.first_arg(n)),
            "break" => NodeKind::Break,
            "next" => NodeKind::Continue,
            "begin" => {
                let rescued = named(n).iter().any(|c| matches!(c.kind(), "rescue" | "ensure"));
                let body: Vec<Node> = named(n)
                    .into_iter()
                    .filter(|c| !matches!(c.kind(), "rescue" | "ensure" | "else"))
                    .flat_map(|c| self.stmt(c))
                    .collect();
                if !rescued {
                    return body;
                }
                NodeKind::Try { body }
            }
            "alias" | "undef" => NodeKind::Pass,
            "identifier" => NodeKind::Call(Call {
                callee: Box::new(self.mk(NodeKind::Name(self.text(n).to_string()), n)),
                args: Vec::new(),
                block: None,
                new: false,
                bare: true,
            }),
            "ERROR" => NodeKind::Error,
            _ => return vec![self.expr(n)],
        };
        vec![self.mk(kind, n)]
    }

    pub(super) fn not(&self, cond: Node, n: TsNode) -> Node {
        self.mk(NodeKind::Unary { op: UnaryOp::Not, operand: Box::new(cond) }, n)
    }

    pub(super) fn first_arg(&mut self, n: TsNode<'t>) -> Option<Box<Node>> {
        let args = named(n).into_iter().find(|c| c.kind() == "argument_list")?;
        let first = named(args).into_iter().next()?;
        Some(Box::new(self.expr(first)))
    }

    /// `case x when a, b then … else … end` → `if x == a or x == b … else …`.
    pub(super) fn case(&mut self, n: TsNode<'t>) -> Node {
        let subject = n.child_by_field_name("value").map(|v| self.expr(v));
        let whens: Vec<TsNode> = named(n).into_iter().filter(|c| c.kind() == "when").collect();
        let mut otherwise: Vec<Node> =
            named(n).into_iter().filter(|c| c.kind() == "else").flat_map(|e| self.stmts(e)).collect();
        for w in whens.into_iter().rev() {
            let mut cursor = w.walk();
            let patterns: Vec<TsNode> = w.children_by_field_name("pattern", &mut cursor).collect();
            let mut cond: Option<Node> = None;
            for p in patterns {
                let value = named(p).first().map(|v| self.expr(*v)).unwrap_or_else(|| self.expr(p));
                let test = match &subject {
                    Some(s) => self
                        .mk(NodeKind::Binary { op: BinOp::Eq, left: Box::new(s.clone()), right: Box::new(value) }, p),
                    None => value,
                };
                cond = Some(match cond {
                    None => test,
                    Some(prev) => {
                        self.mk(NodeKind::Binary { op: BinOp::Or, left: Box::new(prev), right: Box::new(test) }, w)
                    }
                });
            }
            let then = self.field_stmts(w, "body");
            let cond = cond.unwrap_or_else(|| self.mk(NodeKind::Bool(false), w));
            let start = w.start_byte();
            let end = n.end_byte();
            otherwise = vec![Node::new(
                NodeKind::If { cond: Box::new(cond), then, otherwise },
                self.ctx.span_of(start, end),
                start..end,
            )];
        }
        match otherwise.pop() {
            Some(node) if otherwise.is_empty() && matches!(node.kind, NodeKind::If { .. }) => {
                Node { span: self.ctx.span(n), range: n.byte_range(), ..node }
            }
            Some(node) => {
                otherwise.push(node);
                let always = self.mk(NodeKind::Bool(true), n);
                self.mk(NodeKind::If { cond: Box::new(always), then: otherwise, otherwise: Vec::new() }, n)
            }
            None => self.mk(NodeKind::Pass, n),
        }
    }

    pub(super) fn function(&mut self, n: TsNode<'t>) -> Function {
        let name = self.ctx.field_text(n, "name").unwrap_or("").to_string();
        let params = n.child_by_field_name("parameters").map(|p| self.params(p)).unwrap_or_default();
        let body = self.field_stmts(n, "body");
        Function { name, params, body, expr_body: false, span: self.ctx.span(n), range: n.byte_range() }
    }

    pub(super) fn params(&mut self, p: TsNode<'t>) -> Vec<Param> {
        let mut out = Vec::new();
        for c in named(p) {
            let name = self.ctx.field_text(c, "name").map(str::to_string).unwrap_or_else(|| self.text(c).to_string());
            let default = c.child_by_field_name("value").map(|v| self.expr(v));
            let kind = match c.kind() {
                "splat_parameter" => ParamKind::Splat,
                "hash_splat_parameter" => ParamKind::KwSplat,
                "block_parameter" => ParamKind::Block,
                _ => ParamKind::Plain,
            };
            out.push(Param { name, default, kind });
        }
        out
    }

    pub(super) fn block(&mut self, b: TsNode<'t>) -> Rc<Function> {
        let params = b.child_by_field_name("parameters").map(|p| self.params(p)).unwrap_or_default();
        let body = self.field_stmts(b, "body");
        Rc::new(Function {
            name: String::new(),
            params,
            body,
            expr_body: false,
            span: self.ctx.span(b),
            range: b.byte_range(),
        })
    }
}

#[cfg(test)]
#[path = "ruby_tests.rs"]
mod tests;

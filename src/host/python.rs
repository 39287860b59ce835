//! Python (tree-sitter-python) → neutral tree: statements, imports, functions
//! (expressions are in [`super::python_expr`]).

use std::rc::Rc;

use tree_sitter::Node as TsNode;

use super::parse::{Ctx, MAX_DEPTH, named};
use super::python_expr::expr;
use super::tree::{BinOp, Function, Node, NodeKind, Param, ParamKind};

/// Lower a whole module.
pub(crate) fn lower_module(root: TsNode, mut ctx: Ctx) -> Vec<Node> {
    block(&mut ctx, root)
}

fn block(ctx: &mut Ctx, n: TsNode) -> Vec<Node> {
    let mut out = Vec::new();
    for child in named(n) {
        out.extend(statement(ctx, child));
    }
    out
}

fn statement(ctx: &mut Ctx, n: TsNode) -> Vec<Node> {
    if ctx.depth > MAX_DEPTH {
        return vec![ctx.mk(NodeKind::Other("too deeply nested".into()), n)];
    }
    ctx.depth += 1;
    let out = statement_inner(ctx, n);
    ctx.depth -= 1;
    out
}

fn statement_inner(ctx: &mut Ctx, n: TsNode) -> Vec<Node> {
    const COMPOUND: &[&str] = &[
        "if_statement",
        "for_statement",
        "while_statement",
        "function_definition",
        "decorated_definition",
        "class_definition",
        "with_statement",
        "try_statement",
        "block",
    ];
    if n.has_error() && !COMPOUND.contains(&n.kind()) {
        return vec![ctx.mk(NodeKind::Error, n)];
    }
    let kind = match n.kind() {
        "expression_statement" => {
            let children = named(n);
            return match children.as_slice() {
                [one] => vec![expr_or_assign(ctx, *one)],
                many => {
                    let items = many.iter().map(|c| expr(ctx, *c)).collect();
                    vec![ctx.mk(NodeKind::List(items), n)]
                }
            };
        }
        "if_statement" => if_chain(ctx, n),
        "for_statement" => NodeKind::For {
            target: Box::new(field_expr(ctx, n, "left")),
            iter: Box::new(field_expr(ctx, n, "right")),
            body: field_block(ctx, n, "body"),
        },
        "while_statement" => {
            NodeKind::While { cond: Box::new(field_expr(ctx, n, "condition")), body: field_block(ctx, n, "body") }
        }
        "function_definition" => NodeKind::Function(Rc::new(function(ctx, n))),
        "decorated_definition" => {
            return n.child_by_field_name("definition").map(|d| statement(ctx, d)).unwrap_or_default();
        }
        "class_definition" => NodeKind::Class {
            name: ctx.field_text(n, "name").unwrap_or("").to_string(),
            bases: n
                .child_by_field_name("superclasses")
                .map(|a| named(a).into_iter().map(|b| expr(ctx, b)).collect())
                .unwrap_or_default(),
            body: field_block(ctx, n, "body"),
        },
        "return_statement" => NodeKind::Return(named(n).first().map(|v| Box::new(expr(ctx, *v)))),
        "raise_statement" => NodeKind::Raise(named(n).first().map(|v| Box::new(expr(ctx, *v)))),
        "pass_statement"
        | "global_statement"
        | "nonlocal_statement"
        | "assert_statement"
        | "delete_statement"
        | "future_import_statement" => NodeKind::Pass,
        "break_statement" => NodeKind::Break,
        "continue_statement" => NodeKind::Continue,
        "import_statement" => NodeKind::Import(import_plain(ctx, n)),
        "import_from_statement" => NodeKind::Import(import_from(ctx, n)),
        "with_statement" => with(ctx, n),
        "try_statement" => NodeKind::Try { body: field_block(ctx, n, "body") },
        "block" => return block(ctx, n),
        "ERROR" => NodeKind::Error,
        other => {
            // An expression used as a statement (rare outside expression_statement).
            if n.is_named() && !other.ends_with("statement") && !other.ends_with("definition") {
                return vec![expr(ctx, n)];
            }
            NodeKind::Other(other.to_string())
        }
    };
    vec![ctx.mk(kind, n)]
}

/// `if`/`elif`/`else` as nested ifs.
fn if_chain(ctx: &mut Ctx, n: TsNode) -> NodeKind {
    let cond = field_expr(ctx, n, "condition");
    let then = field_block(ctx, n, "consequence");
    let mut cursor = n.walk();
    let alternatives: Vec<TsNode> = n.children_by_field_name("alternative", &mut cursor).collect();
    let otherwise = elif_rest(ctx, &alternatives);
    NodeKind::If { cond: Box::new(cond), then, otherwise }
}

fn elif_rest(ctx: &mut Ctx, alts: &[TsNode]) -> Vec<Node> {
    let Some((first, rest)) = alts.split_first() else { return Vec::new() };
    match first.kind() {
        "elif_clause" => {
            let cond = field_expr(ctx, *first, "condition");
            let then = field_block(ctx, *first, "consequence");
            let otherwise = elif_rest(ctx, rest);
            let start = first.start_byte();
            let end = alts.last().map_or(first.end_byte(), |a| a.end_byte());
            vec![Node::new(NodeKind::If { cond: Box::new(cond), then, otherwise }, ctx.span_of(start, end), start..end)]
        }
        _ => field_block(ctx, *first, "body"),
    }
}

fn with(ctx: &mut Ctx, n: TsNode) -> NodeKind {
    let mut items = Vec::new();
    for clause in named(n).into_iter().filter(|c| c.kind() == "with_clause") {
        for item in named(clause).into_iter().filter(|c| c.kind() == "with_item") {
            let Some(value) = item.child_by_field_name("value") else { continue };
            if value.kind() == "as_pattern" {
                let ctx_expr = named(value).first().map(|e| expr(ctx, *e));
                let alias = value.child_by_field_name("alias").and_then(|a| named(a).first().copied());
                if let Some(e) = ctx_expr {
                    items.push((e, alias.map(|a| expr(ctx, a))));
                }
            } else {
                items.push((expr(ctx, value), None));
            }
        }
    }
    NodeKind::With { items, body: field_block(ctx, n, "body") }
}

fn import_plain(ctx: &Ctx, n: TsNode) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut cursor = n.walk();
    for name in n.children_by_field_name("name", &mut cursor) {
        if name.kind() == "aliased_import" {
            let path = ctx.field_text(name, "name").unwrap_or("").to_string();
            let alias = ctx.field_text(name, "alias").unwrap_or("").to_string();
            out.push((alias, path));
        } else {
            let path = ctx.text(name).to_string();
            let top = path.split('.').next().unwrap_or("").to_string();
            out.push((top.clone(), top));
        }
    }
    out
}

fn import_from(ctx: &Ctx, n: TsNode) -> Vec<(String, String)> {
    let module = ctx.field_text(n, "module_name").unwrap_or("").to_string();
    let mut out = Vec::new();
    let mut cursor = n.walk();
    for name in n.children_by_field_name("name", &mut cursor) {
        let (path, local) = if name.kind() == "aliased_import" {
            (ctx.field_text(name, "name").unwrap_or(""), ctx.field_text(name, "alias").unwrap_or(""))
        } else {
            (ctx.text(name), ctx.text(name))
        };
        let sep = if module.ends_with('.') { "" } else { "." };
        out.push((local.to_string(), format!("{module}{sep}{path}")));
    }
    out
}

fn function(ctx: &mut Ctx, n: TsNode) -> Function {
    let name = ctx.field_text(n, "name").unwrap_or("").to_string();
    let params = n.child_by_field_name("parameters").map(|p| params(ctx, p)).unwrap_or_default();
    let body = field_block(ctx, n, "body");
    Function { name, params, body, expr_body: false, span: ctx.span(n), range: n.byte_range() }
}

pub(super) fn params(ctx: &mut Ctx, p: TsNode) -> Vec<Param> {
    let mut out = Vec::new();
    for c in named(p) {
        let (name, default, kind) = match c.kind() {
            "identifier" => (ctx.text(c).to_string(), None, ParamKind::Plain),
            "default_parameter" | "typed_default_parameter" => (
                ctx.field_text(c, "name").unwrap_or("").to_string(),
                c.child_by_field_name("value").map(|v| expr(ctx, v)),
                ParamKind::Plain,
            ),
            "typed_parameter" => {
                let inner = named(c).first().copied();
                match inner.map(|i| (i.kind(), i)) {
                    Some(("list_splat_pattern", i)) => (splat_name(ctx, i), None, ParamKind::Splat),
                    Some(("dictionary_splat_pattern", i)) => (splat_name(ctx, i), None, ParamKind::KwSplat),
                    Some((_, i)) => (ctx.text(i).to_string(), None, ParamKind::Plain),
                    None => continue,
                }
            }
            "list_splat_pattern" => (splat_name(ctx, c), None, ParamKind::Splat),
            "dictionary_splat_pattern" => (splat_name(ctx, c), None, ParamKind::KwSplat),
            _ => continue, // `*` and `/` separators
        };
        out.push(Param { name, default, kind });
    }
    out
}

fn splat_name(ctx: &Ctx, n: TsNode) -> String {
    named(n).first().map(|i| ctx.text(*i).to_string()).unwrap_or_default()
}

/// The block in `field`, plus the ERROR regions the parser attached directly to `n`
/// (a broken statement can end up beside an empty block), so broken code is still
/// reported as Opaque.
fn field_block(ctx: &mut Ctx, n: TsNode, field: &str) -> Vec<Node> {
    let mut out = n.child_by_field_name(field).map(|b| block(ctx, b)).unwrap_or_default();
    if n.has_error() {
        for e in named(n).into_iter().filter(|c| c.kind() == "ERROR") {
            out.push(ctx.mk(NodeKind::Error, e));
        }
        out.sort_by_key(|s| s.range.start);
    }
    out
}

pub(super) fn field_expr(ctx: &mut Ctx, n: TsNode, field: &str) -> Node {
    match n.child_by_field_name(field) {
        Some(c) => expr(ctx, c),
        None => ctx.mk(NodeKind::Other(format!("missing {field}")), n),
    }
}

fn expr_or_assign(ctx: &mut Ctx, n: TsNode) -> Node {
    match n.kind() {
        "assignment" => {
            let target = field_expr(ctx, n, "left");
            let value = match n.child_by_field_name("right") {
                Some(r) if r.kind() == "assignment" => {
                    return ctx.mk(NodeKind::Other("chained assignment".into()), n);
                }
                Some(r) => expr(ctx, r),
                None => return ctx.mk(NodeKind::Pass, n), // `x: int` declares only
            };
            ctx.mk(NodeKind::Assign { target: Box::new(target), value: Box::new(value) }, n)
        }
        "augmented_assignment" => {
            let target = field_expr(ctx, n, "left");
            let right = field_expr(ctx, n, "right");
            let token = ctx.field_text(n, "operator").unwrap_or("").trim_end_matches('=');
            let value = Node::new(
                NodeKind::Binary {
                    op: BinOp::from_token(token),
                    left: Box::new(target.clone()),
                    right: Box::new(right),
                },
                ctx.span(n),
                n.byte_range(),
            );
            ctx.mk(NodeKind::Assign { target: Box::new(target), value: Box::new(value) }, n)
        }
        _ => expr(ctx, n),
    }
}

#[cfg(test)]
#[path = "python_tests.rs"]
mod tests;

//! TypeScript and JavaScript (tree-sitter-typescript) → neutral tree.
//!
//! Type annotations, `await`, `as`, `!` and `satisfies` are dropped; classes keep
//! their methods and fields; `switch` becomes nested ifs; template literals
//! become interpolated strings.

use std::rc::Rc;

use tree_sitter::Node as TsNode;

use super::parse::{Ctx, MAX_DEPTH, all, named, unescape};
use super::python_expr::finish_parts;
use super::tree::{Arg, BinOp, Call, Function, Node, NodeKind, Param, ParamKind, StrPart, UnaryOp};

/// Lower a whole program.
pub(crate) fn lower_module(root: TsNode, mut ctx: Ctx) -> Vec<Node> {
    stmts(&mut ctx, root)
}

fn stmts(ctx: &mut Ctx, n: TsNode) -> Vec<Node> {
    let mut out = Vec::new();
    for c in named(n) {
        out.extend(stmt(ctx, c));
    }
    out
}

fn field_stmts(ctx: &mut Ctx, n: TsNode, field: &str) -> Vec<Node> {
    match n.child_by_field_name(field) {
        Some(b) if b.kind() == "statement_block" => stmts(ctx, b),
        Some(b) => stmt(ctx, b),
        None => Vec::new(),
    }
}

fn stmt(ctx: &mut Ctx, n: TsNode) -> Vec<Node> {
    if ctx.depth > MAX_DEPTH {
        return vec![ctx.mk(NodeKind::Other("too deeply nested".into()), n)];
    }
    ctx.depth += 1;
    let out = stmt_inner(ctx, n);
    ctx.depth -= 1;
    out
}

fn stmt_inner(ctx: &mut Ctx, n: TsNode) -> Vec<Node> {
    const COMPOUND: &[&str] = &[
        "statement_block",
        "if_statement",
        "else_clause",
        "for_in_statement",
        "while_statement",
        "class_declaration",
        "abstract_class_declaration",
        "class_body",
        "method_definition",
        "function_declaration",
        "export_statement",
        "try_statement",
        "switch_statement",
    ];
    if n.has_error() && !COMPOUND.contains(&n.kind()) {
        return vec![ctx.mk(NodeKind::Error, n)];
    }
    let kind = match n.kind() {
        "statement_block" | "else_clause" | "class_body" => return stmts(ctx, n),
        "export_statement" => {
            return named(n).into_iter().filter(|c| c.kind() != "export_clause").flat_map(|c| stmt(ctx, c)).collect();
        }
        "import_statement" => NodeKind::Import(import(ctx, n)),
        "lexical_declaration" | "variable_declaration" => {
            return named(n)
                .into_iter()
                .filter(|d| d.kind() == "variable_declarator")
                .filter_map(|d| {
                    let value = d.child_by_field_name("value")?;
                    let target = field_expr(ctx, d, "name");
                    let value = expr(ctx, value);
                    Some(ctx.mk(NodeKind::Assign { target: Box::new(target), value: Box::new(value) }, d))
                })
                .collect();
        }
        "expression_statement" => return named(n).into_iter().map(|c| expr(ctx, c)).collect(),
        "if_statement" => NodeKind::If {
            cond: Box::new(field_expr(ctx, n, "condition")),
            then: field_stmts(ctx, n, "consequence"),
            otherwise: field_stmts(ctx, n, "alternative"),
        },
        "for_in_statement" if all(n).iter().any(|c| c.kind() == "of") => NodeKind::For {
            target: Box::new(field_expr(ctx, n, "left")),
            iter: Box::new(field_expr(ctx, n, "right")),
            body: field_stmts(ctx, n, "body"),
        },
        "while_statement" | "do_statement" => {
            NodeKind::While { cond: Box::new(field_expr(ctx, n, "condition")), body: field_stmts(ctx, n, "body") }
        }
        "class_declaration" | "abstract_class_declaration" | "class" => class(ctx, n),
        "method_definition" | "function_declaration" | "generator_function_declaration" => {
            NodeKind::Function(Rc::new(function(ctx, n)))
        }
        "public_field_definition" => {
            let name = ctx.field_text(n, "name").unwrap_or("").to_string();
            match n.child_by_field_name("value") {
                Some(v) => {
                    let target = Node::new(NodeKind::Name(name), ctx.span(n), n.byte_range());
                    NodeKind::Assign { target: Box::new(target), value: Box::new(expr(ctx, v)) }
                }
                None => NodeKind::Pass,
            }
        }
        "return_statement" => NodeKind::Return(named(n).first().map(|v| Box::new(expr(ctx, *v)))),
        "throw_statement" => NodeKind::Raise(named(n).first().map(|v| Box::new(expr(ctx, *v)))),
        "try_statement" => NodeKind::Try { body: field_stmts(ctx, n, "body") },
        "switch_statement" => return vec![switch(ctx, n)],
        "break_statement" => NodeKind::Break,
        "continue_statement" => NodeKind::Continue,
        "empty_statement"
        | "type_alias_declaration"
        | "interface_declaration"
        | "enum_declaration"
        | "ambient_declaration"
        | "module"
        | "internal_module"
        | "debugger_statement" => NodeKind::Pass,
        "labeled_statement" => return field_stmts(ctx, n, "body"),
        "ERROR" => NodeKind::Error,
        other if other.ends_with("statement") || other.ends_with("declaration") => NodeKind::Other(other.into()),
        _ => return vec![expr(ctx, n)],
    };
    vec![ctx.mk(kind, n)]
}

fn import(ctx: &Ctx, n: TsNode) -> Vec<(String, String)> {
    let source = n.child_by_field_name("source").map(|s| string_value(ctx, s)).unwrap_or_default();
    let mut out = Vec::new();
    for clause in named(n).into_iter().filter(|c| c.kind() == "import_clause") {
        for part in named(clause) {
            match part.kind() {
                "identifier" => out.push((ctx.text(part).to_string(), source.clone())),
                "namespace_import" => {
                    if let Some(id) = named(part).first() {
                        out.push((ctx.text(*id).to_string(), source.clone()));
                    }
                }
                "named_imports" => {
                    for spec in named(part).into_iter().filter(|s| s.kind() == "import_specifier") {
                        let name = ctx.field_text(spec, "name").unwrap_or("");
                        let local = ctx.field_text(spec, "alias").unwrap_or(name);
                        out.push((local.to_string(), format!("{source}.{name}")));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn class(ctx: &mut Ctx, n: TsNode) -> NodeKind {
    let name = ctx.field_text(n, "name").unwrap_or("").to_string();
    let mut bases = Vec::new();
    for heritage in named(n).into_iter().filter(|c| c.kind() == "class_heritage") {
        for clause in named(heritage) {
            for b in named(clause) {
                bases.push(expr(ctx, b));
            }
        }
    }
    NodeKind::Class { name, bases, body: field_stmts(ctx, n, "body") }
}

fn function(ctx: &mut Ctx, n: TsNode) -> Function {
    let name = ctx.field_text(n, "name").unwrap_or("").to_string();
    let params = params(ctx, n);
    let (body, expr_body) = match n.child_by_field_name("body") {
        Some(b) if b.kind() == "statement_block" => (stmts(ctx, b), false),
        Some(b) => (vec![expr(ctx, b)], true),
        None => (Vec::new(), false),
    };
    Function { name, params, body, expr_body, span: ctx.span(n), range: n.byte_range() }
}

fn params(ctx: &mut Ctx, n: TsNode) -> Vec<Param> {
    if let Some(single) = n.child_by_field_name("parameter") {
        return vec![Param { name: ctx.text(single).to_string(), default: None, kind: ParamKind::Plain }];
    }
    let Some(p) = n.child_by_field_name("parameters") else { return Vec::new() };
    let mut out = Vec::new();
    for c in named(p) {
        let pattern = c.child_by_field_name("pattern").unwrap_or(c);
        let (name, kind) = match pattern.kind() {
            "rest_pattern" => (named(pattern).first().map(|i| ctx.text(*i)).unwrap_or(""), ParamKind::Splat),
            _ => (ctx.text(pattern), ParamKind::Plain),
        };
        let default = c.child_by_field_name("value").map(|v| expr(ctx, v));
        out.push(Param { name: name.to_string(), default, kind });
    }
    out
}

/// `switch (x) { case a: case b: …; break; default: … }` → nested ifs on `x === a || x === b`.
fn switch(ctx: &mut Ctx, n: TsNode) -> Node {
    let subject = field_expr(ctx, n, "value");
    let mut arms: Vec<(Option<Node>, Vec<Node>, TsNode)> = Vec::new();
    let mut pending: Option<Node> = None;
    let mut default: Vec<Node> = Vec::new();
    let cases = n.child_by_field_name("body").map(named).unwrap_or_default();
    for case in cases {
        let mut cursor = case.walk();
        let mut body: Vec<Node> = case
            .children_by_field_name("body", &mut cursor)
            .collect::<Vec<_>>()
            .into_iter()
            .flat_map(|b| stmt(ctx, b))
            .collect();
        if matches!(body.last().map(|b| &b.kind), Some(NodeKind::Break)) {
            body.pop();
        }
        if case.kind() == "switch_default" {
            default = body;
            continue;
        }
        let value = field_expr(ctx, case, "value");
        let test =
            ctx.mk(NodeKind::Binary { op: BinOp::Eq, left: Box::new(subject.clone()), right: Box::new(value) }, case);
        let cond = match pending.take() {
            Some(prev) => ctx.mk(NodeKind::Binary { op: BinOp::Or, left: Box::new(prev), right: Box::new(test) }, case),
            None => test,
        };
        if body.is_empty() {
            pending = Some(cond);
        } else {
            arms.push((Some(cond), body, case));
        }
    }
    let mut otherwise = default;
    for (cond, then, case) in arms.into_iter().rev() {
        let Some(cond) = cond else { continue };
        let (start, end) = (case.start_byte(), n.end_byte());
        otherwise = vec![Node::new(
            NodeKind::If { cond: Box::new(cond), then, otherwise },
            ctx.span_of(start, end),
            start..end,
        )];
    }
    match otherwise.pop() {
        Some(node) if otherwise.is_empty() => Node { span: ctx.span(n), range: n.byte_range(), ..node },
        Some(node) => {
            otherwise.push(node);
            let always = ctx.mk(NodeKind::Bool(true), n);
            ctx.mk(NodeKind::If { cond: Box::new(always), then: otherwise, otherwise: Vec::new() }, n)
        }
        None => ctx.mk(NodeKind::Pass, n),
    }
}

fn field_expr(ctx: &mut Ctx, n: TsNode, field: &str) -> Node {
    match n.child_by_field_name(field) {
        Some(c) => expr(ctx, c),
        None => ctx.mk(NodeKind::Other(format!("missing {field}")), n),
    }
}

fn first_named(ctx: &mut Ctx, n: TsNode) -> Node {
    match named(n).first() {
        Some(c) => expr(ctx, *c),
        None => ctx.mk(NodeKind::Other(n.kind().to_string()), n),
    }
}

fn expr(ctx: &mut Ctx, n: TsNode) -> Node {
    if ctx.depth > MAX_DEPTH {
        return ctx.mk(NodeKind::Other("too deeply nested".into()), n);
    }
    ctx.depth += 1;
    let kind = expr_kind(ctx, n);
    ctx.depth -= 1;
    ctx.mk(kind, n)
}

fn expr_kind(ctx: &mut Ctx, n: TsNode) -> NodeKind {
    match n.kind() {
        "identifier"
        | "this"
        | "super"
        | "property_identifier"
        | "shorthand_property_identifier"
        | "private_property_identifier"
        | "type_identifier" => NodeKind::Name(ctx.text(n).to_string()),
        "member_expression" => NodeKind::Attr {
            object: Box::new(field_expr(ctx, n, "object")),
            name: ctx.field_text(n, "property").unwrap_or("").to_string(),
        },
        "subscript_expression" => NodeKind::Index {
            object: Box::new(field_expr(ctx, n, "object")),
            index: Box::new(field_expr(ctx, n, "index")),
        },
        "call_expression" | "new_expression" => call(ctx, n),
        "await_expression"
        | "as_expression"
        | "satisfies_expression"
        | "non_null_expression"
        | "type_assertion"
        | "parenthesized_expression"
        | "yield_expression" => match named(n).first() {
            Some(inner) => expr(ctx, *inner).kind,
            None => NodeKind::Nil,
        },
        "string" => NodeKind::Str(string_value(ctx, n)),
        "template_string" => template(ctx, n),
        "number" => NodeKind::Number(ctx.text(n).replace('_', "").trim_end_matches('n').to_string()),
        "true" => NodeKind::Bool(true),
        "false" => NodeKind::Bool(false),
        "null" | "undefined" => NodeKind::Nil,
        "array" => NodeKind::List(
            named(n)
                .into_iter()
                .map(|c| match c.kind() {
                    "spread_element" => {
                        let inner = first_named(ctx, c);
                        ctx.mk(NodeKind::Splat(Box::new(inner)), c)
                    }
                    _ => expr(ctx, c),
                })
                .collect(),
        ),
        "object" => object(ctx, n),
        "binary_expression" => NodeKind::Binary {
            op: BinOp::from_token(ctx.field_text(n, "operator").unwrap_or("")),
            left: Box::new(field_expr(ctx, n, "left")),
            right: Box::new(field_expr(ctx, n, "right")),
        },
        "unary_expression" => {
            let op = match ctx.field_text(n, "operator") {
                Some("!") => UnaryOp::Not,
                Some("-") => UnaryOp::Neg,
                Some("+") => UnaryOp::Pos,
                _ => UnaryOp::Other,
            };
            let operand = field_expr(ctx, n, "argument");
            match (op, &operand.kind) {
                (UnaryOp::Neg, NodeKind::Number(num)) => NodeKind::Number(format!("-{num}")),
                _ => NodeKind::Unary { op, operand: Box::new(operand) },
            }
        }
        "ternary_expression" => NodeKind::Cond {
            cond: Box::new(field_expr(ctx, n, "condition")),
            then: Box::new(field_expr(ctx, n, "consequence")),
            otherwise: Box::new(field_expr(ctx, n, "alternative")),
        },
        "arrow_function" | "function_expression" | "function" | "generator_function" => {
            NodeKind::Lambda(Rc::new(function(ctx, n)))
        }
        "assignment_expression" => NodeKind::Assign {
            target: Box::new(field_expr(ctx, n, "left")),
            value: Box::new(field_expr(ctx, n, "right")),
        },
        "augmented_assignment_expression" => {
            let target = field_expr(ctx, n, "left");
            let right = field_expr(ctx, n, "right");
            let token = ctx.field_text(n, "operator").unwrap_or("").trim_end_matches('=');
            let value = ctx.mk(
                NodeKind::Binary {
                    op: BinOp::from_token(token),
                    left: Box::new(target.clone()),
                    right: Box::new(right),
                },
                n,
            );
            NodeKind::Assign { target: Box::new(target), value: Box::new(value) }
        }
        "array_pattern" => NodeKind::List(named(n).into_iter().map(|c| expr(ctx, c)).collect()),
        "class" => class(ctx, n),
        "ERROR" => NodeKind::Error,
        other => NodeKind::Other(other.to_string()),
    }
}

fn object(ctx: &mut Ctx, n: TsNode) -> NodeKind {
    let mut pairs = Vec::new();
    for p in named(n) {
        match p.kind() {
            "pair" => {
                let key = match p.child_by_field_name("key") {
                    Some(k) if matches!(k.kind(), "property_identifier" | "identifier") => {
                        ctx.mk(NodeKind::Str(ctx.text(k).to_string()), k)
                    }
                    Some(k) if k.kind() == "computed_property_name" => first_named(ctx, k),
                    Some(k) => expr(ctx, k),
                    None => continue,
                };
                pairs.push((key, field_expr(ctx, p, "value")));
            }
            "shorthand_property_identifier" => {
                let name = ctx.text(p).to_string();
                pairs.push((ctx.mk(NodeKind::Str(name.clone()), p), ctx.mk(NodeKind::Name(name), p)));
            }
            "method_definition" => {
                let f = function(ctx, p);
                pairs.push((ctx.mk(NodeKind::Str(f.name.clone()), p), ctx.mk(NodeKind::Lambda(Rc::new(f)), p)));
            }
            _ => return NodeKind::Other("object with spread".into()),
        }
    }
    NodeKind::Map(pairs)
}

fn call(ctx: &mut Ctx, n: TsNode) -> NodeKind {
    let new = n.kind() == "new_expression";
    let callee = if new { field_expr(ctx, n, "constructor") } else { field_expr(ctx, n, "function") };
    let mut args = Vec::new();
    match n.child_by_field_name("arguments") {
        Some(a) if a.kind() == "arguments" => {
            for c in named(a) {
                args.push(match c.kind() {
                    "spread_element" => Arg::Splat(first_named(ctx, c)),
                    _ => Arg::Pos(expr(ctx, c)),
                });
            }
        }
        Some(a) => args.push(Arg::Pos(ctx.mk(NodeKind::Other("tagged template".into()), a))),
        None => {}
    }
    NodeKind::Call(Call { callee: Box::new(callee), args, block: None, new, bare: false })
}

/// The value of a `'…'`/`"…"` string literal.
fn string_value(ctx: &Ctx, n: TsNode) -> String {
    let mut out = String::new();
    for c in named(n) {
        match c.kind() {
            "string_fragment" => out.push_str(ctx.text(c)),
            "escape_sequence" => out.push_str(&unescape(ctx.text(c))),
            _ => {}
        }
    }
    out
}

/// `` `a ${b} c` `` → interpolated string.
fn template(ctx: &mut Ctx, n: TsNode) -> NodeKind {
    let mut parts = Vec::new();
    for c in named(n) {
        match c.kind() {
            "string_fragment" => parts.push(StrPart::Lit(ctx.text(c).to_string())),
            "escape_sequence" => parts.push(StrPart::Lit(unescape(ctx.text(c)))),
            "template_substitution" => {
                let e = first_named(ctx, c);
                parts.push(StrPart::Expr { expr: e, conversion: None, spec: None });
            }
            _ => {}
        }
    }
    finish_parts(parts)
}

#[cfg(test)]
#[path = "typescript_tests.rs"]
mod tests;

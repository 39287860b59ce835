//! Python expressions → neutral tree: literals, strings and f-strings, calls,
//! comparisons, operators, lambdas, subscripts.

use std::rc::Rc;

use tree_sitter::Node as TsNode;

use super::parse::{Ctx, MAX_DEPTH, named, unescape};
use super::python::{field_expr, params};
use super::tree::{Arg, BinOp, Call, Function, Node, NodeKind, StrPart, UnaryOp};

/// Lower an expression.
pub(super) fn expr(ctx: &mut Ctx, n: TsNode) -> Node {
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
        "identifier" => NodeKind::Name(ctx.text(n).to_string()),
        "integer" | "float" => NodeKind::Number(ctx.text(n).replace('_', "")),
        "true" => NodeKind::Bool(true),
        "false" => NodeKind::Bool(false),
        "none" | "ellipsis" => NodeKind::Nil,
        "string" => string(ctx, n),
        "concatenated_string" => concat_strings(ctx, n),
        "attribute" => NodeKind::Attr {
            object: Box::new(field_expr(ctx, n, "object")),
            name: ctx.field_text(n, "attribute").unwrap_or("").to_string(),
        },
        "subscript" => {
            let mut cursor = n.walk();
            let subs: Vec<TsNode> = n.children_by_field_name("subscript", &mut cursor).collect();
            match subs.as_slice() {
                [one] if one.kind() != "slice" => {
                    NodeKind::Index { object: Box::new(field_expr(ctx, n, "value")), index: Box::new(expr(ctx, *one)) }
                }
                _ => NodeKind::Other("slice".into()),
            }
        }
        "call" => call(ctx, n),
        "list" | "tuple" | "set" | "expression_list" | "pattern_list" | "tuple_pattern" | "list_pattern" => {
            NodeKind::List(named(n).into_iter().map(|c| expr(ctx, c)).collect())
        }
        "dictionary" => {
            let mut pairs = Vec::new();
            for p in named(n) {
                if p.kind() != "pair" {
                    return NodeKind::Other("dictionary with **splat".into());
                }
                pairs.push((field_expr(ctx, p, "key"), field_expr(ctx, p, "value")));
            }
            NodeKind::Map(pairs)
        }
        "binary_operator" => NodeKind::Binary {
            op: BinOp::from_token(ctx.field_text(n, "operator").unwrap_or("")),
            left: Box::new(field_expr(ctx, n, "left")),
            right: Box::new(field_expr(ctx, n, "right")),
        },
        "boolean_operator" => NodeKind::Binary {
            op: BinOp::from_token(ctx.field_text(n, "operator").unwrap_or("")),
            left: Box::new(field_expr(ctx, n, "left")),
            right: Box::new(field_expr(ctx, n, "right")),
        },
        "comparison_operator" => comparison(ctx, n),
        "not_operator" => NodeKind::Unary { op: UnaryOp::Not, operand: Box::new(field_expr(ctx, n, "argument")) },
        "unary_operator" => {
            let op = match ctx.field_text(n, "operator") {
                Some("-") => UnaryOp::Neg,
                Some("+") => UnaryOp::Pos,
                Some("~") => UnaryOp::Invert,
                _ => UnaryOp::Other,
            };
            let operand = field_expr(ctx, n, "argument");
            match (&op, &operand.kind) {
                (UnaryOp::Neg, NodeKind::Number(num)) => NodeKind::Number(format!("-{num}")),
                _ => NodeKind::Unary { op, operand: Box::new(operand) },
            }
        }
        "parenthesized_expression" => match named(n).first() {
            Some(inner) => expr(ctx, *inner).kind,
            None => NodeKind::List(Vec::new()),
        },
        "conditional_expression" => {
            let parts = named(n);
            match parts.as_slice() {
                [then, cond, otherwise] => NodeKind::Cond {
                    cond: Box::new(expr(ctx, *cond)),
                    then: Box::new(expr(ctx, *then)),
                    otherwise: Box::new(expr(ctx, *otherwise)),
                },
                _ => NodeKind::Other("conditional_expression".into()),
            }
        }
        "lambda" => {
            let params = n.child_by_field_name("parameters").map(|p| params(ctx, p)).unwrap_or_default();
            let body = vec![field_expr(ctx, n, "body")];
            NodeKind::Lambda(Rc::new(Function {
                name: String::new(),
                params,
                body,
                expr_body: true,
                span: ctx.span(n),
                range: n.byte_range(),
            }))
        }
        "list_splat" => NodeKind::Splat(Box::new(first_named_expr(ctx, n))),
        "await" => first_named_expr(ctx, n).kind,
        "keyword_argument" => NodeKind::Other("keyword_argument".into()),
        "ERROR" => NodeKind::Error,
        other => NodeKind::Other(other.to_string()),
    }
}

fn first_named_expr(ctx: &mut Ctx, n: TsNode) -> Node {
    match named(n).first() {
        Some(c) => expr(ctx, *c),
        None => ctx.mk(NodeKind::Other(n.kind().to_string()), n),
    }
}

/// `a < b`, `a not in b`; chains `a < b < c` become `a < b and b < c`.
fn comparison(ctx: &mut Ctx, n: TsNode) -> NodeKind {
    let operands: Vec<TsNode> = named(n);
    let mut cursor = n.walk();
    let ops: Vec<String> = n
        .children_by_field_name("operators", &mut cursor)
        .map(|o| ctx.text(o).split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    if operands.len() < 2 || ops.len() != operands.len() - 1 {
        return NodeKind::Other("comparison_operator".into());
    }
    let lowered: Vec<Node> = operands.iter().map(|o| expr(ctx, *o)).collect();
    let mut result: Option<Node> = None;
    for (i, op) in ops.iter().enumerate() {
        let cmp = Node::new(
            NodeKind::Binary {
                op: BinOp::from_token(op),
                left: Box::new(lowered[i].clone()),
                right: Box::new(lowered[i + 1].clone()),
            },
            ctx.span(n),
            n.byte_range(),
        );
        result = Some(match result {
            None => cmp,
            Some(prev) => Node::new(
                NodeKind::Binary { op: BinOp::And, left: Box::new(prev), right: Box::new(cmp) },
                ctx.span(n),
                n.byte_range(),
            ),
        });
    }
    result.map_or(NodeKind::Other("comparison_operator".into()), |r| r.kind)
}

fn call(ctx: &mut Ctx, n: TsNode) -> NodeKind {
    let callee = field_expr(ctx, n, "function");
    let mut args = Vec::new();
    if let Some(a) = n.child_by_field_name("arguments") {
        if a.kind() == "generator_expression" {
            args.push(Arg::Pos(ctx.mk(NodeKind::Other("generator_expression".into()), a)));
        }
        for c in named(a).into_iter().filter(|_| a.kind() == "argument_list") {
            args.push(match c.kind() {
                "keyword_argument" => {
                    Arg::Kw(ctx.field_text(c, "name").unwrap_or("").to_string(), field_expr(ctx, c, "value"))
                }
                "list_splat" => Arg::Splat(first_named_expr(ctx, c)),
                "dictionary_splat" => Arg::KwSplat(first_named_expr(ctx, c)),
                _ => Arg::Pos(expr(ctx, c)),
            });
        }
    }
    NodeKind::Call(Call { callee: Box::new(callee), args, block: None, new: false, bare: false })
}

/// A string literal: plain, raw, bytes or f-string (with `{expr!r:spec}` parts).
fn string(ctx: &mut Ctx, n: TsNode) -> NodeKind {
    let prefix = n
        .child(0)
        .filter(|c| c.kind() == "string_start")
        .map(|c| ctx.text(c).trim_end_matches(['"', '\'']).to_ascii_lowercase())
        .unwrap_or_default();
    let raw = prefix.contains('r');
    let fstring = prefix.contains('f');
    let mut parts: Vec<StrPart> = Vec::new();
    for c in named(n) {
        match c.kind() {
            "string_content" => {
                let text = ctx.text(c);
                let mut s = if raw { text.to_string() } else { unescape(text) };
                if fstring {
                    s = s.replace("{{", "{").replace("}}", "}");
                }
                push_lit(&mut parts, s);
            }
            "interpolation" => {
                let e = field_expr(ctx, c, "expression");
                let conversion = ctx.field_text(c, "type_conversion").and_then(|t| t.chars().nth(1));
                let spec = ctx.field_text(c, "format_specifier").map(|s| s.trim_start_matches(':').to_string());
                parts.push(StrPart::Expr { expr: e, conversion, spec });
            }
            _ => {}
        }
    }
    finish_parts(parts)
}

fn push_lit(parts: &mut Vec<StrPart>, s: String) {
    if let Some(StrPart::Lit(prev)) = parts.last_mut() {
        prev.push_str(&s);
    } else {
        parts.push(StrPart::Lit(s));
    }
}

/// `Str` when every part is literal, else `Interp`.
pub(crate) fn finish_parts(parts: Vec<StrPart>) -> NodeKind {
    if parts.iter().all(|p| matches!(p, StrPart::Lit(_))) {
        NodeKind::Str(parts.into_iter().map(|p| if let StrPart::Lit(s) = p { s } else { String::new() }).collect())
    } else {
        NodeKind::Interp(parts)
    }
}

fn concat_strings(ctx: &mut Ctx, n: TsNode) -> NodeKind {
    let mut parts = Vec::new();
    for c in named(n) {
        match string(ctx, c) {
            NodeKind::Str(s) => push_lit(&mut parts, s),
            NodeKind::Interp(ps) => {
                for p in ps {
                    match p {
                        StrPart::Lit(s) => push_lit(&mut parts, s),
                        e => parts.push(e),
                    }
                }
            }
            _ => {}
        }
    }
    finish_parts(parts)
}

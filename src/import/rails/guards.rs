//! Schema-reading guards resolved against the replayed state:
//! `add_index :t, :c unless index_exists?(:t, :c)`, `if table_exists?(:t)`,
//! `column_exists?`, `foreign_key_exists?`, `check_constraint_exists?`,
//! `index_name_exists?`, `extension_enabled?`, and a model's `Model.column_names.include?`,
//! `Model.columns_hash.key?`, `Model.table_exists?` (its table by ActiveRecord's naming
//! convention). The evaluator leaves such an
//! `if` as Opaque (it cannot read a database); the importer knows the state the
//! earlier migrations built, so it re-reads the statement, decides the condition
//! and imports the branch that runs.

use super::column::{name_of, table_name};
use super::ops::{Ctx, Piece, lower};
use crate::host::tree::{Arg, BinOp, Function, Node, NodeKind, UnaryOp};
use crate::host::{EvalConfig, Evaluator, Language, Value, parse};
use crate::ir::{ConstraintKind, Span};

/// The pieces of the branch a guard selects, or `None` when the statement is not a guard
/// polymig can decide.
pub fn resolve(ctx: &mut Ctx, source: &str, span: &Span) -> Option<Vec<Piece>> {
    // Pad the text so the re-parsed spans are the file's own.
    let padded = format!(
        "{}{}{source}",
        "\n".repeat(span.line.saturating_sub(1) as usize),
        " ".repeat(span.column.saturating_sub(1) as usize)
    );
    let module = parse(Language::Ruby, ctx.file, &padded);
    if !module.diagnostics.is_empty() {
        return None;
    }
    let [stmt] = module.body.as_slice() else { return None };
    let NodeKind::If { cond, then, otherwise } = &stmt.kind else { return None };
    let mut ev = Evaluator::new(&module, EvalConfig::new(ctx.target));
    let truth = decide(ctx, &mut ev, cond)?;
    let branch = if truth { then } else { otherwise };
    let f = Function {
        name: "guard".into(),
        params: Vec::new(),
        body: branch.clone(),
        expr_body: false,
        span: stmt.span.clone(),
        range: stmt.range.clone(),
    };
    let effects = ev.run_function(&f, Vec::new());
    Some(lower(ctx, &effects))
}

fn decide(ctx: &Ctx, ev: &mut Evaluator, cond: &Node) -> Option<bool> {
    match &cond.kind {
        NodeKind::Unary { op: UnaryOp::Not, operand } => decide(ctx, ev, operand).map(|b| !b),
        NodeKind::Binary { op: BinOp::And, left, right } => Some(decide(ctx, ev, left)? && decide(ctx, ev, right)?),
        NodeKind::Binary { op: BinOp::Or, left, right } => Some(decide(ctx, ev, left)? || decide(ctx, ev, right)?),
        NodeKind::Call(c) => {
            let path = chain(&c.callee)?;
            let method = path.strip_prefix("connection.").unwrap_or(&path);
            let mut args = Vec::new();
            let mut kwargs = Vec::new();
            for a in &c.args {
                match a {
                    Arg::Pos(n) => args.push(ev.eval_expr(n)),
                    Arg::Kw(k, n) => kwargs.push((k.clone(), ev.eval_expr(n))),
                    _ => return None,
                }
            }
            model_check(ctx, &path, &args).or_else(|| check(ctx, method, &args, &kwargs))
        }
        _ => None,
    }
}

/// `a.b.c` of a callee, through calls without arguments (`Model.column_names.include?`).
fn chain(n: &Node) -> Option<String> {
    match &n.kind {
        NodeKind::Call(c) if c.args.is_empty() => chain(&c.callee),
        NodeKind::Attr { object, name } => Some(format!("{}.{name}", chain(object)?)),
        _ => n.dotted(),
    }
}

/// A model's reflection, its table named by ActiveRecord's convention:
/// `Model.column_names.include?("c")`, `Model.columns_hash.key?("c")` (and `has_key?`,
/// `include?`), `Model.table_exists?`.
fn model_check(ctx: &Ctx, path: &str, args: &[Value]) -> Option<bool> {
    let (model, rest) = path.split_once('.')?;
    if !model.starts_with(|c: char| c.is_ascii_uppercase()) || model.contains("::") {
        return None;
    }
    let table = ctx.state.table(&crate::ir::QName::new(super::inflect::model_table(model)));
    match rest {
        "table_exists?" => Some(table.is_some()),
        "column_names.include?" | "columns_hash.key?" | "columns_hash.has_key?" | "columns_hash.include?" => {
            let col = name_of(args.first()?)?;
            Some(table.is_some_and(|t| t.column(&col).is_some()))
        }
        _ => None,
    }
}

fn names(v: &Value) -> Vec<String> {
    match v {
        Value::List(items) => items.iter().filter_map(name_of).collect(),
        other => name_of(other).into_iter().collect(),
    }
}

/// One reflection predicate against the state.
fn check(ctx: &Ctx, method: &str, args: &[Value], kwargs: &[(String, Value)]) -> Option<bool> {
    let kw = |k: &str| kwargs.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v);
    let s = &ctx.state;
    if method == "extension_enabled?" {
        return Some(s.extensions.contains(&name_of(args.first()?)?));
    }
    let table = table_name(args.first()?).ok()?;
    let t = s.table(&table);
    Some(match method {
        "table_exists?" | "data_source_exists?" => t.is_some(),
        "view_exists?" => s.views.contains_key(&table.key()),
        "column_exists?" => {
            let col = name_of(args.get(1)?)?;
            t.is_some_and(|t| t.column(&col).is_some())
        }
        "index_exists?" => {
            let Some(t) = t else { return Some(false) };
            let cols = args.get(1).map(names).unwrap_or_default();
            let name = kw("name").and_then(name_of);
            let unique = kw("unique").and_then(Value::as_bool);
            t.indexes.iter().any(|i| {
                let cols_ok =
                    cols.is_empty() || i.column_names() == cols.iter().map(String::as_str).collect::<Vec<_>>();
                let name_ok = name.as_ref().is_none_or(|n| i.name.as_deref() == Some(n.as_str()));
                cols_ok && name_ok && unique.is_none_or(|u| u == i.unique)
            })
        }
        "index_name_exists?" => {
            let name = name_of(args.get(1)?)?;
            t.is_some_and(|t| t.index(&name).is_some())
        }
        "foreign_key_exists?" => {
            let to = args
                .get(1)
                .and_then(|v| table_name(v).ok())
                .or_else(|| kw("to_table").and_then(|v| table_name(v).ok()));
            let column = kw("column").and_then(name_of);
            let name = kw("name").and_then(name_of);
            t.is_some_and(|t| {
                t.constraints.iter().any(|c| match &c.kind {
                    ConstraintKind::ForeignKey(fk) => {
                        to.as_ref().is_none_or(|to| fk.ref_table.name == to.name)
                            && column.as_ref().is_none_or(|col| fk.columns == [col.clone()])
                            && name.as_ref().is_none_or(|n| c.name.as_deref() == Some(n.as_str()))
                    }
                    _ => false,
                })
            })
        }
        "check_constraint_exists?" => {
            let name = kw("name").and_then(name_of).or_else(|| {
                let expr = kw("expression").and_then(name_of)?;
                Some(super::naming::check_name(&table.name, &expr))
            })?;
            t.is_some_and(|t| t.constraint(&name).is_some())
        }
        _ => return None,
    })
}

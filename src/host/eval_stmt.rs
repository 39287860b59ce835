//! The partial evaluator: statements (blocks, `if` with dialect branches and
//! reflection guards, loops, `with`), and how branch results are merged.

use std::collections::BTreeSet;

use super::eval::{Effect, Evaluator, Flow, merge_scopes};
use super::eval_call::CallEffect;
use super::tree::{Node, NodeKind};
use super::value::Value;
use crate::ir::{Span, SqlDialect};

impl Evaluator<'_> {
    /// Execute statements; `top` is true for a function's own body (dialect branches
    /// that return early may then take the rest of the body with them).
    pub(crate) fn exec_block(&mut self, stmts: &[Node], top: bool) -> Flow {
        for (i, stmt) in stmts.iter().enumerate() {
            self.steps += 1;
            if self.steps > self.config.max_steps {
                let rest = Node::new(
                    NodeKind::Other("budget".into()),
                    stmt.span.clone(),
                    stmt.range.start..stmts.last().map_or(stmt.range.end, |s| s.range.end),
                );
                self.opaque(&rest, "evaluation budget exhausted (loop or recursion too large)");
                return Flow::Return(Value::Unknown("budget".into()));
            }
            if let NodeKind::If { cond, then, otherwise } = &stmt.kind {
                let c = self.eval(cond);
                if let Value::DialectIs(set) = &c
                    && let Some(flow) = self.dialect_if(stmt, set, then, otherwise, &stmts[i + 1..], top)
                {
                    return flow;
                }
                if let Value::DialectIs(_) = c {
                    continue;
                }
                match self.exec_if(stmt, c, then, otherwise) {
                    Flow::Normal => continue,
                    other => return other,
                }
            }
            match self.exec(stmt) {
                Flow::Normal => {}
                other => return other,
            }
        }
        Flow::Normal
    }

    /// An `if` on a condition that is not a dialect test.
    fn exec_if(&mut self, stmt: &Node, cond: Value, then: &[Node], otherwise: &[Node]) -> Flow {
        match self.truthy(&cond) {
            Some(true) => self.exec_block(then, false),
            Some(false) => self.exec_block(otherwise, false),
            None => {
                let reason = match &cond {
                    Value::Unknown(r) => r.clone(),
                    _ => "the condition is only known when the migration runs".to_string(),
                };
                if !self.sandbox_is_silent(then) || !self.sandbox_is_silent(otherwise) {
                    let cond_text = match &stmt.kind {
                        NodeKind::If { cond, .. } => self.module.text(&cond.range).to_string(),
                        _ => String::new(),
                    };
                    let reason = if REFLECTION.iter().any(|r| cond_text.contains(r)) {
                        "the guard reads the live database schema (reflection); its outcome is only known when the migration runs".to_string()
                    } else {
                        reason
                    };
                    self.opaque(stmt, format!("branch on `{cond_text}`: {reason}"));
                }
                Flow::Normal
            }
        }
    }

    /// A branch on the dialect with no target: both sides are evaluated and kept as
    /// [`Effect::ByDialect`]. Returns `Some(flow)` when the statement ended the block.
    fn dialect_if(
        &mut self,
        stmt: &Node,
        set: &BTreeSet<SqlDialect>,
        then: &[Node],
        otherwise: &[Node],
        rest: &[Node],
        top: bool,
    ) -> Option<Flow> {
        let saved = self.snapshot();
        let (mut then_fx, f1) = self.capture(|ev| ev.exec_block(then, false));
        let then_scope = self.snapshot();
        self.restore(saved.clone());
        let (mut else_fx, f2) = self.capture(|ev| ev.exec_block(otherwise, false));
        let else_scope = self.snapshot();
        let ends = |f: &Flow| !matches!(f, Flow::Normal);
        if !ends(&f1) && !ends(&f2) {
            self.restore(merge_scopes(&then_scope, &else_scope));
            self.emit(by_dialect(set, then_fx, else_fx, stmt.span.clone()));
            return None;
        }
        if !top {
            self.restore(saved);
            self.opaque(stmt, "a branch on the dialect leaves a nested block early");
            return None;
        }
        // One side returns: the rest of the body belongs to the other side only.
        if !ends(&f1) {
            self.restore(then_scope);
            let (fx, _) = self.capture(|ev| ev.exec_block(rest, true));
            then_fx.extend(fx);
        }
        if !ends(&f2) {
            self.restore(else_scope);
            let (fx, _) = self.capture(|ev| ev.exec_block(rest, true));
            else_fx.extend(fx);
        }
        self.emit(by_dialect(set, then_fx, else_fx, stmt.span.clone()));
        Some(Flow::Return(Value::Nil))
    }

    /// True when `stmts` emit nothing (evaluated on a copy of the scope).
    pub(crate) fn sandbox_is_silent(&mut self, stmts: &[Node]) -> bool {
        let saved = self.snapshot();
        let (fx, _) = self.capture(|ev| ev.exec_block(stmts, false));
        self.restore(saved);
        fx.is_empty()
    }

    /// Execute one statement.
    pub(crate) fn exec(&mut self, stmt: &Node) -> Flow {
        match &stmt.kind {
            NodeKind::Assign { target, value } => {
                if let NodeKind::Attr { object, .. } = &target.kind
                    && let Value::Unknown(r) = self.eval(object)
                {
                    self.opaque(stmt, format!("changes an object known only at run time (data code: {r})"));
                    return Flow::Normal;
                }
                let v = self.eval_statement_value(value);
                self.assign(target, v);
            }
            NodeKind::If { cond, then, otherwise } => {
                let c = self.eval(cond);
                return self.exec_if(stmt, c, then, otherwise);
            }
            NodeKind::For { target, iter, body } => return self.exec_for(stmt, target, iter, body),
            NodeKind::While { cond, body } => {
                let c = self.eval(cond);
                if self.truthy(&c) != Some(false) && !self.sandbox_is_silent(body) {
                    self.opaque(stmt, "`while` loops are not unrolled");
                }
            }
            NodeKind::Function(f) => {
                let closure = self.current_closure();
                self.bind(&f.name, Value::Function(f.clone(), closure));
            }
            NodeKind::Class { name, .. } => self.bind(name, Value::Path(name.clone())),
            NodeKind::Return(v) => {
                let value = v.as_ref().map_or(Value::Nil, |v| self.eval(v));
                return Flow::Return(value);
            }
            NodeKind::Raise(_) => {
                self.opaque(stmt, "raises an exception");
                return Flow::Return(Value::Unknown("raised".into()));
            }
            NodeKind::With { items, body } => self.exec_with(items, body),
            NodeKind::Try { body } => {
                if !self.sandbox_is_silent(body) {
                    self.opaque(stmt, "try/except: whether the body succeeds is only known when the migration runs");
                }
            }
            NodeKind::Import(pairs) => {
                for (local, path) in pairs {
                    self.bind(local, Value::Path(path.clone()));
                }
            }
            NodeKind::Break => return Flow::Break,
            NodeKind::Continue => return Flow::Continue,
            NodeKind::Pass | NodeKind::Str(_) | NodeKind::Number(_) | NodeKind::Name(_) | NodeKind::Nil => {}
            NodeKind::Error => self.opaque(stmt, "syntax error"),
            NodeKind::Other(kind) => self.opaque(stmt, format!("unsupported statement ({kind})")),
            NodeKind::Call(call) => self.exec_call_statement(stmt, call),
            _ => {
                // Any other expression statement: evaluate for its inlined effects only.
                let _ = self.eval(stmt);
            }
        }
        Flow::Normal
    }

    fn exec_for(&mut self, stmt: &Node, target: &Node, iter: &Node, body: &[Node]) -> Flow {
        let items = match self.eval(iter) {
            Value::List(items) => items,
            Value::Map(pairs) if self.module.language == super::Language::Python => {
                pairs.into_iter().map(|(k, _)| k).collect()
            }
            Value::Map(pairs) => pairs.into_iter().map(|(k, v)| Value::List(vec![k, v])).collect(),
            other => {
                let reason = match other {
                    Value::Unknown(r) => r,
                    _ => "the loop iterates over a value only known when the migration runs".into(),
                };
                let saved = self.snapshot();
                self.assign(target, Value::Unknown(reason.clone()));
                let silent = self.sandbox_is_silent(body);
                self.restore(saved);
                if !silent {
                    self.opaque(stmt, format!("loop not unrolled: {reason}"));
                }
                return Flow::Normal;
            }
        };
        self.run_loop(items, |ev, item| {
            ev.assign(target, item);
            ev.exec_block(body, false)
        })
    }

    /// Run a loop body once per item, honouring `break`, `continue` and `return`.
    pub(crate) fn run_loop(&mut self, items: Vec<Value>, mut body: impl FnMut(&mut Self, Value) -> Flow) -> Flow {
        for item in items {
            match body(self, item) {
                Flow::Break => break,
                Flow::Normal | Flow::Continue => {}
                ret @ Flow::Return(_) => return ret,
            }
        }
        Flow::Normal
    }

    fn exec_with(&mut self, items: &[(Node, Option<Node>)], body: &[Node]) {
        let Some(((ctx_node, alias), rest)) = items.split_first() else {
            self.exec_block(body, false);
            return;
        };
        let ctx_value = self.eval(ctx_node);
        let mut params = Vec::new();
        if let Some(a) = alias {
            self.assign(a, ctx_value.clone());
            params.extend(a.dotted());
        }
        let (effects, _) = self.capture(|ev| ev.exec_with(rest, body));
        match ctx_value {
            Value::Call(call) => self.emit(Effect::Call(CallEffect {
                call,
                block: Some(super::EffectBlock { params, effects }),
                result_used: false,
            })),
            _ => {
                for e in effects {
                    self.emit(e);
                }
            }
        }
    }
}

/// Words that mark a condition as a reflection check (`inspector.get_table_names()`,
/// `table_exists?`, `hasTable`).
const REFLECTION: &[&str] = &[
    "inspect",
    "get_table_names",
    "has_table",
    "get_columns",
    "get_indexes",
    "get_foreign_keys",
    "get_unique_constraints",
    "has_index",
    "has_column",
    "table_exists",
    "column_exists",
    "index_exists",
    "foreign_key_exists",
    "hasTable",
    "hasColumn",
    "getTable",
];

/// Build a [`Effect::ByDialect`], folding an `elif` chain into one list of branches.
fn by_dialect(set: &BTreeSet<SqlDialect>, then: Vec<Effect>, otherwise: Vec<Effect>, span: Span) -> Effect {
    let mut branches = vec![(set.iter().copied().collect::<Vec<_>>(), then)];
    let mut rest = otherwise;
    if let [Effect::ByDialect { .. }] = rest.as_slice()
        && let Some(Effect::ByDialect { branches: inner, otherwise, .. }) = rest.pop()
    {
        branches.extend(inner);
        rest = otherwise;
    }
    let mut claimed = BTreeSet::new();
    let mut clean = Vec::new();
    for (dialects, fx) in branches {
        let own: Vec<SqlDialect> = dialects.into_iter().filter(|d| claimed.insert(*d)).collect();
        if !own.is_empty() {
            clean.push((own, fx));
        }
    }
    Effect::ByDialect { branches: clean, otherwise: rest, span }
}

//! The partial evaluator: statements.
//!
//! It walks a function body of the neutral tree, keeps track of known values,
//! and emits the migration calls it meets as [`Effect`]s. Expressions live in
//! `eval_expr.rs`, calls (inlining, builtins) in `eval_call.rs`, dialect
//! conditions in `eval_dialect.rs`.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use super::Module;
use super::eval_call::CallEffect;
use super::tree::{Function, Node, NodeKind};
use super::value::{CallValue, Value};
use crate::ir::{Span, SqlDialect};

/// What evaluating host code produced, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// A call the evaluator does not execute itself: `op.add_column(…)`, `t.string :name`.
    Call(CallEffect),
    /// Code that cannot be evaluated, kept verbatim with the reason.
    Opaque {
        /// Verbatim source.
        source: String,
        /// Why it was not evaluated.
        reason: String,
        /// Where it was written.
        span: Span,
    },
    /// Alternatives per database, from a branch on the dialect when no target is given.
    ByDialect {
        /// `(dialects, effects)` in source order; a dialect belongs to its first branch.
        branches: Vec<(Vec<SqlDialect>, Vec<Effect>)>,
        /// Effects for the other dialects.
        otherwise: Vec<Effect>,
        /// Where the branch was written.
        span: Span,
    },
}

/// The evaluated body of a `with` statement or a Ruby block attached to a call.
#[derive(Debug, Clone, PartialEq)]
pub struct EffectBlock {
    /// Names bound by the block (`batch_op`, `t`).
    pub params: Vec<String>,
    /// What the body did.
    pub effects: Vec<Effect>,
}

/// How the evaluator behaves.
#[derive(Debug, Clone)]
pub struct EvalConfig {
    /// The database the migration is evaluated for; `None` keeps dialect branches as [`Effect::ByDialect`].
    pub target: Option<SqlDialect>,
    /// Attribute paths whose value is the database's name, matched on whole trailing
    /// segments: `dialect.name` matches `op.get_bind().dialect.name`.
    pub dialect_probes: Vec<String>,
    /// Calls in an expression (`t = op.create_table(…)`) that are also effects.
    pub effect_in_expression: fn(&CallValue) -> bool,
    /// Statement budget for one evaluation (loops, inlining); past it the rest is Opaque.
    pub max_steps: usize,
    /// Deepest inlining of local functions.
    pub max_inline_depth: usize,
}

impl EvalConfig {
    /// Defaults for every host language, for `target`.
    pub fn new(target: Option<SqlDialect>) -> Self {
        EvalConfig {
            target,
            dialect_probes: [
                "dialect.name",
                "engine.name",
                "adapter_name",
                "connection.vendor",
                "options.type",
                "driver.options.type",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            effect_in_expression: |_| false,
            max_steps: 50_000,
            max_inline_depth: 12,
        }
    }
}

/// Variables of one scope.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scope {
    vars: HashMap<String, Value>,
}

impl Scope {
    /// The value bound to `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.vars.get(name)
    }

    /// Bind `name`.
    pub fn set(&mut self, name: impl Into<String>, value: Value) {
        self.vars.insert(name.into(), value);
    }
}

pub(crate) struct Frame {
    pub vars: Scope,
    pub closure: Option<Rc<Scope>>,
}

/// Control flow out of a block.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Flow {
    Normal,
    Return(Value),
    Break,
    Continue,
}

/// Evaluates the functions of one module. Module-level statements run once at
/// construction (constants, imports, helper definitions).
pub struct Evaluator<'m> {
    pub(crate) module: &'m Module,
    pub(crate) config: EvalConfig,
    pub(crate) frames: Vec<Frame>,
    pub(crate) out: Vec<Vec<Effect>>,
    pub(crate) steps: usize,
    pub(crate) inline_depth: usize,
    /// Effects of module-level code (calls outside any function).
    pub module_effects: Vec<Effect>,
}

impl<'m> Evaluator<'m> {
    /// Evaluate the module's top-level statements.
    pub fn new(module: &'m Module, config: EvalConfig) -> Self {
        let mut ev = Evaluator {
            module,
            config,
            frames: vec![Frame { vars: Scope::default(), closure: None }],
            out: Vec::new(),
            steps: 0,
            inline_depth: 0,
            module_effects: Vec::new(),
        };
        let (effects, _) = ev.capture(|ev| ev.exec_block(&module.body, true));
        ev.module_effects = effects;
        ev.steps = 0;
        ev
    }

    /// The module-level value of `name`.
    pub fn global(&self, name: &str) -> Option<&Value> {
        self.frames.first().and_then(|f| f.vars.get(name))
    }

    /// Evaluate class-level assignments (Ruby constants, TypeScript fields) so methods see them.
    pub fn enter_class(&mut self, body: &[Node]) {
        self.frames.truncate(1);
        for stmt in body {
            if matches!(stmt.kind, NodeKind::Assign { .. } | NodeKind::Import(_)) {
                let (fx, _) = self.capture(|ev| ev.exec(stmt));
                self.module_effects.extend(fx);
            }
        }
    }

    /// Run `f` with its parameters bound to `args` (missing ones become `Path(name)`),
    /// and return what it did.
    pub fn run_function(&mut self, f: &Function, args: Vec<(String, Value)>) -> Vec<Effect> {
        self.steps = 0;
        let mut vars = Scope::default();
        for p in &f.params {
            vars.set(p.name.clone(), Value::Path(p.name.clone()));
        }
        for (k, v) in args {
            vars.set(k, v);
        }
        self.frames.truncate(1);
        self.frames.push(Frame { vars, closure: None });
        let (effects, _) = self.capture(|ev| ev.exec_block(&f.body, true));
        self.frames.truncate(1);
        effects
    }

    /// Run the top-level function `name` (`upgrade`), if the module defines it.
    pub fn run(&mut self, name: &str) -> Option<Vec<Effect>> {
        let f = self.module.function(name)?;
        Some(self.run_function(f, Vec::new()))
    }

    /// Evaluate a single expression in the module scope.
    pub fn eval_expr(&mut self, node: &Node) -> Value {
        let (fx, v) = self.capture(|ev| ev.eval(node));
        self.module_effects.extend(fx);
        v
    }

    /// Run `f` with a fresh effect buffer; return the effects it emitted.
    pub(crate) fn capture<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> (Vec<Effect>, R) {
        self.out.push(Vec::new());
        let r = f(self);
        (self.out.pop().unwrap_or_default(), r)
    }

    pub(crate) fn emit(&mut self, e: Effect) {
        if let Some(buf) = self.out.last_mut() {
            buf.push(e);
        }
    }

    pub(crate) fn opaque(&mut self, node: &Node, reason: impl Into<String>) {
        let source = self.module.text(&node.range).to_string();
        self.emit(Effect::Opaque { source, reason: reason.into(), span: node.span.clone() });
    }

    pub(crate) fn lookup(&self, name: &str) -> Option<Value> {
        let top = self.frames.last()?;
        if let Some(v) = top.vars.get(name) {
            return Some(v.clone());
        }
        if let Some(v) = top.closure.as_ref().and_then(|c| c.get(name)) {
            return Some(v.clone());
        }
        self.frames.first()?.vars.get(name).cloned()
    }

    pub(crate) fn bind(&mut self, name: &str, value: Value) {
        if let Some(top) = self.frames.last_mut() {
            top.vars.set(name, value);
        }
    }

    /// The variables a block or lambda defined here closes over (`None` at module level).
    pub(crate) fn current_closure(&self) -> Option<Rc<Scope>> {
        if self.frames.len() <= 1 {
            return None;
        }
        let top = self.frames.last()?;
        let mut scope = top.closure.as_deref().cloned().unwrap_or_default();
        for (k, v) in &top.vars.vars {
            scope.set(k.clone(), v.clone());
        }
        Some(Rc::new(scope))
    }

    fn snapshot(&self) -> Scope {
        self.frames.last().map(|f| f.vars.clone()).unwrap_or_default()
    }

    fn restore(&mut self, scope: Scope) {
        if let Some(top) = self.frames.last_mut() {
            top.vars = scope;
        }
    }

    /// Bind a loop or assignment target (a name, or a list of names to destructure).
    pub(crate) fn assign(&mut self, target: &Node, value: Value) {
        match &target.kind {
            NodeKind::Name(n) => self.bind(n, value),
            NodeKind::List(targets) => {
                let items = match &value {
                    Value::List(items) if items.len() == targets.len() => items.clone(),
                    _ => vec![Value::Unknown("cannot destructure this value".into()); targets.len()],
                };
                for (t, v) in targets.iter().zip(items) {
                    self.assign(t, v);
                }
            }
            NodeKind::Index { object, index } => {
                let key = self.eval(index);
                if let NodeKind::Name(var) = &object.kind
                    && let Some(Value::Map(mut pairs)) = self.lookup(var)
                {
                    match pairs.iter_mut().find(|(k, _)| *k == key) {
                        Some(slot) => slot.1 = value,
                        None => pairs.push((key, value)),
                    }
                    self.bind(var, Value::Map(pairs));
                }
            }
            _ => {} // attribute assignment (`self.x = …`) does not touch the database
        }
    }

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

/// Variables equal in both scopes keep their value; the others become Unknown.
fn merge_scopes(a: &Scope, b: &Scope) -> Scope {
    let mut out = Scope::default();
    for (k, v) in &a.vars {
        let merged = match b.vars.get(k) {
            Some(w) if w == v => v.clone(),
            _ => Value::Unknown(format!("`{k}` differs per database")),
        };
        out.set(k.clone(), merged);
    }
    for k in b.vars.keys() {
        if !a.vars.contains_key(k) {
            out.set(k.clone(), Value::Unknown(format!("`{k}` differs per database")));
        }
    }
    out
}

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

#[cfg(test)]
#[path = "eval_tests.rs"]
pub(crate) mod tests;

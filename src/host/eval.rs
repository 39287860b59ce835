//! The partial evaluator: its types ([`Effect`], [`EvalConfig`], [`Scope`]) and
//! the [`Evaluator`]'s entry points, scopes and assignment.
//!
//! It walks a function body of the neutral tree, keeps track of known values,
//! and emits the migration calls it meets as [`Effect`]s. Statements live in
//! `eval_stmt.rs`, expressions in `eval_expr.rs`, calls (inlining, builtins) in
//! `eval_call.rs`, dialect conditions in `eval_dialect.rs`.

use std::collections::HashMap;
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

/// Answers calls that read the database the migration runs on (TypeORM `queryRunner.getTable`)
/// from what the importer knows: the schema state built by the earlier migrations and by the
/// effects evaluated so far. Set with [`Evaluator::set_resolver`].
pub trait Resolver {
    /// The value of `call` given the effects evaluated before it (in order), or `None` to leave
    /// the call symbolic.
    fn resolve(&mut self, call: &CallValue, before: &[&Effect]) -> Option<Value>;
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
    pub(crate) resolver: Option<Box<dyn Resolver>>,
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
            resolver: None,
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

    /// Answer database-reading calls with `resolver` from now on (`None`: leave them symbolic).
    pub fn set_resolver(&mut self, resolver: Option<Box<dyn Resolver>>) {
        self.resolver = resolver;
    }

    /// The resolver's value for `call`, given every effect emitted so far (outer buffers first).
    pub(crate) fn resolve(&mut self, call: &CallValue) -> Option<Value> {
        let mut r = self.resolver.take()?;
        let before: Vec<&Effect> = self.out.iter().flatten().collect();
        let v = r.resolve(call, &before);
        self.resolver = Some(r);
        v
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

    pub(crate) fn snapshot(&self) -> Scope {
        self.frames.last().map(|f| f.vars.clone()).unwrap_or_default()
    }

    pub(crate) fn restore(&mut self, scope: Scope) {
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
}

/// Variables equal in both scopes keep their value; the others become Unknown.
pub(crate) fn merge_scopes(a: &Scope, b: &Scope) -> Scope {
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

#[cfg(test)]
#[path = "eval_tests.rs"]
pub(crate) mod tests;

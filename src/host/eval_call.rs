//! The partial evaluator: calls. Local helpers are inlined, loops written as
//! `.each`/`.forEach` over known lists are unrolled, string and list methods of
//! known values are folded; every other call stays symbolic and, at statement
//! level, becomes an [`Effect::Call`].

use std::rc::Rc;

use super::eval::{Effect, EffectBlock, Evaluator, Flow, Frame, Scope};
use super::eval_expr::unknown_from;
use super::tree::{Arg, Call, Function, Node, NodeKind, ParamKind};
use super::value::{CallValue, Value};
use crate::ir::Span;

/// A call the evaluator left to the importer, with evaluated arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct CallEffect {
    /// The call.
    pub call: Rc<CallValue>,
    /// Body of a `with` block or Ruby block attached to the call.
    pub block: Option<EffectBlock>,
    /// The result is assigned (`t = op.create_table(…)`).
    pub result_used: bool,
}

impl CallEffect {
    /// Dotted callee path.
    pub fn path(&self) -> String {
        self.call.path()
    }

    /// Where the call was written.
    pub fn span(&self) -> &Span {
        &self.call.span
    }

    /// The call's verbatim source.
    pub fn source(&self) -> &str {
        &self.call.source
    }
}

/// Where a call appears, which decides whether it is an effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// An expression statement: always an effect.
    Statement,
    /// The value of an assignment: an effect if `EvalConfig::effect_in_expression` says so.
    Assigned,
    /// Inside another expression: never an effect.
    Nested,
}

/// Loop-like methods that take a block or callback per item.
const EACH: &[&str] = &["each", "forEach", "each_with_index", "map", "collect", "flat_map", "each_pair"];

impl Evaluator<'_> {
    pub(crate) fn exec_call_statement(&mut self, stmt: &Node, call: &Call) {
        let _ = self.eval_call(stmt, call, Mode::Statement);
    }

    /// Evaluate a call expression.
    pub(crate) fn eval_call(&mut self, node: &Node, call: &Call, mode: Mode) -> Value {
        if let Some(v) = self.mutate_list(call) {
            return v;
        }
        let callee = match &call.callee.kind {
            // `"…".format(…)`, `dialect.startswith(…)`: keep the receiver for `method`.
            NodeKind::Attr { object, name } => match self.eval(object) {
                recv @ (Value::Path(_) | Value::Attr(..) | Value::Call(_) | Value::Unknown(_)) => self.attr(recv, name),
                recv => Value::Attr(Box::new(recv), name.clone()),
            },
            _ => self.eval(&call.callee),
        };
        if callee == Value::Dialect && call.args.is_empty() {
            return Value::Dialect; // Ruby `connection.adapter_name` is a call
        }
        let (args, kwargs) = self.eval_args(&call.args);
        let block = call.block.clone();
        if let Value::Function(f, closure) = &callee {
            return self.inline(node, f, closure.clone(), args, kwargs, mode);
        }
        if let Value::Attr(recv, method) = &callee {
            if let Some((f, closure)) = self.own_method(recv, method) {
                return self.inline(node, &f, closure, args, kwargs, mode);
            }
            if let Some(v) = self.method(node, recv, method, (&args, &kwargs), block.as_ref(), mode) {
                return v;
            }
        }
        if let Some(p) = callee.path().filter(|p| !p.contains('('))
            && let Some(v) = super::eval_builtins::function(self, &p, &args, &kwargs)
        {
            return v;
        }
        if let Value::Unknown(r) = &callee {
            if mode == Mode::Statement {
                self.opaque(node, format!("calls a value known only at run time ({r})"));
            }
            return Value::Unknown(r.clone());
        }
        let source = self.module.text(&node.range).to_string();
        let cv = Rc::new(CallValue {
            callee,
            args,
            kwargs,
            bare: call.bare,
            new: call.new,
            span: node.span.clone(),
            source,
        });
        if let Some(v) = self.resolve(&cv) {
            return v;
        }
        if call.bare {
            let probed = self.probe(Value::Call(cv.clone()));
            if probed == Value::Dialect {
                return probed;
            }
        }
        let emit = match mode {
            Mode::Statement => true,
            Mode::Assigned => (self.config.effect_in_expression)(&cv),
            Mode::Nested => false,
        };
        if emit {
            let block = block.map(|f| {
                let params: Vec<String> = f.params.iter().map(|p| p.name.clone()).collect();
                let args = params.iter().map(|p| Value::Path(p.clone())).collect();
                let closure = self.current_closure();
                let (effects, _) = self.capture(|ev| ev.call_function(&f, closure, args, Vec::new(), true));
                EffectBlock { params, effects }
            });
            self.emit(Effect::Call(CallEffect { call: cv.clone(), block, result_used: mode != Mode::Statement }));
        }
        Value::Call(cv)
    }

    /// `xs.append(x)`, `xs.push(x)`, `xs.extend(ys)`, `xs << x` on a local list variable.
    fn mutate_list(&mut self, call: &Call) -> Option<Value> {
        let NodeKind::Attr { object, name } = &call.callee.kind else { return None };
        let NodeKind::Name(var) = &object.kind else { return None };
        if !matches!(name.as_str(), "append" | "push" | "extend" | "concat" | "<<") {
            return None;
        }
        let Some(Value::List(mut items)) = self.lookup(var) else { return None };
        let (args, _) = self.eval_args(&call.args);
        match name.as_str() {
            "extend" | "concat" => {
                for a in args {
                    match a {
                        Value::List(xs) => items.extend(xs),
                        other => items.push(unknown_from(other, "extended with an unknown list")),
                    }
                }
            }
            _ => items.extend(args),
        }
        self.bind(var, Value::List(items));
        Some(Value::Nil)
    }

    pub(crate) fn eval_args(&mut self, args: &[Arg]) -> (Vec<Value>, Vec<(String, Value)>) {
        let mut pos = Vec::new();
        let mut kw = Vec::new();
        for a in args {
            match a {
                Arg::Pos(n) => pos.push(self.eval(n)),
                Arg::Kw(k, n) => kw.push((k.clone(), self.eval(n))),
                Arg::Splat(n) => match self.eval(n) {
                    Value::List(xs) => pos.extend(xs),
                    other => pos.push(unknown_from(other, "`*args` of an unknown list")),
                },
                Arg::KwSplat(n) => match self.eval(n) {
                    Value::Map(pairs) => {
                        for (k, v) in pairs {
                            match k.as_str() {
                                Some(k) => kw.push((k.to_string(), v)),
                                None => kw.push(("**".into(), Value::Unknown("non-string keyword".into()))),
                            }
                        }
                    }
                    other => kw.push(("**".into(), unknown_from(other, "`**kwargs` of an unknown mapping"))),
                },
            }
        }
        (pos, kw)
    }

    /// Inline a local function or lambda.
    fn inline(
        &mut self,
        node: &Node,
        f: &Rc<Function>,
        closure: Option<Rc<Scope>>,
        args: Vec<Value>,
        kwargs: Vec<(String, Value)>,
        mode: Mode,
    ) -> Value {
        if self.inline_depth >= self.config.max_inline_depth {
            if mode == Mode::Statement {
                self.opaque(node, "helper functions nested too deeply to inline");
            }
            return Value::Unknown("helper nested too deeply".into());
        }
        self.call_function(f, closure, args, kwargs, mode == Mode::Statement)
    }

    /// Bind arguments to `f`'s parameters and run its body. `as_statement` runs an
    /// expression body as a statement (so a call there is an effect).
    pub(crate) fn call_function(
        &mut self,
        f: &Function,
        closure: Option<Rc<Scope>>,
        args: Vec<Value>,
        kwargs: Vec<(String, Value)>,
        as_statement: bool,
    ) -> Value {
        let mut vars = Scope::default();
        let mut args = args.into_iter();
        let mut kwargs = kwargs;
        for p in &f.params {
            match p.kind {
                ParamKind::Plain => {
                    let v = match args.next() {
                        Some(v) => v,
                        None => match kwargs.iter().position(|(k, _)| *k == p.name) {
                            Some(i) => kwargs.remove(i).1,
                            None => match &p.default {
                                Some(d) => self.eval(d),
                                None => Value::Unknown(format!("argument `{}` not given", p.name)),
                            },
                        },
                    };
                    vars.set(p.name.clone(), v);
                }
                ParamKind::Splat => vars.set(p.name.clone(), Value::List(args.by_ref().collect())),
                ParamKind::KwSplat => {
                    let pairs = std::mem::take(&mut kwargs).into_iter().map(|(k, v)| (Value::Str(k), v)).collect();
                    vars.set(p.name.clone(), Value::Map(pairs));
                }
                ParamKind::Block => vars.set(p.name.clone(), Value::Nil),
            }
        }
        self.frames.push(Frame { vars, closure });
        self.inline_depth += 1;
        let result = if f.expr_body {
            match f.body.first() {
                Some(stmt) if as_statement => {
                    self.exec(stmt);
                    Value::Nil
                }
                Some(e) => self.eval(e),
                None => Value::Nil,
            }
        } else {
            match self.exec_block(&f.body, true) {
                Flow::Return(v) => v,
                _ => Value::Nil,
            }
        };
        self.inline_depth -= 1;
        self.frames.pop();
        result
    }

    /// A method of a known value, or a loop method with a block; `None` leaves the call symbolic.
    fn method(
        &mut self,
        node: &Node,
        recv: &Value,
        method: &str,
        (args, kwargs): (&[Value], &[(String, Value)]),
        block: Option<&Rc<Function>>,
        mode: Mode,
    ) -> Option<Value> {
        let callback = block.map(|b| (b.clone(), self.current_closure())).or_else(|| match args.first() {
            Some(Value::Function(f, c)) => Some((f.clone(), c.clone())),
            _ => None,
        });
        if matches!(method, "find" | "filter" | "some" | "every" | "findIndex")
            && self.module.language == super::Language::TypeScript
            && let (Value::List(items), Some((f, closure))) = (recv, callback.clone())
        {
            return Some(self.search(items, method, &f, closure));
        }
        if EACH.contains(&method)
            && let Some((f, closure)) = callback
        {
            return Some(self.unroll(node, recv, method, &f, closure, mode));
        }
        if method == "times"
            && let (Some(n), Some((f, closure))) = (recv.as_i64(), callback)
        {
            let items = (0..n.clamp(0, 10_000)).map(|i| Value::Number(i.to_string())).collect();
            return Some(self.unroll(node, &Value::List(items), "each", &f, closure, mode));
        }
        if method == "call"
            && let Value::Function(f, closure) = recv
        {
            return Some(self.call_function(f, closure.clone(), args.to_vec(), Vec::new(), mode == Mode::Statement));
        }
        super::eval_builtins::method(self, recv, method, args, kwargs)
    }

    /// `xs.each { |x| … }`, `xs.forEach(x => …)`, `xs.map(…)` over a known list.
    fn unroll(
        &mut self,
        node: &Node,
        recv: &Value,
        method: &str,
        f: &Rc<Function>,
        closure: Option<Rc<Scope>>,
        mode: Mode,
    ) -> Value {
        let items: Vec<Value> = match recv {
            Value::List(xs) => xs.clone(),
            Value::Map(pairs) => pairs.iter().map(|(k, v)| Value::List(vec![k.clone(), v.clone()])).collect(),
            other => {
                let reason = match other {
                    Value::Unknown(r) => r.clone(),
                    _ => "iterates over a value known only at run time".into(),
                };
                if mode == Mode::Statement {
                    self.opaque(node, format!("loop not unrolled: {reason}"));
                }
                return Value::Unknown(reason);
            }
        };
        let collect = matches!(method, "map" | "collect" | "flat_map");
        let mut results = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            let mut call_args = match (&item, f.params.len()) {
                (Value::List(parts), n) if n > 1 && method != "each_with_index" => parts.clone(),
                _ => vec![item],
            };
            if method == "each_with_index" || (method == "forEach" && f.params.len() > 1) {
                call_args.push(Value::Number(i.to_string()));
            }
            let v = self.call_function(f, closure.clone(), call_args, Vec::new(), !collect);
            if collect {
                match (method, v) {
                    ("flat_map", Value::List(xs)) => results.extend(xs),
                    (_, v) => results.push(v),
                }
            }
        }
        if collect { Value::List(results) } else { recv.clone() }
    }
}

/// Python `%` formatting: `%s`, `%d`, `%r`, `%%`, and `%(name)s` with a mapping.
pub(crate) fn percent_format(fmt: &str, args: &Value) -> Option<String> {
    let positional: Vec<Value> = match args {
        Value::List(xs) => xs.clone(),
        Value::Map(_) => Vec::new(),
        other => vec![other.clone()],
    };
    let mut next = positional.into_iter();
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let value = if chars.peek() == Some(&'(') {
            chars.next();
            let key: String = chars.by_ref().take_while(|c| *c != ')').collect();
            match args {
                Value::Map(pairs) => pairs.iter().find(|(k, _)| k.as_str() == Some(&key)).map(|(_, v)| v.clone()),
                _ => None,
            }
        } else {
            None
        };
        match chars.next()? {
            '%' => out.push('%'),
            conv @ ('s' | 'd' | 'i' | 'r') => {
                let v = match value {
                    Some(v) => v,
                    None => next.next()?,
                };
                let text = match (&v, conv) {
                    (Value::Str(s), 'r') => format!("'{s}'"),
                    (Value::Str(s) | Value::Number(s), _) => s.clone(),
                    (Value::Bool(b), _) => if *b { "True" } else { "False" }.to_string(),
                    (Value::Nil, _) => "None".into(),
                    _ => return None,
                };
                out.push_str(&text);
            }
            _ => return None,
        }
    }
    Some(out)
}

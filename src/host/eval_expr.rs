//! The partial evaluator: expressions, operators, interpolation, truthiness.

use super::Language;
use super::eval::Evaluator;
use super::eval_call::Mode;
use super::tree::{BinOp, Node, NodeKind, StrPart, UnaryOp};
use super::value::Value;

impl Evaluator<'_> {
    /// Evaluate an expression (nested calls stay symbolic; local helpers are inlined).
    pub(crate) fn eval(&mut self, n: &Node) -> Value {
        match &n.kind {
            NodeKind::Str(s) => Value::Str(s.clone()),
            NodeKind::Interp(parts) => self.interpolate(parts),
            NodeKind::Symbol(s) => Value::Symbol(s.clone()),
            NodeKind::Number(s) => Value::Number(s.clone()),
            NodeKind::Bool(b) => Value::Bool(*b),
            NodeKind::Nil => Value::Nil,
            NodeKind::Name(name) => self.lookup(name).unwrap_or_else(|| Value::Path(name.clone())),
            NodeKind::Attr { object, name } => {
                let obj = self.eval(object);
                self.attr(obj, name)
            }
            NodeKind::Index { object, index } => {
                let obj = self.eval(object);
                let idx = self.eval(index);
                index_value(obj, idx)
            }
            NodeKind::Call(call) => self.eval_call(n, call, Mode::Nested),
            NodeKind::List(items) => {
                let mut out = Vec::new();
                for item in items {
                    match &item.kind {
                        NodeKind::Splat(inner) => match self.eval(inner) {
                            Value::List(xs) => out.extend(xs),
                            other => out.push(unknown_from(other, "a splat of an unknown list")),
                        },
                        _ => out.push(self.eval(item)),
                    }
                }
                Value::List(out)
            }
            NodeKind::Map(pairs) => {
                let mut out: Vec<(Value, Value)> = Vec::new();
                for (k, v) in pairs {
                    let key = self.eval(k);
                    let value = self.eval(v);
                    match out.iter_mut().find(|(existing, _)| *existing == key) {
                        Some(slot) => slot.1 = value,
                        None => out.push((key, value)),
                    }
                }
                Value::Map(out)
            }
            NodeKind::Binary { op, left, right } => self.binary(n, *op, left, right),
            NodeKind::Unary { op, operand } => {
                let v = self.eval(operand);
                match op {
                    UnaryOp::Invert => self
                        .dunder(n, &v, "__invert__", &[])
                        .unwrap_or_else(|| unknown_from(v, "unsupported unary operator")),
                    UnaryOp::Not => self.dialect_not(&v).unwrap_or_else(|| match self.truthy(&v) {
                        Some(b) => Value::Bool(!b),
                        None => unknown_from(v, "negation of a value known only at run time"),
                    }),
                    UnaryOp::Neg => match v {
                        Value::Number(s) => Value::Number(match s.strip_prefix('-') {
                            Some(pos) => pos.to_string(),
                            None => format!("-{s}"),
                        }),
                        other => unknown_from(other, "negation of a non-number"),
                    },
                    UnaryOp::Pos => v,
                    UnaryOp::Other => Value::Unknown("unsupported unary operator".into()),
                }
            }
            NodeKind::Cond { cond, then, otherwise } => {
                let c = self.eval(cond);
                match self.truthy(&c) {
                    Some(true) => self.eval(then),
                    Some(false) => self.eval(otherwise),
                    None => Value::Unknown("a conditional value known only at run time".into()),
                }
            }
            NodeKind::Splat(inner) => self.eval(inner),
            NodeKind::Lambda(f) => Value::Function(f.clone(), self.current_closure()),
            NodeKind::Assign { target, value } => {
                let v = self.eval(value);
                self.assign(target, v.clone());
                v
            }
            NodeKind::Error => Value::Unknown("syntax error".into()),
            NodeKind::Other(kind) => Value::Unknown(format!("unsupported expression ({kind})")),
            _ => Value::Unknown("a statement used as a value".into()),
        }
    }

    /// The right-hand side of an assignment: a call there may also be an effect.
    pub(crate) fn eval_statement_value(&mut self, n: &Node) -> Value {
        match &n.kind {
            NodeKind::Call(call) => self.eval_call(n, call, Mode::Assigned),
            _ => self.eval(n),
        }
    }

    /// `obj.name`.
    pub(crate) fn attr(&mut self, obj: Value, name: &str) -> Value {
        match obj {
            Value::Map(pairs) => pairs
                .into_iter()
                .find(|(k, _)| k.as_str() == Some(name))
                .map_or_else(|| Value::Unknown(format!("no key `{name}`")), |(_, v)| v),
            Value::Str(s) if name == "length" => Value::Number(s.chars().count().to_string()),
            Value::List(xs) if name == "length" => Value::Number(xs.len().to_string()),
            Value::Unknown(r) => Value::Unknown(r),
            v @ (Value::Path(_) | Value::Attr(..) | Value::Call(_)) => {
                self.probe(Value::Attr(Box::new(v), name.into()))
            }
            Value::Dialect => Value::Dialect,
            Value::Nil => Value::Unknown(format!("`{name}` of null or undefined (a lookup found nothing)")),
            _ => Value::Unknown(format!("attribute `{name}` of a literal")),
        }
    }

    /// Truthiness in the module's language; `None` when unknown.
    pub(crate) fn truthy(&self, v: &Value) -> Option<bool> {
        let ruby = self.module.language == Language::Ruby;
        match v {
            Value::Bool(b) => Some(*b),
            Value::Nil => Some(false),
            Value::Str(s) => Some(ruby || !s.is_empty()),
            Value::Number(n) => Some(ruby || n.parse::<f64>().is_ok_and(|x| x != 0.0)),
            Value::List(xs) => Some(ruby || self.module.language == Language::TypeScript || !xs.is_empty()),
            Value::Map(m) => Some(ruby || self.module.language == Language::TypeScript || !m.is_empty()),
            Value::Symbol(_) | Value::Function(..) | Value::Dialect => Some(true),
            Value::Path(_) | Value::Attr(..) | Value::Call(_) | Value::DialectIs(_) | Value::Unknown(_) => None,
        }
    }

    fn binary(&mut self, n: &Node, op: BinOp, left: &Node, right: &Node) -> Value {
        let l = self.eval(left);
        if matches!(op, BinOp::And | BinOp::Or) {
            // short-circuit on known values, as the host language would
            if !matches!(l, Value::DialectIs(_)) {
                match (op, self.truthy(&l)) {
                    (BinOp::And, Some(false)) | (BinOp::Or, Some(true)) => return l,
                    (_, Some(_)) => return self.eval(right),
                    _ => {}
                }
            }
            let r = self.eval(right);
            return self
                .dialect_connective(op == BinOp::And, &l, &r)
                .unwrap_or_else(|| Value::Unknown("a condition known only at run time".into()));
        }
        let r = self.eval(right);
        let method = match op {
            BinOp::BitAnd => "__and__",
            BinOp::BitOr => "__or__",
            _ => return self.apply(op, l, r),
        };
        self.dunder(n, &l, method, std::slice::from_ref(&r)).unwrap_or_else(|| self.apply(op, l, r))
    }

    /// Python's `a & b`, `a | b`, `~a` on symbolic objects (Django's `Q(…) & Q(…)`, `~Q(…)`):
    /// the symbolic call `a.__and__(b)` / `a.__or__(b)` / `a.__invert__()`; `None` for anything
    /// else (bitwise arithmetic on numbers is not folded).
    fn dunder(&self, n: &Node, obj: &Value, method: &str, args: &[Value]) -> Option<Value> {
        let symbolic = |v: &Value| matches!(v, Value::Call(_) | Value::Path(_) | Value::Attr(..));
        if self.module.language != Language::Python
            || !symbolic(obj)
            || !args.iter().all(symbolic)
            || obj.unknown_reason().is_some()
            || args.iter().any(|a| a.unknown_reason().is_some())
        {
            return None;
        }
        Some(Value::Call(std::rc::Rc::new(super::value::CallValue {
            callee: Value::Attr(Box::new(obj.clone()), method.to_string()),
            args: args.to_vec(),
            kwargs: Vec::new(),
            bare: false,
            new: false,
            span: n.span.clone(),
            source: self.module.text(&n.range).to_string(),
        })))
    }

    fn apply(&mut self, op: BinOp, l: Value, r: Value) -> Value {
        use Value::*;
        if let Some(reason) = l.unknown_reason().or_else(|| r.unknown_reason()) {
            return Unknown(reason.to_string());
        }
        match (op, &l, &r) {
            (BinOp::Eq | BinOp::Ne, Dialect, other) | (BinOp::Eq | BinOp::Ne, other, Dialect) => {
                let Some(name) = other.as_str() else { return Unknown("dialect compared with a non-string".into()) };
                let eq = self.dialect_equals(name);
                if op == BinOp::Eq { eq } else { self.dialect_not(&eq).unwrap_or_else(|| negate(eq)) }
            }
            (BinOp::In | BinOp::NotIn, Dialect, List(items)) => {
                let mut set = std::collections::BTreeSet::new();
                for item in items {
                    let Some(name) = item.as_str() else { return Unknown("dialect in a non-string list".into()) };
                    set.extend(super::eval_dialect::dialect_from_name(name));
                }
                let c = self.dialect_cond(set);
                if op == BinOp::In { c } else { self.dialect_not(&c).unwrap_or_else(|| negate(c)) }
            }
            (BinOp::In | BinOp::NotIn, Str(needle), Dialect) => {
                let c = self.dialect_contains(needle);
                if op == BinOp::In { c } else { self.dialect_not(&c).unwrap_or_else(|| negate(c)) }
            }
            (BinOp::Eq, a, b) => literal_eq(a, b).map_or_else(|| Unknown("comparison of run-time values".into()), Bool),
            (BinOp::Ne, a, b) => {
                literal_eq(a, b).map_or_else(|| Unknown("comparison of run-time values".into()), |e| Bool(!e))
            }
            (BinOp::Is, a, Nil) => known(a).map_or_else(|| Unknown("identity test".into()), |_| Bool(a.is_nil())),
            (BinOp::IsNot, a, Nil) => known(a).map_or_else(|| Unknown("identity test".into()), |_| Bool(!a.is_nil())),
            (BinOp::In | BinOp::NotIn, needle, hay) => match contains(hay, needle) {
                Some(b) => Bool(if op == BinOp::In { b } else { !b }),
                None => Unknown("membership test on run-time values".into()),
            },
            (BinOp::Add, Str(a), Str(b)) => Str(format!("{a}{b}")),
            (BinOp::Add, Str(a), Number(b)) if self.module.language == Language::TypeScript => Str(format!("{a}{b}")),
            (BinOp::Add, Number(a), Str(b)) if self.module.language == Language::TypeScript => Str(format!("{a}{b}")),
            (BinOp::Add, List(a), List(b)) => List(a.iter().chain(b).cloned().collect()),
            (BinOp::Mod, Str(fmt), args) if self.module.language == Language::Python => {
                super::eval_call::percent_format(fmt, args).map_or_else(|| Unknown("unsupported % format".into()), Str)
            }
            (_, Number(a), Number(b)) => arith(op, a, b),
            _ => Unknown("an operation on values known only at run time".into()),
        }
    }

    fn interpolate(&mut self, parts: &[StrPart]) -> Value {
        let mut out = String::new();
        for part in parts {
            match part {
                StrPart::Lit(s) => out.push_str(s),
                StrPart::Expr { expr, conversion, spec } => {
                    let v = self.eval(expr);
                    if spec.as_deref().is_some_and(|s| !s.is_empty()) {
                        return Value::Unknown("a format spec in an f-string".into());
                    }
                    let text = match (conversion, &v) {
                        (Some('r'), Value::Str(s)) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
                        _ => match self.to_display(&v) {
                            Some(t) => t,
                            None => {
                                let reason = match v.path() {
                                    Some(p) => format!(
                                        "interpolates `{p}`, defined outside this file or known only at run time"
                                    ),
                                    None => "interpolates a value known only at run time".to_string(),
                                };
                                return unknown_from(v, &reason);
                            }
                        },
                    };
                    out.push_str(&text);
                }
            }
        }
        Value::Str(out)
    }

    /// How the host language prints a known scalar (`str(x)`, `"#{x}"`, `${x}`).
    pub(crate) fn to_display(&self, v: &Value) -> Option<String> {
        let lang = self.module.language;
        match v {
            Value::Str(s) | Value::Symbol(s) | Value::Number(s) => Some(s.clone()),
            Value::Bool(b) if lang == Language::Python => Some(if *b { "True" } else { "False" }.into()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Nil => Some(match lang {
                Language::Python => "None".into(),
                Language::Ruby => String::new(),
                Language::TypeScript => "null".into(),
            }),
            _ => None,
        }
    }
}

/// `Unknown` with the inner reason if `v` is unknown, else with `reason`.
pub(crate) fn unknown_from(v: Value, reason: &str) -> Value {
    match v {
        Value::Unknown(r) => Value::Unknown(r),
        _ => Value::Unknown(reason.to_string()),
    }
}

fn negate(v: Value) -> Value {
    match v {
        Value::Bool(b) => Value::Bool(!b),
        other => other,
    }
}

fn known(v: &Value) -> Option<()> {
    match v {
        Value::Str(_) | Value::Number(_) | Value::Bool(_) | Value::Nil | Value::Symbol(_) | Value::List(_) => Some(()),
        Value::Map(_) => Some(()),
        _ => None,
    }
}

/// Equality of two literal values; `None` when either side is symbolic.
fn literal_eq(a: &Value, b: &Value) -> Option<bool> {
    known(a)?;
    known(b)?;
    Some(match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.parse::<f64>(), y.parse::<f64>()) {
            (Ok(x), Ok(y)) => x == y,
            _ => x == y,
        },
        _ => a == b,
    })
}

fn contains(hay: &Value, needle: &Value) -> Option<bool> {
    match hay {
        Value::Str(h) => Some(h.contains(needle.as_str()?)),
        Value::List(items) => {
            let mut any_unknown = false;
            for item in items {
                match literal_eq(item, needle) {
                    Some(true) => return Some(true),
                    Some(false) => {}
                    None => any_unknown = true,
                }
            }
            (!any_unknown).then_some(false)
        }
        Value::Map(pairs) => {
            for (k, _) in pairs {
                if literal_eq(k, needle)? {
                    return Some(true);
                }
            }
            Some(false)
        }
        _ => None,
    }
}

fn index_value(obj: Value, idx: Value) -> Value {
    match (&obj, &idx) {
        (Value::List(items), Value::Number(n)) => {
            let Ok(i) = n.parse::<i64>() else { return Value::Unknown("non-integer index".into()) };
            let len = items.len() as i64;
            let i = if i < 0 { i + len } else { i };
            usize::try_from(i)
                .ok()
                .and_then(|i| items.get(i))
                .cloned()
                .unwrap_or_else(|| Value::Unknown("index out of range".into()))
        }
        (Value::Map(pairs), key) => pairs
            .iter()
            .find(|(k, _)| literal_eq(k, key) == Some(true))
            .map_or_else(|| Value::Unknown("missing key".into()), |(_, v)| v.clone()),
        (Value::Path(_) | Value::Attr(..), key) => match (obj.path(), key.display()) {
            (Some(p), Some(k)) => Value::Path(format!("{p}[{k}]")),
            _ => Value::Unknown("subscript of a symbolic value".into()),
        },
        (Value::Unknown(r), _) | (_, Value::Unknown(r)) => Value::Unknown(r.clone()),
        _ => Value::Unknown("unsupported subscript".into()),
    }
}

fn arith(op: BinOp, a: &str, b: &str) -> Value {
    if let (Ok(x), Ok(y)) = (a.parse::<i64>(), b.parse::<i64>()) {
        let r = match op {
            BinOp::Add => x.checked_add(y),
            BinOp::Sub => x.checked_sub(y),
            BinOp::Mul => x.checked_mul(y),
            BinOp::Mod if y != 0 => Some(x.rem_euclid(y)),
            BinOp::Lt => return Value::Bool(x < y),
            BinOp::Le => return Value::Bool(x <= y),
            BinOp::Gt => return Value::Bool(x > y),
            BinOp::Ge => return Value::Bool(x >= y),
            _ => None,
        };
        return r.map_or_else(|| Value::Unknown("unsupported arithmetic".into()), |v| Value::Number(v.to_string()));
    }
    match (a.parse::<f64>(), b.parse::<f64>(), op) {
        (Ok(x), Ok(y), BinOp::Lt) => Value::Bool(x < y),
        (Ok(x), Ok(y), BinOp::Le) => Value::Bool(x <= y),
        (Ok(x), Ok(y), BinOp::Gt) => Value::Bool(x > y),
        (Ok(x), Ok(y), BinOp::Ge) => Value::Bool(x >= y),
        _ => Value::Unknown("unsupported arithmetic".into()),
    }
}

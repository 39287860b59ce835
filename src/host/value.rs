//! Values the partial evaluator computes: known literals, symbolic references
//! to library objects (`sa.Integer()`, `op.get_bind()`), dialect conditions,
//! and `Unknown` for whatever depends on the running program.

use std::collections::BTreeSet;
use std::rc::Rc;

use super::eval::Scope;
use super::tree::Function;
use crate::ir::{Span, SqlDialect};

/// An evaluated expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A known string.
    Str(String),
    /// A number as written (`42`, `-1.5`).
    Number(String),
    /// A boolean.
    Bool(bool),
    /// `None` / `nil` / `null`.
    Nil,
    /// A Ruby symbol (`:users` → `users`).
    Symbol(String),
    /// A list or tuple.
    List(Vec<Value>),
    /// A dict / hash / object, in insertion order.
    Map(Vec<(Value, Value)>),
    /// An unbound name or an imported path: `sqlalchemy`, `alembic.op`, `t` (a block parameter).
    Path(String),
    /// An attribute of a symbolic value: `sqlalchemy.Integer`, `op.get_bind().dialect`.
    Attr(Box<Value>, String),
    /// A call the evaluator does not execute: `sa.Column("id", sa.Integer())`.
    Call(Rc<CallValue>),
    /// A local function, lambda or block, with the scope it closed over.
    Function(Rc<Function>, Option<Rc<Scope>>),
    /// The name of the database the migration runs on (`op.get_bind().dialect.name`).
    Dialect,
    /// A condition on the database: true exactly for these dialects.
    DialectIs(BTreeSet<SqlDialect>),
    /// A value only known when the migration runs, with the reason.
    Unknown(String),
}

/// A symbolic call: callee and evaluated arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct CallValue {
    /// What is called.
    pub callee: Value,
    /// Positional arguments (splats of known lists are expanded).
    pub args: Vec<Value>,
    /// Keyword arguments in source order (`**` of known maps are expanded).
    pub kwargs: Vec<(String, Value)>,
    /// Written without parentheses (Ruby): the path omits `()`.
    pub bare: bool,
    /// `new X(…)`.
    pub new: bool,
    /// Where the call was written.
    pub span: Span,
    /// Its verbatim source.
    pub source: String,
}

impl CallValue {
    /// Dotted path of the callee: `alembic.op.create_table`, `op.get_bind().execute`.
    pub fn path(&self) -> String {
        self.callee.path().unwrap_or_else(|| "<expr>".to_string())
    }

    /// The last segment of the callee path: `create_table`.
    pub fn method(&self) -> &str {
        match &self.callee {
            Value::Attr(_, name) => name,
            Value::Path(p) => p.rsplit('.').next().unwrap_or(p),
            _ => "",
        }
    }

    /// The receiver of a method call (`batch_op` in `batch_op.add_column(…)`).
    pub fn receiver(&self) -> Option<&Value> {
        match &self.callee {
            Value::Attr(obj, _) => Some(obj),
            _ => None,
        }
    }

    /// Keyword argument `name`.
    pub fn kw(&self, name: &str) -> Option<&Value> {
        self.kwargs.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Positional argument `i`, or else keyword `name` (Python's binding rule).
    pub fn arg(&self, i: usize, name: &str) -> Option<&Value> {
        self.args.get(i).or_else(|| self.kw(name))
    }

    /// The reason when any argument is (or contains) an unknown value.
    pub fn unknown_reason_in_args(&self) -> Option<&str> {
        self.args
            .iter()
            .find_map(Value::unknown_reason)
            .or_else(|| self.kwargs.iter().find_map(|(_, v)| v.unknown_reason()))
    }

    /// True when the keyword `name` was passed at all.
    pub fn has_kw(&self, name: &str) -> bool {
        self.kwargs.iter().any(|(k, _)| k == name)
    }
}

impl Value {
    /// Dotted path of a symbolic value: `sqlalchemy.Integer`, `op.get_bind().dialect`.
    pub fn path(&self) -> Option<String> {
        match self {
            Value::Path(p) => Some(p.clone()),
            Value::Attr(obj, name) => Some(format!("{}.{name}", obj.path()?)),
            Value::Call(c) => {
                let callee = c.callee.path()?;
                Some(if c.bare { callee } else { format!("{callee}()") })
            }
            Value::Dialect => Some("<dialect>".to_string()),
            _ => None,
        }
    }

    /// The string value of a `Str` or `Symbol`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) | Value::Symbol(s) => Some(s),
            _ => None,
        }
    }

    /// A boolean literal.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// An integer literal.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.parse().ok(),
            Value::Bool(b) => Some(i64::from(*b)),
            _ => None,
        }
    }

    /// The call behind a symbolic call value.
    pub fn as_call(&self) -> Option<&CallValue> {
        match self {
            Value::Call(c) => Some(c),
            _ => None,
        }
    }

    /// The items of a list.
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    /// True for `Nil`.
    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    /// The reason when this value, or anything inside it, is unknown.
    pub fn unknown_reason(&self) -> Option<&str> {
        match self {
            Value::Unknown(r) => Some(r),
            Value::List(items) => items.iter().find_map(Value::unknown_reason),
            Value::Map(pairs) => pairs.iter().find_map(|(k, v)| k.unknown_reason().or_else(|| v.unknown_reason())),
            Value::Call(c) => c
                .args
                .iter()
                .find_map(Value::unknown_reason)
                .or_else(|| c.kwargs.iter().find_map(|(_, v)| v.unknown_reason())),
            _ => None,
        }
    }

    /// How the value reads in a message or in string interpolation (`None` if not a plain literal).
    pub fn display(&self) -> Option<String> {
        match self {
            Value::Str(s) | Value::Symbol(s) | Value::Number(s) => Some(s.clone()),
            _ => None,
        }
    }
}

//! The neutral syntax tree every host language is lowered into.
//!
//! It is deliberately small: the importers only need calls, literals,
//! containers, names, and the handful of statements the partial evaluator
//! understands. Everything else is kept as [`NodeKind::Other`] with a short
//! description, so the evaluator can report it as Opaque with its source text.

use std::ops::Range;
use std::rc::Rc;

use crate::ir::Span;

/// One node: what it is, where it was written, and its byte range in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The node itself.
    pub kind: NodeKind,
    /// File, line and column of its start (with the inclusive end).
    pub span: Span,
    /// Byte range in the module's source, for verbatim text.
    pub range: Range<usize>,
}

/// The kinds of nodes, expressions and statements alike.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// A string whose value is fully known: `"users"`, a heredoc without interpolation.
    Str(String),
    /// An interpolated string: f-string, Ruby `"#{x}"`, template literal.
    Interp(Vec<StrPart>),
    /// A Ruby symbol `:users` (the name without the colon).
    Symbol(String),
    /// A number as written, without `_` separators: `42`, `-1.5`, `1e3`.
    Number(String),
    /// `True`/`true`/`False`/`false`.
    Bool(bool),
    /// `None`/`nil`/`null`/`undefined`.
    Nil,
    /// An identifier or constant: `op`, `sa`, `self`, `this`, `TABLES`.
    Name(String),
    /// Attribute access or scope resolution: `op.get_bind`, `ActiveRecord::Migration`.
    Attr {
        /// The object.
        object: Box<Node>,
        /// The attribute name.
        name: String,
    },
    /// Subscript: `a[0]`, `Migration[7.0]`.
    Index {
        /// The indexed value.
        object: Box<Node>,
        /// The index.
        index: Box<Node>,
    },
    /// A call, with its arguments and (Ruby) block.
    Call(Call),
    /// A list, tuple, array, set, `%w[]` or `%i[]`.
    List(Vec<Node>),
    /// A dict, hash or object literal, in source order.
    Map(Vec<(Node, Node)>),
    /// A binary operation, comparison or boolean connective.
    Binary {
        /// The operator.
        op: BinOp,
        /// Left operand.
        left: Box<Node>,
        /// Right operand.
        right: Box<Node>,
    },
    /// `not x`, `!x`, `-x`.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        operand: Box<Node>,
    },
    /// `a if c else b`, `c ? a : b`.
    Cond {
        /// Condition.
        cond: Box<Node>,
        /// Value when true.
        then: Box<Node>,
        /// Value when false.
        otherwise: Box<Node>,
    },
    /// `*xs` inside a list literal.
    Splat(Box<Node>),
    /// A lambda, arrow function or function expression.
    Lambda(Rc<Function>),
    /// `target = value` (also `x += 1`, lowered to `x = x + 1`; `a, b = …` has a `List` target).
    Assign {
        /// What is assigned to.
        target: Box<Node>,
        /// The value.
        value: Box<Node>,
    },
    /// `if`/`elif`/`else`, `unless`, `case`/`when`, `switch` (lowered to nested ifs).
    If {
        /// Condition.
        cond: Box<Node>,
        /// Statements when true.
        then: Vec<Node>,
        /// Statements when false (an `elif` is one nested `If`).
        otherwise: Vec<Node>,
    },
    /// `for target in iter:` / `for (const x of xs)`.
    For {
        /// Loop variable(s).
        target: Box<Node>,
        /// What is iterated.
        iter: Box<Node>,
        /// Loop body.
        body: Vec<Node>,
    },
    /// `while cond:` (never unrolled).
    While {
        /// Condition.
        cond: Box<Node>,
        /// Loop body.
        body: Vec<Node>,
    },
    /// A named function or method definition.
    Function(Rc<Function>),
    /// A class (or Ruby module) definition.
    Class {
        /// Class name (`AddUsers`, `Foo::Bar`).
        name: String,
        /// Base classes / superclass / implemented interfaces.
        bases: Vec<Node>,
        /// Class body.
        body: Vec<Node>,
    },
    /// `return [value]`.
    Return(Option<Box<Node>>),
    /// `raise`/`throw`.
    Raise(Option<Box<Node>>),
    /// `with a as b, c:` — a context manager block.
    With {
        /// Context expressions with their optional `as` targets.
        items: Vec<(Node, Option<Node>)>,
        /// Body.
        body: Vec<Node>,
    },
    /// `try`/`begin … rescue` (never evaluated: its outcome depends on the database).
    Try {
        /// The protected body.
        body: Vec<Node>,
    },
    /// Imports: `(local name, full path)` pairs, e.g. `("sa", "sqlalchemy")`,
    /// `("JSONB", "sqlalchemy.dialects.postgresql.JSONB")`.
    Import(Vec<(String, String)>),
    /// `pass`, empty statement, `del`, `assert`, `global`.
    Pass,
    /// `break`.
    Break,
    /// `continue` / `next`.
    Continue,
    /// A syntax error region (the parser's `ERROR` node).
    Error,
    /// Anything else, with the host grammar's node kind: `list_comprehension`, `regex`.
    Other(String),
}

/// A call: `callee(args) [block]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// What is called: a `Name`, an `Attr`, or any expression.
    pub callee: Box<Node>,
    /// Arguments in source order.
    pub args: Vec<Arg>,
    /// Ruby block (`do |t| … end`, `{ |x| … }`).
    pub block: Option<Rc<Function>>,
    /// `new X(…)` in TypeScript/JavaScript.
    pub new: bool,
    /// Ruby call written without parentheses or arguments (`connection.adapter_name`):
    /// rendered without `()` in callee paths.
    pub bare: bool,
}

/// One call argument.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A positional argument.
    Pos(Node),
    /// `name=value` (Python), `name: value` (Ruby).
    Kw(String, Node),
    /// `*xs`.
    Splat(Node),
    /// `**kw`.
    KwSplat(Node),
}

/// A function, method, lambda or Ruby block.
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    /// Name (`upgrade`, `self.up` is `up`); empty for lambdas and blocks.
    pub name: String,
    /// Parameters in order.
    pub params: Vec<Param>,
    /// Body statements.
    pub body: Vec<Node>,
    /// The body is one expression (Python `lambda`, arrow function without braces):
    /// its value is the result.
    pub expr_body: bool,
    /// Where the definition starts.
    pub span: Span,
    /// Byte range of the whole definition.
    pub range: Range<usize>,
}

/// A formal parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Name.
    pub name: String,
    /// Default value.
    pub default: Option<Node>,
    /// Plain, `*args`, `**kwargs` or `&block`.
    pub kind: ParamKind,
}

/// How a [`Param`] binds arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// One positional or keyword argument.
    Plain,
    /// `*args` / `...rest`.
    Splat,
    /// `**kwargs`.
    KwSplat,
    /// Ruby `&block`.
    Block,
}

/// A piece of an interpolated string.
#[derive(Debug, Clone, PartialEq)]
pub enum StrPart {
    /// Literal text (escapes already decoded).
    Lit(String),
    /// `{expr!r:spec}` / `#{expr}` / `${expr}`.
    Expr {
        /// The interpolated expression.
        expr: Node,
        /// Python conversion: `r`, `s` or `a`.
        conversion: Option<char>,
        /// Python format spec after `:`, verbatim.
        spec: Option<String>,
    },
}

/// Binary operators, shared by the three languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%` (also Python string formatting)
    Mod,
    /// `==`, `===`
    Eq,
    /// `!=`, `!==`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `in`
    In,
    /// `not in`
    NotIn,
    /// `is`
    Is,
    /// `is not`
    IsNot,
    /// `and`, `&&`
    And,
    /// `or`, `||`, `??`
    Or,
    /// `&` (Python: combines Django `Q` objects).
    BitAnd,
    /// `|` (Python: combines Django `Q` objects).
    BitOr,
    /// Anything else (`**`, `^`, `<<`, `=~`, …).
    Other,
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `not`, `!`
    Not,
    /// `-`
    Neg,
    /// `+`
    Pos,
    /// `~` (Python: negates a Django `Q` object).
    Invert,
    /// Anything else (`typeof`, `defined?`).
    Other,
}

impl Node {
    /// A node of `kind` at `span` covering `range`.
    pub fn new(kind: NodeKind, span: Span, range: Range<usize>) -> Self {
        Node { kind, span, range }
    }

    /// The dotted path of a name or attribute chain: `op.get_bind` → `Some("op.get_bind")`.
    pub fn dotted(&self) -> Option<String> {
        match &self.kind {
            NodeKind::Name(n) => Some(n.clone()),
            NodeKind::Attr { object, name } => Some(format!("{}.{name}", object.dotted()?)),
            _ => None,
        }
    }

    /// The string value of a fully known literal (`Str` or Ruby `Symbol`).
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Str(s) | NodeKind::Symbol(s) => Some(s),
            _ => None,
        }
    }
}

impl BinOp {
    /// Map an operator token (any of the three languages) to a [`BinOp`].
    pub fn from_token(token: &str) -> BinOp {
        match token {
            "+" => BinOp::Add,
            "-" => BinOp::Sub,
            "*" => BinOp::Mul,
            "/" => BinOp::Div,
            "%" => BinOp::Mod,
            "==" | "===" => BinOp::Eq,
            "!=" | "!==" | "<>" => BinOp::Ne,
            "<" => BinOp::Lt,
            "<=" => BinOp::Le,
            ">" => BinOp::Gt,
            ">=" => BinOp::Ge,
            "in" => BinOp::In,
            "not in" => BinOp::NotIn,
            "is" => BinOp::Is,
            "is not" => BinOp::IsNot,
            "and" | "&&" => BinOp::And,
            "or" | "||" | "??" => BinOp::Or,
            "&" => BinOp::BitAnd,
            "|" => BinOp::BitOr,
            _ => BinOp::Other,
        }
    }
}

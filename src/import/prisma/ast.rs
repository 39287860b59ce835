//! The syntax tree of a Prisma schema (`model User { id Int @id }`), as written.
//!
//! Positions are [`Loc`]s: the length of the input left when the construct starts, which
//! the parser can record without state; [`Loc::offset`] turns one into a byte offset.

/// Where a construct starts: the number of bytes of the file left at that point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Loc(pub usize);

impl Loc {
    /// Byte offset of this position in `text` (the file it was parsed from).
    pub fn offset(self, text: &str) -> usize {
        text.len().saturating_sub(self.0)
    }
}

/// A parsed `.prisma` file: its top-level blocks in order.
#[derive(Debug, Clone, Default)]
pub struct SchemaFile {
    /// `datasource`, `generator`, `model`, `view`, `enum`, `type` blocks.
    pub blocks: Vec<Block>,
}

/// What a top-level block declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// `datasource db { provider = "postgresql" }`.
    Datasource,
    /// `generator client { provider = "prisma-client-js" }`.
    Generator,
    /// `model User { … }`.
    Model,
    /// `view UserInfo { … }`.
    View,
    /// `enum Role { USER ADMIN }`.
    Enum,
    /// `type Address { … }` (MongoDB composite type).
    Type,
}

impl BlockKind {
    /// The keyword that opens the block.
    pub fn keyword(self) -> &'static str {
        match self {
            BlockKind::Datasource => "datasource",
            BlockKind::Generator => "generator",
            BlockKind::Model => "model",
            BlockKind::View => "view",
            BlockKind::Enum => "enum",
            BlockKind::Type => "type",
        }
    }
}

/// One top-level block: `keyword Name { members }`.
#[derive(Debug, Clone)]
pub struct Block {
    /// Which kind of block.
    pub kind: BlockKind,
    /// Its name.
    pub name: String,
    /// Where the keyword starts.
    pub loc: Loc,
    /// `///` documentation written above it.
    pub doc: Option<String>,
    /// Members in order.
    pub members: Vec<Member>,
}

/// A line inside a block.
#[derive(Debug, Clone)]
pub enum Member {
    /// `name Type? @attr(…)` in a model, view or type.
    Field(Field),
    /// `@@index([a, b])` in a model, view or enum.
    BlockAttribute(Attribute),
    /// `USER @map("user")` in an enum.
    EnumValue(EnumValue),
    /// `provider = "postgresql"` in a datasource or generator.
    Property(Property),
}

/// How many values a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    /// `Type`.
    Required,
    /// `Type?`.
    Optional,
    /// `Type[]`.
    List,
}

/// A field's type: a name, or `Unsupported("…")`.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldType {
    /// `String`, `Int`, `User`, `Role`.
    Named(String),
    /// `Unsupported("circle")`: a database type Prisma cannot read.
    Unsupported(String),
}

/// `name Type[?|[]] @attr…`.
#[derive(Debug, Clone)]
pub struct Field {
    /// Field name.
    pub name: String,
    /// Its type.
    pub field_type: FieldType,
    /// `?`, `[]` or neither.
    pub arity: Arity,
    /// Field attributes (`@id`, `@default(…)`, `@db.VarChar(200)`).
    pub attributes: Vec<Attribute>,
    /// `///` documentation.
    pub doc: Option<String>,
    /// Where the name starts.
    pub loc: Loc,
}

/// `VALUE @map("value")` inside an `enum` block.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// The value's name.
    pub name: String,
    /// Its attributes (`@map`).
    pub attributes: Vec<Attribute>,
    /// Where it starts.
    pub loc: Loc,
}

/// `key = value` in a `datasource` or `generator`.
#[derive(Debug, Clone)]
pub struct Property {
    /// The key.
    pub key: String,
    /// The value.
    pub value: Value,
    /// Where the key starts.
    pub loc: Loc,
}

/// `@name(args)` or `@@name(args)`; `name` may be dotted (`db.VarChar`).
#[derive(Debug, Clone)]
pub struct Attribute {
    /// The name without the `@`/`@@`: `id`, `relation`, `db.VarChar`.
    pub name: String,
    /// Arguments in order.
    pub args: Vec<Arg>,
    /// Where the `@` starts.
    pub loc: Loc,
}

impl Attribute {
    /// The argument called `name`, or the first positional one when `positional` is set.
    pub fn arg(&self, name: &str, positional: bool) -> Option<&Value> {
        self.args
            .iter()
            .find(|a| a.name.as_deref() == Some(name))
            .or_else(|| positional.then(|| self.args.iter().find(|a| a.name.is_none())).flatten())
            .map(|a| &a.value)
    }
}

/// `name: value` or a positional `value`.
#[derive(Debug, Clone)]
pub struct Arg {
    /// The argument's name, when given.
    pub name: Option<String>,
    /// The value.
    pub value: Value,
    /// Where it starts.
    pub loc: Loc,
}

/// An expression in an argument or property.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `"text"` (escapes resolved).
    String(String),
    /// `42`, `-1.5`.
    Number(String),
    /// `true`, `Cascade`, `USER`, `Desc`.
    Ident(String),
    /// `[a, b]`.
    Array(Vec<Value>),
    /// `now()`, `env("URL")`, `title(sort: Desc)`.
    Call(String, Vec<CallArg>),
}

/// An argument inside a [`Value::Call`].
#[derive(Debug, Clone, PartialEq)]
pub struct CallArg {
    /// The argument's name, when given.
    pub name: Option<String>,
    /// The value.
    pub value: Value,
}

impl Value {
    /// The text of a string literal.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The name of an identifier.
    pub fn as_ident(&self) -> Option<&str> {
        match self {
            Value::Ident(s) => Some(s),
            _ => None,
        }
    }
}

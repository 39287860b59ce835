//! The one SQLAlchemy type table: `sa.Integer()`, `postgresql.JSONB`,
//! `mysql.VARCHAR(20, collation=…)`, `sa.Enum(…)` → IR [`DataType`], for the
//! target dialect exactly as SQLAlchemy renders it (checked against
//! `alembic upgrade --sql`): `sa.DateTime(timezone=True)` is `DATETIME` on
//! MySQL, `sa.Uuid` is `CHAR(32)` outside PostgreSQL, `sa.Float` is 4 bytes on
//! MySQL, a native `sa.Enum` is a named type on PostgreSQL, an inline `ENUM`
//! on MySQL and a `VARCHAR` sized to its longest value on SQLite.

use std::collections::BTreeMap;

use crate::host::{CallValue, EvalConfig, Evaluator, Language, Value, parse};
use crate::ir::{DataType, QName, SqlDialect};

/// A resolved column type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeSpec {
    /// The IR type for the target.
    pub data_type: DataType,
    /// `sa.Enum`/`postgresql.ENUM` details (the type may need a `CREATE TYPE`).
    pub enum_spec: Option<EnumSpec>,
    /// `collation=` of string types.
    pub collation: Option<String>,
    /// Integer family (eligible for SQLAlchemy's autoincrement).
    pub integer: bool,
    /// A note for the user (custom type resolved by name).
    pub note: Option<String>,
}

/// An enum type as declared.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumSpec {
    /// `name=`.
    pub name: Option<String>,
    /// `schema=`.
    pub schema: Option<String>,
    /// The values.
    pub values: Vec<String>,
    /// `native_enum` (default true).
    pub native: bool,
    /// `create_type` of `postgresql.ENUM` (default true).
    pub create_type: bool,
    /// `create_constraint=True` (CHECK on non-native enums).
    pub create_constraint: bool,
}

impl EnumSpec {
    /// `CREATE TYPE` name, if PostgreSQL gets a native type.
    pub fn qname(&self) -> Option<QName> {
        let name = self.name.clone()?;
        Some(QName { schema: self.schema.clone(), name })
    }
}

/// The SQLAlchemy namespace a type class comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    Generic,
    Postgres,
    Mysql,
    Sqlite,
    /// Some other module (the project's own types).
    Custom,
}

/// Split a type's path into its namespace and class name.
fn classify(path: &str) -> (Ns, &str) {
    let name = path.rsplit('.').next().unwrap_or(path);
    let module = path.strip_suffix(name).unwrap_or("").trim_end_matches('.');
    let ns = match module {
        ""
        | "sa"
        | "sqlalchemy"
        | "sqlalchemy.types"
        | "sa.types"
        | "sqlalchemy.sql.sqltypes"
        | "sqltypes"
        | "types" => Ns::Generic,
        m if m.ends_with("postgresql") || m == "pg" || m == "postgres" => Ns::Postgres,
        m if m.ends_with("mysql") || m.ends_with("mariadb") => Ns::Mysql,
        m if m.ends_with("sqlite") => Ns::Sqlite,
        _ => Ns::Custom,
    };
    (ns, name)
}

/// Project types → SQLAlchemy spellings: `{"myapp.db.types.GUID": "sa.String(36)", "JsonBlob": "sa.JSON()"}`.
/// Keys are a dotted class path (as imported) or a bare class name.
pub type TypeMap = BTreeMap<String, String>;

/// Resolve a type expression (`sa.String(50)`, `sa.Integer`, `JSONB`) for `target`
/// (`None`: the portable, PostgreSQL-like meaning). `Err` carries the reason it is unknown.
pub fn resolve(v: &Value, target: Option<SqlDialect>) -> Result<TypeSpec, String> {
    resolve_in(v, target, &TypeMap::new())
}

/// [`resolve`] with a project type map: a dotted-path entry applies to any type, a class-name
/// entry to types from the project's own modules; both come before the class-name fallback.
pub fn resolve_in(v: &Value, target: Option<SqlDialect>, map: &TypeMap) -> Result<TypeSpec, String> {
    let (path, call) = match v {
        Value::Call(c) => (c.callee.path().unwrap_or_default(), Some(&**c)),
        other => (other.path().ok_or_else(|| "the column type is not a SQLAlchemy type".to_string())?, None),
    };
    let (ns, name) = classify(&path);
    let mapped = map.get(&path).or_else(|| if ns == Ns::Custom { map.get(name) } else { None });
    if let Some(spelling) = mapped {
        let value = spelled(spelling)?;
        let mut spec =
            resolve(&value, target).map_err(|e| format!("type map entry for `{path}` (`{spelling}`): {e}"))?;
        spec.note = None;
        return Ok(spec);
    }
    if let Some(spec) = lookup(ns, name, call, target)? {
        return Ok(spec);
    }
    // A project type (`from myapp.types import UUID`): match its class name against the known types.
    for candidate_ns in [Ns::Generic, Ns::Postgres, Ns::Mysql] {
        let alias = match name {
            "GUID" | "UUIDType" | "Uuid4" => "Uuid",
            "JSONType" | "JsonType" => "JSON",
            "Timestamp" | "TZDateTime" | "UtcDateTime" | "AwareDateTime" => "DateTime",
            other => other,
        };
        if let Some(mut spec) = lookup(candidate_ns, alias, call, target)? {
            spec.note = Some(format!("custom type `{path}` read as `{alias}` by its class name"));
            if matches!(name, "TZDateTime" | "UtcDateTime" | "AwareDateTime")
                && let DataType::Timestamp { tz, .. } = &mut spec.data_type
            {
                *tz = target != Some(SqlDialect::Mysql);
            }
            return Ok(spec);
        }
    }
    Err(format!("unknown column type `{path}`"))
}

/// Evaluate a type spelling from a [`TypeMap`] (`sa.String(36)`, `postgresql.JSONB`, `Integer`).
fn spelled(spelling: &str) -> Result<Value, String> {
    let source = format!(
        "import sqlalchemy\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql, mysql, sqlite\n\
         t = {spelling}\n"
    );
    let module = parse(Language::Python, "type-map", &source);
    let ev = Evaluator::new(&module, EvalConfig::new(None));
    match ev.global("t") {
        Some(v) if module.diagnostics.is_empty() && v.unknown_reason().is_none() => Ok(v.clone()),
        _ => Err(format!("type map spelling `{spelling}` is not a SQLAlchemy type expression")),
    }
}

fn plain(data_type: DataType) -> TypeSpec {
    let integer = data_type.is_integer();
    TypeSpec { data_type, enum_spec: None, collation: None, integer, note: None }
}

fn uint(c: Option<&CallValue>, i: usize, name: &str) -> Option<u32> {
    c?.arg(i, name).and_then(Value::as_i64).and_then(|n| u32::try_from(n).ok())
}

fn flag(c: Option<&CallValue>, name: &str) -> bool {
    c.and_then(|c| c.kw(name)).and_then(Value::as_bool).unwrap_or(false)
}

fn native(sql: String, dialect: SqlDialect) -> DataType {
    DataType::native(sql, Some(dialect))
}

fn lookup(ns: Ns, name: &str, c: Option<&CallValue>, target: Option<SqlDialect>) -> Result<Option<TypeSpec>, String> {
    use DataType as T;
    let my = target == Some(SqlDialect::Mysql);
    let pg = target.is_none() || target == Some(SqlDialect::Postgres);
    let unsigned = flag(c, "unsigned");
    let int = |bits: u8| T::Integer { bits, unsigned };
    let dt = match (ns, name) {
        (Ns::Custom, _) => return Ok(None),
        (_, "Integer" | "INTEGER" | "INT") => int(32),
        (_, "BigInteger" | "BIGINT") => int(64),
        (_, "SmallInteger" | "SMALLINT") => int(16),
        (Ns::Mysql, "TINYINT") => int(8),
        (Ns::Mysql, "MEDIUMINT") => int(24),
        (_, "String" | "VARCHAR" | "Unicode" | "NVARCHAR") => T::varchar(uint(c, 0, "length")),
        (_, "CHAR" | "NCHAR") => T::Char { length: uint(c, 0, "length") },
        (_, "Text" | "TEXT" | "UnicodeText" | "CLOB") => T::Text,
        (Ns::Mysql, "TINYTEXT" | "MEDIUMTEXT" | "LONGTEXT" | "TINYBLOB" | "MEDIUMBLOB" | "LONGBLOB") => {
            native(name.to_ascii_lowercase(), SqlDialect::Mysql)
        }
        (_, "Boolean" | "BOOLEAN" | "BOOL") => T::Boolean,
        (Ns::Mysql, "DATETIME") => T::Timestamp { tz: false, precision: uint(c, 0, "fsp") },
        (Ns::Mysql, "TIMESTAMP") => T::Timestamp { tz: true, precision: uint(c, 0, "fsp") },
        (Ns::Mysql, "TIME") => T::Time { tz: false, precision: uint(c, 0, "fsp") },
        (_, "DateTime" | "DATETIME") => T::Timestamp { tz: flag(c, "timezone") && !my, precision: None },
        (_, "TIMESTAMP") => match target {
            Some(SqlDialect::Mysql) => T::Timestamp { tz: true, precision: None },
            _ => T::Timestamp { tz: flag(c, "timezone"), precision: uint(c, 1, "precision") },
        },
        (_, "Date" | "DATE") => T::Date,
        (_, "Time" | "TIME") => T::Time { tz: flag(c, "timezone") && pg, precision: uint(c, 1, "precision") },
        (_, "Float" | "FLOAT") => {
            let p = uint(c, 0, "precision");
            let bits = match (target, p) {
                (Some(SqlDialect::Mysql), None) => 32,
                (Some(SqlDialect::Sqlite), _) => 64,
                (_, Some(p)) if p <= 24 => 32,
                _ => 64,
            };
            T::Float { bits }
        }
        (_, "REAL") => T::Float { bits: 32 },
        (_, "Double" | "DOUBLE" | "DOUBLE_PRECISION") => T::Float { bits: 64 },
        (_, "Numeric" | "NUMERIC" | "DECIMAL") => {
            T::Decimal { precision: uint(c, 0, "precision"), scale: uint(c, 1, "scale") }
        }
        (_, "LargeBinary" | "BLOB" | "BYTEA" | "PickleType") => {
            T::Binary { length: uint(c, 0, "length"), fixed: false }
        }
        (_, "VARBINARY") => T::Binary { length: uint(c, 0, "length"), fixed: false },
        (_, "BINARY") => T::Binary { length: uint(c, 0, "length"), fixed: true },
        (Ns::Postgres, "JSONB") => T::Json { binary: true },
        (_, "JSON") => T::Json { binary: false },
        (Ns::Postgres, "UUID") => T::Uuid,
        (_, "Uuid") => {
            if pg {
                T::Uuid
            } else {
                T::Char { length: Some(32) }
            }
        }
        (_, "UUID") => {
            if my {
                native("UUID".into(), SqlDialect::Mysql)
            } else {
                T::Uuid
            }
        }
        (_, "Interval" | "INTERVAL") => {
            if pg {
                T::Interval
            } else {
                T::Timestamp { tz: false, precision: None }
            }
        }
        (_, "ARRAY") => {
            let item = c.and_then(|c| c.arg(0, "item_type")).ok_or("ARRAY without an item type")?;
            let inner = resolve(item, target)?;
            T::Array { of: Box::new(inner.data_type) }
        }
        (_, "Enum" | "ENUM") => return enum_type(ns, c, target).map(Some),
        (Ns::Postgres, other) if PG_NATIVE.contains(&other) => native(other.to_ascii_lowercase(), SqlDialect::Postgres),
        (Ns::Mysql, "YEAR" | "BIT" | "SET") => native(name.to_ascii_lowercase(), SqlDialect::Mysql),
        _ => return Ok(None),
    };
    let mut spec = plain(dt);
    spec.collation = c.and_then(|c| c.kw("collation")).and_then(Value::as_str).map(str::to_string);
    Ok(Some(spec))
}

/// PostgreSQL types kept as `Native`.
const PG_NATIVE: &[&str] = &[
    "INET",
    "CIDR",
    "MACADDR",
    "MACADDR8",
    "TSVECTOR",
    "TSQUERY",
    "MONEY",
    "HSTORE",
    "OID",
    "REGCLASS",
    "BIT",
    "INT4RANGE",
    "INT8RANGE",
    "NUMRANGE",
    "DATERANGE",
    "TSRANGE",
    "TSTZRANGE",
    "CITEXT",
    "XML",
    "JSONPATH",
];

fn enum_type(ns: Ns, c: Option<&CallValue>, target: Option<SqlDialect>) -> Result<TypeSpec, String> {
    let c = c.ok_or("an Enum without values")?;
    let mut values = Vec::new();
    for v in &c.args {
        match v {
            Value::Str(s) => values.push(s.clone()),
            Value::List(items) => {
                for i in items {
                    values.push(i.as_str().ok_or("enum values that are not strings")?.to_string());
                }
            }
            _ => return Err("enum values come from a Python class or a run-time value".into()),
        }
    }
    if values.is_empty() {
        return Err("an Enum without literal values".into());
    }
    let text = |k: &str| c.kw(k).and_then(Value::as_str).map(str::to_string);
    let spec = EnumSpec {
        name: text("name"),
        schema: text("schema"),
        native: c.kw("native_enum").and_then(Value::as_bool).unwrap_or(true),
        create_type: c.kw("create_type").and_then(Value::as_bool).unwrap_or(true),
        create_constraint: c.kw("create_constraint").and_then(Value::as_bool).unwrap_or(false),
        values,
    };
    let longest = spec.values.iter().map(|v| v.chars().count()).max().unwrap_or(1) as u32;
    let length = c.kw("length").and_then(Value::as_i64).and_then(|n| u32::try_from(n).ok()).unwrap_or(longest);
    let native_here = spec.native && (ns != Ns::Mysql || target == Some(SqlDialect::Mysql) || target.is_none());
    let data_type = match target {
        _ if !native_here => DataType::varchar(Some(length)),
        None | Some(SqlDialect::Postgres) if ns != Ns::Mysql => match spec.qname() {
            Some(name) => DataType::Enum { name: Some(name), values: Vec::new() },
            None => DataType::Enum { name: None, values: spec.values.clone() },
        },
        Some(SqlDialect::Sqlite) => DataType::varchar(Some(length)),
        _ => DataType::Enum { name: None, values: spec.values.clone() },
    };
    Ok(TypeSpec { data_type, enum_spec: Some(spec), collation: None, integer: false, note: None })
}

#[cfg(test)]
#[path = "types_tests.rs"]
mod tests;

//! The `Table` that `await queryRunner.getTable("post")` returns, built from the replayed schema
//! state instead of the live database: what each driver's `loadTables` reads back
//! (`PostgresQueryRunner`, `MysqlQueryRunner`, `AbstractSqliteQueryRunner`), as evaluator values.
//!
//! Columns carry the fields TypeORM's `TableColumn` has, spelled as TypeORM reads them from the
//! catalog (PostgreSQL `regtype` names such as `character varying`, lengths as strings with the
//! driver's default length left out, precision and scale as numbers, defaults as SQL text), so
//! `changeColumn` compares them with a new column exactly as TypeORM does. `foreignKeys`,
//! `indices`, `uniques`, `checks` hold the constraints with their real names; the `Table` methods
//! migrations call (`findColumnByName`, `findColumnIndices`, …) are TypeScript ([`PRELUDE`])
//! evaluated over these lists. Exclusion constraints are not in the state, so `exclusions` is empty.

use std::rc::Rc;

use crate::host::tree::NodeKind;
use crate::host::{Language, Scope, Value, parse};
use crate::ir::{AutoIncrement, ConstraintKind, DataType, DefaultExpr, FkAction, IndexKey, QName, SqlDialect};
use crate::schema::{Schema, Table};

use super::naming;

/// The `Table` methods, written as TypeORM's `Table` class defines them.
const PRELUDE: &str = "
const findColumnByName = (name) => columns.find((column) => column.name === name);
const findColumnIndices = (column) => indices.filter((i) => i.columnNames.indexOf(column.name) !== -1);
const findColumnForeignKeys = (column) => foreignKeys.filter((fk) => fk.columnNames.indexOf(column.name) !== -1);
const findColumnUniques = (column) => uniques.filter((u) => u.columnNames.indexOf(column.name) !== -1);
const findColumnChecks = (column) => checks.filter((c) => c.columnNames.indexOf(column.name) !== -1);
";

fn s(text: impl Into<String>) -> Value {
    Value::Str(text.into())
}

fn n(num: impl ToString) -> Value {
    Value::Number(num.to_string())
}

fn strings(items: &[String]) -> Value {
    Value::List(items.iter().map(|i| s(i.clone())).collect())
}

fn map(pairs: Vec<(&str, Value)>) -> Value {
    Value::Map(pairs.into_iter().map(|(k, v)| (s(k), v)).collect())
}

fn or_nil(v: Option<String>) -> Value {
    v.map_or(Value::Nil, Value::Str)
}

/// The name TypeORM gives a table path: `schema.table`, or `table`.
pub fn path(q: &QName) -> String {
    q.key()
}

/// `getTable(name)` for `t` as driver `d` would load it.
pub fn table_value(state: &Schema, t: &Table, d: SqlDialect) -> Value {
    let columns: Vec<Value> = t.columns.iter().map(|c| column_value(state, t, c, d)).collect();
    let primary: Vec<Value> =
        columns.iter().filter(|c| matches!(field(c, "isPrimary"), Some(Value::Bool(true)))).cloned().collect();
    let mut uniques = Vec::new();
    let mut indices = Vec::new();
    let mut fks = Vec::new();
    let mut checks = Vec::new();
    for c in &t.constraints {
        let name = c.name.clone().unwrap_or_default();
        match &c.kind {
            ConstraintKind::Unique { columns, .. } if d == SqlDialect::Mysql => {
                indices.push(index(&name, columns, true))
            }
            ConstraintKind::Unique { columns, .. } => {
                uniques.push(map(vec![("name", s(name)), ("columnNames", strings(columns))]));
            }
            ConstraintKind::ForeignKey(fk) => {
                let default_action = if d == SqlDialect::Mysql { "RESTRICT" } else { "NO ACTION" };
                let action = |a: Option<FkAction>| s(a.map_or(default_action, FkAction::sql));
                let deferrable = match fk.deferrable {
                    Some(crate::ir::Deferrable::Deferred) => s("INITIALLY DEFERRED"),
                    Some(crate::ir::Deferrable::Immediate) => s("INITIALLY IMMEDIATE"),
                    None => Value::Nil,
                };
                fks.push(map(vec![
                    ("name", s(name)),
                    ("columnNames", strings(&fk.columns)),
                    ("referencedTableName", s(path(&fk.ref_table))),
                    ("referencedColumnNames", strings(&fk.ref_columns)),
                    ("onDelete", action(fk.on_delete)),
                    ("onUpdate", action(fk.on_update)),
                    ("deferrable", deferrable),
                ]));
            }
            ConstraintKind::Check { expr } => {
                let used: Vec<String> =
                    t.columns.iter().filter(|col| mentions(expr, &col.name)).map(|col| col.name.clone()).collect();
                checks.push(map(vec![
                    ("name", s(name)),
                    ("expression", s(expr.clone())),
                    ("columnNames", strings(&used)),
                ]));
            }
            _ => {}
        }
    }
    for i in &t.indexes {
        let cols: Vec<String> = i
            .parts
            .iter()
            .map(|p| match &p.key {
                IndexKey::Column(c) => c.clone(),
                IndexKey::Expression(e) => e.clone(),
            })
            .collect();
        let name = i.name.clone().unwrap_or_else(|| crate::schema::naming::index_name(&t.name, i));
        let Value::Map(mut pairs) = index(&name, &cols, i.unique) else { continue };
        let method = i.method.as_deref().unwrap_or("");
        pairs.push((s("where"), or_nil(i.predicate.clone())));
        pairs.push((s("isSpatial"), Value::Bool(method.eq_ignore_ascii_case("spatial") || method == "gist")));
        pairs.push((s("isFulltext"), Value::Bool(method.eq_ignore_ascii_case("fulltext"))));
        indices.push(Value::Map(pairs));
    }
    let lists = [
        ("columns", Value::List(columns)),
        ("indices", Value::List(indices)),
        ("foreignKeys", Value::List(fks)),
        ("uniques", Value::List(uniques)),
        ("checks", Value::List(checks)),
        ("exclusions", Value::List(Vec::new())),
    ];
    let mut scope = Scope::default();
    for (k, v) in &lists {
        scope.set(*k, v.clone());
    }
    let mut pairs = vec![(s("name"), s(path(&t.name))), (s("primaryColumns"), Value::List(primary))];
    pairs.extend(lists.into_iter().map(|(k, v)| (s(k), v)));
    let scope = Rc::new(scope);
    for (name, f) in prelude() {
        pairs.push((s(name), Value::Function(f, Some(scope.clone()))));
    }
    Value::Map(pairs)
}

/// The prelude's functions by name.
fn prelude() -> Vec<(String, Rc<crate::host::tree::Function>)> {
    let module = parse(Language::TypeScript, "<typeorm Table>", PRELUDE);
    module
        .body
        .iter()
        .filter_map(|stmt| match &stmt.kind {
            NodeKind::Assign { target, value } => match (&target.kind, &value.kind) {
                (NodeKind::Name(name), NodeKind::Lambda(f)) => Some((name.clone(), f.clone())),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

fn index(name: &str, columns: &[String], unique: bool) -> Value {
    map(vec![("name", s(name)), ("columnNames", strings(columns)), ("isUnique", Value::Bool(unique))])
}

/// True when `expr` names the column `name` (quoted or as a bare word).
fn mentions(expr: &str, name: &str) -> bool {
    let quoted = [format!("\"{name}\""), format!("`{name}`")];
    quoted.iter().any(|q| expr.contains(q.as_str()))
        || expr.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|word| word == name)
}

/// A field of a map value.
pub fn field<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    match v {
        Value::Map(pairs) => pairs.iter().rev().find(|(k, _)| k.as_str() == Some(key)).map(|(_, v)| v),
        _ => None,
    }
}

/// The type fields of a loaded column: `type`, `length`, `precision`, `scale`, `isArray`,
/// `unsigned`, `enum`, `enumName`.
struct Loaded {
    ty: String,
    length: String,
    precision: Option<u32>,
    scale: Option<u32>,
    array: bool,
    unsigned: bool,
    values: Option<Vec<String>>,
    enum_name: Option<String>,
}

impl Loaded {
    fn of(ty: &str) -> Self {
        Loaded {
            ty: ty.to_string(),
            length: String::new(),
            precision: None,
            scale: None,
            array: false,
            unsigned: false,
            values: None,
            enum_name: None,
        }
    }

    /// A length, unless it is the driver's default for the type (`isDefaultColumnLength`).
    fn length(mut self, length: Option<u32>, default: Option<u32>) -> Self {
        self.length = length.filter(|l| Some(*l) != default).map(|l| l.to_string()).unwrap_or_default();
        self
    }
}

/// The column type as the driver's `loadTables` spells it.
fn loaded_type(d: SqlDialect, state: &Schema, t: &Table, col: &str, dt: &DataType) -> Loaded {
    let pg = d == SqlDialect::Postgres;
    let my = d == SqlDialect::Mysql;
    match dt {
        DataType::Boolean if my => Loaded::of("tinyint"),
        DataType::Boolean => Loaded::of("boolean"),
        DataType::Integer { bits, unsigned } => {
            let name = match (d, bits) {
                (SqlDialect::Mysql, 8) => "tinyint",
                (SqlDialect::Mysql, 24) => "mediumint",
                (SqlDialect::Mysql, 32) => "int",
                (_, 8 | 16) => "smallint",
                (_, 64) => "bigint",
                _ => "integer",
            };
            Loaded { unsigned: *unsigned && my, ..Loaded::of(name) }
        }
        DataType::Decimal { precision, scale } => {
            let (dp, ds) = if my { (Some(10), Some(0)) } else { (None, None) };
            let scale = scale.or(precision.map(|_| 0).filter(|_| pg));
            Loaded {
                precision: precision.filter(|p| Some(*p) != dp),
                scale: scale.filter(|x| Some(*x) != ds),
                ..Loaded::of(if pg { "numeric" } else { "decimal" })
            }
        }
        DataType::Float { bits: 32 } => Loaded::of(if my { "float" } else { "real" }),
        DataType::Float { .. } => Loaded::of(if my { "double" } else { "double precision" }),
        DataType::Char { length } => Loaded::of(if pg { "character" } else { "char" }).length(*length, Some(1)),
        DataType::Varchar { length } => {
            Loaded::of(if pg { "character varying" } else { "varchar" }).length(*length, my.then_some(255))
        }
        DataType::Text => Loaded::of("text"),
        DataType::Binary { .. } if pg => Loaded::of("bytea"),
        DataType::Binary { length: Some(l), fixed: true } => Loaded::of("binary").length(Some(*l), Some(1)),
        DataType::Binary { length: Some(l), .. } => Loaded::of("varbinary").length(Some(*l), Some(255)),
        DataType::Binary { .. } => Loaded::of("blob"),
        DataType::Date => Loaded::of("date"),
        DataType::Time { tz, precision } | DataType::Timestamp { tz, precision } => {
            let time = matches!(dt, DataType::Time { .. });
            let name = match (d, time, tz) {
                (SqlDialect::Postgres, true, false) => "time without time zone",
                (SqlDialect::Postgres, true, true) => "time with time zone",
                (SqlDialect::Postgres, false, false) => "timestamp without time zone",
                (SqlDialect::Postgres, false, true) => "timestamp with time zone",
                (_, true, _) => "time",
                (SqlDialect::Mysql, false, true) => "timestamp",
                _ => "datetime",
            };
            let default = if pg { 6 } else { 0 };
            Loaded { precision: precision.filter(|p| *p != default), ..Loaded::of(name) }
        }
        DataType::Interval => Loaded::of("interval"),
        DataType::Uuid if my => Loaded::of("varchar").length(Some(36), Some(255)),
        DataType::Uuid if pg => Loaded::of("uuid"),
        DataType::Uuid => Loaded::of("varchar"),
        DataType::Json { binary: true } if pg => Loaded::of("jsonb"),
        DataType::Json { .. } => Loaded::of("json"),
        DataType::Enum { name, values } => {
            let values = match (values.is_empty(), name) {
                (true, Some(q)) => state.enums.get(&q.key()).map(|e| e.values.clone()).unwrap_or_default(),
                _ => values.clone(),
            };
            let default_name = format!("{}_{}_enum", t.name.name, col.to_lowercase());
            let enum_name = name.as_ref().map(|q| q.name.clone()).filter(|nm| *nm != default_name && pg);
            Loaded { values: Some(values), enum_name, ..Loaded::of("enum") }
        }
        DataType::Array { of } => Loaded { array: true, ..loaded_type(d, state, t, col, of) },
        DataType::Native { sql, .. } => {
            let lower = sql.to_ascii_lowercase();
            Loaded::of(lower.split('(').next().unwrap_or(&lower).trim())
        }
    }
}

/// A default as TypeORM reads it back: the catalog's text (PostgreSQL drops `::type` casts and
/// quotes integers; MariaDB keeps literals quoted).
fn loaded_default(d: SqlDialect, v: &DefaultExpr) -> Value {
    let text = match (d, v) {
        (SqlDialect::Mysql, DefaultExpr::Null) => return Value::Nil,
        (_, DefaultExpr::Null) => "NULL".to_string(),
        (SqlDialect::Postgres, DefaultExpr::Bool(b)) => b.to_string(),
        (_, DefaultExpr::Bool(b)) => u8::from(*b).to_string(),
        (SqlDialect::Postgres, DefaultExpr::Number(x))
            if x.trim_start_matches('-').bytes().all(|b| b.is_ascii_digit()) =>
        {
            format!("'{x}'")
        }
        (_, DefaultExpr::Number(x)) => x.clone(),
        (_, DefaultExpr::String(x)) => format!("'{}'", x.replace('\'', "''")),
        (SqlDialect::Postgres, DefaultExpr::CurrentTimestamp) => "now()".into(),
        (_, DefaultExpr::CurrentTimestamp) => "CURRENT_TIMESTAMP".into(),
        (_, DefaultExpr::CurrentDate) => "CURRENT_DATE".into(),
        (_, DefaultExpr::CurrentTime) => "CURRENT_TIME".into(),
        (SqlDialect::Postgres, DefaultExpr::Sql(x)) => strip_casts(x),
        (_, DefaultExpr::Sql(x)) => x.clone(),
    };
    Value::Str(text)
}

/// `'a'::character varying` → `'a'` (PostgreSQL's `replaceAll(/::[\w\s.[\]\-"]+/g, "")`).
fn strip_casts(x: &str) -> String {
    let mut out = String::new();
    let mut rest = x;
    while let Some(at) = rest.find("::") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 2..];
        let end = tail
            .find(|c: char| !(c.is_alphanumeric() || c.is_whitespace() || "_.[]-\"".contains(c)))
            .unwrap_or(tail.len());
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// One `TableColumn` as `loadTables` fills it.
fn column_value(state: &Schema, t: &Table, c: &crate::ir::Column, d: SqlDialect) -> Value {
    let ty = loaded_type(d, state, t, &c.name, &c.data_type);
    let pk = t.primary_key();
    let is_primary = pk.is_some_and(|pk| pk.columns().contains(&c.name));
    let pk_name = pk.and_then(|pk| {
        let name = pk.name.clone()?;
        (d == SqlDialect::Postgres && name != naming::primary_key(&t.name.name, pk.columns())).then_some(name)
    });
    let single = |cols: &[String]| cols.len() == 1 && cols[0] == c.name;
    let is_unique =
        t.constraints.iter().any(|k| matches!(&k.kind, ConstraintKind::Unique { columns, .. } if single(columns)))
            || (d == SqlDialect::Mysql
                && t.indexes.iter().any(|i| {
                    i.unique && i.parts.len() == 1 && matches!(&i.parts[0].key, IndexKey::Column(x) if *x == c.name)
                }));
    let (generated, strategy, identity) = match c.auto_increment {
        Some(AutoIncrement::IdentityAlways) if d == SqlDialect::Postgres => (true, s("identity"), s("ALWAYS")),
        Some(AutoIncrement::IdentityByDefault) if d == SqlDialect::Postgres => (true, s("identity"), s("BY DEFAULT")),
        Some(_) => (true, s("increment"), Value::Nil),
        None => (false, Value::Nil, Value::Nil),
    };
    let uuid_default = d == SqlDialect::Postgres
        && c.data_type == DataType::Uuid
        && matches!(&c.default, Some(DefaultExpr::Sql(x)) if x.starts_with("uuid_generate_v") || x == "gen_random_uuid()");
    let (generated, strategy) = if uuid_default { (true, s("uuid")) } else { (generated, strategy) };
    let default = match &c.default {
        Some(v) if !uuid_default => loaded_default(d, v),
        _ => Value::Nil,
    };
    let (as_expr, gen_type) = match &c.generated {
        Some(g) => (s(g.expr.clone()), s(if g.stored || d == SqlDialect::Postgres { "STORED" } else { "VIRTUAL" })),
        None => (Value::Nil, Value::Nil),
    };
    let on_update = c.on_update.as_ref().map_or(Value::Nil, |u| loaded_default(d, u));
    map(vec![
        ("name", s(c.name.clone())),
        ("type", s(ty.ty)),
        ("length", s(ty.length)),
        ("precision", ty.precision.map_or(Value::Nil, n)),
        ("scale", ty.scale.map_or(Value::Nil, n)),
        ("unsigned", Value::Bool(ty.unsigned)),
        ("isArray", Value::Bool(ty.array)),
        ("enum", ty.values.map_or(Value::Nil, |v| strings(&v))),
        ("enumName", or_nil(ty.enum_name)),
        ("isNullable", Value::Bool(c.nullable)),
        ("isPrimary", Value::Bool(is_primary)),
        ("primaryKeyConstraintName", or_nil(pk_name)),
        ("isUnique", Value::Bool(is_unique)),
        ("isGenerated", Value::Bool(generated)),
        ("generationStrategy", strategy),
        ("generatedIdentity", identity),
        ("default", default),
        ("onUpdate", on_update),
        ("comment", or_nil(c.comment.clone())),
        ("collation", or_nil(c.collation.clone())),
        ("charset", Value::Nil),
        ("asExpression", as_expr),
        ("generatedType", gen_type),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casts_are_stripped_as_typeorm_does() {
        assert_eq!(strip_casts("'draft'::character varying"), "'draft'");
        assert_eq!(strip_casts("('now'::text)::date"), "('now')");
        assert_eq!(strip_casts("42"), "42");
    }
}

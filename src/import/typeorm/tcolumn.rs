//! TypeORM's `TableColumn` and `Table` as `changeColumn`, `addColumn` and `dropColumn` see them:
//! `new TableColumn({…})` gets the constructor's defaults (`isNullable: false`, `length: ""`, …),
//! a plain object literal is taken as written, and a column read from the replayed state
//! ([`super::loaded`]) as TypeORM's `loadTables` would fill it. Fields compare with JavaScript's
//! `!==` (a `length` of `255` is not the `"255"` the catalog gives back), which is what decides
//! between TypeORM's in-place `ALTER` and its drop-and-re-add of a column.

use super::columns::Obj;
use super::loaded;
use crate::host::Value;
use crate::ir::{QName, SqlDialect};
use crate::schema::Schema;

/// The `TableColumn` constructor's defaults.
const DEFAULTS: [(&str, Value); 7] = [
    ("isNullable", Value::Bool(false)),
    ("isGenerated", Value::Bool(false)),
    ("isPrimary", Value::Bool(false)),
    ("isUnique", Value::Bool(false)),
    ("isArray", Value::Bool(false)),
    ("unsigned", Value::Bool(false)),
    ("length", Value::Str(String::new())),
];

/// The options the `TableColumn` constructor copies (others, such as `zerofill`, are dropped).
const COPIED: [&str; 25] = [
    "name",
    "type",
    "length",
    "charset",
    "collation",
    "precision",
    "scale",
    "unsigned",
    "default",
    "onUpdate",
    "isNullable",
    "isGenerated",
    "generationStrategy",
    "generatedIdentity",
    "isPrimary",
    "isUnique",
    "isArray",
    "comment",
    "enum",
    "enumName",
    "primaryKeyConstraintName",
    "asExpression",
    "generatedType",
    "spatialFeatureType",
    "srid",
];

/// A column's fields by name.
#[derive(Debug, Clone, PartialEq)]
pub struct Col(pub Vec<(Value, Value)>);

impl Col {
    /// `new TableColumn({…})`, a plain `{…}`, or a loaded column.
    pub fn of(v: &Value) -> Option<Col> {
        match v {
            Value::Map(pairs) => Some(Col(pairs.clone())),
            Value::Call(c) if c.new && c.path().ends_with("TableColumn") => {
                let Some(Value::Map(options)) = c.args.first() else { return None };
                let given = Obj(options);
                let mut out: Vec<(Value, Value)> =
                    DEFAULTS.iter().map(|(k, v)| (Value::Str((*k).into()), v.clone())).collect();
                let mut col = Col(Vec::new());
                for key in COPIED {
                    match (key, given.get(key)) {
                        ("type", None | Some(Value::Str(_))) => {
                            let ty = given.text("type").unwrap_or_default();
                            col.set(key, Value::Str(ty));
                        }
                        (_, Some(v)) => col.set(key, v.clone()),
                        (_, None) => {}
                    }
                }
                out.retain(|(k, _)| col.0.iter().all(|(j, _)| j != k));
                out.extend(col.0);
                Some(Col(out))
            }
            Value::Call(c) => c.args.first().and_then(Col::of),
            _ => None,
        }
    }

    /// A field (`undefined` is `Nil`).
    pub fn get(&self, key: &str) -> &Value {
        self.0.iter().rev().find(|(k, _)| k.as_str() == Some(key)).map_or(&Value::Nil, |(_, v)| v)
    }

    /// Set a field.
    pub fn set(&mut self, key: &str, v: Value) {
        match self.0.iter_mut().find(|(k, _)| k.as_str() == Some(key)) {
            Some(slot) => slot.1 = v,
            None => self.0.push((Value::Str(key.into()), v)),
        }
    }

    /// `a.key !== b.key`.
    pub fn differs(&self, other: &Col, key: &str) -> bool {
        !strict_eq(self.get(key), other.get(key))
    }

    /// `a.key === true`.
    pub fn is(&self, key: &str) -> bool {
        matches!(self.get(key), Value::Bool(true))
    }

    /// A string field (`None` when absent or not a string).
    pub fn text(&self, key: &str) -> Option<String> {
        self.obj().text(key)
    }

    /// The column's name.
    pub fn name(&self) -> Result<String, String> {
        self.obj().need("name")
    }

    /// The fields as the option reader [`super::columns`] takes them.
    pub fn obj(&self) -> Obj<'_> {
        Obj(&self.0)
    }

    /// `type` is `enum` or `simple-enum`.
    pub fn is_enum(&self) -> bool {
        matches!(self.text("type").as_deref(), Some("enum" | "simple-enum"))
    }
}

/// JavaScript's `===` on evaluated values (numbers by value, strings and numbers never equal).
pub fn strict_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.parse::<f64>(), y.parse::<f64>()) {
            (Ok(x), Ok(y)) => x == y,
            _ => x == y,
        },
        _ => a == b,
    }
}

/// `OrmUtils.isArraysEqual` on two `enum` lists (`undefined` counts as empty where TypeORM says so).
pub fn same_items(a: &Value, b: &Value) -> bool {
    let items = |v: &Value| -> Vec<String> { v.as_list().unwrap_or(&[]).iter().filter_map(Value::display).collect() };
    items(a) == items(b)
}

/// The table `getCachedTable(name)` gives, from the state (`None` when the state does not have it).
pub fn loaded_table(state: &Schema, table: &str, d: SqlDialect) -> Option<Value> {
    state.table(&qname(table)).map(|t| loaded::table_value(state, t, d))
}

/// A TypeORM table path (`schema.table` or `table`) as a name.
pub fn qname(table: &str) -> QName {
    match table.rsplit_once('.') {
        Some((schema, name)) => QName::qualified(schema, name),
        None => QName::new(table),
    }
}

/// A list field of a loaded table (`columns`, `indices`, …).
pub fn list<'a>(table: Option<&'a Value>, key: &str) -> &'a [Value] {
    table.and_then(|t| loaded::field(t, key)).and_then(Value::as_list).unwrap_or(&[])
}

/// The loaded column `name`.
pub fn find_column(table: Option<&Value>, name: &str) -> Option<Col> {
    list(table, "columns").iter().filter_map(Col::of).find(|c| c.name().is_ok_and(|n| n == name))
}

/// The table's primary key columns, in table order.
pub fn primary_columns(table: Option<&Value>) -> Vec<Col> {
    list(table, "columns").iter().filter_map(Col::of).filter(|c| c.is("isPrimary")).collect()
}

/// The names of a list of columns.
pub fn names(cols: &[Col]) -> Vec<String> {
    cols.iter().filter_map(|c| c.name().ok()).collect()
}

/// A string list field of an object (`columnNames`).
pub fn strings(v: &Value, key: &str) -> Vec<String> {
    loaded::field(v, key).and_then(Value::as_list).unwrap_or(&[]).iter().filter_map(Value::display).collect()
}

/// A string field of an object.
pub fn text(v: &Value, key: &str) -> Option<String> {
    loaded::field(v, key).and_then(Value::display)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::CallValue;
    use std::rc::Rc;

    fn new_column(pairs: Vec<(&str, Value)>) -> Value {
        let options = Value::Map(pairs.into_iter().map(|(k, v)| (Value::Str(k.into()), v)).collect());
        Value::Call(Rc::new(CallValue {
            callee: Value::Path("TableColumn".into()),
            args: vec![options],
            kwargs: Vec::new(),
            bare: false,
            new: true,
            span: crate::ir::Span::file("t.ts"),
            source: String::new(),
        }))
    }

    #[test]
    fn the_constructor_fills_defaults_and_keeps_javascript_types() {
        let c = Col::of(&new_column(vec![("name", Value::Str("a".into())), ("length", Value::Number("255".into()))]))
            .unwrap();
        assert_eq!(c.get("isNullable"), &Value::Bool(false));
        assert_eq!(c.get("type"), &Value::Str(String::new()));
        let loaded = Col(vec![(Value::Str("length".into()), Value::Str("255".into()))]);
        assert!(c.differs(&loaded, "length"), "255 !== \"255\"");
        let plain = Col::of(&Value::Map(vec![(Value::Str("name".into()), Value::Str("a".into()))])).unwrap();
        assert_eq!(plain.get("isNullable"), &Value::Nil, "a plain object has no defaults");
    }
}

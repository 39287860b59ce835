//! Short SQL-like descriptions of schema parts, and the difference listing built from them.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Column, Constraint, ConstraintKind, DataType, DefaultExpr, Deferrable, Index, IndexKey};
use crate::schema::{Schema, Table};

/// A type in short SQL-like form: `int32`, `int64 unsigned`, `varchar(255)`, `timestamp(3) tz`,
/// `enum mood`, `enum('a', 'b')`, `int32[]`, `native tsvector`.
pub fn describe_type(ty: &DataType) -> String {
    let opt = |name: &str, n: Option<u32>| match n {
        Some(n) => format!("{name}({n})"),
        None => name.to_string(),
    };
    match ty {
        DataType::Boolean => "boolean".into(),
        DataType::Integer { bits, unsigned } => format!("int{bits}{}", if *unsigned { " unsigned" } else { "" }),
        DataType::Decimal { precision: Some(p), scale: Some(s) } => format!("decimal({p},{s})"),
        DataType::Decimal { precision, .. } => opt("decimal", *precision),
        DataType::Float { bits } => format!("float{bits}"),
        DataType::Char { length } => opt("char", *length),
        DataType::Varchar { length } => opt("varchar", *length),
        DataType::Text => "text".into(),
        DataType::Binary { length, fixed } => opt(if *fixed { "binary" } else { "varbinary" }, *length),
        DataType::Date => "date".into(),
        DataType::Time { tz, precision } => format!("{}{}", opt("time", *precision), if *tz { " tz" } else { "" }),
        DataType::Timestamp { tz, precision } => {
            format!("{}{}", opt("timestamp", *precision), if *tz { " tz" } else { "" })
        }
        DataType::Interval => "interval".into(),
        DataType::Uuid => "uuid".into(),
        DataType::Json { binary } => if *binary { "jsonb" } else { "json" }.into(),
        DataType::Enum { name: Some(n), .. } => format!("enum {n}"),
        DataType::Enum { name: None, values } => format!("enum({})", quoted_list(values)),
        DataType::Array { of } => format!("{}[]", describe_type(of)),
        DataType::Native { sql, .. } => format!("native {sql}"),
    }
}

fn quoted_list(values: &[String]) -> String {
    values.iter().map(|v| format!("'{}'", v.replace('\'', "''"))).collect::<Vec<_>>().join(", ")
}

/// A default as SQL: `NULL`, `true`, `0`, `'x'`, `CURRENT_TIMESTAMP`, or the expression.
pub fn describe_default(d: &DefaultExpr) -> String {
    match d {
        DefaultExpr::Null => "NULL".into(),
        DefaultExpr::Bool(b) => b.to_string(),
        DefaultExpr::Number(n) => n.clone(),
        DefaultExpr::String(s) => format!("'{}'", s.replace('\'', "''")),
        DefaultExpr::CurrentTimestamp => "CURRENT_TIMESTAMP".into(),
        DefaultExpr::CurrentDate => "CURRENT_DATE".into(),
        DefaultExpr::CurrentTime => "CURRENT_TIME".into(),
        DefaultExpr::Sql(s) => s.clone(),
    }
}

/// A constraint's body as SQL: `PRIMARY KEY (id)`, `FOREIGN KEY (a) REFERENCES t (id) ON DELETE CASCADE`.
pub fn describe_constraint(c: &Constraint) -> String {
    match &c.kind {
        ConstraintKind::PrimaryKey { columns } => format!("PRIMARY KEY ({})", columns.join(", ")),
        ConstraintKind::Unique { columns, nulls_not_distinct, deferrable } => {
            let nnd = if *nulls_not_distinct { " NULLS NOT DISTINCT" } else { "" };
            let def = match deferrable {
                None => "",
                Some(crate::ir::Deferrable::Immediate) => " DEFERRABLE INITIALLY IMMEDIATE",
                Some(crate::ir::Deferrable::Deferred) => " DEFERRABLE INITIALLY DEFERRED",
            };
            format!("UNIQUE{nnd} ({}){def}", columns.join(", "))
        }
        ConstraintKind::ForeignKey(fk) => {
            let mut s = format!("FOREIGN KEY ({}) REFERENCES {}", fk.columns.join(", "), fk.ref_table);
            if !fk.ref_columns.is_empty() {
                s.push_str(&format!(" ({})", fk.ref_columns.join(", ")));
            }
            if let Some(a) = fk.on_delete {
                s.push_str(&format!(" ON DELETE {}", a.sql()));
            }
            if let Some(a) = fk.on_update {
                s.push_str(&format!(" ON UPDATE {}", a.sql()));
            }
            match fk.deferrable {
                Some(Deferrable::Deferred) => s.push_str(" DEFERRABLE INITIALLY DEFERRED"),
                Some(Deferrable::Immediate) => s.push_str(" DEFERRABLE"),
                None => {}
            }
            s
        }
        ConstraintKind::Check { expr } => format!("CHECK ({expr})"),
    }
}

/// An index without its name: `UNIQUE INDEX USING gin (lower(email) DESC) INCLUDE (a) WHERE …`.
pub fn describe_index(i: &Index) -> String {
    let mut s = String::from(if i.unique { "UNIQUE INDEX" } else { "INDEX" });
    if let Some(m) = &i.method {
        s.push_str(&format!(" USING {m}"));
    }
    let parts: Vec<String> = i
        .parts
        .iter()
        .map(|p| {
            let mut t = match &p.key {
                IndexKey::Column(c) => c.clone(),
                IndexKey::Expression(e) => format!("({e})"),
            };
            if let Some(n) = p.length {
                t.push_str(&format!("({n})"));
            }
            if let Some(c) = &p.collation {
                t.push_str(&format!(" COLLATE {c}"));
            }
            if let Some(o) = &p.opclass {
                t.push_str(&format!(" {o}"));
            }
            if p.desc {
                t.push_str(" DESC");
            }
            match p.nulls_first {
                Some(true) => t.push_str(" NULLS FIRST"),
                Some(false) => t.push_str(" NULLS LAST"),
                None => {}
            }
            t
        })
        .collect();
    s.push_str(&format!(" ({})", parts.join(", ")));
    if !i.include.is_empty() {
        s.push_str(&format!(" INCLUDE ({})", i.include.join(", ")));
    }
    if i.nulls_not_distinct {
        s.push_str(" NULLS NOT DISTINCT");
    }
    if let Some(p) = &i.predicate {
        s.push_str(&format!(" WHERE {p}"));
    }
    s
}

fn opt_text(v: Option<&str>) -> String {
    v.map_or_else(|| "none".into(), |s| format!("'{s}'"))
}

/// Push `"<what>: <a> vs <b>"` when the two descriptions differ.
fn cmp(out: &mut Vec<String>, what: &str, a: String, b: String) {
    if a != b {
        out.push(format!("{what}: {a} vs {b}"));
    }
}

/// Keys present on one side only, then those on both whose values differ (`compare` pushes lines).
fn pair<'a, T>(
    out: &mut Vec<String>,
    prefix: &str,
    a: &'a BTreeMap<String, T>,
    b: &'a BTreeMap<String, T>,
    mut compare: impl FnMut(&mut Vec<String>, &str, &'a T, &'a T),
) {
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    for key in keys {
        match (a.get(key), b.get(key)) {
            (Some(_), None) => out.push(format!("{prefix} {key}: only in first")),
            (None, Some(_)) => out.push(format!("{prefix} {key}: only in second")),
            (Some(x), Some(y)) => compare(out, &format!("{prefix} {key}"), x, y),
            (None, None) => {}
        }
    }
}

pub(super) fn differences(a: &Schema, b: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    pair(&mut out, "table", &a.tables, &b.tables, table_differences);
    pair(&mut out, "enum", &a.enums, &b.enums, |out, p, x, y| {
        cmp(out, &format!("{p}: values"), quoted_list(&x.values), quoted_list(&y.values));
    });
    pair(&mut out, "view", &a.views, &b.views, |out, p, x, y| {
        cmp(out, &format!("{p}: materialized"), x.materialized.to_string(), y.materialized.to_string());
        // An empty list is an unknown one (see `compare::views`).
        if !x.columns.is_empty() && !y.columns.is_empty() {
            cmp(out, &format!("{p}: columns"), x.columns.join(", "), y.columns.join(", "));
        }
        cmp(out, &format!("{p}: query"), x.query.clone(), y.query.clone());
    });
    let exts = |s: &Schema| s.extensions.iter().map(|e| (e.clone(), ())).collect::<BTreeMap<_, _>>();
    pair(&mut out, "extension", &exts(a), &exts(b), |_, _, _, _| {});
    out
}

fn table_differences(out: &mut Vec<String>, p: &str, a: &Table, b: &Table) {
    let names = |t: &Table| t.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    fn cols(t: &Table) -> BTreeMap<String, &Column> {
        t.columns.iter().map(|c| (c.name.clone(), c)).collect()
    }
    pair(out, &format!("{p}: column"), &cols(a), &cols(b), |out, p, x, y| column_differences(out, p, x, y));
    let (na, nb) = (names(a), names(b));
    let common =
        |n: &Vec<String>, other: &Vec<String>| n.iter().filter(|c| other.contains(c)).cloned().collect::<Vec<_>>();
    cmp(out, &format!("{p}: column order"), common(&na, &nb).join(", "), common(&nb, &na).join(", "));
    constraint_differences(out, p, &a.constraints, &b.constraints);
    fn idx(t: &Table) -> BTreeMap<String, &Index> {
        t.indexes.iter().map(|i| (i.name.clone().unwrap_or_else(|| describe_index(i)), i)).collect()
    }
    pair(out, &format!("{p}: index"), &idx(a), &idx(b), |out, p, x, y| {
        cmp(out, p, describe_index(x), describe_index(y));
    });
    cmp(out, &format!("{p}: comment"), opt_text(a.comment.as_deref()), opt_text(b.comment.as_deref()));
}

fn column_differences(out: &mut Vec<String>, p: &str, a: &Column, b: &Column) {
    cmp(out, &format!("{p}: type"), describe_type(&a.data_type), describe_type(&b.data_type));
    let null = |c: &Column| if c.nullable { "NULL" } else { "NOT NULL" }.to_string();
    cmp(out, &format!("{p}: nullability"), null(a), null(b));
    let dflt = |c: &Column| c.default.as_ref().map_or_else(|| "none".into(), describe_default);
    cmp(out, &format!("{p}: default"), dflt(a), dflt(b));
    let on_update = |c: &Column| c.on_update.as_ref().map_or_else(|| "none".into(), describe_default);
    cmp(out, &format!("{p}: on update"), on_update(a), on_update(b));
    let ai = |c: &Column| c.auto_increment.map_or_else(|| "none".into(), |a| format!("{a:?}"));
    cmp(out, &format!("{p}: auto increment"), ai(a), ai(b));
    let generated = |c: &Column| {
        c.generated
            .as_ref()
            .map_or_else(|| "none".into(), |g| format!("({}){}", g.expr, if g.stored { " STORED" } else { "" }))
    };
    cmp(out, &format!("{p}: generated"), generated(a), generated(b));
    cmp(out, &format!("{p}: comment"), opt_text(a.comment.as_deref()), opt_text(b.comment.as_deref()));
    cmp(out, &format!("{p}: collation"), opt_text(a.collation.as_deref()), opt_text(b.collation.as_deref()));
}

/// Named constraints pair up by name, unnamed ones by their body; a named and an unnamed one
/// with the same body are reported as a naming difference.
fn constraint_differences(out: &mut Vec<String>, p: &str, a: &[Constraint], b: &[Constraint]) {
    fn key(c: &Constraint) -> String {
        c.name.clone().unwrap_or_else(|| describe_constraint(c))
    }
    fn map(cs: &[Constraint]) -> BTreeMap<String, &Constraint> {
        cs.iter().map(|c| (key(c), c)).collect()
    }
    let (ma, mb) = (map(a), map(b));
    let mut lines = Vec::new();
    let mut only_a = Vec::new();
    let mut only_b: Vec<&Constraint> = mb.iter().filter(|(k, _)| !ma.contains_key(*k)).map(|(_, c)| *c).collect();
    for (k, x) in &ma {
        match mb.get(k) {
            Some(y) => cmp(&mut lines, &format!("{p}: constraint {k}"), describe_constraint(x), describe_constraint(y)),
            None => only_a.push(*x),
        }
    }
    for x in only_a {
        let body = describe_constraint(x);
        match only_b.iter().position(|y| describe_constraint(y) == body) {
            Some(i) => {
                let y = only_b.remove(i);
                let name = |c: &Constraint| c.name.clone().unwrap_or_else(|| "unnamed".into());
                lines.push(format!("{p}: constraint {body}: named {} vs {}", name(x), name(y)));
            }
            None => lines.push(format!("{p}: constraint {}: only in first", key(x))),
        }
    }
    lines.extend(only_b.into_iter().map(|y| format!("{p}: constraint {}: only in second", key(y))));
    lines.sort();
    out.extend(lines);
}

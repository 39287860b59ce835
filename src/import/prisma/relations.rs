//! Relations as Prisma Migrate creates them.
//!
//! - `author User @relation(fields: [authorId], references: [id])`: a foreign key
//!   `Post_authorId_fkey` on the side with `fields`; `onDelete` defaults to `Restrict`
//!   (`SetNull` when a referencing field is optional), `onUpdate` to `Cascade`.
//! - `tags Tag[]` on both sides without `fields`: the implicit many-to-many table `_TagToUser`
//!   (`_<relation name>`, default `<A>To<B>` with the model names in order) with columns `A`
//!   and `B` typed like the two ids; PostgreSQL keys it `_TagToUser_AB_pkey`, the others
//!   index it `_TagToUser_AB_unique`; plus `_TagToUser_B_index` and two cascading foreign keys.
//! - `relationMode = "prisma"`: no foreign keys at all (Prisma emulates them in the client).

use std::collections::BTreeSet;

use super::ast::{Arity, Attribute, Field, FieldType, Value};
use super::lower::{Context, ModelInfo, attr, map_arg};
use super::naming;
use crate::diagnostics::Diagnostic;
use crate::ir::{
    Column, Constraint, ConstraintKind, DataType, FkAction, ForeignKey, Index, IndexPart, QName, SqlDialect,
};
use crate::schema::{Schema, Table};

/// Add every relation's foreign keys and join tables to `schema`.
pub fn add(cx: &mut Context<'_>, schema: &mut Schema) {
    let models: Vec<ModelInfo<'_>> = cx.models.values().cloned().collect();
    let mut join_tables = BTreeSet::new();
    for m in &models {
        for f in m.fields() {
            let FieldType::Named(target) = &f.field_type else { continue };
            let Some(other) = cx.models.get(target).cloned() else { continue };
            let rel = attr(&f.attributes, "relation");
            let has_fields = rel.and_then(|a| a.arg("fields", false)).is_some();
            if has_fields {
                foreign_key(cx, schema, m, &other, f, rel.expect("relation"));
            } else if f.arity == Arity::List {
                let name = relation_name(rel);
                let back = other.fields().find(|g| {
                    matches!(&g.field_type, FieldType::Named(t) if *t == m.block.name)
                        && g.arity == Arity::List
                        && relation_name(attr(&g.attributes, "relation")) == name
                        && !(m.block.name == other.block.name && g.name == f.name)
                });
                if back.is_some_and(|g| attr(&g.attributes, "relation").and_then(|a| a.arg("fields", false)).is_none())
                {
                    let (a, b) = if m.block.name <= other.block.name { (m, &other) } else { (&other, m) };
                    let name = name.unwrap_or_else(|| format!("{}To{}", a.block.name, b.block.name));
                    if join_tables.insert(name.clone()) {
                        join_table(cx, schema, &name, a, b, f);
                    }
                }
            }
        }
    }
}

/// The relation's name: `@relation("Name")` or `@relation(name: "Name")`.
fn relation_name(rel: Option<&Attribute>) -> Option<String> {
    rel.and_then(|a| a.arg("name", true)).and_then(Value::as_str).map(str::to_string)
}

fn field_list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items.iter().filter_map(|i| i.as_ident().map(str::to_string)).collect(),
        _ => Vec::new(),
    }
}

fn action(v: Option<&Value>) -> Result<Option<FkAction>, String> {
    Ok(Some(match v.and_then(Value::as_ident) {
        None => return Ok(None),
        Some("Cascade") => FkAction::Cascade,
        Some("Restrict") => FkAction::Restrict,
        Some("NoAction") => FkAction::NoAction,
        Some("SetNull") => FkAction::SetNull,
        Some("SetDefault") => FkAction::SetDefault,
        Some(other) => return Err(format!("`{other}` is not a referential action")),
    }))
}

fn foreign_key(
    cx: &mut Context<'_>,
    schema: &mut Schema,
    m: &ModelInfo<'_>,
    other: &ModelInfo<'_>,
    f: &Field,
    rel: &Attribute,
) {
    let span = m.file.span(rel.loc);
    let fields = field_list(rel.arg("fields", false));
    let references = field_list(rel.arg("references", false));
    let mut columns = Vec::new();
    let mut optional = false;
    for name in &fields {
        match m.fields().find(|g| g.name == *name) {
            Some(g) => {
                optional |= g.arity == Arity::Optional;
                columns.push(super::lower::column_name(g));
            }
            None => cx.diags.push(
                Diagnostic::error(
                    "prisma-relation",
                    format!("relation `{}`: `{name}` is not a field of `{}`", f.name, m.block.name),
                )
                .at(span.clone()),
            ),
        }
    }
    let mut ref_columns = Vec::new();
    for name in &references {
        match other.column_of(name) {
            Some(c) => ref_columns.push(c),
            None => cx.diags.push(
                Diagnostic::error(
                    "prisma-relation",
                    format!("relation `{}`: `{name}` is not a field of `{}`", f.name, other.block.name),
                )
                .at(span.clone()),
            ),
        }
    }
    if columns.len() != fields.len() || ref_columns.len() != references.len() || columns.len() != ref_columns.len() {
        if columns.len() != ref_columns.len() {
            cx.diags.push(
                Diagnostic::error(
                    "prisma-relation",
                    format!("relation `{}`: `fields` and `references` differ in length", f.name),
                )
                .at(span),
            );
        }
        return;
    }
    let (on_delete, on_update) = match (action(rel.arg("onDelete", false)), action(rel.arg("onUpdate", false))) {
        (Ok(d), Ok(u)) => (d, u),
        (Err(e), _) | (_, Err(e)) => {
            cx.diags.push(Diagnostic::error("prisma-relation", e).at(span));
            return;
        }
    };
    if cx.ds.emulated_relations {
        return;
    }
    let on_delete = on_delete.unwrap_or(if optional { FkAction::SetNull } else { FkAction::Restrict });
    let on_update = on_update.unwrap_or(FkAction::Cascade);
    let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
    if map_arg(rel).is_some() && cx.dialect == SqlDialect::Sqlite {
        cx.diags.push(
            Diagnostic::error(
                "prisma-named-constraint",
                "SQLite does not keep foreign key names: `map:` is not allowed here",
            )
            .at(m.file.span(rel.loc)),
        );
    }
    let name = map_arg(rel).unwrap_or_else(|| naming::foreign_key(cx.dialect, &m.table.name, &refs));
    let fk = ForeignKey {
        columns,
        ref_table: other.table.clone(),
        ref_columns,
        on_delete: Some(on_delete),
        on_update: Some(on_update),
        deferrable: None,
    };
    if let Some(t) = schema.table_mut(&m.table) {
        t.constraints.push(Constraint { name: Some(name), kind: ConstraintKind::ForeignKey(fk) });
    }
}

/// The single-column id of a model: (column, its type without identity or default).
fn id_column(schema: &Schema, m: &ModelInfo<'_>) -> Option<(String, DataType)> {
    let t = schema.table(&m.table)?;
    let pk = t.primary_key()?;
    let [col] = pk.columns() else { return None };
    Some((col.clone(), t.column(col)?.data_type.clone()))
}

fn join_table(cx: &mut Context<'_>, schema: &mut Schema, name: &str, a: &ModelInfo<'_>, b: &ModelInfo<'_>, f: &Field) {
    let (Some((a_id, a_type)), Some((b_id, b_type))) = (id_column(schema, a), id_column(schema, b)) else {
        cx.diags.push(
            Diagnostic::error(
                "prisma-relation",
                format!(
                    "implicit many-to-many `{name}` needs a single-field @id on `{}` and `{}`",
                    a.block.name, b.block.name
                ),
            )
            .at(a.file.span(f.loc)),
        );
        return;
    };
    let d = cx.dialect;
    let table_name = format!("_{name}");
    let qname = QName { schema: a.table.schema.clone(), name: table_name.clone() };
    let mut t = Table::new(qname.clone());
    let col = |n: &str, ty: DataType| {
        let mut c = Column::new(n, ty);
        c.nullable = false;
        c
    };
    t.columns.push(col("A", a_type));
    t.columns.push(col("B", b_type));
    let ix = |name: String, cols: &[&str], unique: bool| Index {
        name: Some(name),
        table: qname.clone(),
        parts: cols.iter().map(|c| IndexPart::column(*c)).collect(),
        unique,
        method: None,
        predicate: None,
        include: Vec::new(),
        nulls_not_distinct: false,
    };
    if d == SqlDialect::Postgres {
        t.constraints.push(super::lower::pk(d, format!("{table_name}_AB_pkey"), vec!["A".into(), "B".into()]));
    } else {
        t.indexes.push(ix(format!("{table_name}_AB_unique"), &["A", "B"], true));
    }
    t.indexes.push(ix(format!("{table_name}_B_index"), &["B"], false));
    if !cx.ds.emulated_relations {
        for (c, other, id) in [("A", a, a_id), ("B", b, b_id)] {
            let fk = ForeignKey {
                columns: vec![c.into()],
                ref_table: other.table.clone(),
                ref_columns: vec![id],
                on_delete: Some(FkAction::Cascade),
                on_update: Some(FkAction::Cascade),
                deferrable: None,
            };
            t.constraints.push(Constraint {
                name: Some(naming::foreign_key(d, &table_name, &[c])),
                kind: ConstraintKind::ForeignKey(fk),
            });
        }
    }
    schema.tables.insert(qname.key(), t);
}

//! Foreign keys → Prisma relations with both sides:
//! `author User @relation(fields: [authorId], references: [id])` on the referencing model and
//! `posts Post[]` (or `post Post?` when the foreign key columns are unique) on the referenced one.
//! Relations between the same two models (or a model and itself) are named after the foreign key;
//! `map:` is written when the name is not Prisma's default (never on SQLite, which keeps none);
//! `onDelete`/`onUpdate` when they differ from Prisma's defaults.

use std::collections::BTreeMap;

use super::names::{camel, string};
use super::render::{ModelsView, default_actions};
use crate::import::prisma::naming as prisma_naming;
use crate::ir::{ConstraintKind, FkAction, ForeignKey, SqlDialect};
use crate::schema::{Schema, Table};

fn action(a: FkAction) -> &'static str {
    match a {
        FkAction::Cascade => "Cascade",
        FkAction::Restrict => "Restrict",
        FkAction::NoAction => "NoAction",
        FkAction::SetNull => "SetNull",
        FkAction::SetDefault => "SetDefault",
    }
}

/// True when `columns` are exactly the primary key or a unique key of `t`.
fn is_unique(t: &Table, columns: &[String]) -> bool {
    let same = |cs: &[String]| {
        cs.len() == columns.len() && cs.iter().all(|c| columns.iter().any(|x| x.eq_ignore_ascii_case(c)))
    };
    t.constraints.iter().any(|c| {
        matches!(c.kind, ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. }) && same(c.columns())
    }) || t.indexes.iter().any(|i| {
        i.unique && i.predicate.is_none() && same(&i.column_names().iter().map(|s| s.to_string()).collect::<Vec<_>>())
    })
}

/// The field name for the relation on the referencing side: `author_id` → `author`.
fn relation_field(first_column: &str, target_model: &str) -> String {
    let lower = first_column.to_ascii_lowercase();
    for suffix in ["_id", "id"] {
        if lower.ends_with(suffix) && first_column.len() > suffix.len() {
            let base = &first_column[..first_column.len() - suffix.len()];
            let base = base.trim_end_matches('_');
            if !base.is_empty() {
                return camel(base);
            }
        }
    }
    camel(target_model)
}

/// Add both sides of every foreign key of `schema` to the models.
pub(super) fn add(schema: &Schema, d: SqlDialect, models: &mut ModelsView<'_>) {
    let mut fks: Vec<(String, String, Option<String>, ForeignKey)> = Vec::new();
    for (key, t) in &schema.tables {
        for c in &t.constraints {
            if let ConstraintKind::ForeignKey(fk) = &c.kind {
                match schema.table_key(&fk.ref_table) {
                    Some(target) => fks.push((key.clone(), target, c.name.clone(), fk.clone())),
                    None => models.note(key, format!("foreign key to missing table {} left out", fk.ref_table)),
                }
            }
        }
    }
    let mut pairs: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (src, dst, ..) in &fks {
        let k = if src <= dst { (src.clone(), dst.clone()) } else { (dst.clone(), src.clone()) };
        *pairs.entry(k).or_default() += 1;
    }
    for (i, (src, dst, name, fk)) in fks.iter().enumerate() {
        let (Some(src_t), Some(dst_t)) = (schema.tables.get(src), schema.tables.get(dst)) else { continue };
        let (Some(src_model), Some(dst_model)) = (models.name(src), models.name(dst)) else { continue };
        let ref_columns = if fk.ref_columns.is_empty() {
            dst_t.primary_key().map(|p| p.columns().to_vec()).unwrap_or_default()
        } else {
            fk.ref_columns.clone()
        };
        let label = name.clone().unwrap_or_else(|| format!("fk{i}"));
        if !is_unique(dst_t, &ref_columns) {
            models.note(
                src,
                format!(
                    "constraint {label} — Prisma relations must reference a unique key of {}; left out",
                    dst_t.name
                ),
            );
            continue;
        }
        let pair = if src <= dst { (src.clone(), dst.clone()) } else { (dst.clone(), src.clone()) };
        let named = src == dst || pairs.get(&pair).copied().unwrap_or(0) > 1;
        let optional = fk.columns.iter().any(|c| src_t.column(c).is_some_and(|c| c.nullable));
        let fields: Vec<String> = fk.columns.iter().map(|c| models.field(src, c).unwrap_or_else(|| camel(c))).collect();
        let refs: Vec<String> = ref_columns.iter().map(|c| models.field(dst, c).unwrap_or_else(|| camel(c))).collect();
        let mut args = Vec::new();
        if named {
            args.push(string(&label));
        }
        args.push(format!("fields: [{}]", fields.join(", ")));
        args.push(format!("references: [{}]", refs.join(", ")));
        let (def_delete, def_update) = default_actions(optional);
        let on_delete = fk.on_delete.unwrap_or(FkAction::NoAction);
        let on_update = fk.on_update.unwrap_or(FkAction::NoAction);
        if on_delete != def_delete {
            if on_delete == FkAction::SetNull && !optional {
                models.note(src, format!("constraint {label} — ON DELETE SET NULL on required columns is refused by Prisma; left as NoAction"));
                args.push("onDelete: NoAction".into());
            } else {
                args.push(format!("onDelete: {}", action(on_delete)));
            }
        }
        if on_update != def_update {
            args.push(format!("onUpdate: {}", action(on_update)));
        }
        let cols: Vec<&str> = fk.columns.iter().map(String::as_str).collect();
        let default_name = prisma_naming::foreign_key(d, &src_t.name.name, &cols);
        if let Some(n) = name.as_ref().filter(|n| **n != default_name && d != SqlDialect::Sqlite) {
            args.push(format!("map: {}", string(n)));
        }
        if fk.deferrable.is_some() {
            // SQLite keeps no constraint names: the comparison names the key by its body there.
            let subject = match d {
                SqlDialect::Sqlite => format!(
                    "FOREIGN KEY ({}) REFERENCES {} ({})",
                    fk.columns.join(", "),
                    fk.ref_table,
                    ref_columns.join(", ")
                ),
                _ => label.clone(),
            };
            models.note(src, format!("constraint {subject} — DEFERRABLE is not expressible"));
        }
        let ignore = models.ignored(src) || models.ignored(dst);
        let mut attrs = vec![format!("@relation({})", args.join(", "))];
        if ignore {
            attrs.push("@ignore".into());
        }
        let ty = if optional { format!("{dst_model}?") } else { dst_model.clone() };
        models.add_field(src, relation_field(&fk.columns[0], &dst_model), ty, attrs);
        // The back side.
        let one = is_unique(src_t, &fk.columns);
        let back_ty = if one { format!("{src_model}?") } else { format!("{src_model}[]") };
        let mut back_attrs = Vec::new();
        if named {
            back_attrs.push(format!("@relation({})", string(&label)));
        }
        if ignore {
            back_attrs.push("@ignore".into());
        }
        let back_name = match camel(&src_model) {
            n if one || n.ends_with('s') => n,
            n => format!("{n}s"),
        };
        models.add_field(dst, back_name, back_ty, back_attrs);
    }
}

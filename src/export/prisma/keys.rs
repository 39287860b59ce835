//! Keys and indexes of a model: `@id`/`@@id`, `@unique`/`@@unique`, `@@index`/`@@fulltext`
//! with `map:` where the name is not Prisma's default, `sort`, `length`, `ops` and `type`
//! (PostgreSQL only); `@@ignore` for a table without a usable key; and a `// polymig:` note for
//! what Prisma cannot express (CHECK, partial and expression indexes, …).

use super::Model;
use crate::export::prisma::names::{camel, string};
use crate::import::prisma::naming as prisma_naming;
use crate::ir::{ConstraintKind, DataType, Index, IndexKey, SqlDialect};
use crate::schema::Table;

/// Add the keys, uniques, checks (as notes) and indexes of `t` to `m`.
pub(super) fn keys_and_indexes(m: &mut Model, t: &Table, d: SqlDialect) {
    let field = |m: &Model, c: &str| m.fields.get(c).cloned().unwrap_or_else(|| camel(c));
    let tname = t.name.name.clone();
    let mut has_key = false;
    for c in &t.constraints {
        match &c.kind {
            ConstraintKind::PrimaryKey { columns } => {
                has_key = true;
                let default = prisma_naming::primary_key(d, &tname);
                let map = c.name.as_ref().filter(|n| d == SqlDialect::Postgres && **n != default);
                let map = map.map(|n| format!("map: {}", string(n)));
                if let [col] = columns.as_slice() {
                    let f = field(m, col);
                    if let Some(l) = m.lines.iter_mut().find(|l| l.name == f) {
                        l.attrs.insert(0, map.map_or("@id".into(), |x| format!("@id({x})")));
                    }
                } else {
                    let fs: Vec<String> = columns.iter().map(|c| field(m, c)).collect();
                    let extra = map.map_or(String::new(), |x| format!(", {x}"));
                    m.block.push(format!("@@id([{}]{extra})", fs.join(", ")));
                }
            }
            ConstraintKind::Unique { columns, .. } => {
                has_key |= columns.iter().all(|c| t.column(c).is_some_and(|c| !c.nullable));
                let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
                let index = c.name.clone().unwrap_or_else(|| prisma_naming::unique(d, &tname, &refs));
                let subject = match (d, c.name.as_deref()) {
                    (SqlDialect::Sqlite, _) | (_, None) => format!("UNIQUE ({})", columns.join(", ")),
                    (_, Some(n)) => n.to_string(),
                };
                m.notes
                    .push(format!("constraint {subject} — a UNIQUE constraint is written as the unique index {index}"));
                m.notes.push(format!("index {index} — a UNIQUE constraint is written as this unique index"));
                unique_attr(m, &tname, d, c.name.as_deref(), columns);
            }
            ConstraintKind::Check { expr } => {
                // SQLite keeps no constraint names: the comparison names it by its canonical body.
                let subject = match (d, c.name.as_deref()) {
                    (SqlDialect::Sqlite, _) | (_, None) => {
                        format!("CHECK ({})", crate::schema::compare::canonical_expr(expr))
                    }
                    (_, Some(n)) => n.to_string(),
                };
                m.notes.push(format!("constraint {subject} — CHECK ({expr}) is not expressible"));
            }
            ConstraintKind::ForeignKey(_) => {}
        }
    }
    for ix in &t.indexes {
        index_attr(m, &tname, d, ix, &mut has_key, t);
    }
    if t.comment.is_some() {
        m.notes.push("comment — Prisma does not migrate table comments".into());
    }
    if d == SqlDialect::Sqlite
        && let Some(ConstraintKind::PrimaryKey { columns }) = t.primary_key().map(|p| &p.kind)
        && let [col] = columns.as_slice()
        && t.column(col).is_some_and(|c| c.data_type == DataType::int(32) && c.auto_increment.is_none())
    {
        m.notes.push(format!("column {col}: auto increment — Prisma makes a single Int id AUTOINCREMENT on SQLite"));
    }
    if !has_key {
        m.ignored = true;
        m.block.push("@@ignore".into());
        m.notes.push("no primary key or unique column: Prisma Client cannot use the model (@@ignore)".into());
    }
}

fn unique_attr(m: &mut Model, tname: &str, d: SqlDialect, name: Option<&str>, columns: &[String]) {
    let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
    let default = prisma_naming::unique(d, tname, &refs);
    let map = name.filter(|n| *n != default).map(|n| format!("map: {}", string(n)));
    let fields: Vec<String> = columns.iter().map(|c| m.fields.get(c).cloned().unwrap_or_else(|| camel(c))).collect();
    if let [f] = fields.as_slice()
        && let Some(l) = m.lines.iter_mut().find(|l| l.name == *f)
        && !l.attrs.iter().any(|a| a.starts_with("@unique"))
    {
        l.attrs.push(map.map_or("@unique".into(), |x| format!("@unique({x})")));
        return;
    }
    let extra = map.map_or(String::new(), |x| format!(", {x}"));
    m.block.push(format!("@@unique([{}]{extra})", fields.join(", ")));
}

fn index_attr(m: &mut Model, tname: &str, d: SqlDialect, ix: &Index, has_key: &mut bool, t: &Table) {
    let label = ix.name.clone().unwrap_or_default();
    if ix.predicate.is_some()
        || ix.parts.iter().any(|p| matches!(p.key, IndexKey::Expression(_)))
        || !ix.include.is_empty()
    {
        m.notes.push(format!("index {label} — partial, expression and INCLUDE indexes are not expressible"));
        return;
    }
    let cols: Vec<&str> = ix.column_names();
    if ix.nulls_not_distinct || ix.parts.iter().any(|p| p.nulls_first.is_some() || p.collation.is_some()) {
        m.notes.push(format!(
            "index {label} — NULLS NOT DISTINCT, NULLS FIRST/LAST and COLLATE in indexes are not expressible"
        ));
    }
    if ix.unique && ix.parts.iter().all(|p| !p.desc && p.length.is_none() && p.opclass.is_none()) && ix.method.is_none()
    {
        *has_key |= cols.iter().all(|c| t.column(c).is_some_and(|c| !c.nullable));
        let cols: Vec<String> = cols.iter().map(|c| c.to_string()).collect();
        unique_attr(m, tname, d, ix.name.as_deref(), &cols);
        return;
    }
    let parts: Vec<String> = ix
        .parts
        .iter()
        .map(|p| {
            let IndexKey::Column(c) = &p.key else { unreachable!() };
            let f = m.fields.get(c).cloned().unwrap_or_else(|| camel(c));
            let mut args = Vec::new();
            if p.desc {
                args.push("sort: Desc".to_string());
            }
            if let Some(l) = p.length.filter(|_| d == SqlDialect::Mysql) {
                args.push(format!("length: {l}"));
            }
            if let Some(o) = &p.opclass {
                args.push(format!("ops: raw({})", string(o)));
            }
            if args.is_empty() { f } else { format!("{f}({})", args.join(", ")) }
        })
        .collect();
    let default =
        if ix.unique { prisma_naming::unique(d, tname, &cols) } else { prisma_naming::index(d, tname, &cols) };
    let mut extra = String::new();
    if let Some(n) = ix.name.as_ref().filter(|n| **n != default) {
        extra.push_str(&format!(", map: {}", string(n)));
    }
    if ix.method.as_deref() == Some("fulltext") && d != SqlDialect::Mysql {
        m.notes.push(format!("index {label} — full-text indexes are MySQL only in Prisma"));
        return;
    }
    let attr = match ix.method.as_deref() {
        Some("fulltext") => "@@fulltext",
        _ if ix.unique => "@@unique",
        _ => "@@index",
    };
    if let Some(mth) = ix.method.as_deref().filter(|m| *m != "fulltext" && *m != "btree" && d != SqlDialect::Postgres) {
        m.notes.push(format!("index {label} — method {mth}: Prisma's index `type` is PostgreSQL only; a plain index"));
    } else if let Some(mth) = ix.method.as_deref().filter(|m| *m != "fulltext" && *m != "btree") {
        let ty = match mth {
            "hash" => "Hash",
            "gist" => "Gist",
            "gin" => "Gin",
            "spgist" => "SpGist",
            "brin" => "Brin",
            other => {
                m.notes.push(format!("index {label} — method {other} is not expressible"));
                return;
            }
        };
        extra.push_str(&format!(", type: {ty}"));
    }
    m.block.push(format!("{attr}([{}]{extra})", parts.join(", ")));
}

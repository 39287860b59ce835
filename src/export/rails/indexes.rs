//! Indexes → `add_index :t, [:a, :b], name:, unique:, where:, using:, order:, length:, opclass:`
//! (and `t.index` in blocks), `remove_index :t, column:, name:`; what ActiveRecord cannot write on
//! the export's database goes through `execute`.

use super::Ctx;
use super::columns::expression;
use super::names;
use super::ops::{concurrently, fallback, push};
use super::rb::{self, Call, hash, name, names as rb_names, string};
use crate::ir::*;
use crate::schema::naming;

/// An index with the name polymig's SQL gives it when the IR has none (`<table>_<cols>_idx`).
pub(super) fn resolved(ix: &Index) -> Index {
    let mut ix = ix.clone();
    if ix.name.is_none() {
        ix.name = Some(naming::index_name(&ix.table, &ix));
    }
    ix
}

/// `add_index`-style arguments for `ix`: its columns (or expression) and options.
pub fn index_call(ctx: &mut Ctx, call: Call, ix: &Index) -> Call {
    let t = ix.table.name.as_str();
    let plain: Option<Vec<String>> = ix
        .parts
        .iter()
        .map(|p| match &p.key {
            IndexKey::Column(c) => Some(c.clone()),
            IndexKey::Expression(_) => None,
        })
        .collect();
    let mut call = match &plain {
        Some(cols) => call.arg(rb_names(cols)),
        None => {
            let parts: Vec<String> = ix
                .parts
                .iter()
                .map(|p| {
                    let key = match &p.key {
                        IndexKey::Column(c) => c.clone(),
                        IndexKey::Expression(e) => format!("({})", expression(ctx, e)),
                    };
                    if p.desc { format!("{key} DESC") } else { key }
                })
                .collect();
            call.str(&parts.join(", "))
        }
    };
    let default_name = plain.as_ref().map(|cols| names::index(t, &cols.iter().map(String::as_str).collect::<Vec<_>>()));
    if ix.name.is_some() && ix.name != default_name {
        call = call.kw_str("name", ix.name.as_deref());
    }
    call = call.flag("unique", ix.unique);
    if plain.is_some() {
        let mut order = Vec::new();
        let mut length = Vec::new();
        let mut opclass = Vec::new();
        for p in &ix.parts {
            let IndexKey::Column(c) = &p.key else { continue };
            let dir = match (p.desc, p.nulls_first) {
                (false, None) => None,
                (true, None) => Some(":desc".to_string()),
                (d, Some(nf)) => Some(string(&format!(
                    "{} NULLS {}",
                    if d { "DESC" } else { "ASC" },
                    if nf { "FIRST" } else { "LAST" }
                ))),
            };
            if let Some(d) = dir {
                order.push((c.clone(), d));
            }
            if let Some(n) = p.length {
                length.push((c.clone(), n.to_string()));
            }
            if let Some(o) = &p.opclass {
                opclass.push((c.clone(), name(o)));
            }
            if p.collation.is_some() {
                ctx.warn("rails-export-lossy", format!("COLLATE of index part `{c}` has no Rails option; dropped"));
            }
        }
        for (k, v) in [("order", order), ("length", length), ("opclass", opclass)] {
            if !v.is_empty() {
                call = call.kw(k, hash(&v));
            }
        }
    }
    if let Some(w) = &ix.predicate {
        call = call.kw("where", string(&expression(ctx, w)));
    }
    match ix.method.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("btree") => {}
        Some(m @ ("fulltext" | "spatial")) => call = call.kw("type", format!(":{m}")),
        Some(m) => call = call.kw("using", name(m)),
    }
    if !ix.include.is_empty() {
        if ctx.version >= (7, 1) {
            call = call.kw("include", rb::name_list(&ix.include));
        } else {
            ctx.warn("rails-export-version", "INCLUDE columns of an index need Rails 7.1; dropped");
        }
    }
    if ix.nulls_not_distinct {
        if ctx.version >= (7, 1) {
            call = call.kw("nulls_not_distinct", "true");
        } else {
            ctx.warn("rails-export-version", "NULLS NOT DISTINCT needs Rails 7.1; dropped");
        }
    }
    call
}

pub(super) fn drop_index(ctx: &mut Ctx, op: &Op, d: &DropIndex, indent: usize, out: &mut Vec<String>) -> bool {
    let table = match &d.table {
        Some(t) => ctx.state.table(t).cloned(),
        None => ctx.state.table_of_index(&d.name.name).cloned(),
    };
    let Some(ix) = table.as_ref().and_then(|t| t.index(&d.name.name)).cloned() else {
        if let (Some(t), true) = (&d.table, d.if_exists) {
            let c = Call::new("remove_index").name(&t.name).kw("name", string(&d.name.name)).flag("if_exists", true);
            push(out, indent, c.line());
            return false;
        }
        return fallback(ctx, op, indent, out);
    };
    let plain = ix.parts.iter().all(|p| matches!(p.key, IndexKey::Column(_)));
    let mut c = Call::new("remove_index").name(&ix.table.name);
    if plain {
        c = index_call(ctx, c, &ix);
        // `remove_index :t, :col` reads a lone column as a name in 6.1: use `column:`.
        let args = c.args().to_vec();
        c = Call::new("remove_index").arg(args[0].clone()).kw("column", args[1].clone());
        for a in &args[2..] {
            c = c.arg(a.clone());
        }
        if !c.args().iter().any(|a| a.starts_with("name:")) {
            c = c.kw_str("name", ix.name.as_deref());
        }
    } else {
        c = c.kw_str("name", ix.name.as_deref());
    }
    let c = concurrently(ctx, c.flag("if_exists", d.if_exists), d.concurrently);
    push(out, indent, c.line());
    plain && !d.if_exists
}

/// True when ActiveRecord cannot create `ix` on the export's database as polymig's SQL does:
/// MariaDB gets no `DESC` from Rails 6.1 and has no expression indexes; `INCLUDE` and
/// `NULLS NOT DISTINCT` need Rails 7.1; no version writes a per-column `COLLATE`.
pub fn index_needs_sql(ctx: &Ctx, ix: &Index) -> bool {
    let mariadb = ctx.dialect == Some(SqlDialect::Mysql)
        && ix.parts.iter().any(|p| p.desc || p.nulls_first.is_some() || matches!(p.key, IndexKey::Expression(_)));
    let too_new = ctx.version < (7, 1) && (!ix.include.is_empty() || ix.nulls_not_distinct);
    mariadb || too_new || ix.parts.iter().any(|p| p.collation.is_some())
}

//! `create_table :posts, id: :bigint do |t| … end` and `drop_table` with the same block (so
//! ActiveRecord can revert it): the primary key as `id:` / `primary_key:`, `t.references` and
//! `t.timestamps` where the columns, index and foreign key have exactly Rails' shape, then the
//! other columns, `t.index`, `t.foreign_key` and `t.check_constraint`.

use super::Ctx;
use super::columns::{default, table_column};
use super::constraints::fk_options;
use super::indexes::index_call;
use super::names;
use super::ops::push;
use super::rb::{Call, hash, name, string};
use crate::ir::*;
use crate::schema::Table;

/// A table as a block renders it: from a `CreateTable` (plus the `CREATE INDEX`es right after
/// it) or from the replayed state (`drop_table`).
pub struct TableDef<'a> {
    /// Table name.
    pub table: &'a QName,
    /// Columns in order.
    pub columns: &'a [Column],
    /// Constraints, named as the database names them (from the replayed state).
    pub constraints: &'a [Constraint],
    /// Indexes written in the block.
    pub indexes: Vec<Index>,
    /// Table comment.
    pub comment: Option<&'a str>,
}

/// The lines of `create_table` / `drop_table` for `def`, and whether ActiveRecord can revert them.
pub fn block(ctx: &mut Ctx, method: &str, def: &TableDef<'_>, extra: Call, indent: usize) -> (Vec<String>, bool) {
    let t = def.table.name.as_str();
    let mut out = Vec::new();
    let mut after = Vec::new();
    let mut reversible = true;
    let pk = def.constraints.iter().find(|c| matches!(c.kind, ConstraintKind::PrimaryKey { .. }));
    let pk_cols: Vec<String> = pk.map(|c| c.columns().to_vec()).unwrap_or_default();
    if let Some(n) = pk.and_then(|c| c.name.as_deref())
        && n != format!("{t}_pkey")
        && n != "PRIMARY"
        && method != "create_table"
        && ctx.dialect != Some(SqlDialect::Sqlite)
    {
        ctx.warn("rails-export-lossy", format!("ActiveRecord cannot name a primary key: `{n}` becomes `{t}_pkey`"));
    }
    let mut call = Call::new(method).name(t);
    let mut skip_columns: Vec<&str> = Vec::new();
    let mut pk_inline: Option<&str> = None;
    match pk_cols.as_slice() {
        [] => call = call.kw("id", "false"),
        [one] => {
            let col = def.columns.iter().find(|c| &c.name == one);
            match col.and_then(|c| id_type(ctx, c)) {
                Some((id, dflt)) => {
                    call = call.kw("id", id);
                    if one != "id" {
                        call = call.kw("primary_key", name(one));
                    }
                    call = call.kw_opt("default", dflt);
                    skip_columns.push(one);
                }
                None => {
                    call = call.kw("id", "false");
                    pk_inline = Some(one);
                }
            }
        }
        many => call = call.kw("primary_key", super::rb::name_list(many)),
    }
    call = call.kw_str("comment", def.comment);
    call = extend(call, extra);
    push(&mut out, indent, call.with_block("t"));
    let inner = indent + 2;
    let mut used_indexes = vec![false; def.indexes.len()];
    let mut used_constraints = vec![false; def.constraints.len()];
    let mut i = 0;
    while i < def.columns.len() {
        let c = &def.columns[i];
        if skip_columns.contains(&c.name.as_str()) {
            i += 1;
            continue;
        }
        if let Some(line) = timestamps(c, def.columns.get(i + 1)) {
            push(&mut out, inner, line);
            i += 2;
            continue;
        }
        if let Some(line) = references(ctx, def, c, &mut used_indexes, &mut used_constraints) {
            push(&mut out, inner, line);
            i += 1;
            continue;
        }
        let mut line = table_column(ctx, c);
        if pk_inline == Some(c.name.as_str()) {
            // `default: nil` keeps ActiveRecord from turning an integer key into a serial one.
            if c.data_type.is_integer() && c.default.is_none() {
                line = line.kw("default", "nil");
            }
            line = line.kw("primary_key", "true");
        }
        push(&mut out, inner, line.line());
        i += 1;
    }
    let mut late_indexes = Vec::new();
    for (ix, used) in def.indexes.iter().zip(&used_indexes) {
        if !used && super::indexes::index_needs_sql(ctx, ix) {
            late_indexes.push(ix.clone());
        } else if !used {
            let cols = index_call(ctx, Call::new("t.index"), ix);
            push(&mut out, inner, cols.line());
        }
    }
    for (c, used) in def.constraints.iter().zip(&used_constraints) {
        if *used {
            continue;
        }
        match &c.kind {
            ConstraintKind::PrimaryKey { .. } => {}
            ConstraintKind::ForeignKey(fk)
                if fk.columns.len() == 1
                    && fk.on_update != Some(FkAction::SetDefault)
                    && super::constraints::rails_can_defer(ctx, fk) =>
            {
                let col = &fk.columns[0];
                let mut call = Call::new("t.foreign_key").name(&fk.ref_table.name).kw("column", name(col));
                call = fk_options(ctx, call, t, c, fk);
                push(&mut out, inner, call.line());
            }
            ConstraintKind::Check { expr } => {
                let expr = super::columns::expression(ctx, expr);
                let mut call = Call::new("t.check_constraint").str(&expr);
                if c.name.as_deref() != Some(&names::check(t, &expr)) {
                    call = call.kw_str("name", c.name.as_deref());
                }
                push(&mut out, inner, call.line());
            }
            _ => after.push(c.clone()),
        }
    }
    push(&mut out, indent, "end".into());
    if method == "create_table"
        && ctx.dialect.is_none_or(|d| d == SqlDialect::Postgres)
        && let Some(n) = pk.and_then(|c| c.name.as_deref())
        && n != format!("{t}_pkey")
    {
        // ActiveRecord cannot name a primary key: rename PostgreSQL's default name afterwards.
        let sql = format!(
            "ALTER TABLE {} RENAME CONSTRAINT {} TO {}",
            pg_ident(t),
            pg_ident(&format!("{t}_pkey")),
            pg_ident(n)
        );
        push(&mut out, indent, "reversible do |dir|".into());
        push(&mut out, indent + 2, format!("dir.up {{ execute {} }}", string(&sql)));
        push(&mut out, indent, "end".into());
    }
    if late_indexes.is_empty() && after.is_empty() {
        return (out, reversible);
    }
    if method != "create_table" {
        // `drop_table` drops them with the table; only its revert would miss them.
        return (out, false);
    }
    // What follows the block runs on the table the block made: put it in the state meanwhile.
    let saved = ctx.state.clone();
    {
        let mut made = Table::new(def.table.clone());
        made.columns = def.columns.to_vec();
        made.constraints = def.constraints.iter().filter(|c| !after.contains(c)).cloned().collect();
        made.indexes = def.indexes.iter().filter(|i| !late_indexes.contains(i)).cloned().collect();
        made.comment = def.comment.map(String::from);
        ctx.state.tables.insert(def.table.key(), made);
    }
    for ix in late_indexes {
        reversible = false;
        let op = Op::new(CreateIndex { index: ix, concurrently: false, if_not_exists: false }, ctx.span.clone());
        out.extend(super::fallback::execute(ctx, &op, indent));
        let _ = crate::schema::replay(&mut ctx.state, &op, ctx.dialect);
    }
    for c in after {
        reversible = false;
        let op = Op::new(AddConstraint { table: def.table.clone(), constraint: c, not_valid: false }, ctx.span.clone());
        out.extend(super::fallback::execute(ctx, &op, indent));
        let _ = crate::schema::replay(&mut ctx.state, &op, ctx.dialect);
    }
    ctx.state = saved;
    (out, reversible)
}

fn extend(mut call: Call, extra: Call) -> Call {
    for a in extra.args() {
        call = call.arg(a.clone());
    }
    call
}

/// `id: :bigint` (serial / auto-increment integer keys) or `id: :uuid, default: -> { … }`;
/// `None` when the key column is something ActiveRecord's `id:` cannot create.
fn id_type(ctx: &mut Ctx, c: &Column) -> Option<(String, Option<String>)> {
    if c.comment.is_some() || c.collation.is_some() || c.generated.is_some() {
        return None;
    }
    match (&c.data_type, c.auto_increment, &c.default) {
        (DataType::Integer { bits: 64, unsigned: false }, Some(_), None) => Some((":bigint".into(), None)),
        (DataType::Integer { bits: 32, unsigned: false }, Some(_), None) => Some((":integer".into(), None)),
        (DataType::Uuid, None, Some(d)) if ctx.dialect.is_none_or(|d| d == SqlDialect::Postgres) => {
            let d = default(ctx, d, &c.data_type)?;
            Some((":uuid".into(), Some(d)))
        }
        _ => None,
    }
}

/// `t.timestamps precision: 6` for `created_at` + `updated_at` as Rails creates them.
fn timestamps(created: &Column, updated: Option<&Column>) -> Option<String> {
    let updated = updated?;
    if created.name != "created_at" || updated.name != "updated_at" {
        return None;
    }
    let plain = |c: &Column| {
        c.default.is_none()
            && c.comment.is_none()
            && c.collation.is_none()
            && c.auto_increment.is_none()
            && c.generated.is_none()
            && c.on_update.is_none()
    };
    let DataType::Timestamp { tz: false, precision } = created.data_type else { return None };
    if updated.data_type != created.data_type
        || updated.nullable != created.nullable
        || !plain(created)
        || !plain(updated)
    {
        return None;
    }
    let p = precision.map_or("nil".to_string(), |p| p.to_string());
    Some(if created.nullable {
        format!("t.timestamps null: true, precision: {p}")
    } else {
        format!("t.timestamps precision: {p}")
    })
}

/// `t.references :author, null: false, foreign_key: { to_table: :users }` for a column
/// `author_id bigint` with a foreign key to the referenced table's `id`, and its index.
fn references(
    ctx: &mut Ctx,
    def: &TableDef<'_>,
    c: &Column,
    used_indexes: &mut [bool],
    used_constraints: &mut [bool],
) -> Option<String> {
    let t = def.table.name.as_str();
    let base = c.name.strip_suffix("_id").filter(|b| !b.is_empty())?;
    let type_opt = match c.data_type {
        DataType::Integer { bits: 64, unsigned: false } => None,
        DataType::Integer { bits: 32, unsigned: false } => Some(":integer"),
        _ => return None,
    };
    if c.default.is_some() || c.comment.is_some() || c.collation.is_some() || c.auto_increment.is_some() {
        return None;
    }
    let (ci, constraint, fk) = def.constraints.iter().enumerate().find_map(|(i, k)| match &k.kind {
        ConstraintKind::ForeignKey(fk) if fk.columns == [c.name.clone()] && !used_constraints[i] => Some((i, k, fk)),
        _ => None,
    })?;
    if fk.ref_table.schema.is_some() || fk.deferrable.is_some() {
        return None;
    }
    let ref_pk: Vec<String> = if crate::schema::naming::truncate(&fk.ref_table.name) == t {
        def.constraints
            .iter()
            .find(|k| matches!(k.kind, ConstraintKind::PrimaryKey { .. }))
            .map(|k| k.columns().to_vec())
    } else {
        ctx.state.table(&fk.ref_table).and_then(Table::primary_key).map(|k| k.columns().to_vec())
    }
    .unwrap_or_default();
    let refs_id = fk.ref_columns.is_empty() || fk.ref_columns == ["id"];
    if !refs_id || ref_pk != ["id"] || [fk.on_delete, fk.on_update].contains(&Some(FkAction::SetDefault)) {
        return None;
    }
    let mut fk_hash: Vec<(String, String)> = Vec::new();
    if names::plural(base).as_deref() != Some(fk.ref_table.name.as_str()) {
        fk_hash.push(("to_table".into(), name(&fk.ref_table.name)));
    }
    if constraint.name.as_deref() != Some(&names::foreign_key(t, &c.name)) {
        fk_hash.push(("name".into(), string(constraint.name.as_deref().unwrap_or_default())));
    }
    for (key, action) in [("on_delete", fk.on_delete), ("on_update", fk.on_update)] {
        if let Some(a) = action.and_then(super::constraints::fk_action) {
            fk_hash.push((key.into(), a.into()));
        }
    }
    let plain_index = |ix: &Index| {
        ix.parts.len() == 1
            && ix.parts[0] == IndexPart::column(c.name.clone())
            && ix.method.is_none()
            && ix.predicate.is_none()
            && ix.include.is_empty()
            && !ix.nulls_not_distinct
    };
    let index = def.indexes.iter().enumerate().find(|(i, ix)| !used_indexes[*i] && plain_index(ix));
    let index_opt = match index {
        None => Some("false".to_string()),
        Some((i, ix)) => {
            used_indexes[i] = true;
            let mut h = Vec::new();
            if ix.name.as_deref() != Some(&names::index(t, &[c.name.as_str()])) {
                h.push(("name".to_string(), string(ix.name.as_deref().unwrap_or_default())));
            }
            if ix.unique {
                h.push(("unique".into(), "true".into()));
            }
            (!h.is_empty()).then(|| hash(&h))
        }
    };
    used_constraints[ci] = true;
    let mut call = Call::new("t.references").name(base).kw_opt("type", type_opt);
    if !c.nullable {
        call = call.kw("null", "false");
    }
    call = call.kw_opt("index", index_opt);
    call = call.kw("foreign_key", if fk_hash.is_empty() { "true".into() } else { hash(&fk_hash) });
    Some(call.line())
}

/// A PostgreSQL identifier, quoted when it is not a plain lower-case name.
pub fn pg_ident(s: &str) -> String {
    let plain = s.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain { s.to_string() } else { format!("\"{}\"", s.replace('"', "\"\"")) }
}

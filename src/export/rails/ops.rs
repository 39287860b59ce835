//! IR operations → schema statements of a Rails migration, one call (or block) per operation, each
//! knowing whether ActiveRecord can revert it inside `def change`.
//!
//! Operations Rails has no call for (views, unique and primary key constraints, enum changes
//! before 7.0/7.1, composite foreign keys) are written as `execute` of polymig's own SQL
//! (`fallback.rs`).

use super::Ctx;
use super::columns::{add_column, default, expression, type_and_options};
use super::names;
use super::rb::{self, Call, hash, name, names as rb_names, string};
use super::table::{TableDef, block};
use crate::ir::*;
use crate::schema::{Schema, naming, replay, select_branch};

/// Push `text` (one or more lines) at `indent` spaces.
pub fn push(out: &mut Vec<String>, indent: usize, text: String) {
    let pad = " ".repeat(indent);
    for line in text.lines() {
        out.push(if line.is_empty() { String::new() } else { format!("{pad}{line}") });
    }
}

/// The lines for `ops` at `indent`, advancing `ctx.state`; true when ActiveRecord can revert them all.
pub fn body(ctx: &mut Ctx, ops: &[Op], indent: usize) -> (Vec<String>, bool) {
    let mut out = Vec::new();
    let mut reversible = true;
    let mut i = 0;
    let mut after_block = false;
    while i < ops.len() {
        ctx.span = ops[i].span.clone();
        let mut lines = Vec::new();
        let (used, rev) = operation(ctx, ops, i, indent, &mut lines);
        let is_block = lines.len() > 1;
        if !out.is_empty() && (is_block || after_block) {
            out.push(String::new());
        }
        after_block = is_block;
        out.extend(lines);
        reversible &= rev;
        for op in &ops[i..i + used] {
            let _ = replay(&mut ctx.state, op, ctx.dialect);
        }
        i += used;
    }
    (out, reversible)
}

/// Render `ops[i]` (and the operations it absorbs); returns how many were used and reversibility.
fn operation(ctx: &mut Ctx, ops: &[Op], i: usize, indent: usize, out: &mut Vec<String>) -> (usize, bool) {
    let op = &ops[i];
    let line = |out: &mut Vec<String>, c: Call| push(out, indent, c.line());
    match &op.kind {
        Operation::CreateTable(ct) => return create_table(ctx, ct, ops, i, indent, out),
        Operation::DropTable(d) => return (1, drop_table(ctx, d, indent, out)),
        Operation::RenameTable(r) => return (1, rename_table(ctx, op, r, indent, out)),
        Operation::AddColumn(a) => return (1, add_column_op(ctx, a, indent, out)),
        Operation::DropColumn(d) => return (1, drop_column(ctx, op, d, indent, out)),
        Operation::RenameColumn(r) => return (1, rename_column(ctx, op, r, indent, out)),
        Operation::AlterColumn(a) => return (1, alter_column(ctx, a, indent, out)),
        Operation::CreateIndex(ci) if index_needs_sql(ctx, &ci.index) => return (1, fallback(ctx, op, indent, out)),
        Operation::CreateIndex(ci) => {
            let ix = resolved(&ci.index);
            let mut c = index_call(ctx, Call::new("add_index").name(&ix.table.name), &ix);
            c = c.flag("if_not_exists", ci.if_not_exists);
            line(out, concurrently(ctx, c, ci.concurrently));
        }
        Operation::DropIndex(d) => return (1, drop_index(ctx, op, d, indent, out)),
        Operation::RenameIndex(r) => {
            let table = r.table.clone().or_else(|| ctx.state.table_of_index(&r.from).map(|t| t.name.clone()));
            let Some(table) = table else { return (1, fallback(ctx, op, indent, out)) };
            line(out, Call::new("rename_index").name(&table.name).str(&r.from).str(&r.to));
        }
        Operation::AddConstraint(a) => return (1, add_constraint(ctx, op, a, indent, out)),
        Operation::DropConstraint(d) => return (1, drop_constraint(ctx, op, d, indent, out)),
        Operation::ValidateConstraint(v) => {
            let kind = ctx.state.table(&v.table).and_then(|t| t.constraint(&v.name)).map(|c| c.kind.clone());
            match kind {
                Some(ConstraintKind::ForeignKey(_)) => {
                    line(out, Call::new("validate_foreign_key").name(&v.table.name).kw("name", string(&v.name)));
                }
                Some(ConstraintKind::Check { .. }) if ctx.version >= (6, 1) => {
                    line(out, Call::new("validate_check_constraint").name(&v.table.name).kw("name", string(&v.name)));
                }
                _ => return (1, fallback(ctx, op, indent, out)),
            }
            return (1, false);
        }
        Operation::CreateEnum(e) if enums_native(ctx) && e.name.schema.is_none() => {
            let values = format!("[{}]", e.values.iter().map(|v| string(v)).collect::<Vec<_>>().join(", "));
            line(out, Call::new("create_enum").name(&e.name.name).arg(values));
        }
        Operation::DropEnum(e) if enums_native(ctx) && e.name.schema.is_none() => {
            let values = ctx.state.enums.get(&e.name.key()).map(|t| t.values.clone());
            let mut c = Call::new("drop_enum").name(&e.name.name);
            if let Some(v) = &values {
                c = c.arg(format!("[{}]", v.iter().map(|x| string(x)).collect::<Vec<_>>().join(", ")));
            }
            line(out, c.flag("if_exists", e.if_exists));
            return (1, values.is_some() && !e.cascade);
        }
        Operation::AlterEnum(e) if enums_native(ctx) && ctx.version >= (7, 1) && e.name.schema.is_none() => {
            match &e.change {
                EnumChange::AddValue { value, before, after, if_not_exists } => {
                    let c = Call::new("add_enum_value").name(&e.name.name).str(value);
                    let c = c.kw_str("before", before.as_deref()).kw_str("after", after.as_deref());
                    line(out, c.flag("if_not_exists", *if_not_exists));
                    return (1, false);
                }
                EnumChange::RenameValue { from, to } => {
                    let c = Call::new("rename_enum_value").name(&e.name.name);
                    line(out, c.kw("from", string(from)).kw("to", string(to)));
                }
            }
        }
        Operation::CreateExtension(x) if x.schema.is_none() && x.version.is_none() => {
            line(out, Call::new("enable_extension").str(&x.name));
            return (1, !ctx.state.extensions.contains(&x.name));
        }
        Operation::DropExtension(x) if !x.cascade => {
            line(out, Call::new("disable_extension").str(&x.name));
            return (1, ctx.state.extensions.contains(&x.name));
        }
        Operation::Comment(c) => return (1, comment(ctx, op, c, indent, out)),
        Operation::Sql(s) => {
            if let (Some(src), Some(target)) = (s.dialect, ctx.dialect)
                && src != target
            {
                ctx.warn("rails-export-dialect", format!("SQL written for {src} is executed on {target} as it is"));
            }
            execute(out, indent, &s.sql);
            return (1, false);
        }
        Operation::Opaque(o) => {
            opaque(o, op.span.column as usize, indent, out);
            return (1, false);
        }
        Operation::ByDialect(b) => return (1, by_dialect(ctx, b, indent, out)),
        _ => return (1, fallback(ctx, op, indent, out)),
    }
    (1, true)
}

/// `execute <<~SQL … SQL`.
pub fn execute(out: &mut Vec<String>, indent: usize, sql: &str) {
    let (opener, body) = rb::heredoc(sql.trim(), indent);
    push(out, indent, format!("execute {opener}"));
    out.extend(body);
}

fn fallback(ctx: &mut Ctx, op: &Op, indent: usize, out: &mut Vec<String>) -> bool {
    out.extend(super::fallback::execute(ctx, op, indent));
    false
}

fn enums_native(ctx: &Ctx) -> bool {
    ctx.version >= (7, 0) && ctx.dialect.is_none_or(|d| d == SqlDialect::Postgres)
}

/// `algorithm: :concurrently` (PostgreSQL), which makes the migration non-transactional.
fn concurrently(ctx: &mut Ctx, c: Call, on: bool) -> Call {
    if !on {
        return c;
    }
    if ctx.dialect.is_some_and(|d| d != SqlDialect::Postgres) {
        ctx.info("rails-export-concurrently", "CONCURRENTLY exists only on PostgreSQL; left out");
        return c;
    }
    ctx.no_transaction = true;
    c.kw("algorithm", ":concurrently")
}

/// An index with the name polymig's SQL gives it when the IR has none (`<table>_<cols>_idx`).
fn resolved(ix: &Index) -> Index {
    let mut ix = ix.clone();
    if ix.name.is_none() {
        ix.name = Some(naming::index_name(&ix.table, &ix));
    }
    ix
}

fn create_table(
    ctx: &mut Ctx,
    ct: &CreateTable,
    ops: &[Op],
    i: usize,
    indent: usize,
    out: &mut Vec<String>,
) -> (usize, bool) {
    if ct.table.schema.is_some() {
        return (1, fallback(ctx, &ops[i], indent, out));
    }
    let mut scratch: Schema = ctx.state.clone();
    let _ = replay(&mut scratch, &ops[i], ctx.dialect);
    let constraints = scratch.table(&ct.table).map(|t| t.constraints.clone()).unwrap_or_else(|| ct.constraints.clone());
    // The plain `CREATE INDEX`es right after the table go into its block.
    let mut indexes = Vec::new();
    for op in &ops[i + 1..] {
        match &op.kind {
            Operation::CreateIndex(ci)
                if !ci.concurrently && !ci.if_not_exists && ci.index.table.key() == ct.table.key() =>
            {
                indexes.push(resolved(&ci.index))
            }
            _ => break,
        }
    }
    let def = TableDef {
        table: &ct.table,
        columns: &ct.columns,
        constraints: &constraints,
        indexes,
        comment: ct.comment.as_deref(),
    };
    let extra = Call::new("").flag("if_not_exists", ct.if_not_exists);
    let (lines, rev) = block(ctx, "create_table", &def, extra, indent);
    out.extend(lines);
    (1 + def.indexes.len(), rev && !(ct.if_not_exists && ctx.state.table(&ct.table).is_some()))
}

fn drop_table(ctx: &mut Ctx, d: &DropTable, indent: usize, out: &mut Vec<String>) -> bool {
    let extra = Call::new("").kw_opt("force", d.cascade.then_some(":cascade")).flag("if_exists", d.if_exists);
    let Some(t) = ctx.state.table(&d.table).cloned() else {
        let mut c = Call::new("drop_table").name(&d.table.name);
        for a in extra.args() {
            c = c.arg(a.clone());
        }
        push(out, indent, c.line());
        return false;
    };
    let def = TableDef {
        table: &t.name,
        columns: &t.columns,
        constraints: &t.constraints,
        indexes: t.indexes.clone(),
        comment: t.comment.as_deref(),
    };
    let (lines, rev) = block(ctx, "drop_table", &def, extra, indent);
    out.extend(lines);
    rev && d.table.schema.is_none()
}

fn add_column_op(ctx: &mut Ctx, a: &AddColumn, indent: usize, out: &mut Vec<String>) -> bool {
    let t = &a.table.name;
    push(out, indent, add_column(ctx, t, &a.column).flag("if_not_exists", a.if_not_exists).line());
    let mut rev = true;
    if a.constraints.is_empty() {
        return rev;
    }
    // The inline constraints, named as the database names them.
    let mut scratch = ctx.state.clone();
    let op = Op::new(a.clone(), ctx.span.clone());
    let _ = replay(&mut scratch, &op, ctx.dialect);
    let table = scratch.table(&a.table).cloned();
    for c in &a.constraints {
        let named = table
            .as_ref()
            .and_then(|t| t.constraints.iter().find(|k| k.kind == c.kind).cloned())
            .unwrap_or_else(|| c.clone());
        let add = AddConstraint { table: a.table.clone(), constraint: named, not_valid: false };
        let op = Op::new(add.clone(), ctx.span.clone());
        rev &= add_constraint(ctx, &op, &add, indent, out);
    }
    rev
}

fn drop_column(ctx: &mut Ctx, op: &Op, d: &DropColumn, indent: usize, out: &mut Vec<String>) -> bool {
    let t = &d.table.name;
    let Some(table) = ctx.state.table(&d.table).cloned() else {
        push(out, indent, Call::new("remove_column").name(t).name(&d.column).line());
        return false;
    };
    let Some(col) = table.column(&d.column).cloned() else {
        let c = Call::new("remove_column").name(t).name(&d.column).flag("if_exists", d.if_exists);
        push(out, indent, c.line());
        return false;
    };
    if d.cascade {
        ctx.warn("rails-export-lossy", "remove_column has no CASCADE; dropped");
    }
    let uses = |cols: &[String]| cols.iter().any(|c| c.eq_ignore_ascii_case(&col.name));
    let entangled = table.constraints.iter().any(|c| uses(c.columns()) || matches!(c.kind, ConstraintKind::Check { .. }))
        || table.indexes.iter().any(|i| i.column_names().iter().any(|c| c.eq_ignore_ascii_case(&col.name)))
        || ctx.state.tables.values().any(|o| {
            o.constraints.iter().any(|c| matches!(&c.kind, ConstraintKind::ForeignKey(fk) if fk.ref_table.key() == table.name.key() && uses(&fk.ref_columns)))
        });
    let _ = op;
    let c = type_and_options(ctx, Call::new("remove_column").name(t).name(&col.name), &col);
    push(out, indent, c.flag("if_exists", d.if_exists).line());
    !entangled && !d.if_exists
}

fn alter_column(ctx: &mut Ctx, a: &AlterColumn, indent: usize, out: &mut Vec<String>) -> bool {
    let t = &a.table.name;
    let Some(before) = ctx.state.table(&a.table).and_then(|x| x.column(&a.column)).cloned() else {
        ctx.warn("rails-export-state", format!("column `{}.{}` is not in the replayed state", a.table, a.column));
        return fallback(ctx, &Op::new(a.clone(), ctx.span.clone()), indent, out);
    };
    let mut after = before.clone();
    if let Some(ty) = &a.data_type {
        after.data_type = ty.clone();
    }
    if let Some(n) = a.nullable {
        after.nullable = n;
    }
    match &a.default {
        Some(Change::Set(d)) => after.default = Some(d.clone()),
        Some(Change::Drop) => after.default = None,
        None => {}
    }
    match &a.comment {
        Some(Change::Set(c)) => after.comment = Some(c.clone()),
        Some(Change::Drop) => after.comment = None,
        None => {}
    }
    if a.data_type.is_some() {
        // `change_column` restates the whole column (MySQL's MODIFY needs it all).
        let mut c = Call::new("change_column").name(t).name(&a.column);
        let mut col = after.clone();
        col.nullable = true;
        c = type_and_options(ctx, c, &col);
        c = c.kw("null", after.nullable.to_string());
        c = c.kw_str("using", a.using.as_deref());
        push(out, indent, c.line());
        if after.default.is_none() && before.default.is_some() {
            push(out, indent, Call::new("change_column_default").name(t).name(&a.column).arg("nil").line());
        }
        return false;
    }
    let mut rev = true;
    if let Some(n) = a.nullable {
        push(out, indent, Call::new("change_column_null").name(t).name(&a.column).arg(n.to_string()).line());
    }
    if a.default.is_some() {
        let from = before.default.as_ref().and_then(|d| default(ctx, d, &before.data_type)).unwrap_or("nil".into());
        let to = after.default.as_ref().and_then(|d| default(ctx, d, &after.data_type)).unwrap_or("nil".into());
        let c = Call::new("change_column_default").name(t).name(&a.column).kw("from", from).kw("to", to);
        push(out, indent, c.line());
    }
    if a.comment.is_some() {
        if ctx.dialect == Some(SqlDialect::Sqlite) {
            ctx.info("rails-export-comment", "SQLite keeps no comments; change_column_comment left out");
        } else {
            let from = before.comment.as_deref().map_or("nil".into(), string);
            let to = after.comment.as_deref().map_or("nil".into(), string);
            let c = Call::new("change_column_comment").name(t).name(&a.column).kw("from", from).kw("to", to);
            push(out, indent, c.line());
        }
    }
    if a.using.is_some() {
        rev = false;
    }
    rev
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

fn drop_index(ctx: &mut Ctx, op: &Op, d: &DropIndex, indent: usize, out: &mut Vec<String>) -> bool {
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

/// Rails' symbol for a referential action (`:cascade`, `:nullify`, `:restrict`); `None` for
/// `NO ACTION` (the default) and `SET DEFAULT` (which Rails cannot write).
pub fn fk_action(a: FkAction) -> Option<&'static str> {
    match a {
        FkAction::Cascade => Some(":cascade"),
        FkAction::SetNull => Some(":nullify"),
        FkAction::Restrict => Some(":restrict"),
        FkAction::NoAction | FkAction::SetDefault => None,
    }
}

/// `primary_key:`, `name:`, `on_delete:`, `on_update:`, `deferrable:` of a single-column foreign key.
pub fn fk_options(ctx: &mut Ctx, mut call: Call, table: &str, c: &Constraint, fk: &ForeignKey) -> Call {
    let ref_pk = if fk.ref_columns.is_empty() {
        ctx.state.table(&fk.ref_table).and_then(|t| t.primary_key()).map(|k| k.columns().to_vec()).unwrap_or_default()
    } else {
        fk.ref_columns.clone()
    };
    if !ref_pk.is_empty() && ref_pk != ["id"] {
        call = call.kw("primary_key", rb_names(&ref_pk));
    }
    if c.name.as_deref() != Some(&names::foreign_key(table, &fk.columns[0])) {
        call = call.kw_str("name", c.name.as_deref());
    }
    for (key, action) in [("on_delete", fk.on_delete), ("on_update", fk.on_update)] {
        if let Some(a) = action.and_then(fk_action) {
            call = call.kw(key, a);
        }
    }
    match fk.deferrable {
        Some(_) if ctx.version < (7, 1) => {
            ctx.warn("rails-export-version", "DEFERRABLE foreign keys need Rails 7.1; dropped");
        }
        Some(Deferrable::Immediate) => call = call.kw("deferrable", ":immediate"),
        Some(Deferrable::Deferred) => call = call.kw("deferrable", ":deferred"),
        None => {}
    }
    call
}

fn add_constraint(ctx: &mut Ctx, op: &Op, a: &AddConstraint, indent: usize, out: &mut Vec<String>) -> bool {
    let t = a.table.name.as_str();
    let mut c = a.constraint.clone();
    if c.name.is_none()
        && let Some(table) = ctx.state.table(&a.table)
    {
        c.name = Some(naming::constraint_name(ctx.dialect, table, &c));
    }
    let simple = a.table.schema.is_none();
    match &c.kind {
        ConstraintKind::ForeignKey(fk)
            if simple
                && fk.columns.len() == 1
                && fk.ref_columns.len() <= 1
                && fk.on_delete != Some(FkAction::SetDefault)
                && fk.on_update != Some(FkAction::SetDefault) =>
        {
            let call = Call::new("add_foreign_key").name(t).name(&fk.ref_table.name).kw("column", name(&fk.columns[0]));
            let call = fk_options(ctx, call, t, &c, fk);
            push(out, indent, call.flag_false("validate", a.not_valid).line());
            true
        }
        ConstraintKind::Check { expr } if simple => {
            let expr = expression(ctx, expr);
            let mut call = Call::new("add_check_constraint").name(t).str(&expr);
            if c.name.as_deref() != Some(&names::check(t, &expr)) {
                call = call.kw_str("name", c.name.as_deref());
            }
            push(out, indent, call.flag_false("validate", a.not_valid).line());
            true
        }
        _ => fallback(ctx, op, indent, out),
    }
}

fn drop_constraint(ctx: &mut Ctx, op: &Op, d: &DropConstraint, indent: usize, out: &mut Vec<String>) -> bool {
    let t = d.table.name.as_str();
    let found = ctx.state.table(&d.table).and_then(|x| x.constraint(&d.name)).cloned();
    match found.as_ref().map(|c| (c, &c.kind)) {
        Some((c, ConstraintKind::ForeignKey(fk)))
            if fk.columns.len() == 1 && fk.ref_columns.len() <= 1 && d.table.schema.is_none() =>
        {
            let call =
                Call::new("remove_foreign_key").name(t).name(&fk.ref_table.name).kw("column", name(&fk.columns[0]));
            let mut c = c.clone();
            c.name = Some(d.name.clone());
            let call = fk_options(ctx, call, t, &c, fk);
            push(out, indent, call.flag("if_exists", d.if_exists).line());
            !d.if_exists
        }
        Some((c, ConstraintKind::Check { expr })) if d.table.schema.is_none() => {
            let expr = expression(ctx, expr);
            let mut call = Call::new("remove_check_constraint").name(t).str(&expr);
            if c.name.as_deref() != Some(&names::check(t, &expr)) {
                call = call.kw("name", string(&d.name));
            }
            push(out, indent, call.line());
            !d.if_exists
        }
        _ => fallback(ctx, op, indent, out),
    }
}

fn comment(ctx: &mut Ctx, op: &Op, c: &Comment, indent: usize, out: &mut Vec<String>) -> bool {
    if ctx.dialect == Some(SqlDialect::Sqlite) {
        ctx.info("rails-export-comment", "SQLite keeps no comments; the comment is left out");
        return true;
    }
    let to = c.text.as_deref().map_or("nil".into(), string);
    match &c.target {
        CommentTarget::Table { table } if table.schema.is_none() => {
            let Some(t) = ctx.state.table(table) else { return fallback(ctx, op, indent, out) };
            let from = t.comment.as_deref().map_or("nil".into(), string);
            let call = Call::new("change_table_comment").name(&table.name).kw("from", from).kw("to", to);
            push(out, indent, call.line());
            true
        }
        CommentTarget::Column { table, column } if table.schema.is_none() => {
            let Some(col) = ctx.state.table(table).and_then(|t| t.column(column)) else {
                return fallback(ctx, op, indent, out);
            };
            let from = col.comment.as_deref().map_or("nil".into(), string);
            let call = Call::new("change_column_comment").name(&table.name).name(column).kw("from", from).kw("to", to);
            push(out, indent, call.line());
            true
        }
        _ => fallback(ctx, op, indent, out),
    }
}

/// A commented copy of the source and a `raise` that stops the migration when it runs.
/// The source started at `column` (1-based): its later lines lose that much indentation.
fn opaque(o: &Opaque, column: usize, indent: usize, out: &mut Vec<String>) {
    let mut text = format!("# polymig could not translate this {} code ({}):\n", o.language, o.reason);
    let margin = column.saturating_sub(1);
    for (i, line) in o.source.lines().enumerate() {
        let blank = line.chars().take(margin).take_while(|c| *c == ' ').count();
        let line = if i == 0 { line } else { &line[blank..] };
        text.push_str(&format!("#   {}\n", line.trim_end()));
    }
    let msg = format!("polymig could not translate {} code: {}", o.language, o.reason);
    text.push_str(&format!("raise {}", string(&msg)));
    push(out, indent, text);
}

/// The adapter names `connection.adapter_name` returns for a database.
fn adapter_names(d: SqlDialect) -> &'static [&'static str] {
    match d {
        SqlDialect::Postgres => &["PostgreSQL"],
        SqlDialect::Mysql => &["Mysql2", "Trilogy"],
        SqlDialect::Sqlite => &["SQLite"],
    }
}

/// `case connection.adapter_name when "PostgreSQL" … else … end`, or only the export's branch.
fn by_dialect(ctx: &mut Ctx, b: &ByDialect, indent: usize, out: &mut Vec<String>) -> bool {
    let saved = ctx.state.clone();
    if ctx.dialect.is_some() {
        let ops = select_branch(b, ctx.dialect).to_vec();
        let (lines, rev) = body(ctx, &ops, indent);
        out.extend(lines);
        ctx.state = saved;
        return rev;
    }
    push(out, indent, "case connection.adapter_name".into());
    for branch in &b.branches {
        let names: Vec<String> = branch.dialects.iter().flat_map(|d| adapter_names(*d)).map(|n| string(n)).collect();
        push(out, indent, format!("when {}", names.join(", ")));
        ctx.state = saved.clone();
        let (lines, _) = body(ctx, &branch.ops, indent + 2);
        out.extend(lines);
    }
    if !b.otherwise.is_empty() {
        push(out, indent, "else".into());
        ctx.state = saved.clone();
        let (lines, _) = body(ctx, &b.otherwise, indent + 2);
        out.extend(lines);
    }
    push(out, indent, "end".into());
    ctx.state = saved;
    false
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

/// `rename_index` calls that undo the renames ActiveRecord makes by itself after renaming a table
/// or column: indexes named by Rails' default for the old name get the default for the new one,
/// while the history keeps their names.
fn restore_index_names(out: &mut Vec<String>, indent: usize, table: &str, renamed: &[(String, String)]) {
    for (rails, kept) in renamed {
        push(out, indent, Call::new("rename_index").name(table).str(rails).str(kept).line());
    }
}

/// `rename_table :a, :b`, plus the steps that keep the names the history has: ActiveRecord also
/// renames PostgreSQL's `a_pkey` and the `index_a_on_…` indexes.
fn rename_table(ctx: &mut Ctx, op: &Op, r: &RenameTable, indent: usize, out: &mut Vec<String>) -> bool {
    let Some(t) = ctx.state.table(&r.from).cloned() else { return fallback(ctx, op, indent, out) };
    let (old, new) = (r.from.name.as_str(), r.to.name.as_str());
    let pg = ctx.dialect.is_none_or(|d| d == SqlDialect::Postgres);
    let pk_name = t.primary_key().and_then(|c| c.name.clone());
    let custom_pk = pk_name.as_deref().is_some_and(|n| n != format!("{old}_pkey"));
    if r.from.schema.is_some() || r.to.schema.is_some() || pg && custom_pk {
        // ActiveRecord would look for `<old>_pkey` on PostgreSQL and fail.
        return fallback(ctx, op, indent, out);
    }
    push(out, indent, Call::new("rename_table").name(old).name(new).line());
    if pg && pk_name.is_some() {
        let ident = super::table::pg_ident;
        let (rails, kept) = (format!("{new}_pkey"), format!("{old}_pkey"));
        push(out, indent, "reversible do |dir|".into());
        let up = format!("ALTER INDEX {} RENAME TO {}", ident(&rails), ident(&kept));
        let down = format!("ALTER INDEX {} RENAME TO {}", ident(&kept), ident(&rails));
        push(out, indent + 2, format!("dir.up {{ execute {} }}", string(&up)));
        push(out, indent + 2, format!("dir.down {{ execute {} }}", string(&down)));
        push(out, indent, "end".into());
    }
    let renamed: Vec<(String, String)> = t
        .indexes
        .iter()
        .filter_map(|ix| {
            let cols: Vec<&str> = ix.column_names();
            let kept = ix.name.clone()?;
            (cols.len() == ix.parts.len() && kept == names::index(old, &cols)).then(|| (names::index(new, &cols), kept))
        })
        .collect();
    restore_index_names(out, indent, new, &renamed);
    true
}

/// `rename_column :t, :a, :b`, plus `rename_index` back for the indexes ActiveRecord renames with it.
fn rename_column(ctx: &mut Ctx, op: &Op, r: &RenameColumn, indent: usize, out: &mut Vec<String>) -> bool {
    let t = r.table.name.as_str();
    let table = ctx.state.table(&r.table).cloned();
    let sql_default = |c: &Column| {
        matches!(
            c.default,
            Some(
                DefaultExpr::Sql(_)
                    | DefaultExpr::CurrentTimestamp
                    | DefaultExpr::CurrentDate
                    | DefaultExpr::CurrentTime
            )
        )
    };
    if ctx.dialect == Some(SqlDialect::Sqlite) && table.as_ref().is_some_and(|t| t.columns.iter().any(sql_default)) {
        // ActiveRecord 6.1 copies the table to rename a column on SQLite and loses SQL defaults.
        return fallback(ctx, op, indent, out);
    }
    push(out, indent, Call::new("rename_column").name(t).name(&r.from).name(&r.to).line());
    let renamed: Vec<(String, String)> = table
        .iter()
        .flat_map(|tb| tb.indexes.iter())
        .filter_map(|ix| {
            let cols: Vec<&str> = ix.column_names();
            let kept = ix.name.clone()?;
            if cols.len() != ix.parts.len() || kept != names::index(t, &cols) || !cols.contains(&r.from.as_str()) {
                return None;
            }
            let new_cols: Vec<&str> = cols.iter().map(|c| if *c == r.from { r.to.as_str() } else { c }).collect();
            Some((names::index(t, &new_cols), kept))
        })
        .collect();
    restore_index_names(out, indent, t, &renamed);
    true
}

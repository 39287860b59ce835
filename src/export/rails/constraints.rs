//! Foreign keys and checks → `add_foreign_key :posts, :users, column:, name:, on_delete:` /
//! `add_check_constraint :t, "expr", name:` and their `remove_*`; other constraints go through
//! `execute`.

use super::Ctx;
use super::columns::expression;
use super::names;
use super::ops::{fallback, push};
use super::rb::{Call, name, names as rb_names, string};
use crate::ir::*;
use crate::schema::naming;

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

/// `deferrable:` exists from Rails 7.1; before, a DEFERRABLE key is written as SQL.
pub(super) fn rails_can_defer(ctx: &Ctx, fk: &ForeignKey) -> bool {
    fk.deferrable.is_none() || ctx.version >= (7, 1)
}

pub(super) fn add_constraint(ctx: &mut Ctx, op: &Op, a: &AddConstraint, indent: usize, out: &mut Vec<String>) -> bool {
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
                && fk.on_update != Some(FkAction::SetDefault)
                && rails_can_defer(ctx, fk) =>
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

pub(super) fn drop_constraint(
    ctx: &mut Ctx,
    op: &Op,
    d: &DropConstraint,
    indent: usize,
    out: &mut Vec<String>,
) -> bool {
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

//! IR pieces → the `sa.*` and `op.*` calls that spell them: `sa.Column(...)`,
//! `sa.ForeignKeyConstraint(...)`, `op.create_table(...)`, `op.add_column(...)`,
//! `op.alter_column(..., existing_type=...)`, `op.create_index(...)`, `op.create_*_constraint(...)`.

use super::Ctx;
use super::ops::{push, schema_kw, table_args};
use super::py::{Call, bool as py_bool, str_list, string};
use super::types::sa_type;
use crate::ir::*;
use crate::schema::naming;

/// `sa.Column(name, type, …)` for a column of a table whose single-column primary key is `pk`.
fn column(ctx: &mut Ctx, c: &Column, sole_pk: bool, extra: Vec<String>) -> Call {
    let mut ty = sa_type(ctx, &c.data_type);
    if let Some(coll) = &c.collation {
        let sep = if ty.ends_with("()") { "" } else { ", " };
        ty = format!("{}{sep}collation={})", &ty[..ty.len() - 1], string(coll));
    }
    let mut call = Call::new("sa.Column").str(&c.name).arg(ty);
    for e in extra {
        call = call.arg(e);
    }
    let mut autoincrement = None;
    match c.auto_increment {
        Some(AutoIncrement::IdentityAlways) => call = call.arg("sa.Identity(always=True)"),
        Some(AutoIncrement::IdentityByDefault) => call = call.arg("sa.Identity()"),
        Some(_) if !sole_pk || !c.data_type.is_integer() || c.default.is_some() => autoincrement = Some("True"),
        None if sole_pk && c.data_type.is_integer() => autoincrement = Some("False"),
        _ => {}
    }
    if let Some(g) = &c.generated {
        let comp = Call::new("sa.Computed").str(&g.expr).kw_opt("persisted", (!g.stored).then_some("False"));
        call = call.arg(comp.inline());
    }
    if c.on_update.is_some() {
        ctx.warn("alembic-export-lossy", format!("ON UPDATE of column `{}` has no Alembic form; dropped", c.name));
    }
    call.kw("nullable", py_bool(c.nullable))
        .kw_opt("server_default", c.default.as_ref().map(default))
        .kw_opt("autoincrement", autoincrement)
        .kw_str("comment", c.comment.as_deref())
}

/// `server_default=` for a default.
pub fn default(d: &DefaultExpr) -> String {
    match d {
        DefaultExpr::Null => "sa.text(\"NULL\")".into(),
        DefaultExpr::Bool(true) => "sa.true()".into(),
        DefaultExpr::Bool(false) => "sa.false()".into(),
        DefaultExpr::Number(n) => format!("sa.text({})", string(n)),
        DefaultExpr::String(s) => string(s),
        DefaultExpr::CurrentTimestamp => "sa.func.now()".into(),
        DefaultExpr::CurrentDate => "sa.text(\"CURRENT_DATE\")".into(),
        DefaultExpr::CurrentTime => "sa.text(\"CURRENT_TIME\")".into(),
        DefaultExpr::Sql(s) => format!("sa.text({})", string(s)),
    }
}

fn fk_ref(fk: &ForeignKey, col: &str) -> String {
    match &fk.ref_table.schema {
        Some(s) => format!("{s}.{}.{col}", fk.ref_table.name),
        None => format!("{}.{col}", fk.ref_table.name),
    }
}

fn fk_options(c: Call, fk: &ForeignKey) -> Call {
    let c = c.kw_opt("ondelete", fk.on_delete.map(|a| string(a.sql())));
    let c = c.kw_opt("onupdate", fk.on_update.map(|a| string(a.sql())));
    deferrable_options(c, fk.deferrable)
}

/// `deferrable=True, initially="IMMEDIATE"|"DEFERRED"` (foreign keys and unique constraints).
fn deferrable_options(c: Call, deferrable: Option<Deferrable>) -> Call {
    match deferrable {
        Some(Deferrable::Immediate) => c.kw("deferrable", "True").kw("initially", string("IMMEDIATE")),
        Some(Deferrable::Deferred) => c.kw("deferrable", "True").kw("initially", string("DEFERRED")),
        None => c,
    }
}

/// The referenced columns, or the referenced table's primary key from the state.
fn ref_columns(ctx: &mut Ctx, fk: &ForeignKey) -> Vec<String> {
    if !fk.ref_columns.is_empty() {
        return fk.ref_columns.clone();
    }
    let pk = ctx.state.table(&fk.ref_table).and_then(|t| t.primary_key()).map(|c| c.columns().to_vec());
    pk.unwrap_or_else(|| {
        ctx.warn("alembic-export-fk", format!("the primary key of `{}` is not known; `id` assumed", fk.ref_table.name));
        vec!["id".into()]
    })
}

fn table_constraint(ctx: &mut Ctx, c: &Constraint) -> String {
    let name = c.name.as_deref();
    match &c.kind {
        ConstraintKind::PrimaryKey { columns } => {
            columns.iter().fold(Call::new("sa.PrimaryKeyConstraint"), |c, s| c.str(s)).kw_str("name", name).inline()
        }
        ConstraintKind::Unique { columns, nulls_not_distinct, deferrable } => deferrable_options(
            columns
                .iter()
                .fold(Call::new("sa.UniqueConstraint"), |c, s| c.str(s))
                .kw_str("name", name)
                .flag("postgresql_nulls_not_distinct", *nulls_not_distinct),
            *deferrable,
        )
        .inline(),
        ConstraintKind::ForeignKey(fk) => {
            let refs: Vec<String> = ref_columns(ctx, fk).iter().map(|r| fk_ref(fk, r)).collect();
            let c = Call::new("sa.ForeignKeyConstraint").arg(str_list(&fk.columns)).arg(str_list(&refs));
            fk_options(c.kw_str("name", name), fk).inline()
        }
        ConstraintKind::Check { expr } => Call::new("sa.CheckConstraint").str(expr).kw_str("name", name).inline(),
    }
}

pub(super) fn create_table(ctx: &mut Ctx, ct: &CreateTable) -> Call {
    let pk = ct.constraints.iter().find_map(|c| match &c.kind {
        ConstraintKind::PrimaryKey { columns } => Some(columns.clone()),
        _ => None,
    });
    let sole = |name: &str| pk.as_ref().is_some_and(|p| p.len() == 1 && p[0] == name);
    let mut call = table_args(Call::new("op.create_table"), &ct.table);
    for c in &ct.columns {
        let col = column(ctx, c, sole(&c.name), Vec::new());
        call = call.arg(col.inline());
    }
    for c in &ct.constraints {
        call = call.arg(table_constraint(ctx, c));
    }
    schema_kw(call.kw_str("comment", ct.comment.as_deref()), &ct.table).flag("if_not_exists", ct.if_not_exists)
}

pub(super) fn add_column(ctx: &mut Ctx, a: &AddColumn, indent: usize, out: &mut Vec<String>) {
    for call in add_column_calls(ctx, a) {
        push(out, indent, call.render(0));
    }
}

/// `op.add_column(…)`, then `op.create_*` for constraints a `sa.Column` cannot carry.
pub(super) fn add_column_calls(ctx: &mut Ctx, a: &AddColumn) -> Vec<Call> {
    let mut extra = Vec::new();
    let mut after = Vec::new();
    let (mut unique, mut pk) = (false, false);
    for c in &a.constraints {
        match (&c.kind, &c.name) {
            (ConstraintKind::PrimaryKey { .. }, None) => pk = true,
            (ConstraintKind::Unique { columns, nulls_not_distinct: false, deferrable: None }, None)
                if columns.len() == 1 =>
            {
                unique = true
            }
            (ConstraintKind::ForeignKey(fk), name) if fk.columns.len() == 1 => {
                let target = ref_columns(ctx, fk).first().map(|r| fk_ref(fk, r)).unwrap_or_default();
                extra.push(
                    fk_options(Call::new("sa.ForeignKey").str(&target).kw_str("name", name.as_deref()), fk).inline(),
                );
            }
            (ConstraintKind::Check { expr }, name) => {
                extra.push(Call::new("sa.CheckConstraint").str(expr).kw_str("name", name.as_deref()).inline())
            }
            _ => after.push(c.clone()),
        }
    }
    let mut col = column(ctx, &a.column, pk, extra);
    if pk {
        col = col.kw("primary_key", "True");
    }
    if unique {
        col = col.kw("unique", "True");
    }
    let call = table_args(Call::new("op.add_column"), &a.table).arg(col.inline());
    let mut calls = vec![schema_kw(call, &a.table).flag("if_not_exists", a.if_not_exists)];
    for constraint in after {
        let add = AddConstraint { table: a.table.clone(), constraint, not_valid: false };
        calls.push(add_constraint(ctx, &add));
    }
    calls
}

/// `existing_type=`, `existing_nullable=`, `existing_server_default=` from the replayed state.
pub(super) fn existing(ctx: &mut Ctx, call: Call, table: &QName, column: &str) -> Call {
    let Some(c) = ctx.state.table(table).and_then(|t| t.column(column)).cloned() else { return call };
    let ty = sa_type(ctx, &c.data_type);
    call.kw("existing_type", ty)
        .kw("existing_nullable", py_bool(c.nullable))
        .kw_opt("existing_server_default", c.default.as_ref().map(default))
}

pub(super) fn alter_column(ctx: &mut Ctx, a: &AlterColumn) -> Call {
    let mut c = table_args(Call::new("op.alter_column"), &a.table).str(&a.column);
    if let Some(t) = &a.data_type {
        c = c.kw("type_", sa_type(ctx, t));
    }
    c = c.kw_opt("nullable", a.nullable.map(py_bool));
    c = match &a.default {
        Some(Change::Set(d)) => c.kw("server_default", default(d)),
        Some(Change::Drop) => c.kw("server_default", "None"),
        None => c,
    };
    c = match &a.comment {
        Some(Change::Set(t)) => c.kw("comment", string(t)),
        Some(Change::Drop) => c.kw("comment", "None"),
        None => c,
    };
    c = c.kw_str("postgresql_using", a.using.as_deref());
    let c = existing(ctx, c, &a.table, &a.column);
    schema_kw(c, &a.table)
}

pub(super) fn create_index(ctx: &mut Ctx, ci: &CreateIndex) -> Call {
    let ix = &ci.index;
    let name = ix.name.clone().unwrap_or_else(|| naming::index_name(&ix.table, ix));
    let mut parts = Vec::new();
    for p in &ix.parts {
        if p.nulls_first.is_some() || p.collation.is_some() {
            ctx.warn("alembic-export-lossy", format!("NULLS FIRST/LAST and COLLATE of index `{name}` dropped"));
        }
        parts.push(match (&p.key, p.desc) {
            (IndexKey::Column(c), false) => string(c),
            (IndexKey::Column(c), true) => format!("sa.text({})", string(&format!("{c} DESC"))),
            (IndexKey::Expression(e), desc) => {
                format!("sa.text({})", string(&if desc { format!("{e} DESC") } else { e.clone() }))
            }
        });
    }
    let ops: Vec<String> = ix
        .parts
        .iter()
        .filter_map(|p| match (&p.key, &p.opclass) {
            (IndexKey::Column(c), Some(o)) => Some(format!("{}: {}", string(c), string(o))),
            _ => None,
        })
        .collect();
    let length = ix.parts.iter().find_map(|p| p.length);
    let mysql_prefix = ix.method.as_deref().filter(|m| matches!(*m, "fulltext" | "spatial"));
    let pg_using = ix.method.as_deref().filter(|m| !matches!(*m, "fulltext" | "spatial" | "btree"));
    let c = Call::new("op.create_index").str(&name).str(&ix.table.name).arg(format!("[{}]", parts.join(", ")));
    schema_kw(c.flag("unique", ix.unique), &ix.table)
        .kw_opt(where_keyword(ctx), ix.predicate.as_ref().map(|p| format!("sa.text({})", string(p))))
        .kw_str("postgresql_using", pg_using)
        .kw_opt("postgresql_include", (!ix.include.is_empty()).then(|| str_list(&ix.include)))
        .kw_opt("postgresql_ops", (!ops.is_empty()).then(|| format!("{{{}}}", ops.join(", "))))
        .flag("postgresql_nulls_not_distinct", ix.nulls_not_distinct)
        .flag("postgresql_concurrently", ci.concurrently)
        .kw_opt("mysql_length", length.map(|n| n.to_string()))
        .kw_opt("mysql_prefix", mysql_prefix.map(|m| string(&m.to_ascii_uppercase())))
        .flag("if_not_exists", ci.if_not_exists)
}

/// The keyword of a partial index's predicate: `sqlite_where` in code only SQLite reaches,
/// `postgresql_where` elsewhere (SQLAlchemy reads each on its own dialect only).
fn where_keyword(ctx: &Ctx) -> &'static str {
    let only_sqlite = ctx.branch.contains(&SqlDialect::Sqlite) && !ctx.branch.contains(&SqlDialect::Postgres);
    if only_sqlite { "sqlite_where" } else { "postgresql_where" }
}

pub(super) fn add_constraint(ctx: &mut Ctx, a: &AddConstraint) -> Call {
    if a.not_valid {
        ctx.warn("alembic-export-lossy", "NOT VALID has no Alembic form; the constraint is validated at once");
    }
    let name = a.constraint.name.as_deref().map_or_else(|| "None".to_string(), string);
    let t = &a.table;
    let c = match &a.constraint.kind {
        ConstraintKind::PrimaryKey { columns } => {
            Call::new("op.create_primary_key").arg(name).str(&t.name).arg(str_list(columns))
        }
        ConstraintKind::Unique { columns, nulls_not_distinct, deferrable } => deferrable_options(
            Call::new("op.create_unique_constraint")
                .arg(name)
                .str(&t.name)
                .arg(str_list(columns))
                .flag("postgresql_nulls_not_distinct", *nulls_not_distinct),
            *deferrable,
        ),
        ConstraintKind::ForeignKey(fk) => {
            let refs = ref_columns(ctx, fk);
            let c = Call::new("op.create_foreign_key")
                .arg(name)
                .str(&t.name)
                .str(&fk.ref_table.name)
                .arg(str_list(&fk.columns))
                .arg(str_list(&refs));
            let c = fk_options(c, fk).kw_str("source_schema", t.schema.as_deref());
            return c.kw_str("referent_schema", fk.ref_table.schema.as_deref());
        }
        ConstraintKind::Check { expr } => Call::new("op.create_check_constraint").arg(name).str(&t.name).str(expr),
    };
    schema_kw(c, t)
}

pub(super) fn comment(c: &Comment) -> Call {
    match (&c.target, &c.text) {
        (CommentTarget::Table { table }, Some(text)) => {
            schema_kw(table_args(Call::new("op.create_table_comment"), table).str(text), table)
        }
        (CommentTarget::Table { table }, None) => {
            schema_kw(table_args(Call::new("op.drop_table_comment"), table), table)
        }
        (CommentTarget::Column { table, column }, text) => {
            let c = table_args(Call::new("op.alter_column"), table).str(column);
            schema_kw(c.kw("comment", text.as_deref().map_or_else(|| "None".into(), string)), table)
        }
    }
}

//! IR operations → `op.*` calls, one Python statement (or block) per operation.
//!
//! Operations Alembic has a directive for use it (`op.create_table`, `op.alter_column`, …);
//! the others (views, extensions, enum changes, index renames) are rendered as SQL per dialect by
//! the SQL exporter and run with `op.execute` under a dialect test.

use super::Ctx;
use super::batch::batch_table;
use super::calls::{add_column, add_constraint, alter_column, comment, create_index, create_table, existing};
use super::py::{Call, string};
use crate::export::sql::{ExportOptions, render_migration};
use crate::ir::*;
use crate::schema::{Schema, replay};

/// Append the Python lines for `ops` at `indent` spaces, advancing `ctx.state` past each one.
pub fn body(ctx: &mut Ctx, ops: &[Op], indent: usize, out: &mut Vec<String>) {
    let mut i = 0;
    while i < ops.len() {
        if ctx.sqlite_batch
            && let Some(table) = batch_table(&ops[i])
        {
            let n = ops[i..].iter().take_while(|o| batch_table(o) == Some(table)).count();
            super::batch::block(ctx, &table.clone(), &ops[i..i + n], indent, out);
            i += n;
            continue;
        }
        let op = &ops[i];
        ctx.span = op.span.clone();
        operation(ctx, op, indent, out);
        let _ = replay(&mut ctx.state, op, None);
        i += 1;
    }
}

pub(super) fn push(out: &mut Vec<String>, indent: usize, text: String) {
    let pad = " ".repeat(indent);
    for line in text.lines() {
        out.push(if line.is_empty() { String::new() } else { format!("{pad}{line}") });
    }
}

pub(super) fn table_args(c: Call, t: &QName) -> Call {
    c.str(&t.name)
}

pub(super) fn schema_kw(c: Call, t: &QName) -> Call {
    c.kw_str("schema", t.schema.as_deref())
}

/// The Alembic dialect name tested by `op.get_bind().dialect.name`.
pub fn dialect_name(d: SqlDialect) -> &'static str {
    match d {
        SqlDialect::Postgres => "postgresql",
        SqlDialect::Mysql => "mysql",
        SqlDialect::Sqlite => "sqlite",
    }
}

fn operation(ctx: &mut Ctx, op: &Op, indent: usize, out: &mut Vec<String>) {
    let call = match &op.kind {
        Operation::CreateTable(ct) => create_table(ctx, ct),
        Operation::DropTable(d) => {
            if d.cascade {
                ctx.warn("alembic-export-lossy", "DROP TABLE … CASCADE has no op.drop_table option; CASCADE dropped");
            }
            schema_kw(table_args(Call::new("op.drop_table"), &d.table), &d.table).flag("if_exists", d.if_exists)
        }
        Operation::RenameTable(r) => schema_kw(Call::new("op.rename_table").str(&r.from.name).str(&r.to.name), &r.from),
        Operation::AddColumn(a) => return add_column(ctx, a, indent, out),
        Operation::DropColumn(d) => {
            schema_kw(table_args(Call::new("op.drop_column"), &d.table).str(&d.column), &d.table)
                .flag("if_exists", d.if_exists)
        }
        Operation::RenameColumn(r) => {
            let c =
                table_args(Call::new("op.alter_column"), &r.table).str(&r.from).kw("new_column_name", string(&r.to));
            existing(ctx, schema_kw(c, &r.table), &r.table, &r.from)
        }
        Operation::AlterColumn(a) => alter_column(ctx, a),
        Operation::CreateIndex(ci) => create_index(ctx, ci),
        Operation::DropIndex(d) => {
            let mut c = Call::new("op.drop_index").str(&d.name.name);
            let table = d.table.clone().or_else(|| ctx.index_table(&d.name.name));
            if let Some(t) = &table {
                c = c.kw("table_name", string(&t.name));
            }
            c.kw_str("schema", d.name.schema.as_deref())
                .flag("if_exists", d.if_exists)
                .flag("postgresql_concurrently", d.concurrently)
        }
        Operation::AddConstraint(a) => add_constraint(ctx, a),
        Operation::DropConstraint(d) => {
            let c = Call::new("op.drop_constraint").str(&d.name).str(&d.table.name);
            let c = c.kw_opt("type_", ctx.constraint_type(&d.table, &d.name).map(string));
            schema_kw(c, &d.table).flag("if_exists", d.if_exists)
        }
        Operation::CreateEnum(e) => {
            ctx.postgresql = true;
            let c =
                e.values.iter().fold(Call::new("postgresql.ENUM"), |c, v| c.str(v)).kw("name", string(&e.name.name));
            let c = c.kw_str("schema", e.name.schema.as_deref());
            push(out, indent, format!("{}.create(op.get_bind())", c.inline()));
            return;
        }
        Operation::DropEnum(e) => {
            ctx.postgresql = true;
            let c = Call::new("postgresql.ENUM").kw("name", string(&e.name.name));
            let c = c.kw_str("schema", e.name.schema.as_deref());
            let check = Call::new("drop").arg("op.get_bind()").flag("checkfirst", e.if_exists);
            push(out, indent, format!("{}.{}", c.inline(), check.inline()));
            return;
        }
        Operation::Comment(c) => comment(c),
        Operation::Sql(s) => {
            if s.no_transaction {
                ctx.warn(
                    "alembic-export-no-transaction",
                    "SQL that must run outside a transaction: wrap the revision in op.get_context().autocommit_block()",
                );
            }
            if s.dialect.is_none()
                && let Some(text) = super::inserts::bulk_insert(&s.sql)
            {
                push(out, indent, text);
                return;
            }
            Call::new("op.execute").str(&s.sql)
        }
        Operation::Opaque(o) => return opaque(o, op.span.column as usize, indent, out),
        Operation::ByDialect(b) => return by_dialect(ctx, b, indent, out),
        _ => return as_sql(ctx, op, indent, out),
    };
    push(out, indent, call.render(0));
}

/// A commented copy of the source and a `raise` that stops the migration when it runs.
/// The source started at `column` (1-based): its later lines lose that much indentation.
fn opaque(o: &Opaque, column: usize, indent: usize, out: &mut Vec<String>) {
    let mut text = format!("# polymig could not translate this {} code ({}):\n", o.language, o.reason);
    let margin = column.saturating_sub(1);
    for (i, line) in o.source.lines().enumerate() {
        let blank = line.chars().take(margin).take_while(|c| *c == ' ').count();
        let line = if i == 0 { line } else { &line[blank..] };
        text.push_str(&format!("#     {}\n", line.trim_end()));
    }
    let msg = format!("polymig could not translate {} code: {}", o.language, o.reason);
    text.push_str(&format!("raise NotImplementedError({})", string(&msg)));
    push(out, indent, text);
}

fn by_dialect(ctx: &mut Ctx, b: &ByDialect, indent: usize, out: &mut Vec<String>) {
    let saved = ctx.state.clone();
    let mut first = true;
    for branch in &b.branches {
        let names: Vec<String> = branch.dialects.iter().map(|d| string(dialect_name(*d))).collect();
        let test = match names.as_slice() {
            [one] => format!("op.get_bind().dialect.name == {one}"),
            many => format!("op.get_bind().dialect.name in ({})", many.join(", ")),
        };
        push(out, indent, format!("{} {test}:", if first { "if" } else { "elif" }));
        first = false;
        let outer = std::mem::replace(&mut ctx.branch, branch.dialects.clone());
        branch_body(ctx, &branch.ops, &saved, indent + 4, out);
        ctx.branch = outer;
    }
    if first {
        body(ctx, &b.otherwise, indent, out);
        return;
    }
    if !b.otherwise.is_empty() {
        push(out, indent, "else:".into());
        let named: Vec<SqlDialect> = b.branches.iter().flat_map(|x| x.dialects.iter().copied()).collect();
        let rest = SqlDialect::ALL.into_iter().filter(|d| !named.contains(d)).collect();
        let outer = std::mem::replace(&mut ctx.branch, rest);
        branch_body(ctx, &b.otherwise, &saved, indent + 4, out);
        ctx.branch = outer;
    }
    ctx.state = saved;
    if let Some(op) = b.otherwise.first().or_else(|| b.branches.first().and_then(|x| x.ops.first())) {
        ctx.span = op.span.clone();
    }
}

fn branch_body(ctx: &mut Ctx, ops: &[Op], start: &Schema, indent: usize, out: &mut Vec<String>) {
    ctx.state = start.clone();
    let before = out.len();
    body(ctx, ops, indent, out);
    if out.len() == before {
        push(out, indent, "pass".into());
    }
}

/// An operation with no Alembic directive: its SQL for each dialect, run with `op.execute`.
fn as_sql(ctx: &mut Ctx, op: &Op, indent: usize, out: &mut Vec<String>) {
    let mut per_dialect: Vec<(SqlDialect, Vec<String>)> = Vec::new();
    for d in SqlDialect::ALL {
        let mut m = Migration::new("x", "x");
        m.up = vec![op.clone()];
        let mut state = ctx.state.clone();
        let opts = ExportOptions { dialect: d, with_down: false, allow_lossy: true };
        let r = render_migration(&m, &mut state, &opts);
        let sql: Vec<String> =
            r.up.iter().filter(|s| !s.sql.trim_start().starts_with("--")).map(|s| s.sql.clone()).collect();
        per_dialect.push((d, sql));
    }
    ctx.info("alembic-export-sql", format!("{} has no Alembic directive; written as op.execute", op.kind.name()));
    let all_same = per_dialect.windows(2).all(|w| w[0].1 == w[1].1);
    if all_same {
        for s in &per_dialect[0].1 {
            push(out, indent, Call::new("op.execute").str(s).render(0));
        }
        return;
    }
    let mut first = true;
    for (d, sql) in per_dialect.iter().filter(|(_, s)| !s.is_empty()) {
        let kw = if first { "if" } else { "elif" };
        first = false;
        push(out, indent, format!("{kw} op.get_bind().dialect.name == {}:", string(dialect_name(*d))));
        for s in sql {
            push(out, indent + 4, Call::new("op.execute").str(s).render(0));
        }
    }
}

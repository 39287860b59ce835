//! IR operations → schema statements of a Rails migration, one call (or block) per operation, each
//! knowing whether ActiveRecord can revert it inside `def change`.
//!
//! Operations Rails has no call for (views, unique and primary key constraints, enum changes
//! before 7.0/7.1, composite foreign keys) are written as `execute` of polymig's own SQL
//! (`fallback.rs`).

use super::Ctx;
use super::columns::{add_column, default, expression, type_and_options};
use super::constraints::{add_constraint, drop_constraint};
use super::indexes::{drop_index, index_call, index_needs_sql, resolved};
use super::rb::{self, Call, string};
use super::renames::{rename_column, rename_table};
use super::table::{TableDef, block};
use crate::ir::*;
use crate::schema::{Schema, replay, select_branch};

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
        Operation::RenameTable(r) => return rename_table(ctx, op, r, &ops[i + 1..], indent, out),
        Operation::AddColumn(a) => return (1, add_column_op(ctx, a, indent, out)),
        Operation::DropColumn(d) => return (1, drop_column(ctx, op, d, indent, out)),
        Operation::RenameColumn(r) => return rename_column(ctx, op, r, &ops[i + 1..], indent, out),
        Operation::CreateView(v) if v.name.schema.is_none() && !v.materialized => {
            let cols = if v.columns.is_empty() { String::new() } else { format!(" ({})", v.columns.join(", ")) };
            let verb = if v.or_replace { "CREATE OR REPLACE VIEW" } else { "CREATE VIEW" };
            let query = expression(ctx, &v.query);
            execute(out, indent, &format!("{verb} {}{cols} AS {query}", super::table::pg_ident(&v.name.name)));
            return (1, false);
        }
        Operation::DropView(v) if v.name.schema.is_none() && !v.materialized && !v.cascade => {
            let exists = if v.if_exists { "IF EXISTS " } else { "" };
            execute(out, indent, &format!("DROP VIEW {exists}{}", super::table::pg_ident(&v.name.name)));
            return (1, false);
        }
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
                // `rename_enum`'s signature changed between 7.1 and 7.2: written as SQL.
                EnumChange::Rename { .. } => return (1, fallback(ctx, op, indent, out)),
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

pub(super) fn fallback(ctx: &mut Ctx, op: &Op, indent: usize, out: &mut Vec<String>) -> bool {
    out.extend(super::fallback::execute(ctx, op, indent));
    false
}

fn enums_native(ctx: &Ctx) -> bool {
    ctx.version >= (7, 0) && ctx.dialect.is_none_or(|d| d == SqlDialect::Postgres)
}

/// `algorithm: :concurrently` (PostgreSQL), which makes the migration non-transactional.
pub(super) fn concurrently(ctx: &mut Ctx, c: Call, on: bool) -> Call {
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
    // The constraints are added to the table with the new column (and without them).
    let saved = ctx.state.clone();
    let bare = AddColumn { constraints: Vec::new(), ..a.clone() };
    let _ = replay(&mut ctx.state, &Op::new(bare, ctx.span.clone()), ctx.dialect);
    for c in &a.constraints {
        let named = table
            .as_ref()
            .and_then(|t| t.constraints.iter().find(|k| k.kind == c.kind).cloned())
            .unwrap_or_else(|| c.clone());
        let add = AddConstraint { table: a.table.clone(), constraint: named, not_valid: false };
        let op = Op::new(add.clone(), ctx.span.clone());
        rev &= add_constraint(ctx, &op, &add, indent, out);
        let _ = replay(&mut ctx.state, &op, ctx.dialect);
    }
    ctx.state = saved;
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

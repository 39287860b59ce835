//! The standard rendering of each operation (the defaults of the `Dialect`
//! hooks), the dispatch from an [`Operation`] to its hook, and the short
//! description (`AddColumn users.email`) every statement carries.

use super::ddl::{self, ColumnCtx, TableInfo};
use super::ddl_index;
use super::dialect::CommentStyle;
use super::guard;
use super::render::{Renderer, Res, Unsupported};
use crate::ir::{
    AddColumn, AddConstraint, Column, CommentTarget, ConstraintKind, CreateIndex, CreateTable, CreateView, Opaque,
    Operation, QName, RawSql, RenameColumn, RenameIndex, RenameTable,
};

/// Send `op` to the dialect's hook.
pub(crate) fn dispatch(r: &mut Renderer<'_>, op: &Operation) -> Res {
    if let Some(comment) = guard::nothing_to_do(r, op) {
        r.emit_comment(&comment);
        return Ok(());
    }
    let d = r.d;
    match op {
        Operation::CreateTable(o) => d.create_table(r, o),
        Operation::DropTable(o) => d.drop_table(r, o),
        Operation::RenameTable(o) => d.rename_table(r, o),
        Operation::AddColumn(o) => d.add_column(r, o),
        Operation::DropColumn(o) => d.drop_column(r, o),
        Operation::RenameColumn(o) => d.rename_column(r, o),
        Operation::AlterColumn(o) => d.alter_column(r, o),
        Operation::CreateIndex(o) => d.create_index(r, o),
        Operation::DropIndex(o) => d.drop_index(r, o),
        Operation::RenameIndex(o) => d.rename_index(r, o),
        Operation::AddConstraint(o) => d.add_constraint(r, o),
        Operation::DropConstraint(o) => d.drop_constraint(r, o),
        Operation::ValidateConstraint(o) => d.validate_constraint(r, o),
        Operation::CreateEnum(o) => d.create_enum(r, o),
        Operation::AlterEnum(o) => d.alter_enum(r, o),
        Operation::DropEnum(o) => d.drop_enum(r, o),
        Operation::CreateView(o) => d.create_view(r, o),
        Operation::DropView(o) => d.drop_view(r, o),
        Operation::CreateExtension(o) => d.create_extension(r, o),
        Operation::DropExtension(o) => d.drop_extension(r, o),
        Operation::Comment(o) => d.comment(r, o),
        Operation::Sql(o) => raw_sql(r, o),
        Operation::Backfill(o) => backfill(r, o),
        Operation::Opaque(o) => opaque(r, o),
        // The driver renders the chosen branch operation by operation.
        Operation::ByDialect(_) => Ok(()),
    }
}

/// `AddColumn users.email`: what a statement came from.
pub(crate) fn describe(op: &Operation) -> String {
    let name = op.name();
    let what = match op {
        Operation::CreateTable(o) => o.table.to_string(),
        Operation::DropTable(o) => o.table.to_string(),
        Operation::RenameTable(o) => format!("{} -> {}", o.from, o.to),
        Operation::AddColumn(o) => format!("{}.{}", o.table, o.column.name),
        Operation::DropColumn(o) => format!("{}.{}", o.table, o.column),
        Operation::RenameColumn(o) => format!("{}.{} -> {}", o.table, o.from, o.to),
        Operation::AlterColumn(o) => format!("{}.{}", o.table, o.column),
        Operation::CreateIndex(o) => ddl_index::index_name(&o.index),
        Operation::DropIndex(o) => o.name.to_string(),
        Operation::RenameIndex(o) => format!("{} -> {}", o.from, o.to),
        Operation::AddConstraint(o) => match &o.constraint.name {
            Some(n) => format!("{}.{n}", o.table),
            None => format!("{} ({})", o.table, o.constraint.suffix()),
        },
        Operation::DropConstraint(o) => format!("{}.{}", o.table, o.name),
        Operation::ValidateConstraint(o) => format!("{}.{}", o.table, o.name),
        Operation::CreateEnum(o) => o.name.to_string(),
        Operation::AlterEnum(o) => o.name.to_string(),
        Operation::DropEnum(o) => o.name.to_string(),
        Operation::CreateView(o) => o.name.to_string(),
        Operation::DropView(o) => o.name.to_string(),
        Operation::Backfill(o) => o.table.to_string(),
        Operation::CreateExtension(o) => o.name.clone(),
        Operation::DropExtension(o) => o.name.clone(),
        Operation::Comment(o) => match &o.target {
            CommentTarget::Table { table } => table.to_string(),
            CommentTarget::Column { table, column } => format!("{table}.{column}"),
        },
        Operation::Sql(_) => return name.to_string(),
        Operation::Opaque(o) => o.language.clone(),
        Operation::ByDialect(_) => return name.to_string(),
    };
    format!("{name} {what}")
}

/// `CREATE TABLE …` plus its comments (separate statements on PostgreSQL).
pub(crate) fn create_table(r: &mut Renderer<'_>, op: &CreateTable) -> Res {
    let sql =
        ddl::create_table_sql(r, &op.table, &op.columns, &op.constraints, op.if_not_exists, op.comment.as_deref())?;
    r.emit(sql);
    comments(r, &op.table, op.comment.as_deref(), &op.columns);
    Ok(())
}

/// The comments of a new table and its columns, for dialects that do not write them inline.
pub(crate) fn comments(r: &mut Renderer<'_>, table: &QName, table_comment: Option<&str>, columns: &[Column]) {
    match r.d.comment_style() {
        CommentStyle::Inline => {}
        CommentStyle::Separate => {
            if let Some(text) = table_comment {
                let sql = comment_on(r, &CommentTarget::Table { table: table.clone() }, Some(text));
                r.emit_noted(sql, "table comment", true);
            }
            for col in columns {
                if let Some(text) = &col.comment {
                    let target = CommentTarget::Column { table: table.clone(), column: col.name.clone() };
                    let sql = comment_on(r, &target, Some(text));
                    r.emit_noted(sql, format!("comment on {}", col.name), true);
                }
            }
        }
        CommentStyle::Unsupported => {
            let n = usize::from(table_comment.is_some()) + columns.iter().filter(|c| c.comment.is_some()).count();
            if n > 0 {
                r.lossy(format!("{} has no comments: {n} comment(s) on {table} are dropped", r.d.display_name()));
            }
        }
    }
}

/// `COMMENT ON TABLE t IS '…'` / `COMMENT ON COLUMN t.c IS NULL`.
pub(crate) fn comment_on(r: &Renderer<'_>, target: &CommentTarget, text: Option<&str>) -> String {
    let value = text.map_or_else(|| "NULL".to_string(), |t| r.lit(t));
    match target {
        CommentTarget::Table { table } => format!("COMMENT ON TABLE {} IS {value}", r.qn(table)),
        CommentTarget::Column { table, column } => {
            format!("COMMENT ON COLUMN {}.{} IS {value}", r.qn(table), r.q(column))
        }
    }
}

/// `IF EXISTS ` / `IF NOT EXISTS ` on columns where supported (else the replayed state decided,
/// see `guard.rs`).
pub(crate) fn column_if(r: &Renderer<'_>, on: bool, clause: &'static str) -> &'static str {
    if on && r.d.supports_column_if_exists() { clause } else { "" }
}

/// `ALTER TABLE a RENAME TO b` (within one schema).
pub(crate) fn rename_table(r: &mut Renderer<'_>, op: &RenameTable) -> Res {
    if op.to.schema.is_some() && op.to.schema != op.from.schema {
        return Err(Unsupported::new(
            format!("{} cannot move table {} to another schema ({})", r.d.display_name(), op.from, op.to),
            "rename the table within its schema",
        ));
    }
    r.emit(format!("ALTER TABLE {} RENAME TO {}", r.qn(&op.from), r.q(&op.to.name)));
    Ok(())
}

/// `ALTER TABLE t ADD COLUMN [IF NOT EXISTS] def[, ADD constraint…]` plus the column comment.
pub(crate) fn add_column(r: &mut Renderer<'_>, op: &AddColumn) -> Res {
    let ine = column_if(r, op.if_not_exists, "IF NOT EXISTS ");
    let ctx = ColumnCtx::new(&op.table, &op.column.name, &op.constraints, &[]);
    let def = r.d.column_def(r, &op.column, ctx);
    let mut sql = format!("ALTER TABLE {} ADD COLUMN {ine}{def}", r.qn(&op.table));
    let existing_pk = r.table_before(&op.table).and_then(|t| t.primary_key()).map(|c| c.columns().to_vec());
    let pk = ddl::pk_columns(&op.constraints).map(<[String]>::to_vec).or(existing_pk);
    for c in &op.constraints {
        let info = TableInfo { name: &op.table, pk: pk.as_deref() };
        sql.push_str(&format!(", ADD {}", ddl::constraint_def(r, c, info)?));
    }
    r.emit(sql);
    comments(r, &op.table, None, std::slice::from_ref(&op.column));
    Ok(())
}

/// `ALTER TABLE t RENAME COLUMN a TO b`.
pub(crate) fn rename_column(r: &mut Renderer<'_>, op: &RenameColumn) -> Res {
    r.emit(format!("ALTER TABLE {} RENAME COLUMN {} TO {}", r.qn(&op.table), r.q(&op.from), r.q(&op.to)));
    Ok(())
}

/// `CREATE INDEX …` (outside a transaction when `CONCURRENTLY`).
pub(crate) fn create_index(r: &mut Renderer<'_>, op: &CreateIndex) -> Res {
    let sql = ddl_index::create_index_sql(r, &op.index, op.concurrently, op.if_not_exists)?;
    if op.concurrently && r.d.supports_concurrently() {
        r.emit_non_transactional(sql);
    } else {
        r.emit(sql);
    }
    Ok(())
}

/// The index name of a `DROP INDEX`, qualified by the table's schema when it has none of its own.
pub(crate) fn index_qname(name: &QName, table: Option<&QName>) -> QName {
    match (&name.schema, table.and_then(|t| t.schema.clone())) {
        (None, Some(schema)) => QName::qualified(schema, name.name.clone()),
        _ => name.clone(),
    }
}

/// `ALTER INDEX a RENAME TO b`.
pub(crate) fn rename_index(r: &mut Renderer<'_>, op: &RenameIndex) -> Res {
    let from = index_qname(&QName::new(op.from.clone()), op.table.as_ref());
    r.emit(format!("ALTER INDEX {} RENAME TO {}", r.qn(&from), r.q(&op.to)));
    Ok(())
}

/// `ALTER TABLE t ADD [CONSTRAINT n] … [NOT VALID]`.
pub(crate) fn add_constraint(r: &mut Renderer<'_>, op: &AddConstraint) -> Res {
    let pk = r.table_before(&op.table).and_then(|t| t.primary_key()).map(|c| c.columns().to_vec());
    let def = ddl::constraint_def(r, &op.constraint, TableInfo { name: &op.table, pk: pk.as_deref() })?;
    let validatable = matches!(op.constraint.kind, ConstraintKind::ForeignKey(_) | ConstraintKind::Check { .. });
    let not_valid = if op.not_valid && validatable && r.d.supports_not_valid() {
        " NOT VALID"
    } else {
        if op.not_valid {
            r.lossy(format!("{} has no NOT VALID: existing rows are checked now", r.d.display_name()));
        }
        ""
    };
    r.emit(format!("ALTER TABLE {} ADD {def}{not_valid}", r.qn(&op.table)));
    Ok(())
}

/// `CREATE [OR REPLACE] [MATERIALIZED] VIEW v [(cols)] AS query`.
pub(crate) fn create_view(r: &mut Renderer<'_>, op: &CreateView) -> Res {
    let d = r.d;
    if op.materialized && !d.supports_materialized_view() {
        return Err(Unsupported::new(
            format!("{} has no materialized views: {} cannot be created", d.display_name(), op.name),
            "create a plain view or a table refreshed by your application",
        ));
    }
    let kind = if op.materialized { "MATERIALIZED VIEW" } else { "VIEW" };
    let mut or_replace = "";
    if op.or_replace {
        if d.supports_or_replace_view() && !op.materialized {
            or_replace = "OR REPLACE ";
        } else {
            r.emit_noted(format!("DROP {kind} IF EXISTS {}", r.qn(&op.name)), "replace", true);
        }
    }
    let cols = if op.columns.is_empty() { String::new() } else { format!(" ({})", r.q_list(&op.columns)) };
    let query = r.expr(op.query.trim().trim_end_matches(';'));
    r.emit(format!("CREATE {or_replace}{kind} {}{cols} AS {query}", r.qn(&op.name)));
    Ok(())
}

/// The error for `CREATE|DROP EXTENSION` outside PostgreSQL.
pub(crate) fn unsupported_extension(dialect: &str, name: &str) -> Unsupported {
    Unsupported::new(
        format!("{dialect} has no extensions: extension {name} cannot be installed or removed"),
        "remove the operation for this target, or pass --allow-lossy to keep it as a comment",
    )
}

/// Raw SQL, verbatim (warns when written for another dialect).
pub(crate) fn raw_sql(r: &mut Renderer<'_>, op: &RawSql) -> Res {
    let d = r.d;
    if let Some(src) = op.dialect
        && src != d.id()
    {
        r.warn(
            "foreign-dialect-sql",
            format!("raw SQL written for {src} is copied verbatim into {} output", d.display_name()),
            "check that the statement runs on the target, or give the operation a per-dialect branch",
        );
    }
    let sql = op.sql.trim();
    let sql = sql.strip_suffix(';').unwrap_or(sql).trim_end();
    if sql.is_empty() {
        r.emit_comment("empty SQL");
        return Ok(());
    }
    let note = (d.id() == crate::ir::SqlDialect::Mysql && super::text::has_compound_body(sql))
        .then_some("contains ';' inside a body: with the mysql client, wrap it in DELIMITER //");
    match note {
        Some(n) => r.emit_noted(sql, n, !op.no_transaction),
        None if op.no_transaction => r.emit_non_transactional(sql),
        None => r.emit(sql),
    }
    Ok(())
}

/// A backfill as the one `UPDATE` it stands for, with a comment saying how `polymig` runs it
/// (batched and resumable, by `polymig apply` or `polymig backfill`); a plain SQL client runs it whole.
pub(crate) fn backfill(r: &mut Renderer<'_>, op: &crate::ir::Backfill) -> Res {
    let sets: Vec<String> = op.set.iter().map(|a| format!("{} = {}", r.q(&a.column), r.expr(&a.value))).collect();
    let mut sql = format!("UPDATE {} SET {}", r.qn(&op.table), sets.join(", "));
    if let Some(w) = &op.filter {
        sql.push_str(&format!(" WHERE {}", r.expr(w)));
    }
    let note =
        format!("batched backfill: polymig runs it {} rows at a time; a SQL client runs it whole", op.batch_size);
    r.emit_noted(sql, note, true);
    Ok(())
}

/// Untranslated host code: a comment block with the location, reason and source, plus a warning.
pub(crate) fn opaque(r: &mut Renderer<'_>, op: &Opaque) -> Res {
    let span = r.span().clone();
    let mut text = format!("OPAQUE {} code at {span} was not translated: {}\n", op.language, op.reason);
    for line in op.source.replace("\r\n", "\n").split(['\n', '\r']) {
        text.push_str(&format!("| {line}\n"));
    }
    r.emit_comment(&text);
    r.warn(
        "opaque-operation",
        format!("{} code kept as a comment: {}", op.language, op.reason),
        "port this step to SQL by hand (e.g. as a raw SQL operation)",
    );
    Ok(())
}

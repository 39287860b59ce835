//! Table, column, index and constraint directives: `op.create_table`,
//! `op.add_column`, `op.alter_column`, `op.create_index`, `op.create_foreign_key`, …

use super::defaults::server_default;
use super::ops::{Args, Ctx, per_dialect, text_of};
use super::table::{
    ParsedColumn, autoincrement_for, build_index, fk_options, index_parts, names, parse_column, table_constraint,
    table_name,
};
use super::types::resolve;
use crate::host::{CallValue, Value};
use crate::ir::{
    AddColumn, AddConstraint, AlterColumn, Change, Comment, CommentTarget, Constraint, ConstraintKind, CreateEnum,
    CreateIndex, CreateTable, DropColumn, DropConstraint, DropEnum, DropIndex, DropTable, Index, IndexPart, Op, QName,
    RenameColumn, RenameTable, SqlDialect,
};

/// Dispatch a table-level directive whose arguments are bound.
pub fn directive(ctx: &mut Ctx, method: &str, args: &Args) -> Result<Vec<Op>, String> {
    let table = |param: &str| -> Result<QName, String> { Ok(table_name(args.text(param)?, args.opt_text("schema"))) };
    Ok(match method {
        "create_table" => return create_table(ctx, args),
        "drop_table" => {
            vec![ctx.op(DropTable { table: table("table_name")?, if_exists: args.flag("if_exists"), cascade: false })]
        }
        "rename_table" => vec![ctx.op(RenameTable {
            from: table("old_table_name")?,
            to: table_name(args.text("new_table_name")?, args.opt_text("schema")),
        })],
        "add_column" => return add_column(ctx, table("table_name")?, args),
        "drop_column" => vec![ctx.op(DropColumn {
            table: table("table_name")?,
            column: args.text("column_name")?,
            if_exists: args.flag("if_exists"),
            cascade: false,
        })],
        "alter_column" => return alter_column(ctx, table("table_name")?, args),
        "create_index" => return create_index(ctx, table("table_name")?, args),
        "drop_index" => {
            let t = args.opt_text("table_name").map(|n| table_name(n, args.opt_text("schema")));
            let name = QName { schema: args.opt_text("schema"), name: args.text("index_name")? };
            let if_exists = args.flag("if_exists");
            return per_dialect(ctx, |ctx, d| {
                let concurrently =
                    matches!(d, None | Some(SqlDialect::Postgres)) && args.flag("postgresql_concurrently");
                Ok(vec![ctx.op(DropIndex { name: name.clone(), table: t.clone(), if_exists, concurrently })])
            });
        }
        "create_foreign_key" => {
            let source = table_name(args.text("source_table")?, args.opt_text("source_schema"));
            let referent = table_name(args.text("referent_table")?, args.opt_text("referent_schema"));
            let local = names(args.get("local_cols").ok_or("create_foreign_key without local_cols")?)?;
            let remote = names(args.get("remote_cols").ok_or("create_foreign_key without remote_cols")?)?;
            let fk = fk_options(args.kwargs(), local, referent, remote)?;
            add_constraint(ctx, source, args, ConstraintKind::ForeignKey(fk))
        }
        "create_primary_key" => {
            let columns = names(args.get("columns").ok_or("create_primary_key without columns")?)?;
            add_constraint(ctx, table("table_name")?, args, ConstraintKind::PrimaryKey { columns })
        }
        "create_unique_constraint" => {
            let columns = names(args.get("columns").ok_or("create_unique_constraint without columns")?)?;
            let nulls_not_distinct = args.flag("postgresql_nulls_not_distinct");
            add_constraint(
                ctx,
                table("table_name")?,
                args,
                ConstraintKind::Unique {
                    columns,
                    nulls_not_distinct,
                    deferrable: super::table::deferrable(|k| args.get(k)),
                },
            )
        }
        "create_check_constraint" => {
            let expr = args
                .get("condition")
                .and_then(text_of)
                .ok_or("a check condition built from SQLAlchemy expressions (write it as a string or sa.text)")?;
            add_constraint(ctx, table("table_name")?, args, ConstraintKind::Check { expr })
        }
        "drop_constraint" => vec![ctx.op(DropConstraint {
            name: super::naming::dropped_name(ctx, &table("table_name")?, args)?,
            table: table("table_name")?,
            if_exists: args.flag("if_exists"),
            cascade: false,
        })],
        "create_table_comment" => vec![ctx.op(Comment {
            target: CommentTarget::Table { table: table("table_name")? },
            text: Some(args.text("comment")?),
        })],
        "drop_table_comment" => {
            vec![ctx.op(Comment { target: CommentTarget::Table { table: table("table_name")? }, text: None })]
        }
        other => return Err(format!("op.{other} is not supported")),
    })
}

fn add_constraint(ctx: &Ctx, table: QName, args: &Args, kind: ConstraintKind) -> Vec<Op> {
    let constraint = Constraint { name: args.opt_text("constraint_name"), kind };
    vec![ctx.op(AddConstraint { table, constraint, not_valid: false })]
}

/// `CREATE TYPE` ops for the native enums of `columns` (PostgreSQL, or no target).
fn enum_types(ctx: &Ctx, columns: &[ParsedColumn], out: &mut Vec<Op>) {
    if !matches!(ctx.target, None | Some(SqlDialect::Postgres)) {
        return;
    }
    for p in columns {
        let Some(e) = &p.type_spec.enum_spec else { continue };
        let Some(name) = e.qname() else { continue };
        let exists = out.iter().any(|o| matches!(&o.kind, crate::ir::Operation::CreateEnum(c) if c.name == name));
        if e.native && e.create_type && !exists {
            out.push(ctx.op(CreateEnum { name, values: e.values.clone() }));
        }
    }
}

/// `CHECK (col IN (…))` for `sa.Enum(create_constraint=True)` stored as VARCHAR.
fn enum_check(p: &ParsedColumn) -> Option<Constraint> {
    let e = p.type_spec.enum_spec.as_ref()?;
    if !e.create_constraint || !matches!(p.column.data_type, crate::ir::DataType::Varchar { .. }) {
        return None;
    }
    let values: Vec<String> = e.values.iter().map(|v| format!("'{}'", v.replace('\'', "''"))).collect();
    let expr = format!("{} IN ({})", p.column.name, values.join(", "));
    Some(Constraint { name: e.name.clone(), kind: ConstraintKind::Check { expr } })
}

/// The index `Column(index=True)` creates, unique with `unique=True`; unnamed here, the
/// naming convention (by default `ix_%(column_0_label)s`) names it.
fn column_index(table: &QName, p: &ParsedColumn) -> Index {
    Index {
        name: None,
        table: table.clone(),
        parts: vec![IndexPart::column(p.column.name.clone())],
        unique: p.unique,
        method: None,
        predicate: None,
        include: Vec::new(),
        nulls_not_distinct: false,
    }
}

fn create_table(ctx: &mut Ctx, args: &Args) -> Result<Vec<Op>, String> {
    let table = table_name(args.text("table_name")?, args.opt_text("schema"));
    let mut columns: Vec<ParsedColumn> = Vec::new();
    let mut table_constraints: Vec<Constraint> = Vec::new();
    let mut indexes: Vec<&CallValue> = Vec::new();
    for v in &args.rest {
        let Value::Call(c) = v else { return Err("a create_table argument that is not a Column or constraint".into()) };
        match c.method() {
            "Column" => columns.push(parse_column(ctx, c)?),
            "Index" => indexes.push(c),
            _ => table_constraints.push(table_constraint(c)?),
        }
    }
    let ignored: Vec<&str> = args
        .kwargs()
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| k.starts_with("mysql_") || k.starts_with("mariadb_") || *k == "prefixes" || *k == "info")
        .collect();
    if !ignored.is_empty() {
        ctx.info("alembic-table-option-ignored", format!("table options not imported: {}", ignored.join(", ")));
    }
    let explicit_pk = table_constraints.iter().position(|c| matches!(c.kind, ConstraintKind::PrimaryKey { .. }));
    let pk_constraint = match explicit_pk {
        Some(i) => Some(table_constraints.remove(i)),
        None => {
            let cols: Vec<String> = columns.iter().filter(|p| p.primary_key).map(|p| p.column.name.clone()).collect();
            (!cols.is_empty()).then_some(Constraint { name: None, kind: ConstraintKind::PrimaryKey { columns: cols } })
        }
    };
    let pk_cols: Vec<String> = pk_constraint.as_ref().map(|c| c.columns().to_vec()).unwrap_or_default();
    let sqlite_autoinc = args.flag("sqlite_autoincrement");
    for p in &mut columns {
        if pk_cols.contains(&p.column.name) {
            p.primary_key = true;
            if !p.nullable_given {
                p.column.nullable = false;
            }
            if pk_cols.len() == 1 {
                p.column.auto_increment = autoincrement_for(p, ctx.target, sqlite_autoinc);
            }
        }
    }
    let mut constraints: Vec<Constraint> = pk_constraint.into_iter().collect();
    constraints.extend(table_constraints);
    for p in &columns {
        if p.unique && !p.index {
            let kind = ConstraintKind::Unique {
                columns: vec![p.column.name.clone()],
                nulls_not_distinct: false,
                deferrable: None,
            };
            constraints.push(Constraint { name: None, kind });
        }
        constraints.extend(p.checks.iter().cloned());
        constraints.extend(enum_check(p));
    }
    for p in &columns {
        constraints.extend(p.foreign_keys.iter().map(|fk| {
            let mut fk = fk.clone();
            if let ConstraintKind::ForeignKey(f) = &mut fk.kind {
                f.columns = vec![p.column.name.clone()];
            }
            fk
        }));
    }
    let mut out = Vec::new();
    enum_types(ctx, &columns, &mut out);
    let mut after = Vec::new();
    for p in columns.iter().filter(|p| p.index) {
        after.push(ctx.op(CreateIndex { index: column_index(&table, p), concurrently: false, if_not_exists: false }));
    }
    for c in indexes {
        let idx_args = Args::bind(c, &["name"]);
        let parts = index_parts(&idx_args.rest)?;
        let unique = idx_args.flag("unique");
        let (index, concurrently) =
            build_index(idx_args.opt_text("name"), table.clone(), parts, unique, &c.kwargs, ctx.target)?;
        after.push(ctx.op(CreateIndex { index, concurrently, if_not_exists: false }));
    }
    out.push(ctx.op(CreateTable {
        table,
        columns: columns.into_iter().map(|p| p.column).collect(),
        constraints,
        if_not_exists: args.flag("if_not_exists"),
        comment: args.opt_text("comment"),
    }));
    out.extend(after);
    Ok(out)
}

fn add_column(ctx: &mut Ctx, table: QName, args: &Args) -> Result<Vec<Op>, String> {
    let Some(Value::Call(c)) = args.get("column") else { return Err("add_column without a sa.Column".into()) };
    let mut p = parse_column(ctx, c)?;
    if p.primary_key {
        p.column.auto_increment = autoincrement_for(&p, ctx.target, false);
    }
    if let Some(e) = &p.type_spec.enum_spec
        && e.native
        && e.create_type
        && e.name.is_some()
        && matches!(ctx.target, None | Some(SqlDialect::Postgres))
    {
        ctx.warn(
            "alembic-enum-not-created",
            format!(
                "op.add_column does not create the PostgreSQL type `{}`; create it first \
                 (sa.Enum(…).create(op.get_bind())) or the column cannot be added",
                e.name.as_deref().unwrap_or_default()
            ),
        );
    }
    let mut constraints: Vec<Constraint> = Vec::new();
    if p.unique && !p.index {
        let kind = ConstraintKind::Unique {
            columns: vec![p.column.name.clone()],
            nulls_not_distinct: false,
            deferrable: None,
        };
        constraints.push(Constraint { name: None, kind });
    }
    for fk in &p.foreign_keys {
        let mut fk = fk.clone();
        if let ConstraintKind::ForeignKey(f) = &mut fk.kind {
            f.columns = vec![p.column.name.clone()];
        }
        constraints.push(fk);
    }
    constraints.extend(p.checks.iter().cloned());
    constraints.extend(enum_check(&p));
    let index = p.index.then(|| column_index(&table, &p));
    let mut out =
        vec![ctx.op(AddColumn { table, column: p.column, constraints, if_not_exists: args.flag("if_not_exists") })];
    out.extend(index.map(|index| ctx.op(CreateIndex { index, concurrently: false, if_not_exists: false })));
    Ok(out)
}

fn alter_column(ctx: &mut Ctx, table: QName, args: &Args) -> Result<Vec<Op>, String> {
    let column = args.text("column_name")?;
    let data_type = match args.get("type_") {
        None | Some(Value::Nil) => None,
        Some(t) => Some(ctx.resolve_type(t)?.data_type),
    };
    let using = match ctx.target {
        None | Some(SqlDialect::Postgres) => args.opt_text("postgresql_using"),
        _ => None,
    };
    let default = match args.get("server_default") {
        None | Some(Value::Bool(false)) => None,
        Some(Value::Nil) => Some(Change::Drop),
        Some(v) => Some(Change::Set(server_default(v, ctx.target)?)),
    };
    let comment = match args.get("comment") {
        None | Some(Value::Bool(false)) => None,
        Some(Value::Nil) => Some(Change::Drop),
        Some(v) => Some(Change::Set(text_of(v).ok_or("a comment that is not a string")?)),
    };
    let nullable = args.get("nullable").and_then(Value::as_bool);
    if args.get("autoincrement").is_some() {
        ctx.info("alembic-autoincrement-ignored", "alter_column(autoincrement=…) is not imported");
    }
    let mut out = Vec::new();
    if data_type.is_some() || nullable.is_some() || default.is_some() || comment.is_some() {
        out.push(ctx.op(AlterColumn {
            table: table.clone(),
            column: column.clone(),
            data_type,
            using,
            nullable,
            default,
            comment,
        }));
    }
    if let Some(to) = args.opt_text("new_column_name") {
        out.push(ctx.op(RenameColumn { table, from: column, to }));
    }
    if out.is_empty() {
        ctx.info("alembic-alter-nothing", format!("alter_column on `{}` changes nothing", args.text("column_name")?));
    }
    Ok(out)
}

fn create_index(ctx: &mut Ctx, table: QName, args: &Args) -> Result<Vec<Op>, String> {
    let columns = args.get("columns").ok_or("create_index without columns")?;
    let parts = index_parts(std::slice::from_ref(columns))?;
    // Unnamed: the naming convention names it (`ix_%(column_0_label)s` by default).
    let name = args.opt_text("index_name");
    let unique = args.flag("unique");
    let if_not_exists = args.flag("if_not_exists");
    per_dialect(ctx, |ctx, d| {
        let (index, concurrently) = build_index(name.clone(), table.clone(), parts.clone(), unique, args.kwargs(), d)?;
        Ok(vec![ctx.op(CreateIndex { index, concurrently, if_not_exists })])
    })
}

/// `sa.Enum(…, name="x").create(op.get_bind(), checkfirst=True)` / `.drop(…)`:
/// a PostgreSQL type; nothing on the other dialects.
pub fn enum_create_drop(
    ctx: &mut Ctx,
    enum_call: &CallValue,
    create: bool,
    call: &CallValue,
) -> Result<Vec<Op>, String> {
    let on_postgres = matches!(ctx.target, None | Some(SqlDialect::Postgres));
    let native = enum_call.kw("native_enum").and_then(Value::as_bool).unwrap_or(true);
    if !on_postgres || !native {
        return Ok(Vec::new());
    }
    let name = QName {
        schema: enum_call.kw("schema").and_then(text_of),
        name: enum_call.kw("name").and_then(text_of).ok_or("an enum type without a name")?,
    };
    let checkfirst = call.kw("checkfirst").and_then(Value::as_bool).unwrap_or(false);
    if !create {
        return Ok(vec![ctx.op(DropEnum { name, if_exists: checkfirst, cascade: false })]);
    }
    let spec = resolve(&Value::Call(std::rc::Rc::new(enum_call.clone())), ctx.target)?;
    let values = spec.enum_spec.ok_or("not an enum type")?.values;
    if checkfirst {
        ctx.info("alembic-enum-checkfirst", "create(checkfirst=True) is imported as a plain CREATE TYPE");
    }
    Ok(vec![ctx.op(CreateEnum { name, values })])
}

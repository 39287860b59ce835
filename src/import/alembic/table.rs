//! `sa.Column`, table-level constraints and `sa.Index` → IR, with SQLAlchemy's
//! rules: primary-key columns are NOT NULL unless `nullable=True` is written, the
//! single integer primary key is autoincrement (`SERIAL` on PostgreSQL,
//! `AUTO_INCREMENT` on MySQL, a plain `INTEGER PRIMARY KEY` on SQLite) unless it
//! has a foreign key, a server default or `autoincrement=False`; `index=True`
//! creates `ix_<table>_<column>`, `unique=True` a `UNIQUE (column)` constraint,
//! and both together a unique index.

use super::defaults::server_default;
use super::ops::{Ctx, text_of};
use super::types::TypeSpec;
use crate::host::{CallValue, Value};
use crate::ir::{
    AutoIncrement, Column, Constraint, ConstraintKind, Deferrable, FkAction, ForeignKey, GeneratedColumn, Index,
    IndexKey, IndexPart, QName, SqlDialect,
};

/// A `sa.Column(…)` with everything SQLAlchemy derives from it.
#[derive(Debug, Clone)]
pub struct ParsedColumn {
    /// The IR column (nullability and autoincrement still to be settled by the table).
    pub column: Column,
    /// `primary_key=True`.
    pub primary_key: bool,
    /// `nullable=` was written.
    pub nullable_given: bool,
    /// `unique=True`.
    pub unique: bool,
    /// `index=True`.
    pub index: bool,
    /// `sa.ForeignKey(…)` arguments, as table constraints.
    pub foreign_keys: Vec<Constraint>,
    /// `sa.CheckConstraint(…)` arguments.
    pub checks: Vec<Constraint>,
    /// `autoincrement=` (`None` is SQLAlchemy's `"auto"`).
    pub autoincrement: Option<bool>,
    /// A Python-side scalar `default=` (disables autoincrement).
    pub python_default: bool,
    /// The resolved type.
    pub type_spec: TypeSpec,
}

fn str_kw(c: &CallValue, k: &str) -> Option<String> {
    c.kw(k).and_then(text_of)
}

/// Parse `sa.Column(name, type, *args, **kw)`.
pub fn parse_column(ctx: &mut Ctx, c: &CallValue) -> Result<ParsedColumn, String> {
    if c.method() != "Column" {
        return Err(format!("expected sa.Column(…), found `{}`", c.source));
    }
    let mut name = str_kw(c, "name");
    let mut type_value = c.kw("type_").cloned();
    let mut foreign_keys = Vec::new();
    let mut checks = Vec::new();
    let mut identity = None;
    let mut generated = None;
    for (i, arg) in c.args.iter().enumerate() {
        let method = arg.as_call().map(CallValue::method).unwrap_or("");
        match (arg, method) {
            (Value::Str(s), _) if i == 0 && name.is_none() => name = Some(s.clone()),
            (Value::Call(fk), "ForeignKey") => foreign_keys.push(column_fk(fk)?),
            (Value::Call(id), "Identity") => {
                let always = id.kw("always").and_then(Value::as_bool).unwrap_or(false);
                identity = Some(if always { AutoIncrement::IdentityAlways } else { AutoIncrement::IdentityByDefault });
            }
            (Value::Call(comp), "Computed") => {
                let expr = comp.arg(0, "sqltext").and_then(text_of).ok_or("Computed() without SQL text")?;
                let stored = comp.kw("persisted").and_then(Value::as_bool) != Some(false);
                generated = Some(GeneratedColumn { expr, stored });
            }
            (Value::Call(ck), "CheckConstraint") => checks.push(check(ck)?),
            (Value::Call(_), "Sequence") => ctx.info(
                "alembic-sequence-ignored",
                "sa.Sequence on a column is used by SQLAlchemy at INSERT time; no DDL is imported for it",
            ),
            (v, _) if type_value.is_none() => type_value = Some(v.clone()),
            (v, _) => return Err(format!("unsupported Column argument `{}`", describe(v))),
        }
    }
    let name = name.ok_or("sa.Column without a name")?;
    let type_value = type_value.ok_or_else(|| format!("column `{name}` has no type"))?;
    let type_spec = ctx.resolve_type(&type_value)?;
    if let Some(note) = &type_spec.note {
        ctx.info("alembic-custom-type", note.clone());
    }
    let primary_key = c.kw("primary_key").and_then(Value::as_bool).unwrap_or(false);
    let nullable_kw = c.kw("nullable").and_then(Value::as_bool);
    let mut column = Column::new(name, type_spec.data_type.clone());
    column.nullable = nullable_kw.unwrap_or(!primary_key) && identity.is_none();
    column.collation = type_spec.collation.clone();
    column.comment = str_kw(c, "comment");
    column.auto_increment = identity;
    column.generated = generated;
    if let Some(d) = c.kw("server_default") {
        column.default = Some(server_default(d, ctx.target)?);
    }
    Ok(ParsedColumn {
        column,
        primary_key,
        nullable_given: nullable_kw.is_some(),
        unique: c.kw("unique").and_then(Value::as_bool).unwrap_or(false),
        index: c.kw("index").and_then(Value::as_bool).unwrap_or(false),
        foreign_keys,
        checks,
        autoincrement: c.kw("autoincrement").and_then(Value::as_bool),
        python_default: c.kw("default").is_some_and(|d| !matches!(d, Value::Nil)),
        type_spec,
    })
}

fn describe(v: &Value) -> String {
    match v {
        Value::Call(c) => c.source.clone(),
        other => other.path().unwrap_or_else(|| format!("{other:?}")),
    }
}

/// The auto-increment SQLAlchemy gives the single integer primary key on `target`.
pub fn autoincrement_for(
    p: &ParsedColumn,
    target: Option<SqlDialect>,
    sqlite_autoincrement: bool,
) -> Option<AutoIncrement> {
    let eligible = p.type_spec.integer
        && p.autoincrement != Some(false)
        && p.foreign_keys.is_empty()
        && p.column.default.is_none()
        && !p.python_default
        && p.column.auto_increment.is_none();
    if !eligible {
        return p.column.auto_increment;
    }
    match target {
        None | Some(SqlDialect::Postgres) => Some(AutoIncrement::Serial),
        Some(SqlDialect::Mysql) => Some(AutoIncrement::AutoIncrement),
        Some(SqlDialect::Sqlite) if sqlite_autoincrement => Some(AutoIncrement::AutoIncrement),
        Some(SqlDialect::Sqlite) => None,
    }
}

/// `sa.ForeignKey("schema.table.column", ondelete=…)`.
fn column_fk(fk: &CallValue) -> Result<Constraint, String> {
    let target = fk.arg(0, "column").and_then(text_of).ok_or("ForeignKey() target is not a string")?;
    let (table, column) =
        target.rsplit_once('.').ok_or_else(|| format!("ForeignKey(\"{target}\") needs table.column"))?;
    let fk_body = fk_options(&fk.kwargs, Vec::new(), qname(table), vec![column.to_string()])?;
    Ok(Constraint { name: str_kw(fk, "name"), kind: ConstraintKind::ForeignKey(fk_body) })
}

/// `schema.table` → [`QName`].
pub fn qname(s: &str) -> QName {
    match s.rsplit_once('.') {
        Some((schema, name)) => QName::qualified(schema, name),
        None => QName::new(s),
    }
}

/// A table name with an optional `schema=`.
pub fn table_name(name: String, schema: Option<String>) -> QName {
    QName { schema, name }
}

/// `ondelete`, `onupdate`, `deferrable`, `initially` of a foreign key.
pub fn fk_options(
    kwargs: &[(String, Value)],
    columns: Vec<String>,
    ref_table: QName,
    ref_columns: Vec<String>,
) -> Result<ForeignKey, String> {
    let kw = |k: &str| kwargs.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v);
    let action = |k: &str| -> Result<Option<FkAction>, String> {
        match kw(k) {
            None | Some(Value::Nil) => Ok(None),
            Some(v) => {
                let s = text_of(v).ok_or_else(|| format!("{k}= is not a string"))?;
                Ok(Some(match s.to_ascii_uppercase().as_str() {
                    "CASCADE" => FkAction::Cascade,
                    "SET NULL" => FkAction::SetNull,
                    "SET DEFAULT" => FkAction::SetDefault,
                    "RESTRICT" => FkAction::Restrict,
                    "NO ACTION" => FkAction::NoAction,
                    other => return Err(format!("unknown {k} action `{other}`")),
                }))
            }
        }
    };
    let deferrable = deferrable(kw);
    Ok(ForeignKey {
        columns,
        ref_table,
        ref_columns,
        on_delete: action("ondelete")?,
        on_update: action("onupdate")?,
        deferrable,
    })
}

/// `deferrable=True[, initially="DEFERRED"]` of a foreign key or unique constraint, read through
/// `kw` (the call's keyword arguments).
pub fn deferrable<'a>(kw: impl Fn(&str) -> Option<&'a Value>) -> Option<Deferrable> {
    match kw("deferrable").and_then(Value::as_bool) {
        Some(true) => Some(match kw("initially").and_then(text_of).map(|s| s.to_ascii_uppercase()) {
            Some(s) if s == "DEFERRED" => Deferrable::Deferred,
            _ => Deferrable::Immediate,
        }),
        _ => None,
    }
}

/// A list of column names (`["a", "b"]`, or one string).
pub fn names(v: &Value) -> Result<Vec<String>, String> {
    match v {
        Value::List(items) => {
            items.iter().map(|i| text_of(i).ok_or_else(|| "a column name that is not a string".to_string())).collect()
        }
        other => text_of(other).map(|s| vec![s]).ok_or_else(|| "column names that are not strings".into()),
    }
}

/// `sa.CheckConstraint("expr", name=…)`.
pub fn check(c: &CallValue) -> Result<Constraint, String> {
    let expr = c.arg(0, "sqltext").and_then(text_of).ok_or("a CheckConstraint whose condition is not SQL text")?;
    Ok(Constraint { name: str_kw(c, "name"), kind: ConstraintKind::Check { expr } })
}

/// A table-level constraint argument of `op.create_table`.
pub fn table_constraint(c: &CallValue) -> Result<Constraint, String> {
    let positional_names = || -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        for a in &c.args {
            out.extend(names(a)?);
        }
        Ok(out)
    };
    let name = str_kw(c, "name");
    let kind = match c.method() {
        "PrimaryKeyConstraint" => ConstraintKind::PrimaryKey { columns: positional_names()? },
        "UniqueConstraint" => ConstraintKind::Unique {
            columns: positional_names()?,
            nulls_not_distinct: c.kw("postgresql_nulls_not_distinct").and_then(Value::as_bool).unwrap_or(false),
            deferrable: deferrable(|k| c.kw(k)),
        },
        "CheckConstraint" => return check(c),
        "ForeignKeyConstraint" => {
            let local = names(c.arg(0, "columns").ok_or("ForeignKeyConstraint without columns")?)?;
            let remote = names(c.arg(1, "refcolumns").ok_or("ForeignKeyConstraint without refcolumns")?)?;
            let mut table = None;
            let mut ref_cols = Vec::new();
            for r in remote {
                let (t, col) = r.rsplit_once('.').ok_or_else(|| format!("refcolumn `{r}` needs table.column"))?;
                table.get_or_insert_with(|| t.to_string());
                ref_cols.push(col.to_string());
            }
            let table = table.ok_or("ForeignKeyConstraint without refcolumns")?;
            ConstraintKind::ForeignKey(fk_options(&c.kwargs, local, qname(&table), ref_cols)?)
        }
        other => return Err(format!("unsupported table argument `{other}`")),
    };
    Ok(Constraint { name, kind })
}

/// Index key parts: strings are columns, `sa.text(…)` expressions, `sa.desc(…)` descending.
pub fn index_parts(values: &[Value]) -> Result<Vec<IndexPart>, String> {
    let mut out = Vec::new();
    for v in values {
        match v {
            Value::List(items) => out.extend(index_parts(items)?),
            Value::Str(s) => out.push(IndexPart::column(s.clone())),
            Value::Call(c) => match c.method() {
                "text" | "literal_column" => {
                    let sql = c.args.first().and_then(Value::as_str).ok_or("an index expression that is not text")?;
                    out.push(IndexPart { key: IndexKey::Expression(sql.to_string()), ..IndexPart::column("") });
                }
                "column" => {
                    out.push(IndexPart::column(c.args.first().and_then(text_of).ok_or("column() without a name")?))
                }
                "desc" | "asc" => {
                    let inner = match (c.receiver(), c.args.first()) {
                        (Some(Value::Call(r)), None) => index_parts(&[Value::Call(r.clone())])?,
                        (_, Some(a)) => index_parts(std::slice::from_ref(a))?,
                        _ => return Err("desc() of nothing".into()),
                    };
                    out.extend(inner.into_iter().map(|p| IndexPart { desc: c.method() == "desc", ..p }));
                }
                other => return Err(format!("unsupported index element `{other}`")),
            },
            _ => return Err("an index element known only at run time".into()),
        }
    }
    Ok(out)
}

/// Build an [`Index`] and its `CONCURRENTLY` flag from the dialect options that apply to `d`
/// (`postgresql_where`, `sqlite_where`, `postgresql_using`, `postgresql_include`,
/// `postgresql_ops`, `mysql_length`, `mysql_prefix`, `postgresql_concurrently`).
pub fn build_index(
    name: Option<String>,
    table: QName,
    mut parts: Vec<IndexPart>,
    unique: bool,
    kwargs: &[(String, Value)],
    d: Option<SqlDialect>,
) -> Result<(Index, bool), String> {
    let prefix = match d {
        None | Some(SqlDialect::Postgres) => "postgresql_",
        Some(SqlDialect::Mysql) => "mysql_",
        Some(SqlDialect::Sqlite) => "sqlite_",
    };
    let kw = |k: &str| kwargs.iter().rev().find(|(n, _)| *n == format!("{prefix}{k}")).map(|(_, v)| v);
    let predicate = match kw("where") {
        Some(v) => Some(text_of(v).ok_or("an index WHERE clause that is not SQL text")?),
        None => None,
    };
    let mut method = kw("using").and_then(text_of);
    if let Some(p) = kw("prefix").and_then(text_of) {
        method = Some(p.to_ascii_lowercase());
    }
    let include = match kw("include") {
        Some(v) => names(v)?,
        None => Vec::new(),
    };
    if let Some(Value::Map(ops)) = kw("ops") {
        for (col, class) in ops {
            if let (Some(col), Some(class)) = (col.as_str(), class.as_str()) {
                for p in parts.iter_mut().filter(|p| p.key == IndexKey::Column(col.to_string())) {
                    p.opclass = Some(class.to_string());
                }
            }
        }
    }
    match kw("length") {
        Some(Value::Number(n)) => {
            for p in &mut parts {
                p.length = n.parse().ok();
            }
        }
        Some(Value::Map(lengths)) => {
            for (col, n) in lengths {
                for p in parts
                    .iter_mut()
                    .filter(|p| Some(&p.key) == col.as_str().map(|c| IndexKey::Column(c.into())).as_ref())
                {
                    p.length = n.as_i64().and_then(|n| u32::try_from(n).ok());
                }
            }
        }
        _ => {}
    }
    let concurrently = kw("concurrently").and_then(Value::as_bool).unwrap_or(false);
    let nulls_not_distinct = kw("nulls_not_distinct").and_then(Value::as_bool).unwrap_or(false);
    Ok((Index { name, table, parts, unique, method, predicate, include, nulls_not_distinct }, concurrently))
}

//! Field operations: `AddField`, `RemoveField`, `AlterField`, `RenameField`,
//! `AlterOrderWithRespectTo`, with the DDL Django's schema editor runs for them
//! (`add_field`, `remove_field`, `_alter_field`).

use super::editor::{Editor, named_after};
use super::fields::read_field;
use super::names::{index_name, inline_unique_name};
use super::ops::Ctx;
use super::state::{Field, Model, ModelKey};
use super::types::column_check;
use crate::host::{CallValue, Value};
use crate::ir::{
    AddColumn, AddConstraint, AlterColumn, Change, Constraint, ConstraintKind, CreateIndex, DefaultExpr, DropColumn,
    DropConstraint, DropIndex, DropTable, QName, RenameColumn, SqlDialect,
};

/// Dispatch one field operation.
pub fn operation(ed: &mut Editor, cx: &Ctx, call: &CallValue) -> Result<(), String> {
    let text = |i: usize, k: &str| {
        call.arg(i, k)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| format!("`{k}` is not a literal string"))
    };
    match call.method() {
        "AlterOrderWithRespectTo" => {
            let key = cx.key(&text(0, "name")?);
            let model = ed.model(&key)?;
            let wanted = call.arg(1, "order_with_respect_to").is_some_and(|v| !v.is_nil());
            let has = model.field("_order").is_some();
            if wanted && !has {
                let mut f = Field::new("_order", "IntegerField");
                f.default = Some(DefaultExpr::Number("0".into()));
                add_field(ed, &key, f)
            } else if !wanted && has {
                remove_field(ed, &key, "_order")
            } else {
                Ok(())
            }
        }
        op => {
            let key = cx.key(&text(0, "model_name")?);
            let name = text(1, if op == "RenameField" { "old_name" } else { "name" })?;
            match op {
                "AddField" => {
                    let f = read_field(&name, call.arg(2, "field").ok_or("AddField without field")?, &cx.resolver())?;
                    add_field(ed, &key, f)
                }
                "RemoveField" => remove_field(ed, &key, &name),
                "AlterField" => {
                    let f = read_field(&name, call.arg(2, "field").ok_or("AlterField without field")?, &cx.resolver())?;
                    alter_field(ed, &key, f)
                }
                "RenameField" => rename_field(ed, &key, &name, &text(2, "new_name")?),
                other => Err(format!("unknown field operation `{other}`")),
            }
        }
    }
}

/// Field classes whose empty value is `""` (Django's temporary default for NOT NULL + blank).
fn empty_strings_allowed(f: &Field) -> bool {
    matches!(
        f.class.as_str(),
        "CharField"
            | "TextField"
            | "EmailField"
            | "SlugField"
            | "URLField"
            | "FileField"
            | "ImageField"
            | "FilePathField"
    )
}

/// The value Django writes into existing rows when adding a NOT NULL column (`effective_default`).
fn effective_default(f: &Field) -> Option<DefaultExpr> {
    if let Some(d) = &f.default {
        return (*d != DefaultExpr::Null).then(|| d.clone());
    }
    if !f.null && f.blank && empty_strings_allowed(f) {
        return Some(DefaultExpr::String(String::new()));
    }
    if f.auto_now {
        return Some(if f.class == "DateField" { DefaultExpr::CurrentDate } else { DefaultExpr::CurrentTimestamp });
    }
    None
}

/// `AddField`: a column (temporary default dropped again), its foreign key, its indexes; or
/// the join table of a ManyToManyField.
pub fn add_field(ed: &mut Editor, key: &ModelKey, f: Field) -> Result<(), String> {
    let mut model = ed.model(key)?;
    model.fields.push(f.clone());
    if let Some(m) = ed.state.get_mut(key) {
        m.fields.push(f.clone());
    }
    if model.unmanaged {
        return Ok(());
    }
    if f.is_m2m() {
        if let Some(through) = ed.through_model(&model, &f)? {
            ed.create_model(&through, Vec::new(), Vec::new())?;
        }
        return Ok(());
    }
    let table = QName::new(&model.table);
    let (mut column, mut constraints) = ed.column(&model.table, &f)?;
    let temp_default = if f.db_default.is_none() { effective_default(&f) } else { None };
    let mysql_blob =
        ed.d == Some(SqlDialect::Mysql) && matches!(f.class.as_str(), "TextField" | "BinaryField" | "JSONField");
    let temp_default = temp_default.filter(|_| !mysql_blob);
    if let Some(d) = &temp_default {
        column.default = Some(d.clone());
    }
    if let Some(fk) = ed.foreign_key(&model.table, &f)? {
        match ed.d.unwrap_or(SqlDialect::Postgres) {
            SqlDialect::Postgres => constraints.push(fk),
            SqlDialect::Mysql => ed.defer(AddConstraint { table: table.clone(), constraint: fk, not_valid: false }),
            SqlDialect::Sqlite => {} // already inline
        }
    }
    let col_name = column.name.clone();
    ed.emit(AddColumn { table: table.clone(), column, constraints, if_not_exists: false });
    if temp_default.is_some() {
        ed.emit(AlterColumn {
            table: table.clone(),
            column: col_name,
            data_type: None,
            using: None,
            nullable: None,
            default: Some(Change::Drop),
            comment: None,
        });
    }
    for index in ed.field_indexes(&model.table, &f)? {
        ed.defer(CreateIndex { index, concurrently: false, if_not_exists: false });
    }
    let literal_db_default =
        f.db_default.as_ref().is_none_or(|d| !matches!(d, DefaultExpr::Sql(_) | DefaultExpr::CurrentTimestamp));
    if f.primary_key || f.unique || !f.null || effective_default(&f).is_some() || !literal_db_default {
        ed.sqlite_remade(key)?;
    }
    Ok(())
}

/// `RemoveField`: MySQL drops the foreign key first; PostgreSQL drops the column `CASCADE`.
pub fn remove_field(ed: &mut Editor, key: &ModelKey, name: &str) -> Result<(), String> {
    let model = ed.model(key)?;
    let f = model.field(name).cloned().ok_or_else(|| format!("{} has no field `{name}`", model.name))?;
    if let Some(m) = ed.state.get_mut(key) {
        m.fields.retain(|x| !x.name.eq_ignore_ascii_case(name));
        for list in [&mut m.unique_together, &mut m.index_together] {
            list.retain(|fs| !fs.iter().any(|x| x.eq_ignore_ascii_case(name)));
        }
    }
    if model.unmanaged {
        return Ok(());
    }
    if f.is_m2m() {
        if let Some(through) = ed.through_model(&model, &f)? {
            ed.emit(DropTable { table: QName::new(through.table), if_exists: false, cascade: true });
        }
        return Ok(());
    }
    let table = QName::new(&model.table);
    if ed.d == Some(SqlDialect::Mysql)
        && let Some(fk) = ed.foreign_key(&model.table, &f)?
    {
        let name = ed.fk_name(&model.table, &f.column(), fk.name.unwrap_or_default());
        ed.emit(DropConstraint { table: table.clone(), name, if_exists: false, cascade: false });
    }
    let cascade = ed.d != Some(SqlDialect::Mysql);
    ed.emit(DropColumn { table, column: f.column(), if_exists: false, cascade });
    if f.primary_key || f.unique || f.db_index || f.remote.as_ref().is_some_and(|r| r.db_constraint) {
        ed.sqlite_remade(key)?;
    }
    Ok(())
}

/// `RenameField`: the column is renamed when it follows the field name.
fn rename_field(ed: &mut Editor, key: &ModelKey, old: &str, new: &str) -> Result<(), String> {
    let model = ed.model(key)?;
    let f = model.field(old).cloned().ok_or_else(|| format!("{} has no field `{old}`", model.name))?;
    let mut renamed = f.clone();
    renamed.name = new.to_string();
    if !model.unmanaged && f.has_column() && f.column() != renamed.column() {
        ed.emit(RenameColumn { table: QName::new(&model.table), from: f.column(), to: renamed.column() });
    }
    if let Some(m) = ed.state.get_mut(key) {
        if let Some(slot) = m.fields.iter_mut().find(|x| x.name.eq_ignore_ascii_case(old)) {
            *slot = renamed;
        }
        for list in [&mut m.unique_together, &mut m.index_together] {
            for fs in list.iter_mut() {
                for x in fs.iter_mut().filter(|x| x.eq_ignore_ascii_case(old)) {
                    *x = new.to_string();
                }
            }
        }
    }
    Ok(())
}

/// `AlterField`: the differences Django's `_alter_field` acts on — column name, foreign key,
/// unique, index, `_like` index, type, nullability, `db_default`, comment.
fn alter_field(ed: &mut Editor, key: &ModelKey, new: Field) -> Result<(), String> {
    let model = ed.model(key)?;
    let old = model.field(&new.name).cloned().ok_or_else(|| format!("{} has no field `{}`", model.name, new.name))?;
    let before_ops = ed.out.len();
    if let Some(m) = ed.state.get_mut(key)
        && let Some(slot) = m.fields.iter_mut().find(|x| x.name.eq_ignore_ascii_case(&new.name))
    {
        *slot = new.clone();
    }
    if model.unmanaged || !old.has_column() || !new.has_column() {
        return Ok(());
    }
    if alter_column(ed, &model, &old, &new)?
        && let Some(m) = ed.state.get_mut(key)
    {
        // Its indexes and constraints are named after the current table from now on.
        m.stale_fields.retain(|f| !f.eq_ignore_ascii_case(&old.name) && !f.eq_ignore_ascii_case(&new.name));
    }
    if ed.out.len() > before_ops || old.column() != new.column() {
        ed.sqlite_remade(key)?;
    }
    Ok(())
}

/// `schema_editor.alter_field`; true when every index and constraint of the old column named
/// after the table was dropped (the new ones are named after the current table).
fn alter_column(ed: &mut Editor, model: &Model, old: &Field, new: &Field) -> Result<bool, String> {
    let d = ed.d.unwrap_or(SqlDialect::Postgres);
    let table = QName::new(&model.table);
    let t = model.table.as_str();
    // The old column's indexes and constraints carry the table name they were made under (Django
    // finds them by column in the database; a RenameModel does not rename them).
    let base = named_after(model, std::slice::from_ref(&old.name)).to_string();
    let mut all_dropped = true;
    let (old_col, new_col) = (old.column(), new.column());
    let (old_ty, new_ty) = (ed.field_type(old)?, ed.field_type(new)?);
    let old_fk = ed.foreign_key(t, old)?;
    let new_fk = ed.foreign_key(t, new)?;
    let fk_changed = old_fk.as_ref().map(fk_target) != new_fk.as_ref().map(fk_target) || old_ty != new_ty;
    let new_indexes = ed.field_indexes(t, new)?;
    // SQLite remakes the table: a key that stays a key (to another target) is re-created with it,
    // one that goes (a plain column now) must leave the state too.
    if let Some(fk) = &old_fk
        && fk_changed
        && (d != SqlDialect::Sqlite || new_fk.is_none())
    {
        let name = ed.fk_name(t, &old_col, fk.name.clone().unwrap_or_default());
        ed.emit(DropConstraint { table: table.clone(), name: name.clone(), if_exists: false, cascade: false });
        // MySQL made an index for the key under its name (not in polymig's state, which leaves
        // it to the key); Django drops it when the new field has no index of its own.
        if d == SqlDialect::Mysql && old.db_index && new_indexes.is_empty() {
            let sp = crate::export::sql::Spelling::of(d);
            let sql = format!("ALTER TABLE {} DROP INDEX {}", sp.quote(t), sp.quote(&name));
            ed.emit(crate::ir::RawSql { sql, down: None, dialect: Some(d), no_transaction: false });
        }
    }
    // CHECK removed or changed (positive integers, SQLite JSON)
    let old_check = column_check(old, &old_col, ed.d);
    let new_check = column_check(new, &new_col, ed.d);
    if old_check.is_some() && old_check != new_check && d != SqlDialect::Sqlite {
        let name = match d {
            SqlDialect::Mysql => old_col.clone(),
            _ => format!("{base}_{old_col}_check"),
        };
        ed.emit(DropConstraint { table: table.clone(), name, if_exists: false, cascade: false });
    } else if old_check.is_some() {
        all_dropped = false;
    }
    // unique removed
    if old.unique && !old.primary_key && (!new.unique || new.primary_key) {
        ed.emit(DropConstraint {
            table: table.clone(),
            name: inline_unique_name(&base, &old_col, ed.d),
            if_exists: false,
            cascade: false,
        });
    } else if old.unique && !old.primary_key {
        all_dropped = false;
    }
    // indexes removed (plain and _like)
    let old_indexes = ed.field_indexes(&base, old)?;
    let shape = |i: &crate::ir::Index| (i.parts.clone(), i.name.as_deref().is_some_and(|n| n.ends_with("_like")));
    for i in &old_indexes {
        let keep = new_indexes.iter().any(|n| shape(n) == shape(i)) && old_col == new_col;
        all_dropped &= !keep;
        if !keep {
            let name = i.name.clone().unwrap_or_default();
            ed.emit(DropIndex {
                name: QName::new(name),
                table: Some(table.clone()),
                if_exists: false,
                concurrently: false,
            });
        }
    }
    if old_col != new_col {
        ed.emit(RenameColumn { table: table.clone(), from: old_col.clone(), to: new_col.clone() });
    }
    let nullable = (old.null != new.null && !new.primary_key).then_some(new.null);
    let default = match (&old.db_default, &new.db_default) {
        (a, b) if a == b => None,
        (_, Some(v)) => Some(Change::Set(v.clone())),
        (Some(_), None) => Some(Change::Drop),
        (None, None) => None,
    };
    let comment = match (&old.db_comment, &new.db_comment) {
        (a, b) if a == b || d == SqlDialect::Sqlite => None,
        (_, Some(c)) => Some(Change::Set(c.clone())),
        (Some(_), None) => Some(Change::Drop),
        (None, None) => None,
    };
    let data_type = (old_ty != new_ty).then(|| new_ty.clone());
    if data_type.is_some() || nullable.is_some() || default.is_some() || comment.is_some() {
        ed.emit(AlterColumn {
            table: table.clone(),
            column: new_col.clone(),
            data_type,
            using: None,
            nullable,
            default,
            comment,
        });
    }
    // unique added
    if new.unique && !new.primary_key && (!old.unique || old.primary_key) {
        let name = index_name(t, &[&new_col], "_uniq", ed.d);
        ed.emit(AddConstraint {
            table: table.clone(),
            constraint: Constraint {
                name: Some(name),
                kind: ConstraintKind::Unique {
                    columns: vec![new_col.clone()],
                    nulls_not_distinct: false,
                    deferrable: None,
                },
            },
            not_valid: false,
        });
    }
    for i in &new_indexes {
        if !old_indexes.iter().any(|o| shape(o) == shape(i)) || old_col != new_col {
            ed.emit(CreateIndex { index: i.clone(), concurrently: false, if_not_exists: false });
        }
    }
    if let Some(expr) = new_check.filter(|c| Some(c) != old_check.as_ref()) {
        let name = index_name(t, &[&new_col], "_check", ed.d);
        ed.emit(AddConstraint {
            table: table.clone(),
            constraint: Constraint { name: Some(name), kind: ConstraintKind::Check { expr } },
            not_valid: false,
        });
    }
    if let Some(fk) = new_fk
        && fk_changed
        && d != SqlDialect::Sqlite
    {
        ed.emit(AddConstraint { table, constraint: fk, not_valid: false });
    }
    Ok(all_dropped)
}

fn fk_target(c: &Constraint) -> (String, Vec<String>) {
    match &c.kind {
        ConstraintKind::ForeignKey(fk) => (fk.ref_table.key(), fk.ref_columns.clone()),
        _ => (String::new(), Vec::new()),
    }
}

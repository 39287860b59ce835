//! `RenameModel` and `AlterModelTable`, as Django's operations run them:
//!
//! * `RenameModel` renames the table (unless `db_table` is set), then alters every field that
//!   points at the model (`_meta.related_objects`: foreign keys without `related_name="…+"`, and
//!   many-to-many fields) and finally its own many-to-many fields. A foreign key gets its
//!   constraint dropped and re-added under the name of the new target table; an auto-created
//!   join table is renamed when its name follows the model's table (`<app>_<model>_<field>`)
//!   and its `<model>_id` column (`from_<model>_id`/`to_<model>_id` when self-referential) is
//!   renamed with its foreign key re-created. Index and unique names are not touched on
//!   PostgreSQL and MariaDB; on SQLite every altered table is remade, so its indexes take the
//!   names of the current table and columns.
//! * `AlterModelTable` renames the table and the auto-created join tables named after it.

use super::editor::Editor;
use super::ops::Ctx;
use super::state::{Field, Model, ModelKey, State};
use crate::ir::{
    AddConstraint, CreateIndex, DropConstraint, DropIndex, Index, QName, RenameColumn, RenameTable, SqlDialect,
};

/// `RenameModel(old_name, new_name)`.
pub fn rename_model(ed: &mut Editor, cx: &Ctx, old: &str, new: &str) -> Result<(), String> {
    let (old_key, new_key) = (cx.key(old), cx.key(new));
    let before = ed.state.clone();
    let old_model = before.get(&old_key).cloned().ok_or_else(|| format!("model {old} is not in the state"))?;
    let mut model = old_model.clone();
    model.name = new.to_string();
    if !model.explicit_table {
        model.table = format!("{}_{}", cx.app, new_key.1);
        if model.index_table.is_none() {
            model.index_table = Some(old_model.table.clone());
            model.stale_fields = model.fields.iter().map(|f| f.name.clone()).collect();
        }
    }
    ed.state.models.remove(&old_key);
    ed.state.models.insert(new_key.clone(), model.clone());
    for m in ed.state.models.values_mut() {
        for r in m.fields.iter_mut().filter_map(|f| f.remote.as_mut()) {
            if r.model == old_key {
                r.model = new_key.clone();
            }
            if r.through.as_ref() == Some(&old_key) {
                r.through = Some(new_key.clone());
            }
        }
    }
    if old_model.unmanaged {
        return Ok(()); // `allow_migrate_model` is false: no DDL at all
    }
    if model.table != old_model.table {
        ed.emit(RenameTable { from: QName::new(&old_model.table), to: QName::new(&model.table) });
    }
    // the fields pointing to the model
    for (key, m) in before.models.iter().filter(|(_, m)| !m.unmanaged) {
        for f in &m.fields {
            let Some(r) = f.remote.as_ref().filter(|r| r.model == old_key) else { continue };
            let now = if *key == old_key { new_key.clone() } else { key.clone() };
            if f.is_m2m() {
                if r.through.is_none() {
                    join_table(ed, &before, (m, &now), &f.name)?;
                }
            } else if !r.hidden {
                foreign_key(ed, &before, (m, &now), f)?;
            }
        }
    }
    // its own many-to-many fields (self-referential ones were done above)
    for f in old_model.fields.iter().filter(|f| f.is_m2m()) {
        if f.remote.as_ref().is_some_and(|r| r.through.is_none() && r.model != old_key) {
            join_table(ed, &before, (&old_model, &new_key), &f.name)?;
        }
    }
    Ok(())
}

/// `AlterModelTable(name, table)`: the table and the join tables named after it.
pub fn alter_model_table(ed: &mut Editor, key: &ModelKey, table: String, explicit: bool) -> Result<(), String> {
    let mut before = ed.state.clone();
    let model = ed.model(key)?;
    if table != model.table && !model.unmanaged {
        ed.emit(RenameTable { from: QName::new(&model.table), to: QName::new(&table) });
    }
    let m = ed.state.get_mut(key).ok_or("model vanished")?;
    if m.table != table && m.index_table.is_none() {
        m.index_table = Some(m.table.clone());
        m.stale_fields = m.fields.iter().map(|f| f.name.clone()).collect();
    }
    m.table = table;
    m.explicit_table = explicit;
    if model.unmanaged {
        return Ok(());
    }
    let now = ed.model(key)?;
    for f in now.fields.iter().filter(|f| f.is_m2m()) {
        let (Some(old), Some(new)) =
            (old_editor(ed, &mut before).through_model(&model, f)?, ed.through_model(&now, f)?)
        else {
            continue;
        };
        if old.table != new.table {
            ed.emit(RenameTable { from: QName::new(old.table), to: QName::new(new.table) });
        }
    }
    Ok(())
}

/// An editor over the state before the operation (to build the old join tables).
fn old_editor<'s>(ed: &Editor, before: &'s mut State) -> Editor<'s> {
    Editor {
        d: ed.d,
        state: before,
        out: Vec::new(),
        deferred: Vec::new(),
        span: ed.span.clone(),
        default_auto_field: ed.default_auto_field.clone(),
        notes: Vec::new(),
    }
}

/// `schema_editor.alter_field` of a foreign key whose target was renamed: on PostgreSQL and
/// MariaDB the constraint is dropped and added under its new name; SQLite remakes the table.
fn foreign_key(ed: &mut Editor, before: &State, (old, now): (&Model, &ModelKey), f: &Field) -> Result<(), String> {
    let model = ed.model(now)?;
    let new_field = model.field(&f.name).cloned().ok_or("field vanished")?;
    if ed.d == Some(SqlDialect::Sqlite) {
        return ed.sqlite_remade(now);
    }
    let mut before = before.clone();
    let old_fk = old_editor(ed, &mut before).foreign_key(&old.table, f)?;
    let new_fk = ed.foreign_key(&model.table, &new_field)?;
    let (Some(old_fk), Some(new_fk)) = (old_fk, new_fk) else { return Ok(()) };
    let old_name = ed.fk_name(&model.table, &f.column(), old_fk.name.unwrap_or_default());
    if Some(&old_name) == new_fk.name.as_ref() {
        return Ok(());
    }
    let table = QName::new(&model.table);
    ed.emit(DropConstraint { table: table.clone(), name: old_name, if_exists: false, cascade: false });
    ed.emit(AddConstraint { table, constraint: new_fk, not_valid: false });
    Ok(())
}

/// `_alter_many_to_many`: the auto-created join table of `field` on `owner` follows the
/// renamed model — the table renamed when its name changes, then the column pointing at the
/// target and the one pointing at the owner renamed (foreign key dropped and re-added).
fn join_table(ed: &mut Editor, before: &State, (old, now): (&Model, &ModelKey), field: &str) -> Result<(), String> {
    let mut before = before.clone();
    let old_editor = old_editor(ed, &mut before);
    let old_field = old.field(field).ok_or("field vanished")?;
    let Some(old_join) = old_editor.through_model(old, old_field)? else { return Ok(()) };
    let old_targets: Vec<String> = old_join
        .fields
        .iter()
        .map(|f| f.remote.as_ref().map(|r| old_editor.model(&r.model).map(|m| m.table)).transpose())
        .map(|t| t.map(Option::unwrap_or_default))
        .collect::<Result<_, _>>()?;
    let owner = ed.model(now)?;
    let new_field = owner.field(field).cloned().ok_or("field vanished")?;
    let Some(join) = ed.through_model(&owner, &new_field)? else { return Ok(()) };
    if old_join.table != join.table {
        ed.emit(RenameTable { from: QName::new(&old_join.table), to: QName::new(&join.table) });
    }
    let sqlite = ed.d == Some(SqlDialect::Sqlite);
    let table = QName::new(&join.table);
    // the reverse field (to the target) first, then the field to the owner
    for i in [2, 1] {
        let (was, is) = (&old_join.fields[i], &join.fields[i]);
        let target = is.remote.as_ref().map(|r| ed.model(&r.model).map(|m| m.table)).transpose()?;
        if was.column() == is.column() && Some(&old_targets[i]) == target.as_ref() {
            continue;
        }
        if !sqlite && let Some(fk) = old_editor.foreign_key(&old_join.table, was)? {
            let name = ed.fk_name(&join.table, &was.column(), fk.name.unwrap_or_default());
            ed.emit(DropConstraint { table: table.clone(), name, if_exists: false, cascade: false });
        }
        if was.column() != is.column() {
            ed.emit(RenameColumn { table: table.clone(), from: was.column(), to: is.column() });
        }
        if !sqlite && let Some(fk) = ed.foreign_key(&join.table, is)? {
            ed.emit(AddConstraint { table: table.clone(), constraint: fk, not_valid: false });
        }
    }
    if sqlite {
        // Django builds a new join table (or remakes it): indexes named after it
        let (gone, fresh) = (join_indexes(&old_editor, &old_join)?, join_indexes(ed, &join)?);
        for i in gone.iter().filter(|i| !fresh.contains(i)) {
            let name = QName::new(i.name.clone().unwrap_or_default());
            ed.emit(DropIndex { name, table: Some(table.clone()), if_exists: false, concurrently: false });
        }
        for index in fresh.into_iter().filter(|i| !gone.contains(i)) {
            ed.emit(CreateIndex { index, concurrently: false, if_not_exists: false });
        }
    }
    Ok(())
}

/// A join table's indexes on SQLite: the unique pair, then one per foreign-key column.
fn join_indexes(ed: &Editor, join: &Model) -> Result<Vec<Index>, String> {
    let mut out = Vec::new();
    for fields in &join.unique_together {
        if let crate::ir::Operation::CreateIndex(ci) = ed.unique_together(join, fields)? {
            out.push(ci.index);
        }
    }
    for f in &join.fields {
        out.extend(ed.field_indexes(&join.table, f)?);
    }
    Ok(out)
}

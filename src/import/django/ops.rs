//! `migrations.<Operation>(...)` → IR, keeping the project state ([`State`]) in step:
//! the model operations (CreateModel, DeleteModel, RenameModel, AlterModelTable, options, …),
//! indexes and constraints, RunSQL / RunPython, SeparateDatabaseAndState. Field operations are
//! in [`super::field_ops`]. Whatever cannot be translated becomes Opaque with its source.

use super::editor::Editor;
use super::field_ops;
use super::fields::{Resolver, read_field};
use super::meta::{self, Item, strings};
use super::rename;
use super::state::{Created, Model, ModelKey, Named};
use crate::host::{CallValue, Module, Value};
use crate::ir::{
    AddConstraint, Comment, CommentTarget, CreateIndex, DropConstraint, DropIndex, DropTable, Op, Operation, QName,
    RawSql, RenameIndex, SqlDialect,
};

/// What the operations need besides the editor.
pub struct Ctx<'a> {
    /// The app of the migration.
    pub app: &'a str,
    /// Swappable settings (`AUTH_USER_MODEL` → `auth.User`).
    pub swappable: &'a [(String, String)],
    /// Third-party field classes → built-in ones.
    pub field_map: &'a [(String, String)],
    /// The module (for verbatim source of functions).
    pub module: &'a Module,
}

impl Ctx<'_> {
    /// Resolve model references of this app.
    pub fn resolver(&self) -> Resolver<'_> {
        Resolver { app: self.app, swappable: self.swappable, field_map: self.field_map }
    }

    /// `name` (a model name of this app) → its key.
    pub fn key(&self, name: &str) -> ModelKey {
        (self.app.to_string(), name.to_ascii_lowercase())
    }
}

/// Import one operation; `Err` carries the reason it becomes Opaque.
pub fn operation(ed: &mut Editor, cx: &Ctx, v: &Value) -> Result<(), String> {
    let call = v.as_call().ok_or("the operation is not a call")?;
    let text = |i: usize, k: &str| call.arg(i, k).and_then(Value::as_str).map(str::to_string);
    let need = |i: usize, k: &str| text(i, k).ok_or_else(|| format!("`{k}` is not a literal string"));
    match call.method() {
        "CreateModel" => create_model(ed, cx, call),
        "DeleteModel" => {
            let key = cx.key(&need(0, "name")?);
            let model = ed.model(&key)?;
            if !model.unmanaged {
                for f in model.fields.iter().filter(|f| f.is_m2m()) {
                    if let Some(t) = ed.through_model(&model, f)? {
                        ed.emit(DropTable { table: QName::new(t.table), if_exists: false, cascade: true });
                    }
                }
                ed.emit(DropTable { table: QName::new(&model.table), if_exists: false, cascade: true });
            }
            ed.state.models.remove(&key);
            Ok(())
        }
        "RenameModel" => rename::rename_model(ed, cx, &need(0, "old_name")?, &need(1, "new_name")?),
        "AlterModelTable" => {
            let key = cx.key(&need(0, "name")?);
            let new = text(1, "table").unwrap_or_else(|| format!("{}_{}", cx.app, key.1));
            rename::alter_model_table(ed, &key, new, call.arg(1, "table").is_some_and(|t| !t.is_nil()))
        }
        "AlterModelTableComment" => {
            let key = cx.key(&need(0, "name")?);
            let model = ed.model(&key)?;
            if !model.unmanaged && ed.d != Some(crate::ir::SqlDialect::Sqlite) {
                let comment = text(1, "table_comment").filter(|c| !c.is_empty());
                ed.emit(Comment { target: CommentTarget::Table { table: QName::new(&model.table) }, text: comment });
            }
            Ok(())
        }
        "AlterModelOptions" | "AlterModelManagers" => {
            // state only; managed/proxy changes are taken into account
            let key = cx.key(&need(0, "name")?);
            if let Some(opts) = call.arg(1, "options")
                && let Some(m) = ed.state.get_mut(&key)
                && let Some(managed) = map_get(opts, "managed").and_then(Value::as_bool)
            {
                m.unmanaged = !managed;
            }
            Ok(())
        }
        "AlterUniqueTogether" | "AlterIndexTogether" => together(ed, cx, call),
        "AddIndex" => {
            let key = cx.key(&need(0, "model_name")?);
            let model = ed.model(&key)?;
            let value = call.arg(1, "index").ok_or("AddIndex without index")?;
            let item = meta::index(ed, &model, value)?;
            remember(ed, &key, value, &item);
            if !model.unmanaged {
                add_item(ed, &key, item)?;
            }
            Ok(())
        }
        "RemoveIndex" => {
            let key = cx.key(&need(0, "model_name")?);
            let model = ed.model(&key)?;
            let name = need(1, "name")?;
            let known = forget(ed, &key, &name);
            if let Some(Created::Nothing { .. }) = known.as_ref().map(|n| n.created) {
                return Ok(());
            }
            if !model.unmanaged {
                if let Some(n) = &known {
                    ed.missing_fk_index(&model, &n.fields)?;
                }
                ed.emit(DropIndex {
                    name: QName::new(name),
                    table: Some(QName::new(&model.table)),
                    if_exists: false,
                    concurrently: false,
                });
            }
            Ok(())
        }
        "RenameIndex" => {
            let key = cx.key(&need(0, "model_name")?);
            let model = ed.model(&key)?;
            let new = need(1, "new_name")?;
            let old = match text(2, "old_name") {
                Some(o) => o,
                None => {
                    // Django looks the index up by its columns in the database: one named by an
                    // earlier AddIndex on those fields, else the index_together one.
                    let fields = strings(call.kw("old_fields"));
                    match model.named.iter().find(|n| n.created == super::state::Created::Index && n.fields == fields) {
                        Some(n) => n.name.clone(),
                        None => ed.existing_index_together(&model, &fields)?.name.unwrap_or_default(),
                    }
                }
            };
            if let Some(m) = ed.state.get_mut(&key)
                && let Some(n) = m.named.iter_mut().find(|n| n.name == old)
            {
                n.name = new.clone();
            }
            if !model.unmanaged && old != new {
                ed.emit(RenameIndex { table: Some(QName::new(&model.table)), from: old, to: new });
            }
            Ok(())
        }
        "AddConstraint" => {
            let key = cx.key(&need(0, "model_name")?);
            let model = ed.model(&key)?;
            let value = call.arg(1, "constraint").ok_or("AddConstraint without constraint")?;
            let item = meta::constraint(ed, &model, value)?;
            remember(ed, &key, value, &item);
            if !model.unmanaged {
                add_item(ed, &key, item)?;
            }
            Ok(())
        }
        "RemoveConstraint" => {
            let key = cx.key(&need(0, "model_name")?);
            let model = ed.model(&key)?;
            let name = need(1, "name")?;
            let known = forget(ed, &key, &name);
            if !model.unmanaged {
                let table = QName::new(&model.table);
                match known {
                    Some(Named { created: Created::Nothing { remakes }, .. }) => {
                        if remakes {
                            ed.sqlite_remade(&key)?;
                        }
                    }
                    Some(n) if n.created == Created::Index => ed.emit(DropIndex {
                        name: QName::new(name),
                        table: Some(table),
                        if_exists: false,
                        concurrently: false,
                    }),
                    other => {
                        if let Some(n) = &other {
                            ed.missing_fk_index(&model, &n.fields)?;
                        }
                        ed.emit(DropConstraint { table, name, if_exists: false, cascade: false });
                        ed.sqlite_remade(&key)?;
                    }
                }
            }
            Ok(())
        }
        "RunSQL" => run_sql(ed, call),
        "RunPython" => run_python(cx, call),
        "SeparateDatabaseAndState" => {
            let db_ops = call.arg(0, "database_operations").and_then(Value::as_list).unwrap_or(&[]).to_vec();
            let state_ops = call.arg(1, "state_operations").and_then(Value::as_list).unwrap_or(&[]).to_vec();
            let mut db_state = ed.state.clone();
            let mut db_ed = Editor {
                d: ed.d,
                state: &mut db_state,
                out: Vec::new(),
                deferred: Vec::new(),
                span: ed.span.clone(),
                default_auto_field: ed.default_auto_field.clone(),
                notes: Vec::new(),
            };
            for op in &db_ops {
                operation(&mut db_ed, cx, op)?;
            }
            let (out, deferred) = (db_ed.out, db_ed.deferred);
            ed.notes.extend(db_ed.notes);
            let out: Vec<Op> = out.into_iter().flat_map(|op| typed_sql(op, ed.d)).collect();
            // the foreign-key names follow the database half only
            let mut fk_names = super::state::State { fk_names: ed.state.fk_names.clone(), ..Default::default() };
            for op in out.iter().chain(&deferred) {
                fk_names.track(&op.kind);
            }
            ed.out.extend(out);
            ed.deferred.extend(deferred);
            let mut st_ed = Editor {
                d: ed.d,
                state: ed.state,
                out: Vec::new(),
                deferred: Vec::new(),
                span: ed.span.clone(),
                default_auto_field: ed.default_auto_field.clone(),
                notes: Vec::new(),
            };
            for op in &state_ops {
                operation(&mut st_ed, cx, op)?;
            }
            ed.state.fk_names = fk_names.fk_names;
            Ok(())
        }
        "AddField" | "RemoveField" | "AlterField" | "RenameField" | "AlterOrderWithRespectTo" => {
            field_ops::operation(ed, cx, call)
        }
        other => Err(format!("unknown operation `{other}`")),
    }
}

/// `CreateModel(name, fields, options, bases, managers)`.
fn create_model(ed: &mut Editor, cx: &Ctx, call: &CallValue) -> Result<(), String> {
    let name = call.arg(0, "name").and_then(Value::as_str).ok_or("CreateModel `name` is not a literal")?;
    let fields_v =
        call.arg(1, "fields").and_then(Value::as_list).ok_or("CreateModel `fields` is not a literal list")?;
    let opts = call.arg(2, "options").cloned().unwrap_or(Value::Map(Vec::new()));
    let mut fields = Vec::new();
    for pair in fields_v {
        let [n, f] = pair.as_list().ok_or("a field is not a (name, field) pair")? else {
            return Err("a field is not a (name, field) pair".into());
        };
        let n = n.as_str().ok_or("a field name is not a literal")?;
        fields.push(read_field(n, f, &cx.resolver())?);
    }
    let key = cx.key(name);
    let proxy = map_get(&opts, "proxy").and_then(Value::as_bool) == Some(true);
    let managed = map_get(&opts, "managed").and_then(Value::as_bool) != Some(false);
    if !fields.iter().any(|f| f.primary_key) && !proxy {
        let mut id = super::state::Field::new("id", &ed.default_auto_field);
        id.primary_key = true;
        id.unique = true;
        fields.insert(0, id);
    }
    let table = map_get(&opts, "db_table").and_then(Value::as_str).map(str::to_string);
    let mut model = Model {
        name: name.to_string(),
        table: table.clone().unwrap_or_else(|| format!("{}_{}", cx.app, key.1)),
        fields,
        unmanaged: proxy || !managed,
        unique_together: together_list(map_get(&opts, "unique_together")),
        index_together: together_list(map_get(&opts, "index_together")),
        explicit_table: table.is_some(),
        named: Vec::new(),
        index_table: None,
        stale_fields: Vec::new(),
    };
    if proxy {
        // a proxy shares its concrete parent's table
        model.fields.clear();
    }
    ed.state.models.insert(key.clone(), model.clone());
    let mut extra = Vec::new();
    let mut indexes = Vec::new();
    let mut meta_indexes = Vec::new();
    let constraints = map_get(&opts, "constraints").and_then(Value::as_list).unwrap_or(&[]);
    let index_values = map_get(&opts, "indexes").and_then(Value::as_list).unwrap_or(&[]);
    for (c, is_index) in constraints.iter().map(|c| (c, false)).chain(index_values.iter().map(|i| (i, true))) {
        let item = if is_index { meta::index(ed, &model, c)? } else { meta::constraint(ed, &model, c)? };
        remember(ed, &key, c, &item);
        match item {
            Item::Constraint(k) => extra.push(k),
            Item::Index(i) if is_index => meta_indexes.push(i),
            Item::Index(i) => indexes.push(i),
            Item::Skipped { why, .. } if !model.unmanaged => ed.note("django-backend-skips", why),
            Item::Skipped { .. } => {}
        }
    }
    meta_indexes.extend(indexes);
    ed.create_model(&model, extra, meta_indexes)?;
    if !model.unmanaged
        && let Some(comment) = map_get(&opts, "db_table_comment").and_then(Value::as_str)
        && ed.d != Some(crate::ir::SqlDialect::Sqlite)
    {
        ed.emit(Comment {
            target: CommentTarget::Table { table: QName::new(&model.table) },
            text: Some(comment.to_string()),
        });
    }
    Ok(())
}

/// `AlterUniqueTogether(name, unique_together)` / `AlterIndexTogether(name, index_together)`.
fn together(ed: &mut Editor, cx: &Ctx, call: &CallValue) -> Result<(), String> {
    let unique = call.method() == "AlterUniqueTogether";
    let name = call.arg(0, "name").and_then(Value::as_str).ok_or("`name` is not a literal")?;
    let key = cx.key(name);
    let model = ed.model(&key)?;
    let new = together_list(call.arg(1, if unique { "unique_together" } else { "index_together" }));
    let old = if unique { model.unique_together.clone() } else { model.index_together.clone() };
    if !model.unmanaged {
        for gone in old.iter().filter(|o| !new.contains(o)) {
            if unique {
                ed.drop_unique_together(&model, gone)?;
            } else {
                ed.missing_fk_index(&model, gone)?;
                let i = ed.existing_index_together(&model, gone)?;
                ed.emit(DropIndex {
                    name: QName::new(i.name.unwrap_or_default()),
                    table: Some(i.table),
                    if_exists: false,
                    concurrently: false,
                });
            }
        }
        for added in new.iter().filter(|n| !old.contains(n)) {
            if unique {
                let c = ed.unique_together(&model, added)?;
                ed.emit(c);
            } else {
                let index = ed.index_together(&model, added)?;
                ed.emit(CreateIndex { index, concurrently: false, if_not_exists: false });
            }
        }
    }
    let m = ed.state.get_mut(&key).ok_or("model vanished")?;
    if unique {
        m.unique_together = new;
    } else {
        m.index_together = new;
    }
    Ok(())
}

/// Record a named index or constraint of `key` (its `fields=`, for MySQL's missing FK index).
fn remember(ed: &mut Editor, key: &ModelKey, v: &Value, item: &Item) {
    let call = v.as_call();
    let name = call.and_then(|c| c.kw("name")).and_then(Value::as_str).unwrap_or_default().to_string();
    let fields = call
        .map(|c| strings(c.kw("fields")).into_iter().map(|f| f.trim_start_matches('-').to_string()).collect())
        .unwrap_or_default();
    let created = match item {
        Item::Constraint(_) => Created::Constraint,
        Item::Index(_) => Created::Index,
        Item::Skipped { remakes, .. } => Created::Nothing { remakes: *remakes },
    };
    if let Some(m) = ed.state.get_mut(key) {
        m.named.push(Named { name, fields, created });
    }
}

/// The DDL of an `AddIndex` / `AddConstraint` on a managed model.
fn add_item(ed: &mut Editor, key: &ModelKey, item: Item) -> Result<(), String> {
    match item {
        Item::Constraint(c) => {
            let table = QName::new(&ed.model(key)?.table);
            ed.emit(AddConstraint { table, constraint: c, not_valid: false });
            ed.sqlite_remade(key)
        }
        Item::Index(index) => {
            ed.emit(CreateIndex { index, concurrently: false, if_not_exists: false });
            Ok(())
        }
        Item::Skipped { why, remakes } => {
            ed.note("django-backend-skips", why);
            if remakes { ed.sqlite_remade(key) } else { Ok(()) }
        }
    }
}

/// Remove the named index or constraint `name` of `key` from the state, returning it.
fn forget(ed: &mut Editor, key: &ModelKey, name: &str) -> Option<Named> {
    let m = ed.state.get_mut(key)?;
    let at = m.named.iter().position(|n| n.name == name)?;
    Some(m.named.remove(at))
}

/// `{("a", "b"), …}` / `[["a", "b"]]` / `("a", "b")` → list of field-name lists.
pub fn together_list(v: Option<&Value>) -> Vec<Vec<String>> {
    let Some(items) = v.and_then(Value::as_list) else { return Vec::new() };
    if items.iter().all(|i| i.as_str().is_some()) && !items.is_empty() {
        return vec![items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect()];
    }
    items.iter().map(|i| strings(Some(i))).filter(|l| !l.is_empty()).collect()
}

/// The value of `key` in a literal dict.
pub fn map_get<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    match v {
        Value::Map(pairs) => pairs.iter().rev().find(|(k, _)| k.as_str() == Some(key)).map(|(_, v)| v),
        _ => None,
    }
}

/// True for `migrations.RunSQL.noop` / `migrations.RunPython.noop`.
fn is_noop(v: &Value) -> bool {
    v.path().is_some_and(|p| p.ends_with(".noop") || p == "noop")
}

/// `RunSQL(sql, reverse_sql=None)`: a string, a list of strings, or `(sql, params)` tuples.
fn run_sql(ed: &mut Editor, call: &CallValue) -> Result<(), String> {
    let sql = call.arg(0, "sql").ok_or("RunSQL without sql")?;
    if is_noop(sql) {
        return Ok(());
    }
    let forward = sql_text(sql)?;
    let down = match call.arg(1, "reverse_sql") {
        None | Some(Value::Nil) => None,
        Some(v) if is_noop(v) => Some(String::new()),
        Some(v) => Some(sql_text(v)?),
    };
    ed.emit(RawSql { sql: forward, down, dialect: ed.d, no_transaction: false });
    Ok(())
}

/// The database half of `SeparateDatabaseAndState` often spells, in SQL, a change the state half
/// describes as a field (polymig's own Django export does this for types Django lacks, and puts
/// every reversible `RunSQL` of its own SQL there, with or without state operations): when
/// the SQL of such a `RunSQL` reads entirely as schema operations, those operations, so the
/// schema replay knows the column or table; otherwise the raw SQL as it was. Only a `RunSQL`
/// with a `reverse_sql`: without one Django refuses to reverse it, which typed operations would
/// not say.
fn typed_sql(op: Op, d: Option<SqlDialect>) -> Vec<Op> {
    let Operation::Sql(raw) = &op.kind else { return vec![op] };
    if raw.down.as_deref().is_none_or(|down| down.trim().is_empty()) {
        return vec![op];
    }
    let dialect = raw.dialect.or(d).unwrap_or(SqlDialect::Postgres);
    let (ops, diags) = crate::import::sql::parse_script(&raw.sql, &op.span.file, dialect);
    let typed = !ops.is_empty()
        && diags.iter().all(|x| !x.is_error())
        && ops.iter().all(|o| !matches!(o.kind, Operation::Sql(_) | Operation::Opaque(_)));
    if !typed {
        return vec![op];
    }
    ops.into_iter().map(|o| Op { span: op.span.clone(), ..o }).collect()
}

fn sql_text(v: &Value) -> Result<String, String> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        Value::List(items) => {
            let mut parts = Vec::new();
            for i in items {
                match i {
                    Value::Str(s) => parts.push(s.trim().trim_end_matches(';').to_string()),
                    Value::List(pair) if pair.len() == 2 && pair[1].as_list().is_some_and(|p| p.is_empty()) => {
                        parts.push(pair[0].as_str().ok_or("RunSQL statement is not a string")?.to_string())
                    }
                    _ => {
                        return Err(
                            "RunSQL with parameters is not translated (values are never pasted into SQL)".into()
                        );
                    }
                }
            }
            Ok(parts.iter().map(|p| format!("{p};")).collect::<Vec<_>>().join("\n"))
        }
        other => Err(other.unknown_reason().unwrap_or("RunSQL sql is not a literal string").to_string()),
    }
}

/// `RunPython(code, reverse_code)`: `RunPython.noop` is nothing; any other code is Opaque.
fn run_python(cx: &Ctx, call: &CallValue) -> Result<(), String> {
    let code = call.arg(0, "code").ok_or("RunPython without code")?;
    if is_noop(code) {
        return Ok(());
    }
    let name = match code {
        Value::Function(f, _) => {
            let src = cx.module.text(&f.range);
            return Err(format!(
                "RunPython runs Python code (`{}`):\n{src}",
                if f.name.is_empty() { "lambda" } else { &f.name }
            ));
        }
        other => other.path().unwrap_or_else(|| "<code>".into()),
    };
    Err(format!("RunPython runs Python code (`{name}`)"))
}

//! The views helper (the `scenic` gem): `create_view :active_users, version: 2`
//! reads `db/views/active_users_v02.sql`; `sql_definition: <<~SQL … SQL` gives the
//! query inline; `update_view`/`replace_view` and `drop_view` (`materialized: true`).

use std::path::Path;

use super::column::{flag, kw, name_of};
use super::ops::Ctx;
use crate::host::{CallValue, Value};
use crate::ir::{CreateView, DropView, Op, QName};

/// `db/views/<name>_v<NN>.sql` next to the migration's `db/migrate`.
fn definition(ctx: &Ctx, name: &str, version: i64) -> Result<String, String> {
    let migrate = Path::new(ctx.file).parent().unwrap_or(Path::new("."));
    let file = format!("{name}_v{version:02}.sql");
    let candidates = [migrate.join("../views").join(&file), migrate.join("views").join(&file)];
    for c in &candidates {
        if let Ok(text) = std::fs::read_to_string(c) {
            return Ok(text.trim().trim_end_matches(';').trim().to_string());
        }
    }
    Err(format!("the view definition db/views/{file} is not there"))
}

/// One views-helper call.
pub fn statement(ctx: &mut Ctx, method: &str, call: &CallValue) -> Result<Vec<Op>, String> {
    let name = call.args.first().and_then(name_of).ok_or("a view name known only at run time")?;
    let kw_ = &call.kwargs;
    let materialized =
        flag(kw_, "materialized") == Some(true) || matches!(kw(kw_, "materialized"), Some(Value::Map(_)));
    let view = QName::new(&name);
    if method == "drop_view" {
        return Ok(vec![ctx.op(DropView { name: view, materialized, if_exists: false, cascade: false })]);
    }
    let query = match (kw(kw_, "sql_definition").and_then(name_of), kw(kw_, "version").and_then(Value::as_i64)) {
        (Some(sql), _) => sql.trim().trim_end_matches(';').trim().to_string(),
        (None, Some(v)) => definition(ctx, &name, v)?,
        (None, None) => definition(ctx, &name, 1)?,
    };
    let mut ops = Vec::new();
    let replace = method == "replace_view";
    if method == "update_view" {
        ops.push(ctx.op(DropView { name: view.clone(), materialized, if_exists: false, cascade: false }));
    }
    ops.push(ctx.op(CreateView { name: view, columns: Vec::new(), query, materialized, or_replace: replace }));
    Ok(ops)
}

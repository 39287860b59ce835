//! `queryRunner.changeColumn(table, oldColumnOrName, newColumn)` / `changeColumns(table, [{ oldColumn,
//! newColumn }])`: a rename when the name changes, then the new column's type, nullability and
//! default set explicitly (`ALTER COLUMN … TYPE/SET NOT NULL/SET DEFAULT`, MySQL `MODIFY COLUMN`).

use super::api::name_of;
use super::columns::{Obj, column_def, default_sql, full_type, quote, quote_path};
use crate::host::{CallValue, Value};
use crate::ir::SqlDialect;

/// The statements for one `changeColumn`.
fn change(d: SqlDialect, table: &str, old: &Value, new: &Value) -> Result<Vec<String>, String> {
    let from = name_of(Some(old), "old column")?;
    let col = Obj::of(new).ok_or("the new column is not an object literal")?;
    let to = col.need("name")?;
    let t = quote_path(d, table);
    let mut out = Vec::new();
    if from != to {
        out.push(format!("ALTER TABLE {t} RENAME COLUMN {} TO {}", quote(d, &from), quote(d, &to)));
    }
    if d == SqlDialect::Mysql {
        out.push(format!("ALTER TABLE {t} MODIFY COLUMN {}", column_def(d, table, &col, 0)?));
        return Ok(out);
    }
    let c = quote(d, &to);
    out.push(format!("ALTER TABLE {t} ALTER COLUMN {c} TYPE {}", full_type(d, &col)?));
    let null = if col.flag("isNullable") { "DROP NOT NULL" } else { "SET NOT NULL" };
    out.push(format!("ALTER TABLE {t} ALTER COLUMN {c} {null}"));
    out.push(match col.get("default") {
        Some(v) => format!("ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT {}", default_sql(v)?),
        None => format!("ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT"),
    });
    Ok(out)
}

/// `changeColumn` / `changeColumns`.
pub fn change_columns(d: SqlDialect, call: &CallValue) -> Result<Vec<String>, String> {
    let table = name_of(call.args.first(), "table")?;
    if call.method() == "changeColumns" {
        let Some(Value::List(items)) = call.args.get(1) else {
            return Err("the changes are not a literal list".into());
        };
        let mut out = Vec::new();
        for item in items {
            let o = Obj::of(item).ok_or("a change that is not `{ oldColumn, newColumn }`")?;
            let (old, new) =
                (o.get("oldColumn").ok_or("oldColumn missing")?, o.get("newColumn").ok_or("newColumn missing")?);
            out.extend(change(d, &table, old, new)?);
        }
        return Ok(out);
    }
    let (Some(old), Some(new)) = (call.args.get(1), call.args.get(2)) else {
        return Err("changeColumn needs the old and the new column".into());
    };
    change(d, &table, old, new)
}

//! `queryRunner.getTable(name)`, `hasTable(name)` and `hasColumn(table, column)` answered from
//! the replayed schema state while a migration method is evaluated:
//!
//! ```ts
//! const table = await queryRunner.getTable("post");
//! const fk = table!.foreignKeys.find((fk) => fk.columnNames.indexOf("authorId") !== -1);
//! await queryRunner.dropForeignKey("post", fk!);
//! ```
//!
//! The state is the one the earlier migrations built plus the operations this method performed
//! before the call (its effects so far, lowered and replayed). A lookup whose table name is known
//! only at run time answers `Unknown` with the reason, so whatever uses it stays Opaque.

use std::cell::Cell;
use std::rc::Rc;

use super::loaded;
use super::ops::{self, Ctx};
use crate::host::{CallValue, Effect, Resolver, Value};
use crate::ir::{QName, SqlDialect};
use crate::schema::Schema;

/// The database-reading QueryRunner methods answered from the state.
const METHODS: [&str; 3] = ["getTable", "hasTable", "hasColumn"];

/// The resolver for one migration method.
pub struct Lookup {
    /// The schema before the method ran; `None` only notes that a lookup was asked for.
    pub state: Option<Schema>,
    /// The dialect the import is for (`None`: portable).
    pub target: Option<SqlDialect>,
    /// The dialect of the file's SQL.
    pub sql_dialect: SqlDialect,
    /// The migration file.
    pub file: String,
    /// The QueryRunner parameter names.
    pub runners: Vec<String>,
    /// Set when a lookup was asked for.
    pub asked: Rc<Cell<bool>>,
}

impl Resolver for Lookup {
    fn resolve(&mut self, call: &CallValue, before: &[&Effect]) -> Option<Value> {
        let path = call.path();
        let (head, method) = path.split_once('.')?;
        if !METHODS.contains(&method) || !self.runners.iter().any(|r| r == head.trim_start_matches("this.")) {
            return None;
        }
        self.asked.set(true);
        let state = self.state.as_ref()?;
        let mut ctx = Ctx {
            target: self.target,
            sql_dialect: self.sql_dialect,
            file: &self.file,
            runners: self.runners.clone(),
            diags: Vec::new(),
            state: state.clone(),
        };
        let effects: Vec<Effect> = before.iter().map(|e| (*e).clone()).collect();
        ops::lower(&mut ctx, &effects);
        let d = ctx.api_dialect(None);
        Some(answer(&ctx.state, d, method, &call.args))
    }
}

/// The table a `getTable`/`hasTable` argument names: a name (`"schema.table"`) or a `Table`.
fn table_name(v: Option<&Value>) -> Result<QName, String> {
    Ok(super::tcolumn::qname(&super::api::name_of(v, "table")?))
}

fn answer(state: &Schema, d: SqlDialect, method: &str, args: &[Value]) -> Value {
    let table = match table_name(args.first()) {
        Ok(t) => t,
        Err(e) => return Value::Unknown(format!("`{method}` cannot be answered from the replayed schema: {e}")),
    };
    let found = state.table(&table);
    match method {
        "getTable" => found.map_or(Value::Nil, |t| loaded::table_value(state, t, d)),
        "hasTable" => Value::Bool(found.is_some()),
        _ => match super::api::name_of(args.get(1), "column") {
            Ok(col) => Value::Bool(found.is_some_and(|t| t.column(&col).is_some())),
            Err(e) => Value::Unknown(format!("`hasColumn` cannot be answered from the replayed schema: {e}")),
        },
    }
}

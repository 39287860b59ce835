//! `models.Index(...)`, `models.UniqueConstraint(...)`, `models.CheckConstraint(...)` → IR
//! indexes and constraints, or nothing where Django's backend lacks the feature.
//!
//! Django writes a `UniqueConstraint` as `UNIQUE (…)` in the table (with `DEFERRABLE INITIALLY …`
//! when `deferrable=` is set), or as a unique index when it has a `condition`, expressions,
//! `include` or `opclasses`. It skips it entirely (`_unique_supported`) where the backend has no
//! partial indexes (MySQL), no deferrable unique constraints or covering indexes (all but
//! PostgreSQL), no expression indexes (MariaDB) or no `NULLS [NOT] DISTINCT` (all but
//! PostgreSQL); an `Index` on expressions likewise (`add_index`). Conditions are `Q` objects
//! ([`super::q`]), expressions index key parts ([`super::expr`]).

use super::editor::Editor;
use super::state::Model;
use super::{expr, q};
use crate::host::{CallValue, Value};
use crate::ir::{Constraint, ConstraintKind, Deferrable, Index, IndexPart, QName, SqlDialect};

/// What an index or constraint of `Meta.indexes` / `Meta.constraints` / `AddIndex` /
/// `AddConstraint` becomes on the backend.
pub enum Item {
    /// Created with `CREATE INDEX` (plain, conditional, covering or expression indexes).
    Index(Index),
    /// Written in `CREATE TABLE` / `ALTER TABLE ADD CONSTRAINT`.
    Constraint(Constraint),
    /// Django creates nothing on this backend; `remakes`: on SQLite it still remakes the table
    /// when adding or removing it.
    Skipped {
        /// Why the backend gets nothing.
        why: String,
        /// SQLite remakes the table anyway.
        remakes: bool,
    },
}

/// `models.Index(*expressions, fields=["-created", "name"], name="…", condition=Q(...),
/// opclasses=[…], include=[…])`, a `GinIndex`/`BrinIndex`/… (its method), or nothing on a
/// backend without expression indexes.
pub fn index(ed: &Editor, model: &Model, v: &Value) -> Result<Item, String> {
    let call = v.as_call().ok_or("the index is not a models.Index(...) call")?;
    if call.method() != "Index" && !call.method().ends_with("Index") {
        return Err(format!("unknown index class `{}`", call.path()));
    }
    let name = call.kw("name").and_then(Value::as_str).ok_or("the index has no literal `name`")?.to_string();
    let fields = strings(call.kw("fields"));
    let parts = match (fields.is_empty(), call.args.is_empty()) {
        (false, true) => field_parts(ed, model, &fields, &strings(call.kw("opclasses")))?,
        (true, false) => {
            if call.kw("opclasses").is_some() {
                return Err("opclasses with index expressions are not translated (Django wants OpClass())".into());
            }
            if !ed.supports_expression_indexes() {
                return Ok(skipped(format!(
                    "{} has no expression indexes: Django creates no index `{name}`",
                    ed.name()
                )));
            }
            expr::index_parts(ed.d, model, &call.args)?
        }
        _ => return Err("an index needs either fields or expressions".into()),
    };
    let method = match call.method() {
        "Index" => None,
        other => Some(other.trim_end_matches("Index").to_ascii_lowercase()),
    };
    let predicate = match call.kw("condition") {
        Some(c) if !c.is_nil() => Some(q::condition_sql(ed.d, model, c)?),
        _ => None,
    };
    // only PostgreSQL has covering indexes; elsewhere Django leaves `include` out
    let include = if ed.is_postgres() { ed.columns(model, &strings(call.kw("include")))? } else { Vec::new() };
    Ok(Item::Index(Index {
        name: Some(name),
        table: QName::new(&model.table),
        parts,
        unique: false,
        method,
        predicate,
        include,
        nulls_not_distinct: false,
    }))
}

/// `UniqueConstraint(*expressions, fields=[…], name=…, condition=, deferrable=, include=,
/// opclasses=, nulls_distinct=)` or `CheckConstraint(condition|check=Q(...), name=…)`.
pub fn constraint(ed: &Editor, model: &Model, v: &Value) -> Result<Item, String> {
    let call = v.as_call().ok_or("the constraint is not a call")?;
    let name = call.kw("name").and_then(Value::as_str).ok_or("the constraint has no literal `name`")?.to_string();
    match call.method() {
        "UniqueConstraint" => unique(ed, model, call, name),
        "CheckConstraint" => {
            let cond =
                call.kw("condition").or_else(|| call.kw("check")).ok_or("CheckConstraint without a condition")?;
            let expr = q::condition_sql(ed.d, model, cond)?;
            Ok(Item::Constraint(Constraint { name: Some(name), kind: ConstraintKind::Check { expr } }))
        }
        other => Err(format!("unknown constraint class `{other}`")),
    }
}

fn unique(ed: &Editor, model: &Model, call: &CallValue, name: String) -> Result<Item, String> {
    let given = |k: &str| call.kw(k).filter(|v| !v.is_nil() && v.as_list().is_none_or(|l| !l.is_empty()));
    let fields = strings(call.kw("fields"));
    let expressions = !call.args.is_empty();
    if expressions != fields.is_empty() {
        return Err("a UniqueConstraint needs either fields or expressions".into());
    }
    let (condition, include, opclasses) = (given("condition"), given("include"), given("opclasses"));
    let deferrable = match given("deferrable") {
        None => None,
        // `models.Deferrable.DEFERRED`, or `models.Deferrable["DEFERRED"]` as makemigrations writes it
        Some(v) => Some(match v.path().as_deref().map(|p| p.trim_end_matches(']').rsplit(['.', '[']).next()) {
            Some(Some("DEFERRED")) => Deferrable::Deferred,
            Some(Some("IMMEDIATE")) => Deferrable::Immediate,
            _ => return Err("`deferrable` is not models.Deferrable.DEFERRED or IMMEDIATE".into()),
        }),
    };
    if deferrable.is_some() && (condition.is_some() || include.is_some() || opclasses.is_some() || expressions) {
        return Err(
            "Django refuses a deferrable UniqueConstraint with a condition, include, opclasses or expressions".into()
        );
    }
    let nulls_distinct = given("nulls_distinct").map(|v| v.as_bool().ok_or("`nulls_distinct` is not a literal"));
    let nulls_not_distinct = nulls_distinct.transpose()? == Some(false);
    // `_unique_supported`: what the backend lacks, Django leaves out
    let lacking = [
        (condition.is_some() && !ed.supports_partial_indexes(), "partial indexes"),
        (deferrable.is_some() && !ed.is_postgres(), "deferrable unique constraints"),
        (include.is_some() && !ed.is_postgres(), "covering indexes"),
        (expressions && !ed.supports_expression_indexes(), "expression indexes"),
        (nulls_distinct.is_some() && !ed.is_postgres(), "NULLS [NOT] DISTINCT"),
    ];
    if let Some((_, what)) = lacking.iter().find(|(missing, _)| *missing) {
        // SQLite's add/remove_constraint remakes the table unless the constraint is an index
        let remakes = ed.d == Some(SqlDialect::Sqlite)
            && condition.is_none()
            && include.is_none()
            && deferrable.is_none()
            && !expressions;
        return Ok(Item::Skipped {
            why: format!("{} has no {what}: Django creates no unique constraint `{name}`", ed.name()),
            remakes,
        });
    }
    if condition.is_none() && include.is_none() && opclasses.is_none() && !expressions {
        return Ok(Item::Constraint(Constraint {
            name: Some(name),
            kind: ConstraintKind::Unique { columns: ed.columns(model, &fields)?, nulls_not_distinct, deferrable },
        }));
    }
    let parts = if expressions {
        expr::index_parts(ed.d, model, &call.args)?
    } else {
        field_parts(ed, model, &fields, &strings(opclasses))?
    };
    let predicate = condition.map(|c| q::condition_sql(ed.d, model, c)).transpose()?;
    Ok(Item::Index(Index {
        name: Some(name),
        table: QName::new(&model.table),
        parts,
        unique: true,
        method: None,
        predicate,
        include: ed.columns(model, &strings(include))?,
        nulls_not_distinct,
    }))
}

/// `fields=["-created", "name"]` with `opclasses` (PostgreSQL only: the other backends ignore them).
fn field_parts(ed: &Editor, model: &Model, fields: &[String], opclasses: &[String]) -> Result<Vec<IndexPart>, String> {
    let mut parts = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        let (desc, name) = match f.strip_prefix('-') {
            Some(n) => (true, n),
            None => (false, f.as_str()),
        };
        let col = ed.columns(model, &[name.to_string()])?.remove(0);
        let mut part = IndexPart::column(col);
        part.desc = desc;
        part.opclass = opclasses.get(i).filter(|_| ed.is_postgres()).cloned();
        parts.push(part);
    }
    Ok(parts)
}

fn skipped(why: String) -> Item {
    Item::Skipped { why, remakes: false }
}

/// A list of strings (`fields=[…]`), empty when absent.
pub fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_list)
        .map(|l| l.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

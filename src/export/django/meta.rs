//! `Meta` constraints and indexes: `models.UniqueConstraint` (on fields, or on expressions /
//! partial as a unique index), `models.CheckConstraint` with a `models.Q` condition,
//! `models.Index` (on fields or expressions, partial). Each always carries `name=`, the name polymig's SQL
//! gives the object on the target database, so the real schema keeps polymig's names.

use super::Ctx;
use super::py::{self, Call};
use super::registry::Model;
use crate::ir::{Deferrable, Index, IndexKey, SqlDialect};
use crate::schema::Table;

/// `models.UniqueConstraint(fields=[…], name="…")` over columns of `model`.
pub fn unique(
    model: &Model,
    columns: &[String],
    name: &str,
    nulls_not_distinct: bool,
    deferrable: Option<Deferrable>,
    d: SqlDialect,
) -> Result<Call, String> {
    if nulls_not_distinct && d != SqlDialect::Postgres {
        return Err("NULLS NOT DISTINCT exists on PostgreSQL only".into());
    }
    if deferrable.is_some() && d != SqlDialect::Postgres {
        return Err("deferrable unique constraints exist on PostgreSQL only".into());
    }
    let fields = field_names(model, columns)?;
    let deferrable = deferrable.map(|d| match d {
        Deferrable::Deferred => "models.Deferrable.DEFERRED".to_string(),
        Deferrable::Immediate => "models.Deferrable.IMMEDIATE".to_string(),
    });
    Ok(Call::new("models.UniqueConstraint")
        .kw("fields", py::list(&fields.iter().map(|f| py::string(f)).collect::<Vec<_>>(), 0))
        .kw("name", py::string(name))
        .kw_opt("nulls_distinct", nulls_not_distinct.then(|| "False".to_string()))
        .kw_opt("deferrable", deferrable))
}

/// `models.CheckConstraint(condition=models.Q(…), name="…")` when Django writes the condition
/// exactly as `expr` (see [`super::q`]).
pub fn check(ctx: &Ctx, model: &Model, table: &Table, expr: &str, name: &str) -> Result<Call, String> {
    let q = super::q::condition(ctx, model, table, expr)?;
    Ok(Call::new("models.CheckConstraint").kw("condition", q).kw("name", py::string(name)))
}

/// `models.Index(fields=["a", "-b"], name="…")`, or `models.Index(Lower("a"), …)` on
/// expressions, with `condition=models.Q(…)` for a partial index — B-tree indexes Django writes
/// exactly as polymig does.
pub fn index(ctx: &Ctx, model: &Model, table: &Table, idx: &Index, name: &str) -> Result<Call, String> {
    let d = ctx.dialect;
    if idx.unique {
        return Err("Django's Index is never unique".into());
    }
    if !idx.include.is_empty() || idx.nulls_not_distinct {
        return Err("covering indexes are written in SQL".into());
    }
    if idx.method.as_deref().is_some_and(|m| !m.eq_ignore_ascii_case("btree")) {
        return Err("index methods other than B-tree are written in SQL".into());
    }
    let condition = predicate(ctx, model, table, idx)?;
    if idx.parts.iter().any(|p| matches!(p.key, IndexKey::Expression(_))) {
        let mut call = Call::new("models.Index");
        for e in expressions(ctx, model, table, idx)? {
            call = call.arg(e);
        }
        return Ok(call.kw("name", py::string(name)).kw_opt("condition", condition));
    }
    let mut fields = Vec::new();
    let opclasses: Vec<String> = idx.parts.iter().filter_map(|p| p.opclass.as_deref().map(py::string)).collect();
    // Django's `opclasses=` (PostgreSQL) needs one per field.
    if !opclasses.is_empty() && (opclasses.len() != idx.parts.len() || d != SqlDialect::Postgres) {
        return Err("operator classes on some columns only, or outside PostgreSQL, are written in SQL".into());
    }
    for p in &idx.parts {
        let IndexKey::Column(c) = &p.key else { return Err("expression indexes are written in SQL".into()) };
        if p.length.is_some() || p.collation.is_some() || p.nulls_first.is_some() {
            return Err("prefix lengths, collations and NULLS order are written in SQL".into());
        }
        let f = model.field(c).ok_or_else(|| format!("no field for column {c}"))?;
        fields.push(py::string(&if p.desc { format!("-{f}") } else { f.to_string() }));
    }
    let call = Call::new("models.Index").kw("fields", py::list(&fields, 0)).kw("name", py::string(name));
    let call = if opclasses.is_empty() { call } else { call.kw("opclasses", py::list(&opclasses, 0)) };
    Ok(call.kw_opt("condition", condition))
}

/// `models.UniqueConstraint(…)` for a unique index Django creates as an index: on expressions,
/// partial (`condition=`), covering (`include=`, PostgreSQL) — what `_unique_supported` allows
/// on the target (MariaDB has neither partial nor expression indexes).
pub fn unique_index(ctx: &Ctx, model: &Model, table: &Table, idx: &Index, name: &str) -> Result<Call, String> {
    let d = ctx.dialect;
    if idx.method.as_deref().is_some_and(|m| !m.eq_ignore_ascii_case("btree"))
        || idx.parts.iter().any(|p| p.opclass.is_some() || p.length.is_some() || p.collation.is_some())
    {
        return Err("Django cannot declare this unique index".into());
    }
    if (!idx.include.is_empty() || idx.nulls_not_distinct) && d != SqlDialect::Postgres {
        return Err("covering and NULLS NOT DISTINCT unique indexes exist on PostgreSQL only".into());
    }
    let condition = predicate(ctx, model, table, idx)?;
    let mut call = Call::new("models.UniqueConstraint");
    if idx.parts.iter().any(|p| matches!(p.key, IndexKey::Expression(_))) {
        for e in expressions(ctx, model, table, idx)? {
            call = call.arg(e);
        }
    } else {
        if idx.parts.iter().any(|p| p.desc) {
            return Err("a descending column in a unique index is written in SQL".into());
        }
        let fields = field_names(model, &idx.column_names().iter().map(|c| c.to_string()).collect::<Vec<_>>())?;
        call = call.kw("fields", py::list(&fields.iter().map(|f| py::string(f)).collect::<Vec<_>>(), 0));
    }
    let include = field_names(model, &idx.include)?;
    Ok(call
        .kw("name", py::string(name))
        .kw_opt("condition", condition)
        .kw_opt(
            "include",
            (!include.is_empty()).then(|| py::list(&include.iter().map(|f| py::string(f)).collect::<Vec<_>>(), 0)),
        )
        .kw_opt("nulls_distinct", idx.nulls_not_distinct.then(|| "False".to_string())))
}

/// `condition=models.Q(…)` of a partial index (MariaDB has no partial indexes).
fn predicate(ctx: &Ctx, model: &Model, table: &Table, idx: &Index) -> Result<Option<String>, String> {
    match &idx.predicate {
        None => Ok(None),
        Some(_) if ctx.dialect == SqlDialect::Mysql => Err("MariaDB has no partial indexes".into()),
        Some(p) => super::q::condition(ctx, model, table, p).map(Some),
    }
}

/// The expressions of an index on expressions (MariaDB has no expression indexes).
fn expressions(ctx: &Ctx, model: &Model, table: &Table, idx: &Index) -> Result<Vec<String>, String> {
    if ctx.dialect == SqlDialect::Mysql {
        return Err("Django creates no expression index on MariaDB".into());
    }
    super::q::expressions(ctx, model, table, &idx.parts)
}

fn field_names(model: &Model, columns: &[String]) -> Result<Vec<String>, String> {
    columns
        .iter()
        .map(|c| model.field(c).map(str::to_string).ok_or_else(|| format!("no field for column {c}")))
        .collect()
}

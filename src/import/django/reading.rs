//! Python snippets read with the importer's own rules, for the Django exporter: the SQL Django
//! writes for a `Q(...)` condition, and the key parts of index expressions. The exporter
//! writes a Q object or an expression only when reading it back gives exactly what the IR says.

use super::state::Model;
use super::{expr, q};
use crate::host::{Effect, EvalConfig, Evaluator, Language, Value, parse};
use crate::ir::{IndexPart, SqlDialect};

/// Evaluate Python expressions (`models.Q(("n__gte", 0))`) as the importer's evaluator does.
fn values(python: &[String]) -> Result<Vec<Value>, String> {
    let src = format!(
        "from django.db import models\nimport django.db.models.functions\n\ndef f():\n    probe({})\n",
        python.join(", ")
    );
    let module = parse(Language::Python, "probe.py", &src);
    let mut ev = Evaluator::new(&module, EvalConfig::new(None));
    let effects = ev.run("f").ok_or("no probe function")?;
    match effects.as_slice() {
        [Effect::Call(c)] if c.call.args.len() == python.len() => Ok(c.call.args.clone()),
        _ => Err("the Python expression does not evaluate".into()),
    }
}

/// The SQL Django's compiler writes on `d` for the condition `python` (a `models.Q(…)` source).
pub fn condition_sql(d: SqlDialect, model: &Model, python: &str) -> Result<String, String> {
    let v = values(&[python.to_string()])?;
    q::condition_sql(Some(d), model, &v[0])
}

/// The index key parts Django writes on `d` for the expressions `python` (`Lower("name")`, `F("x")`).
pub fn index_parts(d: SqlDialect, model: &Model, python: &[String]) -> Result<Vec<IndexPart>, String> {
    expr::index_parts(Some(d), model, &values(python)?)
}

//! `db/schema.rb` (`ActiveRecord::Schema[7.1].define(version: …) do … end`) → one
//! baseline migration: the `define` block is evaluated like a migration's `change`.

use super::ops;
use super::version::ArVersion;
use crate::diagnostics::Diagnostic;
use crate::host::tree::NodeKind;
use crate::host::{EvalConfig, Evaluator, Language, Value, parse};
use crate::ir::{Migration, SqlDialect};
use crate::schema::Schema;

/// Import a `schema.rb`: its `define` block's statements, with the schema's version defaults.
pub fn import(text: &str, file: &str, target: Option<SqlDialect>) -> Migration {
    let module = parse(Language::Ruby, file, text);
    let mut ev = Evaluator::new(&module, EvalConfig::new(target));
    let mut m = Migration::new("0", "schema");
    m.source = Some(file.to_string());
    m.diagnostics = module.diagnostics.clone();
    // The module-level `ActiveRecord::Schema[x.y].define(version: N) do … end` call.
    let mut version = ArVersion::LEGACY;
    let mut effects = Vec::new();
    for e in &ev.module_effects.clone() {
        if let crate::host::Effect::Call(c) = e
            && c.call.method() == "define"
        {
            if let Some(Value::Number(n) | Value::Str(n)) = c.call.kw("version") {
                m.id = n.replace('_', "");
            }
            if let Some(Value::Call(recv)) = c.call.receiver() {
                let _ = recv;
            }
            effects.extend(c.block.as_ref().map(|b| b.effects.clone()).unwrap_or_default());
        }
    }
    for n in &module.body {
        if let Some(v) = schema_version(n) {
            version = v;
        }
    }
    let _ = &mut ev;
    let mut ctx = ops::Ctx::new(target, version, file, Schema::default());
    m.up = ops::up_ops(&ops::lower(&mut ctx, &effects));
    m.diagnostics.extend(ctx.diags);
    if m.up.is_empty() && m.diagnostics.is_empty() {
        m.diagnostics.push(Diagnostic::warning("rails-empty-schema", "schema.rb defines no tables"));
    }
    m
}

/// `ActiveRecord::Schema[7.1].define` → 7.1 (plain `ActiveRecord::Schema.define` → 4.2 defaults).
fn schema_version(n: &crate::host::Node) -> Option<ArVersion> {
    let NodeKind::Call(c) = &n.kind else { return None };
    let NodeKind::Attr { object, name } = &c.callee.kind else { return None };
    if name != "define" {
        return None;
    }
    match &object.kind {
        NodeKind::Index { index, .. } => match &index.kind {
            NodeKind::Number(s) | NodeKind::Str(s) => ArVersion::parse(s),
            _ => None,
        },
        _ => Some(ArVersion::LEGACY),
    }
}

//! One migration module (`<app>/migrations/0002_add_price.py`) → its `class Migration`
//! attributes: `dependencies`, `operations`, `initial`, `atomic`, `replaces`, `run_before`.
//!
//! The module is parsed by the Python front end and its class body evaluated by the partial
//! evaluator ([`crate::host`]) for the target dialect, so `connection.vendor` branches around
//! the class attributes are resolved.

use crate::diagnostics::Diagnostic;
use crate::host::{EvalConfig, Evaluator, Language, Module, NodeKind, Value, parse};
use crate::ir::{Span, SqlDialect};

use super::fields::Resolver;
use super::state::ModelKey;

/// `(app_label, migration_name)`: how Django names a migration.
pub type Key = (String, String);

/// What a migration module declares.
#[derive(Debug, Clone)]
pub struct Declared {
    /// `(app, name)`.
    pub key: Key,
    /// The file.
    pub file: String,
    /// `dependencies` (`__first__`/`__latest__` kept as written, resolved by the graph).
    pub dependencies: Vec<Key>,
    /// `run_before`.
    pub run_before: Vec<Key>,
    /// `replaces` (squashed migrations).
    pub replaces: Vec<Key>,
    /// `initial = True`.
    pub initial: bool,
    /// `atomic = False` → not transactional.
    pub atomic: bool,
    /// The `operations` list, evaluated.
    pub operations: Vec<Value>,
    /// Syntax errors and unreadable attributes.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parse `text` and read its `Migration` class; `None` when the module defines none.
pub fn read(
    text: &str,
    file: &str,
    key: Key,
    target: Option<SqlDialect>,
    swappable: &[(String, String)],
) -> Option<(Declared, Module)> {
    let module = parse(Language::Python, file, text);
    let class = module.body.iter().find_map(|n| match &n.kind {
        NodeKind::Class { name, body, .. } if name == "Migration" => Some(body.clone()),
        _ => None,
    });
    let mut diagnostics = module.diagnostics.clone();
    let Some(body) = class else {
        if module.diagnostics.is_empty() {
            return None;
        }
        let decl = Declared {
            key,
            file: file.to_string(),
            dependencies: Vec::new(),
            run_before: Vec::new(),
            replaces: Vec::new(),
            initial: false,
            atomic: true,
            operations: Vec::new(),
            diagnostics,
        };
        return Some((decl, module));
    };
    let mut ev = Evaluator::new(&module, EvalConfig::new(target));
    ev.enter_class(&body);
    let resolver = Resolver { app: &key.0, swappable };
    let get = |name: &str| ev.global(name).cloned();
    let keys = |name: &str, diags: &mut Vec<Diagnostic>| -> Vec<Key> {
        let Some(v) = get(name) else { return Vec::new() };
        let items = match v.as_list() {
            Some(items) => items.to_vec(),
            None => {
                diags.push(
                    Diagnostic::error("django-bad-attribute", format!("`{name}` is not a list of (app, name) pairs"))
                        .at(Span::file(file)),
                );
                return Vec::new();
            }
        };
        items.iter().filter_map(|item| dependency(item, &resolver, file, name, diags)).collect()
    };
    let dependencies = keys("dependencies", &mut diagnostics);
    let run_before = keys("run_before", &mut diagnostics);
    let replaces = keys("replaces", &mut diagnostics);
    let operations = match get("operations") {
        Some(Value::List(items)) => items,
        None => Vec::new(),
        Some(other) => {
            let why = other.unknown_reason().unwrap_or("not a list").to_string();
            diagnostics.push(
                Diagnostic::error("django-bad-attribute", format!("`operations` cannot be read: {why}"))
                    .at(Span::file(file)),
            );
            Vec::new()
        }
    };
    let decl = Declared {
        key,
        file: file.to_string(),
        dependencies,
        run_before,
        replaces,
        initial: get("initial").and_then(|v| v.as_bool()).unwrap_or(false),
        atomic: get("atomic").and_then(|v| v.as_bool()).unwrap_or(true),
        operations,
        diagnostics,
    };
    Some((decl, module))
}

/// `("shop", "0001_initial")` or `migrations.swappable_dependency(settings.AUTH_USER_MODEL)`
/// (→ `(<app of the swapped model>, "__first__")`).
fn dependency(item: &Value, r: &Resolver, file: &str, attr: &str, diags: &mut Vec<Diagnostic>) -> Option<Key> {
    if let Some(call) = item.as_call()
        && call.method() == "swappable_dependency"
    {
        let model: Option<ModelKey> = call.args.first().and_then(|a| r.model(a));
        if let Some((app, _)) = model {
            return Some((app, "__first__".into()));
        }
    }
    if let Some([a, n]) = item.as_list()
        && let (Some(a), Some(n)) = (a.as_str(), n.as_str())
    {
        return Some((a.to_string(), n.to_string()));
    }
    diags.push(
        Diagnostic::error("django-bad-dependency", format!("an entry of `{attr}` is not an (app, name) pair"))
            .at(Span::file(file)),
    );
    None
}

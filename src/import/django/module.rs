//! One migration module (`<app>/migrations/0002_add_price.py`) → its `class Migration`
//! attributes: `dependencies`, `operations`, `initial`, `atomic`, `replaces`, `run_before`.
//!
//! The module is parsed by the Python front end and its class body evaluated by the partial
//! evaluator ([`crate::host`]) for the target dialect, so `connection.vendor` branches around
//! the class attributes are resolved.

use crate::diagnostics::Diagnostic;
use crate::host::{EvalConfig, Evaluator, Language, Module, NodeKind, Value, parse};
use crate::ir::Span;

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
    /// Regions of the class body kept as Opaque (verbatim source, span, reason).
    pub broken: Vec<(String, Span, String)>,
}

/// Parse `text` and read its `Migration` class; `None` when the module defines none.
pub fn read(text: &str, file: &str, key: Key, opts: &super::DjangoOptions) -> Option<(Declared, Module)> {
    let (target, swappable) = (opts.target, opts.swappable.as_slice());
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
            broken: Vec::new(),
        };
        return Some((decl, module));
    };
    let broken = broken_regions(&module, &body);
    let mut ev = Evaluator::new(&module, EvalConfig::new(target));
    ev.enter_class(&body);
    let resolver = Resolver { app: &key.0, swappable, field_map: &opts.field_map };
    let get = |name: &str| ev.global(name).cloned();
    let keys = |name: &str, diags: &mut Vec<Diagnostic>| -> Vec<Key> {
        let Some(v) = get(name) else { return Vec::new() };
        let items = match v.as_list() {
            Some(items) => items.to_vec(),
            None => {
                let why = v.unknown_reason().unwrap_or("not a literal list");
                diags.push(
                    Diagnostic::warning(
                        "django-unknown-dependencies",
                        format!("`{name}` cannot be read ({why}); ignored"),
                    )
                    .at(Span::file(file))
                    .help("the migration is ordered by its other links only"),
                );
                return Vec::new();
            }
        };
        items.iter().filter_map(|item| dependency(item, &resolver, file, name, diags)).collect()
    };
    let dependencies = keys("dependencies", &mut diagnostics);
    let run_before = keys("run_before", &mut diagnostics);
    let replaces = keys("replaces", &mut diagnostics);
    let mut broken = broken;
    let operations = match get("operations") {
        Some(Value::List(items)) => items,
        None => Vec::new(),
        Some(other) => {
            // kept whole as Opaque: `[...] if getattr(settings, "X", True) else []`
            let why = other.unknown_reason().unwrap_or("not a list").to_string();
            if let Some(node) = body.iter().find(|n| matches!(&n.kind, NodeKind::Assign { target, .. } if matches!(&target.kind, NodeKind::Name(t) if t == "operations"))) {
                broken.push((module.text(&node.range).to_string(), node.span.clone(), format!("`operations` cannot be read: {why}")));
            }
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
        broken,
    };
    Some((decl, module))
}

/// Statements of the class body that do not parse (tree-sitter error regions).
fn broken_regions(module: &Module, body: &[crate::host::Node]) -> Vec<(String, Span, String)> {
    body.iter()
        .filter(|n| {
            matches!(n.kind, NodeKind::Error)
                || matches!(&n.kind, NodeKind::Assign { value, .. } if matches!(value.kind, NodeKind::Error))
        })
        .map(|n| {
            (module.text(&n.range).to_string(), n.span.clone(), "this part of the class does not parse".to_string())
        })
        .collect()
}

/// `("shop", "0001_initial")` or `migrations.swappable_dependency(settings.AUTH_USER_MODEL)`
/// (→ `(<app of the swapped model>, "__first__")`).
fn dependency(item: &Value, r: &Resolver, file: &str, attr: &str, diags: &mut Vec<Diagnostic>) -> Option<Key> {
    if let Some(call) = item.as_call()
        && (call.method() == "swappable_dependency" || call.method() == "dependency")
    {
        let model: Option<ModelKey> =
            if call.method() == "dependency" { r.model(item) } else { call.args.first().and_then(|a| r.model(a)) };
        if let Some((app, _)) = model {
            return Some((app, "__first__".into()));
        }
        diags.push(
            Diagnostic::warning(
                "django-unknown-swappable",
                format!("`{attr}`: {} names no known model; ignored", call.source),
            )
            .at(call.span.clone())
            .help("give the setting's model with the `swappable` option (`AUTH_USER_MODEL` → `auth.User`)"),
        );
        return None;
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

//! Importer for Django migrations (`<app>/migrations/0001_initial.py`, `migrations.CreateModel(...)`).
//!
//! Each module is parsed by the Python front end and its `class Migration` read by the partial
//! evaluator ([`module`]); the migrations of every app found under the given paths are ordered by
//! Django's dependency graph ([`graph`]); then the operations are replayed in that order against
//! Django's project state ([`state`]) and turned into the DDL Django's schema editor would run on
//! the target backend ([`ops`], [`field_ops`], [`editor`], [`types`], [`names`]).
//!
//! The app label is the name of the directory holding `migrations/`. A migration's IR id is
//! `<app>.<name>` (`shop.0001_initial`), its name the module name.

mod editor;
mod expr;
mod features;
mod field_ops;
pub mod fields;
pub mod graph;
mod meta;
pub mod module;
pub mod names;
mod ops;
mod q;
pub mod reading;
mod rename;
pub mod state;
pub mod types;

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;
use crate::host::{Language, opaque_op};
use crate::import::ImportOptions;
use crate::ir::{Migration, Span, SqlDialect};

/// What a Django import needs besides the files.
#[derive(Debug, Clone)]
pub struct DjangoOptions {
    /// The backend the schema editor is emulated for (`None`: PostgreSQL's spelling).
    pub target: Option<SqlDialect>,
    /// Swappable model settings: `("AUTH_USER_MODEL", "auth.User")` (the default).
    pub swappable: Vec<(String, String)>,
    /// `settings.DEFAULT_AUTO_FIELD`, the primary key of auto-created M2M join tables
    /// (default `BigAutoField`, as `startproject` writes it).
    pub default_auto_field: String,
    /// Third-party field classes → built-in class names (`"colorfield.fields.ColorField"` →
    /// `"CharField"`), for fields polymig does not know (see `fields::DEFAULT_FIELD_MAP`).
    pub field_map: Vec<(String, String)>,
}

impl Default for DjangoOptions {
    fn default() -> Self {
        DjangoOptions {
            target: None,
            swappable: vec![("AUTH_USER_MODEL".into(), "auth.User".into())],
            default_auto_field: "BigAutoField".into(),
            field_map: Vec::new(),
        }
    }
}

impl From<&ImportOptions> for DjangoOptions {
    fn from(o: &ImportOptions) -> Self {
        DjangoOptions { target: o.target, field_map: o.type_map.clone(), ..DjangoOptions::default() }
    }
}

/// Import files and directories: migration files, `migrations/` directories, app directories,
/// or a project root (every `migrations/` directory below it).
pub fn import_paths(paths: &[PathBuf], opts: &ImportOptions) -> (Vec<Migration>, Vec<Diagnostic>) {
    import_paths_with(paths, &DjangoOptions::from(opts))
}

/// [`import_paths`] with Django-specific options.
pub fn import_paths_with(paths: &[PathBuf], opts: &DjangoOptions) -> (Vec<Migration>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut declared = Vec::new();
    let mut modules = std::collections::BTreeMap::new();
    for (app, file) in migration_files(paths) {
        let display = file.display().to_string();
        let text = match std::fs::read(&file).map(String::from_utf8) {
            Ok(Ok(t)) => t,
            Ok(Err(_)) => {
                diags.push(Diagnostic::error("not-utf8", format!("{display} is not UTF-8")).at(Span::file(&display)));
                continue;
            }
            Err(e) => {
                diags.push(
                    Diagnostic::error("io-error", format!("cannot read {display}: {e}")).at(Span::file(&display)),
                );
                continue;
            }
        };
        let name = file.file_stem().and_then(|s| s.to_str()).unwrap_or("migration").to_string();
        match module::read(&text, &display, (app, name), opts) {
            Some((decl, module)) => {
                modules.insert(decl.key.clone(), module);
                declared.push(decl);
            }
            None => diags.push(
                Diagnostic::warning(
                    "django-not-a-migration",
                    format!("{display} defines no `class Migration`; skipped"),
                )
                .at(Span::file(&display)),
            ),
        }
    }
    let (ordered, order_diags) = graph::plan(declared);
    diags.extend(order_diags);
    let mut st = state::State::default();
    let mut out = Vec::new();
    for decl in ordered {
        let Some(module) = modules.get(&decl.key) else { continue };
        out.push(lower(decl, module, &mut st, opts));
    }
    (out, diags)
}

/// Replay one migration's operations against the state and collect their DDL.
fn lower(
    decl: module::Declared,
    module: &crate::host::Module,
    st: &mut state::State,
    opts: &DjangoOptions,
) -> Migration {
    let (app, name) = decl.key.clone();
    let mut m = Migration::new(format!("{app}.{name}"), name.clone());
    m.source = Some(decl.file.clone());
    m.dependencies = decl.dependencies.iter().map(|(a, n)| format!("{a}.{n}")).collect();
    m.transactional = decl.atomic;
    m.diagnostics = decl.diagnostics.clone();
    let cx = ops::Ctx { app: &app, swappable: &opts.swappable, field_map: &opts.field_map, module };
    let mut ed = editor::Editor {
        d: opts.target,
        state: st,
        out: Vec::new(),
        deferred: Vec::new(),
        span: Span::file(&decl.file),
        default_auto_field: opts.default_auto_field.clone(),
        notes: Vec::new(),
    };
    for op in &decl.operations {
        let call = op.as_call();
        ed.span = call.map(|c| c.span.clone()).unwrap_or_else(|| Span::file(&decl.file));
        let before = ed.out.len();
        let saved = ed.state.clone();
        let notes = ed.notes.len();
        if let Err(reason) = ops::operation(&mut ed, &cx, op) {
            ed.out.truncate(before);
            ed.notes.truncate(notes);
            *ed.state = saved;
            let source = call.map(|c| c.source.clone()).unwrap_or_default();
            let (first, rest) = reason.split_once('\n').unwrap_or((&reason, ""));
            let source = if rest.is_empty() { source } else { format!("{source}\n{rest}") };
            let (opq, diag) = opaque_op(Language::Python, &source, first, ed.span.clone());
            ed.out.push(opq);
            m.diagnostics.push(diag);
        }
    }
    for (source, span, reason) in &decl.broken {
        let (opq, diag) = opaque_op(Language::Python, source, reason, span.clone());
        ed.out.push(opq);
        m.diagnostics.push(diag);
    }
    m.diagnostics.append(&mut ed.notes);
    let (mut ops, deferred) = (ed.out, ed.deferred);
    ops.extend(deferred);
    m.up = ops;
    m
}

/// `(app_label, file)` for every migration module under `paths`, sorted by app then name.
fn migration_files(paths: &[PathBuf]) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut dirs = Vec::new();
    for p in paths {
        if p.is_file() {
            if let Some(app) = app_of(p.parent().unwrap_or(Path::new("."))) {
                out.push((app, p.clone()));
            }
        } else if p.file_name().is_some_and(|n| n == "migrations") {
            dirs.push(p.clone());
        } else if p.join("migrations").is_dir() {
            dirs.push(p.join("migrations"));
        } else {
            for e in WalkDir::new(p).max_depth(6).sort_by_file_name().into_iter().filter_map(Result::ok) {
                let skip = e.path().components().any(|c| {
                    let c = c.as_os_str().to_string_lossy();
                    c == "__pycache__" || c == "node_modules" || c == ".git"
                });
                if e.file_type().is_dir() && e.file_name() == "migrations" && !skip {
                    dirs.push(e.path().to_path_buf());
                }
            }
        }
    }
    for dir in dirs {
        let Some(app) = app_of(&dir) else { continue };
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(&dir).map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect()).unwrap_or_default();
        files.retain(|f| {
            let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
            f.is_file() && name.ends_with(".py") && !name.starts_with('_') && !name.starts_with('~')
        });
        files.sort();
        out.extend(files.into_iter().map(|f| (app.clone(), f)));
    }
    out.sort();
    out.dedup();
    out
}

/// The app label of a `migrations/` directory: the `label = "…"` of the app's `apps.py`
/// (`AppConfig.label`), else the name of the directory above `migrations/`.
fn app_of(migrations_dir: &Path) -> Option<String> {
    let dir = if migrations_dir.file_name().is_some_and(|n| n == "migrations") {
        migrations_dir.parent()?
    } else {
        migrations_dir
    };
    let abs = if dir.as_os_str().is_empty() { std::env::current_dir().ok()? } else { dir.canonicalize().ok()? };
    if let Some(label) = std::fs::read_to_string(abs.join("apps.py")).ok().as_deref().and_then(declared_label) {
        return Some(label);
    }
    abs.file_name().and_then(|n| n.to_str()).map(str::to_string)
}

/// `label = "wagtailcore"` in an `apps.py` (the first such line of an AppConfig body).
fn declared_label(apps_py: &str) -> Option<String> {
    apps_py.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("label")?.trim_start().strip_prefix('=')?.trim();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let inner = &rest[1..];
        inner.find(quote).map(|end| inner[..end].to_string())
    })
}

/// True when `path` is a Python file that looks like a Django migration.
pub fn detect(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "py")
        && std::fs::read_to_string(path).is_ok_and(|t| t.contains("migrations.Migration"))
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;

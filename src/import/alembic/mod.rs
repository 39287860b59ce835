//! Alembic importer: revision files (`versions/*.py`) → IR.
//!
//! Each file is parsed by the Python front end ([`crate::host`]), its
//! `upgrade()` and `downgrade()` are partially evaluated for the target dialect,
//! and the resulting `op.*` calls are mapped to operations ([`ops`]) with one
//! SQLAlchemy type table ([`types`]). A directory becomes a history ordered by
//! the revision DAG ([`revision`]).

mod branches;
pub mod defaults;
pub mod naming;
pub mod ops;
pub mod revision;
mod sqltext;
pub mod table;
mod table_ops;
pub mod types;

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;
use crate::host::{EvalConfig, Evaluator, Language, parse};
use crate::import::ImportOptions;
use crate::ir::{Migration, Span, SqlDialect};
pub use revision::Revision;

/// What an Alembic import needs besides the files.
#[derive(Debug, Clone, Default)]
pub struct AlembicOptions {
    /// The database the history is imported for: dialect branches are resolved and
    /// types mapped as SQLAlchemy does for it. `None` keeps branches as `ByDialect`
    /// and maps types to their portable (PostgreSQL-like) meaning.
    pub target: Option<SqlDialect>,
    /// Project column types → SQLAlchemy spellings (`"myapp.types.GUID"` or `"GUID"` →
    /// `"sa.String(36)"`), used before matching unknown classes by name ([`types::TypeMap`]).
    pub type_map: types::TypeMap,
}

impl From<&ImportOptions> for AlembicOptions {
    fn from(o: &ImportOptions) -> Self {
        AlembicOptions { target: o.target, type_map: o.type_map.iter().cloned().collect() }
    }
}

/// Import files and directories (a `versions/` folder, or a project folder containing one).
pub fn import_paths(paths: &[PathBuf], opts: &ImportOptions) -> (Vec<Migration>, Vec<Diagnostic>) {
    import_paths_with(paths, &AlembicOptions::from(opts))
}

/// [`import_paths`] with Alembic-specific options.
pub fn import_paths_with(paths: &[PathBuf], opts: &AlembicOptions) -> (Vec<Migration>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut revisions = Vec::new();
    for file in revision_files(paths) {
        let display = file.display().to_string();
        let bytes = match std::fs::read(&file) {
            Ok(b) => b,
            Err(e) => {
                diags.push(
                    Diagnostic::error("io-error", format!("cannot read {display}: {e}")).at(Span::file(&display)),
                );
                continue;
            }
        };
        let Ok(text) = String::from_utf8(bytes) else {
            diags.push(Diagnostic::error("not-utf8", format!("{display} is not UTF-8")).at(Span::file(&display)));
            continue;
        };
        match import_source(&text, &display, opts) {
            Some(pair) => revisions.push(pair),
            None if file.parent().is_some_and(|p| p.ends_with("versions")) => diags.push(
                Diagnostic::warning("alembic-not-a-revision", format!("{display} defines no `revision`; skipped"))
                    .at(Span::file(&display)),
            ),
            None => {}
        }
    }
    let (migrations, order_diags) = revision::order(revisions);
    diags.extend(order_diags);
    (migrations, diags)
}

/// The `.py` files to read: given files as they are; directories walked, preferring a `versions/` folder.
fn revision_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_file() {
            out.push(p.clone());
            continue;
        }
        let root = if p.join("versions").is_dir() { p.join("versions") } else { p.clone() };
        for entry in WalkDir::new(&root).max_depth(3).sort_by_file_name().into_iter().filter_map(Result::ok) {
            let path = entry.path();
            let skip = path.components().any(|c| c.as_os_str() == "__pycache__");
            if entry.file_type().is_file() && path.extension().is_some_and(|e| e == "py") && !skip {
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if name != "__init__.py" && name != "env.py" {
                    out.push(path.to_path_buf());
                }
            }
        }
    }
    out
}

/// Import one revision file; `None` when it is not a revision (no `revision = "…"`).
pub fn import_source(text: &str, file: &str, opts: &AlembicOptions) -> Option<(Revision, Migration)> {
    let module = parse(Language::Python, file, text);
    let mut config = EvalConfig::new(opts.target);
    config.effect_in_expression = ops::effect_in_expression;
    let mut ev = Evaluator::new(&module, config);
    let rev = revision::read(&ev, &module)?;
    let mut ctx = ops::Ctx::new(opts.target, file);
    ctx.type_map = opts.type_map.clone();
    ctx.convention = naming::declared(&ev, &module);
    let upgrade = ev.run("upgrade");
    let downgrade = ev.run("downgrade");
    ctx.final_names = upgrade.iter().chain(&downgrade).flat_map(|fx| naming::final_names(fx)).collect();
    let up = match upgrade {
        Some(effects) => lower(&mut ctx, &effects),
        None => {
            ctx.warn("alembic-no-upgrade", "the revision has no upgrade() function");
            Vec::new()
        }
    };
    let down = downgrade.map(|effects| lower(&mut ctx, &effects));
    let name = rev.message.clone().unwrap_or_else(|| name_from_file(file, &rev.id));
    let mut m = Migration::new(rev.id.clone(), name);
    m.source = Some(file.to_string());
    m.dependencies = rev.down.iter().chain(&rev.depends_on).cloned().collect();
    m.depends_on = rev.depends_on.clone();
    m.branch_labels = rev.branch_labels.clone();
    m.up = up;
    m.down = down;
    m.transactional = ctx.transactional;
    m.diagnostics = module.diagnostics.clone();
    m.diagnostics.extend(ctx.diags);
    Some((rev, m))
}

/// Import effects and name their constraints by the file's naming convention.
fn lower(ctx: &mut ops::Ctx, effects: &[crate::host::Effect]) -> Vec<crate::ir::Op> {
    let mut out = ops::lower(ctx, effects);
    for problem in naming::apply(&ctx.convention, &ctx.final_names, &mut out, ctx.target) {
        ctx.span = Span::file(ctx.file);
        ctx.warn("alembic-naming-convention", format!("the naming convention cannot name the {problem}"));
    }
    out
}

/// `versions/1a2b_add_users.py` → `add_users`.
fn name_from_file(file: &str, id: &str) -> String {
    let stem = Path::new(file).file_stem().and_then(|s| s.to_str()).unwrap_or(file);
    stem.strip_prefix(id).map(|s| s.trim_start_matches('_')).filter(|s| !s.is_empty()).unwrap_or(stem).to_string()
}

/// True when `path` is a Python file that looks like an Alembic revision.
pub fn detect(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "py")
        && std::fs::read_to_string(path).is_ok_and(|t| t.contains("down_revision") && t.contains("op."))
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;

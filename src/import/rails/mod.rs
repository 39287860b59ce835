//! Rails ActiveRecord importer: `db/migrate/<version>_<name>.rb` → IR.
//!
//! Each file is parsed by the Ruby front end ([`crate::host`]); the migration
//! class's `Migration[x.y]` picks the version's defaults ([`version`]); its
//! `change` (or `up`/`down`, `self.up`/`self.down`) is partially evaluated for
//! the target adapter and the calls are mapped to operations ([`ops`], [`dsl`],
//! [`table`]) with one type table ([`types`]) and ActiveRecord's generated names
//! ([`naming`]). Files are ordered by version and replayed as they are read, so
//! `remove_foreign_key :a, :b` or `rename_table` find what earlier files made, and
//! `revert CreateWidgets` finds the earlier migration it runs backwards ([`revert`]).
//! `db/schema.rb` is read as a baseline ([`schema_rb`]), `db/structure.sql`
//! through the SQL importer.

pub mod column;
pub mod dsl;
pub mod guards;
pub mod inflect;
pub mod naming;
pub mod ops;
pub mod refs;
pub mod revert;
pub mod schema_rb;
pub mod table;
pub mod types;
pub mod version;
pub mod views;

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;
use crate::host::tree::{Function, NodeKind};
use crate::host::{EvalConfig, Evaluator, Language, Module, Node, parse};
use crate::import::ImportOptions;
use crate::ir::{Migration, Span, SqlDialect};
use crate::schema::Schema;
pub use version::ArVersion;

/// Import files and directories (`db/migrate`, a Rails project, single files).
pub fn import_paths(paths: &[PathBuf], opts: &ImportOptions) -> (Vec<Migration>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut files = source_files(paths);
    files.sort_by_key(|f| order_key(f));
    let mut state = Schema::default();
    let mut earlier = revert::Earlier::default();
    let mut out = Vec::new();
    for file in files {
        let display = file.display().to_string();
        let text = match std::fs::read(&file) {
            Ok(b) => match String::from_utf8(b) {
                Ok(t) => t,
                Err(_) => {
                    diags.push(
                        Diagnostic::error("not-utf8", format!("{display} is not UTF-8")).at(Span::file(&display)),
                    );
                    continue;
                }
            },
            Err(e) => {
                diags.push(
                    Diagnostic::error("io-error", format!("cannot read {display}: {e}")).at(Span::file(&display)),
                );
                continue;
            }
        };
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let migration = if name.ends_with(".sql") {
            structure_sql(&text, &display, opts.target)
        } else if name == "schema.rb" {
            schema_rb::import(&text, &display, opts.target)
        } else {
            match read_migration(&text, &display, opts.target, &state, &earlier) {
                Some((class, m)) => {
                    earlier.record(&class, &m, &state, opts.target.unwrap_or(SqlDialect::Postgres));
                    m
                }
                None => {
                    diags.push(
                        Diagnostic::warning(
                            "rails-not-a-migration",
                            format!("{display} defines no migration class; skipped"),
                        )
                        .at(Span::file(&display)),
                    );
                    continue;
                }
            }
        };
        let _ =
            crate::schema::replay_migration(&mut state, &migration, Some(opts.target.unwrap_or(SqlDialect::Postgres)));
        out.push(migration);
    }
    (out, diags)
}

/// Baselines (`schema.rb`, `structure.sql`) first, then migrations by numeric version.
fn order_key(p: &Path) -> (u8, usize, String) {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    let baseline = u8::from(!(name == "schema.rb" || name == "structure.sql"));
    (baseline, digits.len(), name)
}

/// The files to read: given files as they are; directories walked for `db/migrate/*.rb`
/// (or `*.rb` directly inside), plus `db/schema.rb` / `db/structure.sql` when no migration is there.
fn source_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_file() {
            out.push(p.clone());
            continue;
        }
        let root =
            [p.join("db/migrate"), p.join("migrate")].into_iter().find(|d| d.is_dir()).unwrap_or_else(|| p.clone());
        let mut found = Vec::new();
        for entry in WalkDir::new(&root).max_depth(1).sort_by_file_name().into_iter().filter_map(Result::ok) {
            let path = entry.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if entry.file_type().is_file() && name.ends_with(".rb") && name.starts_with(|c: char| c.is_ascii_digit()) {
                found.push(path.to_path_buf());
            }
        }
        if found.is_empty() {
            for baseline in ["db/schema.rb", "schema.rb", "db/structure.sql", "structure.sql"] {
                if p.join(baseline).is_file() {
                    found.push(p.join(baseline));
                    break;
                }
            }
        }
        out.extend(found);
    }
    out
}

/// `db/structure.sql` → one baseline migration through the SQL importer.
fn structure_sql(text: &str, file: &str, target: Option<SqlDialect>) -> Migration {
    let (ops, diags) = crate::import::sql::parse_script(text, file, target.unwrap_or(SqlDialect::Postgres));
    let mut m = Migration::new("0", "structure");
    m.source = Some(file.to_string());
    m.up = ops;
    m.diagnostics = diags;
    m
}

/// The migration class: `class X < ActiveRecord::Migration[7.1]` (also nested in modules),
/// as its name, body and base.
fn find_class(nodes: &[Node]) -> Option<(&str, &[Node], Option<&Node>)> {
    for n in nodes {
        if let NodeKind::Class { name, bases, body } = &n.kind {
            let base = bases.first();
            let text = base.map(describe).unwrap_or_default();
            if text.contains("Migration") {
                return Some((name, body, base));
            }
            if let Some(found) = find_class(body) {
                return Some(found);
            }
        }
    }
    None
}

fn describe(n: &Node) -> String {
    match &n.kind {
        NodeKind::Index { object, .. } => describe(object),
        _ => n.dotted().unwrap_or_default(),
    }
}

/// `Migration[7.1]` → 7.1; plain `ActiveRecord::Migration` → 4.2 (the pre-5.0 behaviour).
fn class_version(base: Option<&Node>) -> Option<ArVersion> {
    match &base?.kind {
        NodeKind::Index { index, .. } => match &index.kind {
            NodeKind::Number(n) => ArVersion::parse(n),
            NodeKind::Str(s) => ArVersion::parse(s),
            _ => None,
        },
        _ => Some(ArVersion::LEGACY),
    }
}

fn method<'a>(body: &'a [Node], name: &str) -> Option<&'a Function> {
    body.iter().find_map(|n| match &n.kind {
        NodeKind::Function(f) if f.name == name => Some(&**f),
        _ => None,
    })
}

/// `db/migrate/20240101120000_create_users.rb` → (`20240101120000`, `create_users`).
pub fn id_and_name(file: &str) -> (String, String) {
    let stem = Path::new(file).file_stem().and_then(|s| s.to_str()).unwrap_or(file);
    match stem.split_once('_') {
        Some((id, name)) if id.chars().all(|c| c.is_ascii_digit()) && !id.is_empty() => (id.into(), name.into()),
        _ => (stem.to_string(), stem.to_string()),
    }
}

/// Import one migration file against the state earlier migrations built; `None` when the
/// file holds no migration class.
pub fn import_source(text: &str, file: &str, target: Option<SqlDialect>, before: &Schema) -> Option<Migration> {
    read_migration(text, file, target, before, revert::Earlier::none()).map(|(_, m)| m)
}

/// [`import_source`] within a history: `earlier` holds the migrations read before this one
/// (for `revert ClassName`). Also gives the class name (empty when the file does not parse).
fn read_migration(
    text: &str,
    file: &str,
    target: Option<SqlDialect>,
    before: &Schema,
    earlier: &revert::Earlier,
) -> Option<(String, Migration)> {
    let module = parse(Language::Ruby, file, text);
    let (id, name) = id_and_name(file);
    let (class, body, base) = match find_class(&module.body) {
        Some(found) => found,
        None if !module.diagnostics.is_empty() => {
            let mut m = Migration::new(id, name);
            m.source = Some(file.to_string());
            m.diagnostics = module.diagnostics.clone();
            return Some((String::new(), m));
        }
        None => return None,
    };
    let mut diags = module.diagnostics.clone();
    let version = class_version(base).unwrap_or_else(|| {
        let span = base.map(|b| b.span.clone()).unwrap_or_else(|| Span::file(file));
        diags.push(
            Diagnostic::warning(
                "rails-unknown-version",
                format!("cannot read the migration version; read as {}", ArVersion::NEWEST),
            )
            .at(span),
        );
        ArVersion::NEWEST
    });
    let mut m = Migration::new(id, name);
    m.source = Some(file.to_string());
    let mut ctx = ops::Ctx::new(target, version, file, before.clone());
    ctx.earlier = earlier;
    ctx.transactional = !has_call(body, "disable_ddl_transaction!");
    run_methods(&module, body, &mut ctx, &mut m);
    m.transactional = ctx.transactional;
    diags.extend(ctx.diags);
    m.diagnostics = diags;
    Some((class.to_string(), m))
}

fn has_call(body: &[Node], name: &str) -> bool {
    body.iter().any(|n| match &n.kind {
        NodeKind::Call(c) => c.callee.dotted().as_deref() == Some(name),
        NodeKind::Name(n) => n == name,
        _ => false,
    })
}

fn run_methods(module: &Module, body: &[Node], ctx: &mut ops::Ctx, m: &mut Migration) {
    let mut ev = Evaluator::new(module, EvalConfig::new(ctx.target));
    ev.enter_class(body);
    let before = ctx.state.clone();
    if let Some(f) = method(body, "change") {
        let effects = ev.run_function(f, Vec::new());
        let pieces = ops::lower(ctx, &effects);
        m.up = ops::up_ops(&pieces);
        if pieces.iter().any(|p| matches!(p, ops::Piece::Pair { .. })) {
            match ops::down_of(&pieces, &before, ctx.adapter()) {
                Ok(down) => m.down = Some(down),
                Err(reason) => {
                    ctx.span = Span::file(ctx.file);
                    ctx.note(
                        crate::diagnostics::Severity::Warning,
                        "rails-irreversible",
                        format!("the `change` method cannot be rolled back: {reason}"),
                    );
                }
            }
        }
        return;
    }
    if let Some(f) = method(body, "up") {
        let effects = ev.run_function(f, Vec::new());
        m.up = ops::up_ops(&ops::lower(ctx, &effects));
    } else {
        ctx.note(
            crate::diagnostics::Severity::Warning,
            "rails-no-change",
            "the migration defines neither `change` nor `up`",
        );
    }
    if let Some(f) = method(body, "down") {
        let effects = ev.run_function(f, Vec::new());
        m.down = Some(ops::up_ops(&ops::lower(ctx, &effects)));
    }
}

/// True when `path` is a Ruby file that looks like a Rails migration or schema.
pub fn detect(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "rb")
        && std::fs::read_to_string(path)
            .is_ok_and(|t| t.contains("ActiveRecord::Migration") || t.contains("ActiveRecord::Schema"))
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;

//! IR history → Rails ActiveRecord migrations: `db/migrate/<version>_<name>.rb`, and on request the
//! replayed state as `db/schema.rb`.
//!
//! ```text
//! class CreateUsers < ActiveRecord::Migration[8.0]
//!   def change
//!     create_table :users, id: :bigint do |t|
//!       t.string :email, limit: 255, null: false
//!       t.timestamps precision: 6
//!     end
//!     add_index :users, :email, unique: true
//!   end
//! end
//! ```
//!
//! * `def change` when ActiveRecord can revert every call by itself and the IR's down (explicit,
//!   or derived by `schema::invert_migration`) is exactly that revert; otherwise `def up` /
//!   `def down`, and a down polymig cannot derive raises `ActiveRecord::IrreversibleMigration`.
//! * Options (`convert --to rails -o KEY=VALUE`): `rails_version=7.1` (the `Migration[x.y]`
//!   superclass; 5.0 to 8.0, default 8.0), `schema_rb=true` (also write `db/schema.rb`).
//!   Whatever depends on the version's defaults is written explicitly (`id:`, `precision:`,
//!   `null:`), so the files mean the same under every version.
//! * `--dialect` picks the spelling of database-specific types and the default names of unnamed
//!   constraints; without it PostgreSQL's are used, with a warning where it matters.
//! * Files are rendered through `templates/rails/migration.rb.hbs` from a [`MigrationView`].

mod columns;
mod constraints;
mod fallback;
mod indexes;
mod names;
mod ops;
mod rb;
mod renames;
mod schema_rb;
mod table;
mod types;

use std::collections::BTreeSet;
use std::path::Path;

use handlebars::Handlebars;
use serde::Serialize;

use super::FormatExportOptions;
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::{Migration, Operation, Span, SqlDialect};
use crate::schema::{Schema, invert_migration, replay};

const TEMPLATE: &str = include_str!("../../../templates/rails/migration.rb.hbs");

/// The newest `Migration[x.y]` polymig models, written when no `rails_version` is given.
pub const NEWEST_VERSION: (u32, u32) = (8, 0);
/// The versions `rails_version=` accepts.
pub const VERSIONS: &[(u32, u32)] = &[(5, 0), (5, 1), (5, 2), (6, 0), (6, 1), (7, 0), (7, 1), (7, 2), (8, 0)];

/// How the Rails files are written (`convert --to rails -o KEY=VALUE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RailsExportOptions {
    /// `Migration[x.y]`.
    pub version: (u32, u32),
    /// The database the files are for (`--dialect`).
    pub dialect: Option<SqlDialect>,
    /// Also write `db/schema.rb`.
    pub schema_rb: bool,
}

impl Default for RailsExportOptions {
    fn default() -> Self {
        RailsExportOptions { version: NEWEST_VERSION, dialect: None, schema_rb: false }
    }
}

impl RailsExportOptions {
    /// Read `rails_version` and `schema_rb`; any other key, or a bad value, is an error diagnostic.
    pub fn from_format_options(opts: &FormatExportOptions) -> Result<Self, Vec<Diagnostic>> {
        let mut out = RailsExportOptions { dialect: opts.dialect, ..Default::default() };
        let mut errors = Vec::new();
        for (key, value) in &opts.options {
            match key.as_str() {
                "rails_version" => match parse_version(value) {
                    Some(v) => out.version = v,
                    None => errors.push(Diagnostic::error(
                        "bad-export-option",
                        format!("rails_version={value}: expected one of {}", version_list()),
                    )),
                },
                "schema_rb" => match value.as_str() {
                    "true" | "yes" | "1" => out.schema_rb = true,
                    "false" | "no" | "0" => out.schema_rb = false,
                    _ => errors.push(Diagnostic::error(
                        "bad-export-option",
                        format!("schema_rb={value}: expected true or false"),
                    )),
                },
                _ => errors.push(
                    Diagnostic::error("unknown-export-option", format!("the Rails exporter has no option `{key}`"))
                        .help("known options: rails_version=X.Y, schema_rb=true"),
                ),
            }
        }
        if errors.is_empty() { Ok(out) } else { Err(errors) }
    }
}

fn parse_version(v: &str) -> Option<(u32, u32)> {
    let (a, b) = v.trim().split_once('.')?;
    let v = (a.parse().ok()?, b.parse().ok()?);
    VERSIONS.contains(&v).then_some(v)
}

fn version_list() -> String {
    VERSIONS.iter().map(|(a, b)| format!("{a}.{b}")).collect::<Vec<_>>().join(", ")
}

/// One rendered file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    /// Path relative to the output directory: `db/migrate/20240101000001_create_users.rb`.
    pub path: String,
    /// The file's text.
    pub text: String,
    /// Problems met while rendering it.
    pub diagnostics: Vec<Diagnostic>,
}

/// What the template sees for one migration.
#[derive(Debug, Serialize)]
pub struct MigrationView {
    /// `CreateUsers`.
    pub class_name: String,
    /// `8.0`.
    pub version: String,
    /// `disable_ddl_transaction!`.
    pub disable_ddl_transaction: bool,
    /// The methods (`def change … end` or `def up … end` + `def down … end`), indented by 2.
    pub body: String,
}

/// Rendering state shared by the operation renderers.
pub(crate) struct Ctx {
    /// The schema before the operation being rendered (replayed for `dialect`).
    pub state: Schema,
    /// The database the files are for.
    pub dialect: Option<SqlDialect>,
    /// `Migration[x.y]`.
    pub version: (u32, u32),
    /// Span of the operation being rendered.
    pub span: Span,
    /// Diagnostics so far.
    pub diags: Vec<Diagnostic>,
    /// What needed `--dialect` in this migration (reported once).
    pub dialect_needs: BTreeSet<String>,
    /// A call that must run outside a transaction (`algorithm: :concurrently`) was written.
    pub no_transaction: bool,
}

impl Ctx {
    fn new(state: Schema, opts: &RailsExportOptions, span: Span) -> Self {
        Ctx {
            state,
            dialect: opts.dialect,
            version: opts.version,
            span,
            diags: Vec::new(),
            dialect_needs: BTreeSet::new(),
            no_transaction: false,
        }
    }

    pub(crate) fn warn(&mut self, code: &str, msg: impl Into<String>) {
        self.diags.push(Diagnostic::warning(code, msg).at(self.span.clone()));
    }

    pub(crate) fn info(&mut self, code: &str, msg: impl Into<String>) {
        self.diags.push(Diagnostic::new(Severity::Info, code, msg).at(self.span.clone()));
    }

    /// Note that the spelling of `what` depends on the database and none was given.
    pub(crate) fn needs_dialect(&mut self, what: &str) {
        if self.dialect.is_none() && self.dialect_needs.insert(what.to_string()) {
            self.diags.push(
                Diagnostic::warning("rails-export-dialect", format!("{what}: written for PostgreSQL"))
                    .at(self.span.clone())
                    .help("pass --dialect to write the spelling of another database"),
            );
        }
    }
}

/// Render a whole history as migration files (and `db/schema.rb` when asked).
pub fn render_history(migrations: &[Migration], opts: &RailsExportOptions) -> Vec<RenderedFile> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::no_escape);
    hb.register_template_string("migration", TEMPLATE).expect("the embedded Rails template parses");
    let versions = versions(migrations);
    let mut state = Schema::default();
    let mut out = Vec::new();
    let mut taken = BTreeSet::new();
    for (m, version) in migrations.iter().zip(&versions) {
        let file_stem = unique_stem(&m.name, &m.id, &mut taken);
        let (view, diagnostics) = migration_view(m, &file_stem, &mut state, opts);
        let mut text = hb.render("migration", &view).unwrap_or_else(|e| format!("# template error: {e}\n"));
        if !text.ends_with('\n') {
            text.push('\n');
        }
        out.push(RenderedFile { path: format!("db/migrate/{version}_{file_stem}.rb"), text, diagnostics });
    }
    if opts.schema_rb {
        let last = versions.last().cloned().unwrap_or_else(|| "0".into());
        let (text, diagnostics) = schema_rb::render(&state, &last, opts);
        out.push(RenderedFile { path: "db/schema.rb".into(), text, diagnostics });
    }
    out
}

/// The Rails version of each migration: its id when every id is a 14-digit timestamp in
/// increasing order, else `20000101000001`, `20000101000002`, … in history order.
fn versions(migrations: &[Migration]) -> Vec<String> {
    let stamps = migrations.iter().all(|m| m.id.len() == 14 && m.id.bytes().all(|b| b.is_ascii_digit()))
        && migrations.windows(2).all(|w| w[0].id < w[1].id);
    if stamps {
        return migrations.iter().map(|m| m.id.clone()).collect();
    }
    (1..=migrations.len())
        .map(|i| {
            let (day, s) = (i / 86_400, i % 86_400);
            format!("200001{:02}{:02}{:02}{:02}", day + 1, s / 3600, s / 60 % 60, s % 60)
        })
        .collect()
}

/// A snake_case file name (the class name is its CamelCase), unique in the history: Rails
/// refuses two migrations with one name.
fn unique_stem(name: &str, id: &str, taken: &mut BTreeSet<String>) -> String {
    let slug = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
            .collect::<String>()
            .split('_')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("_")
    };
    let mut base = slug(name);
    if base.is_empty() || base == slug(id) && base.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
        base = format!("migration_{}", slug(id));
    }
    if base.starts_with(|c: char| c.is_ascii_digit()) {
        base = format!("migration_{base}");
    }
    base.truncate(80);
    let mut stem = base.trim_end_matches('_').to_string();
    let mut n = 2;
    while !taken.insert(stem.clone()) {
        stem = format!("{base}_{n}");
        n += 1;
    }
    stem
}

/// `create_users_2` → `CreateUsers2` (ActiveSupport's `camelize`).
fn class_name(stem: &str) -> String {
    stem.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

fn migration_view(
    m: &Migration,
    stem: &str,
    state: &mut Schema,
    opts: &RailsExportOptions,
) -> (MigrationView, Vec<Diagnostic>) {
    let before = state.clone();
    let span = Span::file(m.source.as_deref().unwrap_or(&m.id));
    let mut ctx = Ctx::new(state.clone(), opts, span);
    let (up, up_reversible) = ops::body(&mut ctx, &m.up, 4);
    for op in &m.up {
        let _ = replay(state, op, opts.dialect);
    }
    let derived = invert_migration(m, &before, opts.dialect);
    let down_ops = match &m.down {
        Some(ops) => Ok(ops.clone()),
        None => derived.clone(),
    };
    // `change` only when ActiveRecord's own revert is the down polymig would write.
    let same_down = match (&m.down, &derived) {
        (None, Ok(_)) => true,
        (Some(explicit), Ok(d)) => explicit.iter().map(|o| &o.kind).eq(d.iter().map(|o| &o.kind)),
        _ => false,
    };
    let mut lines = Vec::new();
    if up_reversible && same_down && !m.up.is_empty() {
        lines.push("  def change".to_string());
        lines.extend(up);
        lines.push("  end".into());
    } else {
        lines.push("  def up".to_string());
        lines.extend(up);
        lines.push("  end".into());
        lines.push(String::new());
        lines.push("  def down".into());
        ctx.state = state.clone();
        match down_ops {
            Ok(ops) => lines.extend(ops::body(&mut ctx, &ops, 4).0),
            Err(irr) => {
                ctx.span = irr.span.clone();
                ctx.info("irreversible-migration", format!("the down of {} cannot be derived: {}", m.name, irr.reason));
                lines.push(format!(
                    "    raise ActiveRecord::IrreversibleMigration, {}",
                    rb::string(&format!("polymig cannot derive this down: {}", irr.reason))
                ));
            }
        }
        lines.push("  end".into());
    }
    let disable = !m.transactional || ctx.no_transaction;
    if ctx.no_transaction && m.transactional {
        ctx.info(
            "rails-export-no-transaction",
            "an index is built concurrently, which PostgreSQL refuses inside a transaction: disable_ddl_transaction! written",
        );
    }
    let view = MigrationView {
        class_name: class_name(stem),
        version: format!("{}.{}", opts.version.0, opts.version.1),
        disable_ddl_transaction: disable,
        body: lines.join("\n"),
    };
    (view, ctx.diags)
}

/// True when `ops` hold something the Rails files cannot run (Opaque code).
pub fn has_opaque(ops: &[crate::ir::Op]) -> bool {
    ops.iter().any(|op| match &op.kind {
        Operation::Opaque(_) => true,
        Operation::ByDialect(b) => b.branches.iter().any(|br| has_opaque(&br.ops)) || has_opaque(&b.otherwise),
        _ => false,
    })
}

/// Write `migrations` as Rails files under `dir` (`dir/db/migrate/…`, `dir/db/schema.rb`); the
/// diagnostics say what could not be expressed, or which options were wrong.
pub fn write_dir(dir: &Path, migrations: &[Migration], opts: &FormatExportOptions) -> std::io::Result<Vec<Diagnostic>> {
    let opts = match RailsExportOptions::from_format_options(opts) {
        Ok(o) => o,
        Err(errors) => return Ok(errors),
    };
    let files = render_history(migrations, &opts);
    write_files(dir, &files)?;
    Ok(files.into_iter().flat_map(|f| f.diagnostics).collect())
}

/// A replayed state as `db/schema.rb` (`ActiveRecord::Schema[x.y].define(version: …)`).
pub fn render_schema_rb(state: &Schema, version: &str, opts: &RailsExportOptions) -> (String, Vec<Diagnostic>) {
    schema_rb::render(state, version, opts)
}

/// Write rendered files under `dir`.
pub fn write_files(dir: &Path, files: &[RenderedFile]) -> std::io::Result<()> {
    for f in files {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, &f.text)?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;

//! Importer for Prisma schemas (`schema.prisma`, `model User { id Int @id }`).
//!
//! A schema is a **state**: [`schema_state`] lowers it to a [`Schema`] the way Prisma Migrate
//! would create it for the provider's database, and [`import_paths`] turns it into the migration
//! from the empty database through `schema::diff`. [`diff_files`] is the migration between two
//! schema files (`prisma migrate diff --from-schema old --to-schema new`), and [`migration_from`]
//! the one from any state (an older schema, a replayed history) with the caller's rename hints
//! (`polymig convert --base`, `--base-history`, `--rename-table`, `--rename-column`).
//!
//! `prisma/migrations/<timestamp>_<name>/migration.sql` folders are SQL and go through the SQL
//! importer (`import::sql`), not through here.

pub mod ast;
mod datasource;
mod defaults;
mod locations;
mod lower;
pub mod naming;
pub mod parse;
mod relations;
mod source;
mod types;

use std::path::{Path, PathBuf};

use super::ImportOptions;
use crate::diagnostics::Diagnostic;
use crate::ir::{Migration, SqlDialect};
use crate::schema::Schema;
use crate::schema::diff::Rename;
pub use datasource::provider_dialect;
pub use source::{SourceFile, Sources};

/// A Prisma schema lowered for one database.
#[derive(Debug, Clone)]
pub struct PrismaState {
    /// The tables, enums and extensions Prisma Migrate would create.
    pub schema: Schema,
    /// The database they are for (`--dialect`, else the datasource's provider).
    pub dialect: SqlDialect,
    /// Syntax and semantic problems, each at `file:line:col`.
    pub diagnostics: Vec<Diagnostic>,
    /// Where each table and column is written (see [`crate::schema::diff::location_key`]).
    pub locations: std::collections::BTreeMap<String, crate::ir::Span>,
    /// The rename hints written in the schema (`/// polymig:renamed-from old_name`).
    pub renames: Vec<Rename>,
}

/// Lower parsed sources for `target` (or the datasource's provider; PostgreSQL when neither says).
pub fn lower_sources(src: &Sources, target: Option<SqlDialect>, mut diags: Vec<Diagnostic>) -> PrismaState {
    let ds = datasource::read(src, &mut diags);
    let dialect = target.or(ds.dialect).unwrap_or(SqlDialect::Postgres);
    if ds.span.is_none() && !src.files.is_empty() {
        let span = crate::ir::Span::file(src.files[0].path.clone());
        diags.push(
            Diagnostic::warning("prisma-datasource", format!("no datasource block; the schema is read for {dialect}"))
                .at(span),
        );
    }
    let cx = lower::Context::new(src, dialect, ds, diags);
    let (schema, diagnostics) = cx.lower();
    let (locations, renames) = locations::read(src);
    PrismaState { schema, dialect, diagnostics, locations, renames }
}

/// Read and lower a `.prisma` file or a folder of them (a multi-file schema).
pub fn schema_state(path: &Path, target: Option<SqlDialect>) -> PrismaState {
    let mut diags = Vec::new();
    let src = Sources::read(path, &mut diags);
    lower_sources(&src, target, diags)
}

/// Import files and directories of this format into one history: per schema, the migration
/// from the empty database to it.
pub fn import_paths(paths: &[PathBuf], opts: &ImportOptions) -> (Vec<Migration>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for path in paths {
        let state = schema_state(path, opts.target);
        let (m, d) = migration_between(&Schema::default(), &state, path, "init", &[]);
        out.push(m);
        diags.extend(d);
    }
    (out, diags)
}

/// The migration from the schema in `old` to the one in `new` (`prisma migrate diff
/// --from-schema old --to-schema new`), both lowered for `target` or `new`'s provider.
pub fn diff_files(old: &Path, new: &Path, target: Option<SqlDialect>) -> (Migration, Vec<Diagnostic>) {
    let to = schema_state(new, target);
    let from = schema_state(old, Some(to.dialect));
    let mut diags = from.diagnostics.clone();
    let (m, d) = migration_between(&from.schema, &to, new, "diff", &[]);
    diags.extend(d);
    (m, diags)
}

/// The migration from the state `base` (an older schema, or the state a history replays to) to
/// the lowered schema `to`, read from `path`. `renames` are the caller's rename hints, added to
/// those written in the schema; without one, a table or column dropped while a twin of the same
/// shape is created is a `probable-rename` warning naming both, at the new model or field.
pub fn migration_from(
    base: &Schema,
    to: &PrismaState,
    path: &Path,
    renames: &[Rename],
) -> (Migration, Vec<Diagnostic>) {
    migration_between(base, to, path, "diff", renames)
}

/// True when the rename hint `r` can apply to `from`: the old name is there and the new one is not.
fn applies(from: &Schema, all: &[Rename], r: &Rename) -> bool {
    match r {
        Rename::Table { from: old, to } => from.table(old).is_some() && from.table(to).is_none(),
        Rename::Column { table, from: old, to } => {
            let before = all
                .iter()
                .find_map(|h| match h {
                    Rename::Table { from, to } if to == table => Some(from),
                    _ => None,
                })
                .unwrap_or(table);
            from.table(before).is_some_and(|t| t.column(old).is_some() && t.column(to).is_none())
        }
    }
}

fn migration_between(
    from: &Schema,
    to: &PrismaState,
    path: &Path,
    name: &str,
    renames: &[Rename],
) -> (Migration, Vec<Diagnostic>) {
    let mut m = Migration::new("0", name);
    m.source = Some(path.display().to_string());
    let span = crate::ir::Span::file(path.display().to_string());
    // A hint left in the schema after its rename ran (or read from empty) is not a mistake.
    let mut hints: Vec<Rename> = to.renames.iter().filter(|r| applies(from, &to.renames, r)).cloned().collect();
    let extra: Vec<Rename> = renames.iter().filter(|r| !hints.contains(r)).cloned().collect();
    hints.extend(extra);
    let opts = crate::schema::diff::DiffOptions {
        dialect: Some(to.dialect),
        span: Some(span),
        renames: hints,
        locations: to.locations.clone(),
        ..crate::schema::diff::DiffOptions::default()
    };
    let d = crate::schema::diff::diff(from, &to.schema, &opts);
    m.up = d.operations;
    let mut diags = to.diagnostics.clone();
    diags.extend(d.diagnostics);
    (m, diags)
}

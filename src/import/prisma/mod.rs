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
    PrismaState { schema, dialect, diagnostics }
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
/// the lowered schema `to`, read from `path`. `renames` are the caller's rename hints; without
/// them a table or column dropped while a twin of the same shape is created is a
/// `probable-rename` warning naming both.
pub fn migration_from(
    base: &Schema,
    to: &PrismaState,
    path: &Path,
    renames: &[Rename],
) -> (Migration, Vec<Diagnostic>) {
    migration_between(base, to, path, "diff", renames)
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
    let opts = crate::schema::diff::DiffOptions {
        dialect: Some(to.dialect),
        span: Some(span),
        renames: renames.to_vec(),
        ..crate::schema::diff::DiffOptions::default()
    };
    let d = crate::schema::diff::diff(from, &to.schema, &opts);
    m.up = d.operations;
    let mut diags = to.diagnostics.clone();
    diags.extend(d.diagnostics);
    (m, diags)
}

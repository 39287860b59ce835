//! Exporters: IR → SQL per dialect, and IR → each ORM's migration files.
//!
//! Every ORM exporter has the same entry point, `write_dir(dir, migrations, options)`,
//! which `polymig convert --to <format> --out DIR` calls.

pub mod alembic;
pub mod django;
pub mod prisma;
pub mod rails;
pub mod sql;
pub mod typeorm;

use std::collections::BTreeMap;

use crate::ir::SqlDialect;

/// What an ORM exporter needs besides the history: the target database, when the format
/// writes dialect-specific output (Prisma's provider, TypeORM's SQL style), and the
/// format's own settings from `convert --option KEY=VALUE` (`rails_version=7.1`, `style=sql`).
#[derive(Debug, Clone, Default)]
pub struct FormatExportOptions {
    /// `--dialect`, when given.
    pub dialect: Option<SqlDialect>,
    /// `--option KEY=VALUE` pairs; each exporter reports the keys it does not know.
    pub options: BTreeMap<String, String>,
}

//! Importers: one module per source format, each producing [`crate::ir::Migration`]s.
//!
//! [`load`] is the one entry point the CLI uses: it resolves `--from auto`
//! per path ([`detect`]) and hands the paths to the format's importer.

pub mod alembic;
pub mod detect;
pub mod django;
pub mod manifest;
pub mod prisma;
pub mod rails;
pub mod sql;
pub mod typeorm;

use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
use crate::ir::{Migration, SqlDialect};
pub use detect::{Format, detect_format};

/// What an import needs to know besides the paths.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The format, or `None` for auto-detection per path.
    pub format: Option<Format>,
    /// The dialect SQL sources are written in (`None`: detected per file).
    pub source_dialect: Option<SqlDialect>,
    /// The dialect the history will be exported to or run against, when known
    /// (ORM importers resolve dialect-dependent defaults with it).
    pub target: Option<SqlDialect>,
    /// The project's own column types → the format's built-in spelling, for classes polymig
    /// does not know: Alembic `"myapp.types.GUID"` or `"GUID"` → `"sa.String(36)"`, Django
    /// `"colorfield.fields.ColorField"` → `"CharField"` (`--type-map`, polymig.toml `types`).
    pub type_map: Vec<(String, String)>,
}

/// Import files and directories into one history. Diagnostics cover unreadable
/// paths, unknown formats and everything the importers report.
pub fn load(paths: &[PathBuf], opts: &ImportOptions) -> (Vec<Migration>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut migrations = Vec::new();
    let mut sql_paths = Vec::new();
    for path in paths {
        if !path.exists() {
            diags.push(Diagnostic::error("path-not-found", format!("{} does not exist", path.display())));
            continue;
        }
        let format = match opts.format {
            Some(f) => f,
            None => match detect_format(path) {
                Some(f) => f,
                None => {
                    diags.push(
                        Diagnostic::error(
                            "unknown-format",
                            format!("no migration format recognised in {}", path.display()),
                        )
                        .help("pass --from sql|prisma|alembic|django|rails|typeorm"),
                    );
                    continue;
                }
            },
        };
        match format {
            Format::Sql => sql_paths.push(path.clone()),
            Format::Alembic => {
                let (ms, ds) = alembic::import_paths(std::slice::from_ref(path), opts);
                migrations.extend(ms);
                diags.extend(ds);
            }
            Format::Django => {
                let (ms, ds) = django::import_paths(std::slice::from_ref(path), opts);
                migrations.extend(ms);
                diags.extend(ds);
            }
            Format::Rails => {
                let (ms, ds) = rails::import_paths(std::slice::from_ref(path), opts);
                migrations.extend(ms);
                diags.extend(ds);
            }
            Format::Typeorm => {
                let (ms, ds) = typeorm::import_paths(std::slice::from_ref(path), opts);
                migrations.extend(ms);
                diags.extend(ds);
            }
            Format::Prisma => {
                let (ms, ds) = prisma::import_paths(std::slice::from_ref(path), opts);
                migrations.extend(ms);
                diags.extend(ds);
            }
        }
    }
    if !sql_paths.is_empty() {
        let (ms, ds) = sql::import_paths(&sql_paths, &sql::SqlImportOptions { dialect: opts.source_dialect });
        migrations.extend(ms);
        diags.extend(ds);
    }
    for path in paths {
        manifest::apply_manifests(path, &mut migrations, &mut diags);
    }
    (migrations, diags)
}

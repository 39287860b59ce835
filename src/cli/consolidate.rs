//! `polymig consolidate`: the merged history of every source rewritten into one format, each
//! migration saying where it came from, plus the map an `adopt` needs from new versions to old.

use serde_json::json;

use super::args::ConsolidateArgs;
use super::history::load;
use super::report::print_diagnostics;
use super::{EXIT_INPUT, EXIT_OK, EXIT_USAGE};
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::export::FormatExportOptions;
use crate::export::sql::{ExportOptions, down_script, render_history, up_script};
use crate::history::Entry;
use crate::import::{Format, ImportOptions};
use crate::ir::{Migration, SqlDialect};

/// The consolidated history: versions `0001`, `0002`, … in the merged order (stable while the
/// order is), names kept.
fn renumbered(entries: &[Entry]) -> Vec<Migration> {
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut m = e.migration.clone();
            m.id = format!("{:04}", i + 1);
            // Dependencies named old versions of one source; the merged order replaces them.
            m.dependencies.clear();
            m
        })
        .collect()
}

/// `0001_invoices_for_customers`.
fn stem(m: &Migration) -> String {
    let slug: String =
        m.name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    let slug = slug.split('_').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("_");
    if slug.is_empty() { m.id.clone() } else { format!("{}_{slug}", m.id) }
}

/// Write the consolidated history and `polymig-adopt.json` into `--out`.
pub fn run(a: &ConsolidateArgs) -> i32 {
    let (entries, _, dialect) = match load(&a.project, (a.to == "sql").then_some(SqlDialect::Sqlite)) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let migrations = renumbered(&entries);
    let mut history_dir = a.out.clone();
    let written = match a.to.parse::<Format>() {
        Ok(Format::Sql) => write_sql(a, &entries, &migrations, dialect.unwrap_or(SqlDialect::Sqlite)),
        Ok(Format::Alembic) => {
            let revisions = crate::export::alembic::render_history_with(&migrations, Default::default());
            if print_diagnostics(revisions.iter().flat_map(|r| r.diagnostics.iter()), false) {
                return EXIT_INPUT;
            }
            crate::export::alembic::write_dir(&a.out, &revisions).map(|()| true)
        }
        Ok(format) => {
            history_dir = orm_history_dir(&a.out, format);
            write_orm(a, format, &migrations, dialect)
        }
        Err(_) => {
            eprintln!(
                "error[usage]: consolidate --to {}: not a format (sql, alembic, django, rails, typeorm, prisma)",
                a.to
            );
            return EXIT_USAGE;
        }
    };
    let versions = match (&written, a.to.parse::<Format>()) {
        (Ok(true), Ok(format)) => written_versions(&history_dir, format, &migrations, dialect),
        _ => migrations.iter().map(|m| m.id.clone()).collect(),
    };
    let adopt: Vec<_> = entries
        .iter()
        .zip(&migrations)
        .zip(&versions)
        .map(|((e, m), v)| {
            json!({"version": v, "name": m.name, "source": e.source, "format": e.format,
                   "original_version": e.migration.id, "file": e.migration.source})
        })
        .collect();
    let manifest = serde_json::to_string_pretty(&json!({ "migrations": adopt })).unwrap_or_default() + "\n";
    let manifest_path = history_dir.join(crate::import::manifest::ADOPT);
    // Nothing to map when the exporter refused before writing anything.
    let write_manifest = |ok: bool| match history_dir.is_dir() {
        true => std::fs::write(&manifest_path, &manifest).map(|()| ok),
        false => Ok(ok),
    };
    match written.and_then(write_manifest) {
        Ok(true) => {
            println!("wrote {} migrations to {}", migrations.len(), history_dir.display());
            EXIT_OK
        }
        Ok(false) => EXIT_INPUT,
        Err(e) => {
            eprintln!("error[io]: cannot write to {}: {e}", a.out.display());
            EXIT_INPUT
        }
    }
}

/// The folder an ORM exporter writes the history into, under `--out` (where the adopt map goes,
/// and the path to give `apply`): Rails `db/migrate`, Prisma `migrations`, Django the app's
/// `migrations` (`--out billing` → `billing/migrations`, app `billing`), TypeORM `--out`.
fn orm_history_dir(out: &Path, format: Format) -> PathBuf {
    match format {
        Format::Rails => out.join("db").join("migrate"),
        Format::Prisma => out.join("migrations"),
        Format::Django if out.file_name().is_some_and(|n| n != "migrations") => out.join("migrations"),
        _ => out.to_path_buf(),
    }
}

/// The Django app label of a migrations folder: the name of the folder that holds it, as the
/// importer (and Django) will read it back.
fn django_app(history_dir: &Path) -> String {
    history_dir.parent().and_then(Path::file_name).and_then(|n| n.to_str()).unwrap_or("app").to_string()
}

/// Django, Rails, TypeORM or a Prisma migrations folder, through the format's exporter.
fn write_orm(
    a: &ConsolidateArgs,
    format: Format,
    migrations: &[Migration],
    dialect: Option<SqlDialect>,
) -> std::io::Result<bool> {
    let mut options = std::collections::BTreeMap::new();
    let mut dir = a.out.clone();
    match format {
        Format::Prisma => {
            options.insert("layout".to_string(), "migrations".to_string());
        }
        Format::Django => {
            dir = orm_history_dir(&a.out, format);
            options.insert("app_label".to_string(), django_app(&dir));
        }
        _ => {}
    }
    let opts = FormatExportOptions { dialect, options };
    let write = match format {
        Format::Django => crate::export::django::write_dir,
        Format::Rails => crate::export::rails::write_dir,
        Format::Typeorm => crate::export::typeorm::write_dir,
        Format::Prisma => crate::export::prisma::write_dir,
        Format::Sql | Format::Alembic => unreachable!("written by run"),
    };
    let diags = write(&dir, migrations, &opts)?;
    Ok(!print_diagnostics(diags.iter(), false))
}

/// The versions the written files have when read back (each ORM numbers migrations its own
/// way: Rails and Prisma timestamps, TypeORM milliseconds, Django `<app>.<number>_<name>`), so
/// the adopt map names them as `apply` will. Falls back to the consolidated ids, with a
/// warning, when the files do not read back one for one.
fn written_versions(dir: &Path, format: Format, migrations: &[Migration], dialect: Option<SqlDialect>) -> Vec<String> {
    let ids: Vec<String> = migrations.iter().map(|m| m.id.clone()).collect();
    if matches!(format, Format::Sql | Format::Alembic) {
        return ids;
    }
    // A Prisma migrations folder is SQL (`<timestamp>_<name>/migration.sql`).
    let format = if format == Format::Prisma { Format::Sql } else { format };
    let opts = ImportOptions { format: Some(format), target: dialect, ..Default::default() };
    let (back, _) = crate::import::load(&[dir.to_path_buf()], &opts);
    if back.len() == ids.len() {
        return back.into_iter().map(|m| m.id).collect();
    }
    let d = Diagnostic::warning(
        "consolidate-versions",
        format!(
            "{} holds {} migrations when read back, not {}: the adopt map uses polymig's ids",
            dir.display(),
            back.len(),
            ids.len()
        ),
    );
    print_diagnostics([&d], false);
    ids
}

/// Numbered `.up.sql` / `.down.sql` files whose every statement names its source line.
fn write_sql(
    a: &ConsolidateArgs,
    entries: &[Entry],
    migrations: &[Migration],
    dialect: SqlDialect,
) -> std::io::Result<bool> {
    let mut rendered = render_history(migrations, &ExportOptions { dialect, with_down: true, allow_lossy: false });
    // A missing down is not an error here: the file is written without one.
    let failed = print_diagnostics(
        rendered.iter().flat_map(|r| r.diagnostics.iter()).filter(|d| d.code != "irreversible-migration"),
        false,
    );
    std::fs::create_dir_all(&a.out)?;
    for ((r, e), m) in rendered.iter_mut().zip(entries).zip(migrations) {
        for st in r.up.iter_mut().chain(r.down.iter_mut().flatten()) {
            st.comment = format!("{} (from {})", st.comment, st.span);
        }
        let header = format!(
            "-- from {} {} (source {}, version {})\n",
            e.format,
            e.migration.source.as_deref().unwrap_or("?"),
            e.source,
            e.migration.id
        );
        let stem = stem(m);
        std::fs::write(a.out.join(format!("{stem}.up.sql")), format!("{header}{}", up_script(r)))?;
        if let Some(down) = down_script(r) {
            std::fs::write(a.out.join(format!("{stem}.down.sql")), format!("{header}{down}"))?;
        }
    }
    Ok(!failed)
}

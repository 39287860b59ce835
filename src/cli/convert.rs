//! `polymig convert`: migrations → SQL for one database or another ORM's files (a Prisma
//! schema input is a state: see `convert_state`).

use std::path::Path;

use super::args::{ConvertArgs, DialectArg};
use super::convert_state;
use super::report::{all_diagnostics, load, print_diagnostics};
use super::{EXIT_INPUT, EXIT_OK, EXIT_USAGE};
use crate::export::FormatExportOptions;
use crate::export::sql::{
    ExportOptions, RenderedMigration, down_script, render_history, render_migration, to_script, up_script,
};
use crate::import::Format;

/// Convert, print or write the scripts, and report.
pub fn run(a: &ConvertArgs) -> i32 {
    if convert_state::wanted(a) && !a.to.eq_ignore_ascii_case("sql") {
        eprintln!("error[usage]: --base and --base-history write SQL (`--to sql`): the migration between two states");
        return EXIT_USAGE;
    }
    if a.to.eq_ignore_ascii_case("alembic") {
        return to_alembic(a);
    }
    if !a.to.eq_ignore_ascii_case("sql") {
        return match a.to.parse::<Format>() {
            Ok(format) => to_format(a, format),
            Err(e) => {
                eprintln!("error[usage]: --to: {e} (supported: sql, alembic, django, rails, typeorm, prisma)");
                EXIT_USAGE
            }
        };
    }
    let Some(dialect) = convert_state::sql_dialect(a) else {
        eprintln!("error[usage]: --dialect must be postgres, mysql or sqlite");
        return EXIT_USAGE;
    };
    let opts = ExportOptions { dialect, with_down: a.with_down, allow_lossy: a.allow_lossy };
    let (migrations, diags, rendered) = if convert_state::wanted(a) {
        // The migration between two states renders against the first one.
        let (migrations, diags, mut base) = match convert_state::load(a, Some(dialect)) {
            Ok(x) => x,
            Err(code) => return code,
        };
        let rendered = migrations.iter().map(|m| render_migration(m, &mut base, &opts)).collect();
        (migrations, diags, rendered)
    } else {
        let (migrations, diags) = load(&a.source, Some(dialect));
        let rendered = render_history(&migrations, &opts);
        (migrations, diags, rendered)
    };
    let mut failed = print_diagnostics(all_diagnostics(&diags, &migrations), a.source.strict);
    failed |= print_diagnostics(rendered.iter().flat_map(|r| r.diagnostics.iter()), a.source.strict);
    match &a.out {
        Some(dir) => {
            if let Err(e) = write_files(dir, &rendered) {
                eprintln!("error[io]: cannot write to {}: {e}", dir.display());
                return EXIT_INPUT;
            }
        }
        None => print!("{}", to_script(&rendered)),
    }
    if failed { EXIT_INPUT } else { EXIT_OK }
}

/// `--to alembic --out DIR`: an Alembic versions directory (the history is imported for no dialect).
fn to_alembic(a: &ConvertArgs) -> i32 {
    let Some(dir) = &a.out else {
        eprintln!("error[usage]: --to alembic needs --out DIR (the versions directory to write)");
        return EXIT_USAGE;
    };
    let opts = match crate::export::alembic::AlembicExportOptions::from_options(&a.options.iter().cloned().collect()) {
        Ok(o) => o,
        Err(d) => {
            print_diagnostics([&d], false);
            return EXIT_USAGE;
        }
    };
    let (migrations, diags) = load(&a.source, None);
    let revisions = crate::export::alembic::render_history_with(&migrations, opts);
    let mut failed = print_diagnostics(all_diagnostics(&diags, &migrations), a.source.strict);
    failed |= print_diagnostics(revisions.iter().flat_map(|r| r.diagnostics.iter()), a.source.strict);
    if let Err(e) = crate::export::alembic::write_dir(dir, &revisions) {
        eprintln!("error[io]: cannot write to {}: {e}", dir.display());
        return EXIT_INPUT;
    }
    if failed { EXIT_INPUT } else { EXIT_OK }
}

/// `--to <format> --out DIR` for the ORM formats with a `write_dir` exporter.
fn to_format(a: &ConvertArgs, format: Format) -> i32 {
    let Some(dir) = &a.out else {
        eprintln!("error[usage]: --to {format} needs --out DIR (the directory to write the migrations into)");
        return EXIT_USAGE;
    };
    let dialect = a.dialect.and_then(DialectArg::dialect);
    let (migrations, diags) = load(&a.source, dialect);
    let opts = FormatExportOptions { dialect, options: a.options.iter().cloned().collect() };
    let mut failed = print_diagnostics(all_diagnostics(&diags, &migrations), a.source.strict);
    match write_orm_dir(format, dir, &migrations, &opts) {
        Ok(ds) => failed |= print_diagnostics(ds.iter(), a.source.strict),
        Err(e) => {
            eprintln!("error[io]: cannot write to {}: {e}", dir.display());
            return EXIT_INPUT;
        }
    }
    if failed { EXIT_INPUT } else { EXIT_OK }
}

/// `migrations` written by the `write_dir` exporter of an ORM `format` (not SQL or Alembic).
pub(super) fn write_orm_dir(
    format: Format,
    dir: &Path,
    migrations: &[crate::ir::Migration],
    opts: &FormatExportOptions,
) -> std::io::Result<Vec<crate::diagnostics::Diagnostic>> {
    let write = match format {
        Format::Django => crate::export::django::write_dir,
        Format::Rails => crate::export::rails::write_dir,
        Format::Typeorm => crate::export::typeorm::write_dir,
        Format::Prisma => crate::export::prisma::write_dir,
        Format::Sql | Format::Alembic => unreachable!("SQL and Alembic have their own writers"),
    };
    write(dir, migrations, opts)
}

/// One file per migration: `<id>_<name>.sql`, or `.up.sql` + `.down.sql` when down scripts exist.
fn write_files(dir: &Path, rendered: &[RenderedMigration]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for m in rendered {
        let stem = file_stem(m);
        match down_script(m) {
            Some(down) => {
                std::fs::write(dir.join(format!("{stem}.up.sql")), up_script(m))?;
                std::fs::write(dir.join(format!("{stem}.down.sql")), down)?;
            }
            None => std::fs::write(dir.join(format!("{stem}.sql")), up_script(m))?,
        }
    }
    Ok(())
}

/// `<id>_<name>` with characters unsafe in file names replaced by `_`.
fn file_stem(m: &RenderedMigration) -> String {
    let raw = if m.name.is_empty() || m.name == m.id { m.id.clone() } else { format!("{}_{}", m.id, m.name) };
    raw.chars().map(|c| if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect()
}

//! `polymig consolidate`: the merged history of every source rewritten into one format, each
//! migration saying where it came from, plus the map an `adopt` needs from new versions to old.

use serde_json::json;

use super::args::ConsolidateArgs;
use super::history::load;
use super::report::print_diagnostics;
use super::{EXIT_INPUT, EXIT_OK, EXIT_USAGE};
use crate::export::sql::{ExportOptions, down_script, render_history, up_script};
use crate::history::Entry;
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
    let written = match a.to.as_str() {
        "sql" => write_sql(a, &entries, &migrations, dialect.unwrap_or(SqlDialect::Sqlite)),
        "alembic" => {
            let revisions = crate::export::alembic::render_history_with(&migrations, Default::default());
            if print_diagnostics(revisions.iter().flat_map(|r| r.diagnostics.iter()), false) {
                return EXIT_INPUT;
            }
            crate::export::alembic::write_dir(&a.out, &revisions).map(|()| true)
        }
        other => {
            eprintln!("error[usage]: consolidate --to {other} is not supported yet (supported: sql, alembic)");
            return EXIT_USAGE;
        }
    };
    let adopt: Vec<_> = entries
        .iter()
        .zip(&migrations)
        .map(|(e, m)| {
            json!({"version": m.id, "name": m.name, "source": e.source, "format": e.format,
                   "original_version": e.migration.id, "file": e.migration.source})
        })
        .collect();
    let manifest = serde_json::to_string_pretty(&json!({ "migrations": adopt })).unwrap_or_default() + "\n";
    match written.and_then(|ok| std::fs::write(a.out.join("polymig-adopt.json"), manifest).map(|()| ok)) {
        Ok(true) => {
            println!("wrote {} migrations to {}", migrations.len(), a.out.display());
            EXIT_OK
        }
        Ok(false) => EXIT_INPUT,
        Err(e) => {
            eprintln!("error[io]: cannot write to {}: {e}", a.out.display());
            EXIT_INPUT
        }
    }
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

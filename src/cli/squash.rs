//! `polymig squash`: one baseline migration equal to the replayed schema, plus the list of the
//! versions it replaces.

use serde_json::json;

use super::args::SquashArgs;
use super::history::load;
use super::schema::baseline;
use super::{EXIT_INPUT, EXIT_OK};
use crate::export::sql::{ExportOptions, render_history};
use crate::ir::SqlDialect;

/// The baseline's version, one the SQL importer reads back from `<version>_baseline.up.sql`:
/// the last squashed version when it is a number (`20240301090000`), else the time the merged
/// history gives that migration (`2024-03-01 09:00:00` → `20240301090000`), else `0001`.
pub(super) fn baseline_version(last: Option<&crate::history::Entry>) -> String {
    let Some(e) = last else { return "0001".into() };
    if !e.migration.id.is_empty() && e.migration.id.chars().all(|c| c.is_ascii_digit()) {
        return e.migration.id.clone();
    }
    let digits: String = e.time.as_deref().unwrap_or_default().chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() { "0001".into() } else { digits }
}

/// Write `<last version>_baseline.up.sql` and `squashed.json` into `--out`.
pub fn run(a: &SquashArgs) -> i32 {
    let (entries, state, dialect) = match load(&a.project, Some(SqlDialect::Sqlite)) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let dialect = dialect.unwrap_or(SqlDialect::Sqlite);
    let last = baseline_version(entries.last());
    let (m, diags) = baseline(&state, dialect, &last);
    let rendered = render_history(&[m], &ExportOptions { dialect, with_down: false, allow_lossy: false });
    if super::report::print_diagnostics(diags.iter().chain(rendered.iter().flat_map(|r| &r.diagnostics)), false) {
        return EXIT_INPUT;
    }
    let mut sql = format!("-- polymig squash: baseline of {} migrations for {dialect}\n", entries.len());
    for e in &entries {
        sql.push_str(&format!(
            "-- replaces {} {} ({} {})\n",
            e.migration.id,
            e.migration.name,
            e.source,
            e.migration.source.as_deref().unwrap_or("")
        ));
    }
    for st in rendered.iter().flat_map(|r| &r.up) {
        sql.push_str(&format!("\n-- {}\n{}\n", st.comment, st.sql));
    }
    let squashed: Vec<_> = entries
        .iter()
        .map(|e| json!({"version": e.migration.id, "name": e.migration.name, "source": e.source}))
        .collect();
    let manifest = json!({ "baseline": last, "dialect": dialect.as_str(), "squashed": squashed });
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(&a.out)?;
        std::fs::write(a.out.join(format!("{last}_baseline.up.sql")), sql)?;
        std::fs::write(a.out.join("squashed.json"), serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n")
    };
    if let Err(e) = write() {
        eprintln!("error: cannot write {}: {e}", a.out.display());
        return EXIT_INPUT;
    }
    println!(
        "wrote {} (replaces {} migrations)",
        a.out.join(format!("{last}_baseline.up.sql")).display(),
        entries.len()
    );
    EXIT_OK
}

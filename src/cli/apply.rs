//! `polymig apply`: run pending migrations against a database; `--phase` runs one phase of a
//! zero-downtime plan directory (see [`crate::plan::layout`]).

use super::args::{ApplyArgs, OutputFormat};
use super::db::{block_on, db_options, fail, open, print_event, warn};
use super::progress::Progress;
use super::{EXIT_INPUT, EXIT_OK, EXIT_USAGE};
use crate::apply::backfill::{BackfillOptions, backfill};
use crate::apply::phase::{Verification, run_as_written, verify};
use crate::apply::{self, ApplyOptions, DbUrl, EventResult, State, Unit, build_units};
use crate::ir::{Migration, Operation};
use crate::plan::{PhaseKind, layout};

/// Apply (or print with `--dry-run`); exit 1 when anything fails.
pub fn run(a: &ApplyArgs) -> i32 {
    let (url, migrations) = match open(&a.db, &a.source) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let units = build_units(&migrations, url.dialect, false);
    match a.phase {
        Some(phase) => run_phase(a, &url, &migrations, &units, phase),
        None => run_units(a, &url, &units, a.to.clone()),
    }
}

/// Apply the pending units up to `to`.
fn run_units(a: &ApplyArgs, url: &DbUrl, units: &[Unit], to: Option<String>) -> i32 {
    let opts = ApplyOptions {
        db: db_options(&a.db),
        to: to.clone(),
        dry_run: a.dry_run,
        allow_changed: a.allow_changed,
        backup: a.backup.clone(),
    };
    let progress = Progress::new(units, to.as_deref(), a.format, a.dry_run);
    let result = block_on(apply::apply(url, units, &opts, &mut |e| {
        progress.clear();
        print_event(e, a.format);
        progress.advance(&e.version, &e.name);
    }));
    progress.clear();
    let report = match result {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return fail(&e),
        Err(code) => return code,
    };
    warn(&report.warnings);
    if let Some(script) = &report.script {
        print!("{script}");
        return EXIT_OK;
    }
    if let Some(path) = &report.backup {
        eprintln!("backup written to {}", path.display());
    }
    if a.format == OutputFormat::Text {
        let applied = report.events.iter().filter(|e| e.result == EventResult::Applied).count();
        let recorded = report.events.iter().filter(|e| e.result == EventResult::Recorded).count();
        if recorded > 0 {
            println!(
                "recorded {recorded} migration{} as applied: the migrations {} replace{} ran",
                if recorded == 1 { "" } else { "s" },
                if recorded == 1 { "it" } else { "they" },
                if recorded == 1 { "s" } else { "" }
            );
        }
        match applied {
            0 => println!("nothing to apply: {url} is up to date"),
            n => println!("applied {n} migration{} to {url}", if n == 1 { "" } else { "s" }),
        }
    }
    if report.events.iter().any(|e| e.result == EventResult::Failed) { EXIT_INPUT } else { EXIT_OK }
}

/// `--phase`: refuse when the history before the plan or an earlier phase is pending, or when a
/// verification query does not return 0 (nothing applied); run the phase's backfills in batches,
/// then apply its files.
fn run_phase(a: &ApplyArgs, url: &DbUrl, migrations: &[Migration], units: &[Unit], phase: PhaseKind) -> i32 {
    let mut units = units.to_vec();
    // Files without a `polymig:phase` line are the history before the plan: applied already.
    let mut kinds: Vec<Option<PhaseKind>> = Vec::new();
    let mut checks = Vec::new();
    for m in migrations {
        let text = m.source.as_deref().and_then(|p| std::fs::read_to_string(p).ok()).unwrap_or_default();
        let header = layout::header(&text);
        if header.phase.is_some()
            && let Some(u) = units.iter_mut().find(|u| u.version == m.id)
        {
            run_as_written(u, &text, url.dialect);
        }
        kinds.push(header.phase);
        checks.push(header.verify);
    }
    if kinds.iter().all(Option::is_none) {
        eprintln!(
            "error[not-a-plan]: no file has a `-- polymig:phase` line: --phase runs the directory \
             `polymig plan --zero-downtime --out DIR` writes (with the history before it)"
        );
        return EXIT_USAGE;
    }
    let db = db_options(&a.db);
    let entries: Vec<_> = units.iter().map(Unit::entry).collect();
    let statuses = match block_on(apply::status(url, &entries, &db)) {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => return fail(&e),
        Err(code) => return code,
    };
    let pending = |m: &Migration| statuses.iter().any(|s| s.version == m.id && s.state == State::Pending);
    if let Some(m) = migrations.iter().zip(&kinds).find(|(m, k)| k.is_none() && pending(m)).map(|(m, _)| m) {
        eprintln!(
            "error[phase-order]: migration {} ({}) is not applied and is not a phase of the plan: apply the history \
             before the plan first (`polymig apply --to VERSION`), and leave out the migration the plan replaces",
            m.id, m.name
        );
        return EXIT_INPUT;
    }
    if let Some((m, k)) =
        migrations.iter().zip(&kinds).find_map(|(m, k)| k.filter(|k| *k < phase && pending(m)).map(|k| (m, k)))
    {
        eprintln!(
            "error[phase-order]: {} {} ({}) is not applied yet: run `polymig apply --phase {}` first",
            k.as_str(),
            m.id,
            m.name,
            k.as_str()
        );
        return EXIT_INPUT;
    }
    let mine: Vec<usize> = (0..migrations.len()).filter(|&i| kinds[i] == Some(phase)).collect();
    let Some(&last) = mine.last() else {
        println!("the plan has no {} phase", phase.as_str());
        return EXIT_OK;
    };
    let todo: Vec<usize> = mine.iter().copied().filter(|&i| pending(&migrations[i])).collect();
    let verifications: Vec<Verification> = todo
        .iter()
        .flat_map(|&i| {
            let label = format!("{} {}", migrations[i].id, migrations[i].name);
            checks[i].iter().map(move |q| Verification { migration: label.clone(), query: q.clone() })
        })
        .collect();
    match block_on(verify(url, &verifications, &db)) {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            let code = fail(&e);
            eprintln!("refusing to apply the {} phase: nothing was applied", phase.as_str());
            return code;
        }
        Err(code) => return code,
    }
    if !a.dry_run {
        let opts =
            BackfillOptions { timeouts: db.timeouts, history_table: db.table.clone(), ..BackfillOptions::default() };
        for &i in &todo {
            let m = &migrations[i];
            for (n, op) in m.up.iter().enumerate() {
                let Operation::Backfill(b) = &op.kind else { continue };
                match block_on(backfill(url, b, &format!("{}:{n}", m.id), &opts, &|_| {})) {
                    Ok(Ok(r)) => {
                        if a.format == OutputFormat::Text {
                            println!("backfilled {} rows of {} in {} ms", r.rows, b.table, r.ms);
                        }
                    }
                    Ok(Err(e)) => return fail(&e),
                    Err(code) => return code,
                }
            }
        }
    }
    run_units(a, url, &units, Some(migrations[last].id.clone()))
}

//! `polymig apply`: run pending migrations against a database; `--phase` runs one phase of a
//! zero-downtime plan directory (see [`crate::plan::layout`]).

use super::args::{ApplyArgs, OutputFormat};
use super::db::{block_on, db_options, fail, open, print_event, warn};
use super::progress::Progress;
use super::{EXIT_INPUT, EXIT_OK, EXIT_USAGE};
use crate::apply::backfill::{BackfillOptions, backfill};
use crate::apply::phase::{Verification, run_as_written, verify};
use crate::apply::usage::{self, UsageCheck};
use crate::apply::{self, ApplyOptions, DbOptions, DbUrl, EventResult, State, Unit, build_units};
use crate::ir::{Migration, Operation};
use crate::plan::PhaseKind;
use crate::plan::layout::{self, Usage};

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

/// `--phase`: refuse when the history before the plan or an earlier phase is pending, when a usage
/// check sees old code still running ([`usage`]), or when a verification query does not return 0
/// (nothing applied); then, file by file, run its backfills in batches and apply it. A file after
/// a backfill is verified only once the files before it ran; a `polymig:wait` file ends the call.
fn run_phase(a: &ApplyArgs, url: &DbUrl, migrations: &[Migration], units: &[Unit], phase: PhaseKind) -> i32 {
    let mut units = units.to_vec();
    // Files without a `polymig:phase` line are the history before the plan: applied already.
    let mut kinds: Vec<Option<PhaseKind>> = Vec::new();
    let mut checks = Vec::new();
    let mut waits = Vec::new();
    let mut usages = Vec::new();
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
        waits.push(header.wait);
        usages.push(header.usage);
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
    if todo.is_empty() {
        return run_units(a, url, &units, Some(migrations[last].id.clone()));
    }
    // The files this call runs: up to the first one marked `polymig:wait` (it waits for the next
    // call). Their verifications run before anything is applied, except those of files after a
    // backfill, which run once the files before them have (their rows are what they count).
    let todo: Vec<usize> = match todo.iter().skip(1).position(|&i| waits[i]) {
        Some(p) => todo[..=p].to_vec(),
        None => todo,
    };
    let has_backfill = |i: usize| migrations[i].up.iter().any(|op| matches!(op.kind, Operation::Backfill(_)));
    let upfront = todo.iter().position(|&i| has_backfill(i)).map_or(todo.len(), |p| p + 1);
    let label = |i: usize| format!("{} {}", migrations[i].id, migrations[i].name);
    let checks_of = |files: &[usize]| -> Vec<Verification> {
        files
            .iter()
            .flat_map(|&i| checks[i].iter().map(move |q| Verification { migration: label(i), query: q.clone() }))
            .collect()
    };
    let usage_checks: Vec<UsageCheck> = todo
        .iter()
        .flat_map(|&i| {
            usages[i].iter().enumerate().map(move |(n, u)| UsageCheck {
                migration: label(i),
                id: format!("{}:{n}", migrations[i].id),
                query: match u {
                    Usage::Query(q) => Ok(q.clone()),
                    Usage::Unavailable(why) => Err(why.clone()),
                },
            })
        })
        .collect();
    let usage_checked = match usage_gate(a, url, &usage_checks, &db, phase) {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    let mut ran = 0;
    for (k, &i) in todo.iter().enumerate() {
        let m = &migrations[i];
        let verifications = match k {
            0 => checks_of(&todo[..upfront]),
            k if k >= upfront => checks_of(&[i]),
            _ => Vec::new(),
        };
        let verified = block_on(verify(url, &verifications, &db));
        if usage_checked && !a.dry_run && !verifications.is_empty() {
            // The verification queries may name the old column: they are polymig's, not old code's.
            if let Ok(Err(e)) = block_on(usage::absorb(url, &usage_checks, &db)) {
                warn(&e.0);
            }
        }
        match verified {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                let code = fail(&e);
                if ran == 0 {
                    eprintln!("refusing to apply the {} phase: nothing was applied", phase.as_str());
                } else {
                    eprintln!(
                        "the {} phase stopped before {}: {ran} file(s) of it were applied; run it again once the \
                         query returns 0",
                        phase.as_str(),
                        label(i)
                    );
                }
                return code;
            }
            Err(code) => return code,
        }
        if !a.dry_run {
            let opts = BackfillOptions {
                timeouts: db.timeouts,
                history_table: db.table.clone(),
                ..BackfillOptions::default()
            };
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
        let code = run_units(a, url, &units, Some(m.id.clone()));
        if code != EXIT_OK {
            return code;
        }
        ran += 1;
    }
    if let Some(&next) = mine.iter().find(|&&i| waits[i] && pending(&migrations[i]) && !todo.contains(&i)) {
        println!(
            "stopped before {}: it waits for what its header says (a deploy, old code gone); run `polymig apply --phase \
             {}` again once done",
            label(next),
            phase.as_str()
        );
    }
    EXIT_OK
}

/// The usage checks of the phase's pending files ([`usage`]): `Ok(true)` when readings were taken
/// and passed, `Ok(false)` when there was nothing to read (skipped, no statistics, no checks, a
/// dry run), `Err(exit code)` when the phase is refused. With `--dry-run` nothing is recorded and
/// a refusal is only reported.
fn usage_gate(
    a: &ApplyArgs,
    url: &DbUrl,
    checks: &[UsageCheck],
    db: &DbOptions,
    phase: PhaseKind,
) -> Result<bool, i32> {
    if checks.is_empty() {
        return Ok(false);
    }
    if a.skip_usage_check {
        eprintln!(
            "note: --skip-usage-check: not checking that old code stopped using what the {} phase removes",
            phase.as_str()
        );
        return Ok(false);
    }
    let report = match block_on(usage::check(url, checks, a.usage_window, !a.dry_run, db)) {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return Err(fail(&e)),
        Err(code) => return Err(code),
    };
    warn(&report.warnings);
    for line in &report.passed {
        eprintln!("usage check passed: {line}");
    }
    if report.refusals.is_empty() {
        Ok(!report.passed.is_empty())
    } else if a.dry_run {
        warn(&report.refusals);
        eprintln!("--dry-run: apply would refuse the {} phase until the usage check passes", phase.as_str());
        Ok(false)
    } else {
        let code = fail(&apply::Error(report.refusals));
        eprintln!("refusing to apply the {} phase: nothing was applied", phase.as_str());
        Err(code)
    }
}

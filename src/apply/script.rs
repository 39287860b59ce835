//! The exact statement sequence for applying or undoing one migration, run by
//! [`execute`] and printed by `--dry-run` from the same value.
//!
//! Where DDL is transactional (PostgreSQL, SQLite) and the migration allows it:
//! `BEGIN; <guard>; SET LOCAL …; <statements>; INSERT INTO history …; COMMIT;`.
//! Otherwise (MySQL/MariaDB, `CONCURRENTLY`, `-- polymig:no-transaction`): the history row
//! is written *in progress* first, the statements run one by one, and the row is
//! completed (or marked failed) afterwards, so a crash leaves a visible dirty record.

use std::time::Instant;

use super::backend::{Backend, Hoisted, Timeouts};
use super::bound::BoundSql;
use super::checksum::normalize_sql;
use super::history::{self, Record, db_error, db_message};
use super::units::Unit;
use crate::diagnostics::Diagnostic;
use crate::export::sql::Statement;

/// One step of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Transaction control or a session setting: `BEGIN`, `SET LOCAL lock_timeout = 5000`.
    Control(String),
    /// A statement of the migration itself.
    Run(Statement),
    /// A history-table write with bound values.
    Book(BoundSql),
    /// Read this version's history row and decide whether to go on (another runner may have done the work).
    Guard(BoundSql, Direction),
    /// A query that must return no rows (`PRAGMA foreign_key_check` after a SQLite rebuild).
    Check(BoundSql),
}

/// Applying or undoing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Apply (`up`).
    Up,
    /// Roll back (`down`).
    Down,
}

/// Steps that either all happen or are followed by `on_failure`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phase {
    /// The steps.
    pub steps: Vec<Step>,
    /// What to run when a step fails.
    pub on_failure: Vec<Step>,
    /// True when a failure leaves the database unchanged (the phase is one transaction).
    pub atomic: bool,
}

/// The script of one migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    /// Migration version.
    pub version: String,
    /// Migration name.
    pub name: String,
    /// Applying or undoing.
    pub direction: Direction,
    /// Phases in order.
    pub phases: Vec<Phase>,
    /// What to run when the guard finds the work already done.
    pub on_skip: Vec<Step>,
}

/// How a script ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It ran; milliseconds taken.
    Done(i64),
    /// Another runner had already done it.
    Skipped,
}

fn controls(sqls: impl IntoIterator<Item = String>) -> impl Iterator<Item = Step> {
    sqls.into_iter().map(Step::Control)
}

/// The script applying `unit` (or undoing it, for [`Direction::Down`]; `unit.down` must be set).
///
/// One transaction when the database has transactional DDL, the source did not opt out, and
/// every statement may run inside one — or the only ones that may not are session toggles
/// the backend can hoist around the transaction ([`Backend::hoist`]: SQLite's
/// `PRAGMA foreign_keys`). Otherwise the in-progress / completed bookkeeping of the module docs.
pub fn build<B: Backend>(unit: &Unit, table: &str, t: &Timeouts, direction: Direction) -> Script {
    let (statements, allowed) = match direction {
        Direction::Up => (unit.up.clone(), unit.transactional),
        Direction::Down => (unit.down.clone().unwrap_or_default(), true),
    };
    let guard = Step::Guard(history::select_one::<B>(table, &unit.version), direction);
    let rollback = || B::begin().map(|_| Step::Control("ROLLBACK".into())).into_iter().collect::<Vec<_>>();
    let hoisted = match B::begin() {
        Some(_) if allowed && statements.iter().all(|s| s.transactional) => {
            Some(Hoisted { inside: statements.clone(), ..Hoisted::default() })
        }
        Some(_) if allowed => B::hoist(&statements),
        _ => None,
    };
    let (phases, on_skip) = match (B::begin(), hoisted) {
        (Some(begin), Some(h)) => {
            let record = match direction {
                Direction::Up => history::insert::<B>(table, &unit.entry(), true),
                Direction::Down => history::delete::<B>(table, &unit.version),
            };
            let mut steps: Vec<Step> = controls(h.before.clone()).collect();
            steps.extend([Step::Control(begin.into()), guard]);
            steps.extend(controls(B::set_timeouts(t, true)));
            steps.extend(h.inside.into_iter().map(Step::Run));
            steps.extend(h.check.map(Step::Check));
            steps.push(Step::Book(record));
            steps.push(Step::Control("COMMIT".into()));
            steps.extend(controls(h.after.clone()));
            let mut undo = rollback();
            undo.extend(controls(h.after));
            (vec![Phase { steps, on_failure: undo.clone(), atomic: true }], undo)
        }
        (begin, _) => {
            let mark = match direction {
                Direction::Up => history::insert::<B>(table, &unit.entry(), false),
                Direction::Down => history::mark_in_progress::<B>(table, &unit.version),
            };
            let done = match direction {
                Direction::Up => history::finish::<B>(table, &unit.version, true),
                Direction::Down => history::delete::<B>(table, &unit.version),
            };
            let mut first: Vec<Step> = begin.map(|b| Step::Control(b.into())).into_iter().collect();
            first.extend([guard, Step::Book(mark)]);
            first.extend(begin.map(|_| Step::Control("COMMIT".into())));
            let mut second: Vec<Step> = controls(B::set_timeouts(t, false)).collect();
            second.extend(statements.into_iter().map(Step::Run));
            second.push(Step::Book(done));
            second.extend(controls(B::reset_timeouts()));
            let mut on_failure = vec![Step::Book(history::finish::<B>(table, &unit.version, false))];
            on_failure.extend(controls(B::reset_timeouts()));
            let phases = vec![
                Phase { steps: first, on_failure: rollback(), atomic: true },
                Phase { steps: second, on_failure, atomic: false },
            ];
            (phases, rollback())
        }
    };
    Script { version: unit.version.clone(), name: unit.name.clone(), direction, phases, on_skip }
}

/// The script as SQL text, one statement per line group, values as literals.
pub fn render<B: Backend>(script: &Script) -> String {
    let verb = match script.direction {
        Direction::Up => "apply",
        Direction::Down => "roll back",
    };
    let mut out = format!("-- {verb} {} {}\n", script.version, script.name);
    for step in script.phases.iter().flat_map(|p| &p.steps) {
        let sql = match step {
            Step::Control(s) => format!("{s};"),
            Step::Run(s) => s.sql.trim_end().to_string(),
            Step::Book(q) | Step::Guard(q, _) | Step::Check(q) => format!("{};", q.literal(B::DIALECT)),
        };
        out.push_str(&sql);
        out.push('\n');
    }
    out
}

/// True for statements with nothing to run (comments only).
fn is_empty_sql(sql: &str) -> bool {
    let n = normalize_sql(sql);
    n.is_empty() || n.chars().all(|c| c == ';')
}

/// Run a script. A failing step runs its phase's `on_failure` and returns one diagnostic
/// pointing at the statement's source.
pub async fn execute<B: Backend>(db: &mut B, script: &Script, table: &str) -> Result<Outcome, Diagnostic> {
    let start = Instant::now();
    let elapsed = |s: &Instant| i64::try_from(s.elapsed().as_millis()).unwrap_or(i64::MAX);
    for phase in &script.phases {
        for (i, step) in phase.steps.iter().enumerate() {
            let result = match step {
                Step::Control(sql) => db.execute_raw(sql).await,
                Step::Run(st) if is_empty_sql(&st.sql) => Ok(()),
                Step::Run(st) => db.execute_raw(&st.sql).await,
                Step::Book(q) => db.execute(q, elapsed(&start)).await,
                Step::Check(q) => match db.fetch_texts(q).await {
                    Ok(rows) if rows.is_empty() => Ok(()),
                    Ok(rows) => {
                        run_quietly(db, &phase.on_failure, 0).await;
                        return Err(check_failed(script, &rows));
                    }
                    Err(e) => Err(e),
                },
                Step::Guard(q, direction) => match db.fetch_records(q).await {
                    Ok(rows) => match guard(rows.first(), *direction, table) {
                        Ok(true) => Ok(()),
                        Ok(false) => {
                            run_quietly(db, &script.on_skip, 0).await;
                            return Ok(Outcome::Skipped);
                        }
                        Err(d) => {
                            run_quietly(db, &phase.on_failure, 0).await;
                            return Err(d);
                        }
                    },
                    Err(e) => Err(e),
                },
            };
            if let Err(e) = result {
                run_quietly(db, &phase.on_failure, elapsed(&start)).await;
                return Err(failure(script, phase, i, step, &e, table));
            }
        }
    }
    Ok(Outcome::Done(elapsed(&start)))
}

/// Best-effort cleanup after a failure (its own errors are ignored: the first error is the one reported).
async fn run_quietly<B: Backend>(db: &mut B, steps: &[Step], elapsed_ms: i64) {
    for step in steps {
        let _ = match step {
            Step::Control(sql) => db.execute_raw(sql).await,
            Step::Book(q) => db.execute(q, elapsed_ms).await,
            Step::Run(_) | Step::Guard(..) | Step::Check(_) => Ok(()),
        };
    }
}

/// Go on (`true`), skip (`false`: already done by someone else) or stop (a dirty row).
fn guard(row: Option<&Record>, direction: Direction, table: &str) -> Result<bool, Diagnostic> {
    match (row, direction) {
        (Some(r), _) if r.is_dirty() => Err(dirty_error(r, table)),
        (Some(_), Direction::Up) | (None, Direction::Down) => Ok(false),
        (None, Direction::Up) | (Some(_), Direction::Down) => Ok(true),
    }
}

/// The error for rows a [`Step::Check`] found (foreign keys violated after a rebuild).
fn check_failed(script: &Script, tables: &[String]) -> Diagnostic {
    let mut tables = tables.to_vec();
    tables.sort();
    tables.dedup();
    Diagnostic::error(
        "foreign-key-violation",
        format!(
            "migration {} ({}) would leave rows violating foreign keys in {}",
            script.version,
            script.name,
            tables.join(", ")
        ),
    )
    .help("nothing was changed: the migration's transaction was rolled back")
}

/// The error for a failed or interrupted migration found in the history.
pub fn dirty_error(r: &Record, table: &str) -> Diagnostic {
    let state = if r.success == Some(false) { "failed" } else { "was interrupted (still marked in progress)" };
    Diagnostic::error(
        "history-dirty",
        format!("migration {} ({}) {state} at {}; no further migrations will run", r.version, r.name, r.applied_at),
    )
    .help(format!(
        "check the database by hand, finish or undo the migration's changes, then run `polymig repair --yes` to clear the record from {table}"
    ))
}

fn failure(script: &Script, phase: &Phase, index: usize, step: &Step, e: &sqlx::Error, table: &str) -> Diagnostic {
    let verb = match script.direction {
        Direction::Up => "migration",
        Direction::Down => "rollback of",
    };
    let what = format!("{verb} {} ({}) failed", script.version, script.name);
    let mut d = match step {
        Step::Run(st) => {
            let n = phase.steps[..index].iter().filter(|s| matches!(s, Step::Run(_))).count() + 1;
            let message = format!("{what} at statement {n} ({}): {}", st.comment, db_message(e));
            Diagnostic::error("migration-failed", message).at(st.span.clone())
        }
        _ => db_error(&format!("{what} while updating the history"), e),
    };
    d.help = Some(if phase.atomic {
        "nothing was changed: the migration's transaction was rolled back".into()
    } else {
        format!(
            "the statements ran outside a transaction and may be partly applied; the migration is recorded as failed in {table}. \
             Fix the database by hand, then run `polymig repair --yes`"
        )
    });
    d
}

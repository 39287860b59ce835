//! `polymig apply --phase`: the "old code stopped using it" check before a phase that removes
//! something (a `-- polymig:usage <query>` line, see [`crate::plan::layout`]).
//!
//! The query sums how often DML statements naming the old table and column have run, over the
//! server's statement statistics (PostgreSQL `sum(calls)` of `pg_stat_statements`, MySQL/MariaDB
//! `SUM(COUNT_STAR)` of the `performance_schema` digests). That figure is cumulative: it holds
//! every execution since the statistics were last reset, the old code's from before the deploy
//! and the plan's own backfills and verification queries included, so "it is 0" would never
//! hold. What shows that old code is gone is that the figure **stops growing**:
//!
//! * each check records the figure in `<history>_usage` (one row per phase file and usage line:
//!   the figure, `since` — when it last changed — and when it was read, on the server's clock);
//! * the phase is refused on the first reading, while the figure grows ("N executions since
//!   <time>"), and after a reset (a smaller figure: restart, `pg_stat_statements_reset()`);
//! * it runs once a reading equals one taken at least `--usage-window` (default 15 minutes)
//!   earlier. Operators run `apply --phase contract` once after the deploy and again after the
//!   window; a column read only by a nightly job needs a window longer than a night.
//!
//! polymig's own statements do not count: DDL is left out by the query, earlier phases' backfills
//! and checks ran before the first reading, and the checks happen before this phase's
//! verification queries, whose executions are folded into the recorded figure afterwards
//! ([`absorb`]) so that a retried phase is not refused for polymig's own reads.
//!
//! When the statistics are missing (SQLite; PostgreSQL without `pg_stat_statements` loaded and
//! installed; MySQL/MariaDB with `performance_schema` off or its statement digests disabled) the
//! phase is not refused: a `usage-unchecked` warning says why. `--skip-usage-check` skips the
//! check for an operator who verified otherwise.
//!
//! Limits, all on the side of seeing less: a statement is seen by its text, so `SELECT *` reads
//! (ActiveRecord's `SELECT "users".*`) do not name a column; evicted `pg_stat_statements` entries
//! (`pg_stat_statements.max`) can hide growth; MySQL/MariaDB digest texts are cut at
//! `performance_schema_max_digest_length`, and statements sent through the binary protocol
//! (server-side prepared statements: JDBC `useServerPrepStmts`, Go's driver without
//! `interpolateParams`) get no digest — MySQL counts their executions in
//! `prepared_statements_instances` while they stay prepared, MariaDB 10.11 leaves that count at 0.

use std::time::Duration;

use super::backend::Backend;
use super::bound::{BoundSql, Value};
use super::history::db_error;
use super::run::connect_options;
use super::{DbOptions, DbUrl, Error, with_backend};
use crate::diagnostics::Diagnostic;

/// One `polymig:usage` line of a pending phase file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageCheck {
    /// `version name` of the phase file, for messages.
    pub migration: String,
    /// The row in `<history>_usage`: `<version>:<n>`, the file and its n-th usage line.
    pub id: String,
    /// The query, or why the database cannot answer one (`polymig:usage unavailable: …`).
    pub query: Result<String, String>,
}

/// What the checks found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UsageReport {
    /// Checks that could not run, and what they see less of.
    pub warnings: Vec<Diagnostic>,
    /// Checks that refuse the phase.
    pub refusals: Vec<Diagnostic>,
    /// Checks that passed, one line each.
    pub passed: Vec<String>,
}

/// A recorded reading (times in seconds since 1970, server clock).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The query it was read with.
    pub query: String,
    /// The figure.
    pub figure: i64,
    /// When the figure last changed.
    pub since: i64,
    /// When it was read.
    pub checked: i64,
}

/// What a new reading means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// No earlier reading (or one of another query): refuse, start waiting.
    First,
    /// The figure grew by this much since the last reading: refuse.
    Grew(i64),
    /// The figure went down (statistics reset or evicted): refuse, start again.
    Reset,
    /// Unchanged, but for less than the window: refuse until this time.
    Waiting(i64),
    /// Unchanged for at least the window: run.
    Passed,
}

/// Compare a new reading (`figure` at `now`) with the recorded one.
pub fn decide(previous: Option<&Reading>, query: &str, figure: i64, now: i64, window: Duration) -> Decision {
    let Some(p) = previous.filter(|p| p.query == query) else { return Decision::First };
    let until = p.since.saturating_add(window.as_secs() as i64);
    match figure.cmp(&p.figure) {
        std::cmp::Ordering::Greater => Decision::Grew(figure - p.figure),
        std::cmp::Ordering::Less => Decision::Reset,
        std::cmp::Ordering::Equal if now >= until => Decision::Passed,
        std::cmp::Ordering::Equal => Decision::Waiting(until),
    }
}

/// Run the usage checks of the phase files about to run; `record`: write the readings (not with
/// `--dry-run`).
pub async fn check(
    url: &DbUrl,
    checks: &[UsageCheck],
    window: Duration,
    record: bool,
    db: &DbOptions,
) -> Result<UsageReport, Error> {
    let mut report = UsageReport::default();
    let unchecked = |c: &UsageCheck, why: &str| {
        Diagnostic::warning(
            "usage-unchecked",
            format!(
                "{}: cannot check that old code stopped using what it removes: {why}; applying anyway",
                c.migration
            ),
        )
        .help("make sure every instance runs the new code first; --skip-usage-check silences this")
    };
    let queries: Vec<(&UsageCheck, &String)> = checks
        .iter()
        .filter_map(|c| match &c.query {
            Ok(q) => Some((c, q)),
            Err(why) => {
                report.warnings.push(unchecked(c, why));
                None
            }
        })
        .collect();
    if queries.is_empty() {
        return Ok(report);
    }
    with_backend!(url, &connect_options(db, false), |conn: B| {
        if let Some(why) = missing_statistics(&mut conn, &mut report.warnings).await {
            report.warnings.extend(queries.iter().map(|(c, _)| unchecked(c, &why)));
            return Ok(report);
        }
        let table = table_name(&db.table);
        let exists = conn.fetch_int(&B::table_exists(&table)).await.map_err(|e| db_error("cannot read", &e))?;
        if record {
            ensure::<B>(&mut conn, &table).await?;
        }
        for (c, query) in queries {
            let figure = conn.fetch_int(&BoundSql::new(query.clone())).await.map_err(|e| {
                let d = db_error(&format!("{}: the usage query failed", c.migration), &e);
                d.help("fix the query in the file's `-- polymig:usage` line, or pass --skip-usage-check")
            })?;
            let figure = figure.unwrap_or(0);
            let now = conn.fetch_int(&BoundSql::new(format!("SELECT {}", B::now_epoch()))).await;
            let now = now.map_err(|e| db_error("cannot read the server's clock", &e))?.unwrap_or(0);
            let previous =
                if exists.unwrap_or(0) > 0 || record { read::<B>(&mut conn, &table, &c.id).await? } else { None };
            let decision = decide(previous.as_ref(), query, figure, now, window);
            if record {
                let since = match decision {
                    Decision::Waiting(_) | Decision::Passed => previous.as_ref().map_or(now, |p| p.since),
                    _ => now,
                };
                let reading = Reading { query: query.clone(), figure, since, checked: now };
                write::<B>(&mut conn, &table, &c.id, &reading).await?;
            }
            match explain(c, previous.as_ref(), decision, figure, now, window) {
                Ok(line) => report.passed.push(line),
                Err(d) => report.refusals.push(d.help(format!("the usage query: {query}"))),
            }
        }
        Ok(report)
    })
}

/// After the phase's own verification queries ran (they may name the old column): record the
/// figure they raised as polymig's, keeping `since`, so a retried phase does not count them.
pub async fn absorb(url: &DbUrl, checks: &[UsageCheck], db: &DbOptions) -> Result<(), Error> {
    with_backend!(url, &connect_options(db, false), |conn: B| {
        let table = table_name(&db.table);
        let exists = conn.fetch_int(&B::table_exists(&table)).await.map_err(|e| db_error("cannot read", &e))?;
        if exists.unwrap_or(0) == 0 {
            return Ok(());
        }
        for c in checks {
            let Ok(query) = &c.query else { continue };
            let Some(mut reading) = read::<B>(&mut conn, &table, &c.id).await? else { continue };
            let figure = conn.fetch_int(&BoundSql::new(query.clone())).await.ok().flatten().unwrap_or(0);
            if reading.query == *query && figure > reading.figure {
                reading.figure = figure;
                write::<B>(&mut conn, &table, &c.id, &reading).await?;
            }
        }
        Ok(())
    })
}

/// Why the server cannot answer usage queries, if it cannot; advisory gaps become warnings.
async fn missing_statistics<B: Backend>(conn: &mut B, warnings: &mut Vec<Diagnostic>) -> Option<String> {
    let Some(needs) = B::statistics_checks() else {
        return Some(format!("the database ({}) keeps no statement statistics", B::DIALECT.as_str()));
    };
    for n in needs {
        let ok = match conn.fetch_int(&BoundSql::new(n.query)).await {
            Ok(v) => v == Some(1),
            Err(e) if n.required => return Some(format!("{} ({e})", n.missing)),
            Err(_) => false,
        };
        match (ok, n.required) {
            (true, _) => {}
            (false, true) => return Some(n.missing.to_string()),
            (false, false) => warnings.push(Diagnostic::warning("usage-partly-checked", n.missing)),
        }
    }
    None
}

/// The refusal for a decision, or the line saying the check passed.
fn explain(
    c: &UsageCheck,
    previous: Option<&Reading>,
    decision: Decision,
    figure: i64,
    now: i64,
    window: Duration,
) -> Result<String, Diagnostic> {
    let again = at(now.saturating_add(window.as_secs() as i64));
    let w = span(window);
    let refuse = |msg: String| Err(Diagnostic::error("usage-check", format!("{}: {msg}", c.migration)));
    match (decision, previous) {
        (Decision::Passed, Some(p)) => {
            Ok(format!("{}: no statement used what it removes since {} (window {w})", c.migration, at(p.since)))
        }
        (Decision::Grew(n), Some(p)) => refuse(format!(
            "{n} execution(s) of statements using what this phase removes since {}: old code still runs; \
             re-run once it is gone (polymig then waits {w} without a new one)",
            at(p.checked)
        )),
        (Decision::Reset, Some(p)) => refuse(format!(
            "the statement statistics were reset since {} (the figure went from {} to {figure}); \
             readings start again: re-run after {again}",
            at(p.checked),
            p.figure
        )),
        (Decision::Waiting(until), Some(p)) => refuse(format!(
            "no new use since {}, but the check waits {w} without one: re-run after {}",
            at(p.since),
            at(until)
        )),
        _ => refuse(format!(
            "first reading of its usage check ({figure} execution(s) so far); the phase runs once a reading \
             {w} later shows no new one: deploy the code that stops using it, then re-run after {again}"
        )),
    }
}

/// The readings table of a history table.
pub fn table_name(history: &str) -> String {
    format!("{history}_usage")
}

async fn ensure<B: Backend>(conn: &mut B, table: &str) -> Result<(), Diagnostic> {
    let (t, q) = (B::TYPES, |c: &str| B::quote(c));
    let sql = format!(
        "CREATE TABLE IF NOT EXISTS {} ({} {} NOT NULL PRIMARY KEY, {} {} NOT NULL, {} {} NOT NULL, \
         {} {} NOT NULL, {} {} NOT NULL)",
        q(table),
        q("id"),
        t.key,
        q("query"),
        t.text,
        q("figure"),
        t.bigint,
        q("since"),
        t.bigint,
        q("checked"),
        t.bigint,
    );
    conn.execute_raw(&sql).await.map_err(|e| db_error("cannot create the usage readings table", &e))
}

async fn read<B: Backend>(conn: &mut B, table: &str, id: &str) -> Result<Option<Reading>, Diagnostic> {
    let select = |what: &str| {
        BoundSql::new(format!("SELECT {} FROM {} WHERE {} = ", B::quote(what), B::quote(table), B::quote("id")))
            .bind(Value::Text(id.to_string()))
    };
    let err = |e: sqlx::Error| db_error("cannot read the usage readings", &e);
    let Some(query) = conn.fetch_texts(&select("query")).await.map_err(err)?.into_iter().next() else {
        return Ok(None);
    };
    let mut n = [0i64; 3];
    for (slot, col) in n.iter_mut().zip(["figure", "since", "checked"]) {
        *slot = conn.fetch_int(&select(col)).await.map_err(err)?.unwrap_or(0);
    }
    Ok(Some(Reading { query, figure: n[0], since: n[1], checked: n[2] }))
}

async fn write<B: Backend>(conn: &mut B, table: &str, id: &str, r: &Reading) -> Result<(), Diagnostic> {
    let q = |c: &str| B::quote(c);
    let err = |e: sqlx::Error| db_error("cannot record the usage reading", &e);
    let delete = BoundSql::new(format!("DELETE FROM {} WHERE {} = ", q(table), q("id"))).bind(Value::Text(id.into()));
    conn.execute(&delete, 0).await.map_err(err)?;
    let cols = ["id", "query", "figure", "since", "checked"].map(q).join(", ");
    let insert = BoundSql::new(format!("INSERT INTO {} ({cols}) VALUES (", q(table)))
        .bind_list([
            Value::Text(id.into()),
            Value::Text(r.query.clone()),
            Value::Int(r.figure),
            Value::Int(r.since),
            Value::Int(r.checked),
        ])
        .push(")");
    conn.execute(&insert, 0).await.map_err(err)
}

/// `2024-02-29 12:34:56 UTC`.
fn at(epoch: i64) -> String {
    let [y, mo, d, h, mi, s] = super::backup::utc_parts(epoch);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} UTC")
}

/// `15m`, `2h`, `90s`.
fn span(d: Duration) -> String {
    match d.as_secs() {
        s if s > 0 && s % 3600 == 0 => format!("{}h", s / 3600),
        s if s > 0 && s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: Duration = Duration::from_secs(900);

    fn reading(figure: i64, since: i64, checked: i64) -> Reading {
        Reading { query: "q".into(), figure, since, checked }
    }

    #[test]
    fn the_figure_must_stay_put_for_a_window() {
        assert_eq!(decide(None, "q", 40, 1000, W), Decision::First);
        let first = reading(40, 1000, 1000);
        assert_eq!(decide(Some(&first), "q", 47, 1300, W), Decision::Grew(7));
        assert_eq!(decide(Some(&first), "q", 40, 1300, W), Decision::Waiting(1900));
        assert_eq!(decide(Some(&first), "q", 40, 1900, W), Decision::Passed);
        assert_eq!(decide(Some(&first), "q", 3, 5000, W), Decision::Reset);
        assert_eq!(decide(Some(&first), "other query", 40, 5000, W), Decision::First);
        // Readings in between keep `since`: quiet for the window since the figure last changed.
        let checked_again = reading(40, 1000, 1300);
        assert_eq!(decide(Some(&checked_again), "q", 40, 1900, W), Decision::Passed);
        assert_eq!(decide(Some(&first), "q", 40, 1000, Duration::ZERO), Decision::Passed);
    }

    #[test]
    fn refusals_say_what_grew_and_when_to_come_back() {
        let c = UsageCheck { migration: "301 contract".into(), id: "301:0".into(), query: Ok("q".into()) };
        let p = reading(40, 1_709_210_096, 1_709_210_096);
        let e = explain(&c, Some(&p), Decision::Grew(7), 47, 1_709_210_396, W).unwrap_err();
        assert!(e.message.contains("7 execution(s)") && e.message.contains("since 2024-02-29 12:34:56 UTC"), "{e}");
        let e = explain(&c, None, Decision::First, 40, 1_709_210_096, W).unwrap_err();
        assert!(e.message.contains("re-run after 2024-02-29 12:49:56 UTC"), "{e}");
        let ok = explain(&c, Some(&p), Decision::Passed, 40, 1_709_211_000, W).unwrap();
        assert!(ok.contains("since 2024-02-29 12:34:56 UTC (window 15m)"), "{ok}");
        assert_eq!((span(Duration::from_secs(7200)), span(Duration::from_secs(90))), ("2h".into(), "90s".into()));
    }
}

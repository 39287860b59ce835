//! `polymig apply --phase`: the check that runs before a zero-downtime phase (every
//! `-- polymig:verify` query of the phase's pending files, see [`crate::plan::layout`], must
//! return 0; otherwise nothing of the phase runs), and phase files run as written.

use super::bound::BoundSql;
use super::run::connect_options;
use super::{DbOptions, DbUrl, Error, Unit, with_backend};
use crate::diagnostics::Diagnostic;
use crate::export::sql::Statement;
use crate::import::sql::split_statements;
use crate::ir::{Span, SqlDialect};

/// One verification: the migration it guards and the query that must return 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// `version name` of the phase file.
    pub migration: String,
    /// The query.
    pub query: String,
}

/// Run every verification; `Err` lists each one that returned something other than 0 or failed.
pub async fn verify(url: &DbUrl, checks: &[Verification], db: &DbOptions) -> Result<(), Error> {
    if checks.is_empty() {
        return Ok(());
    }
    let failures: Vec<Diagnostic> = with_backend!(url, &connect_options(db, false), |conn: B| {
        let mut failures = Vec::new();
        for c in checks {
            let problem = match conn.fetch_int(&BoundSql::new(c.query.clone())).await {
                Ok(Some(0)) => continue,
                Ok(Some(n)) => format!("returned {n}, not 0"),
                Ok(None) => "returned no row".to_string(),
                Err(e) => format!("failed: {}", url.scrub(&e.to_string())),
            };
            failures.push(
                Diagnostic::error(
                    "verification-failed",
                    format!("{}: verification query {problem}: {}", c.migration, c.query),
                )
                .help("finish the previous phase (backfill, fix the rows, deploy) until the query returns 0; nothing of this phase was applied"),
            );
        }
        Ok::<_, Error>(failures)
    })?;
    if failures.is_empty() { Ok(()) } else { Err(Error(failures)) }
}

/// Make `unit` (a phase file) run its statements exactly as written in `text`, split by the SQL
/// importer's splitter, instead of the statements rendered from its IR: a phase is hand-tuned
/// SQL whose clauses the IR does not hold (MySQL `ALGORITHM=INPLACE, LOCK=NONE`, `AFTER col`,
/// the atomic multi-table `RENAME TABLE`), and it renames tables to views and back, which the
/// replayed schema cannot follow. PostgreSQL statements with `CONCURRENTLY` run outside a
/// transaction, and so do SQLite's `PRAGMA foreign_keys` toggles around a table rebuild, as for
/// an exported migration: the backend switches foreign keys off before `BEGIN`, runs
/// `PRAGMA foreign_key_check` before `COMMIT` and switches them on after (inside the transaction
/// the pragma is a no-op, and `DROP TABLE` of a referenced table would fire `ON DELETE` actions).
/// Only the history's own problems (a bad `polymig:backfill` line) are kept.
pub fn run_as_written(unit: &mut Unit, text: &str, dialect: SqlDialect) {
    let outside_tx = |s: &str| match dialect {
        SqlDialect::Postgres => s.to_ascii_uppercase().contains(" CONCURRENTLY "),
        SqlDialect::Sqlite => super::backend::sqlite::is_foreign_keys_pragma(s),
        SqlDialect::Mysql => false,
    };
    unit.up = split_statements(text, dialect)
        .into_iter()
        .enumerate()
        .map(|(i, sql)| Statement {
            comment: format!("{} statement {}", unit.name, i + 1),
            transactional: !outside_tx(&sql),
            sql: format!("{};", sql.trim_end()),
            op_index: i,
            span: Span::default(),
        })
        .collect();
    unit.up_problems.retain(|d| d.code == "bad-directive");
}

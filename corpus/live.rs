//! Running SQL on a live database for `tests/corpus_live.rs` and `tests/roundtrip_live.rs`:
//! rendered migrations statement by statement, and original input files split at their statements.
#![allow(dead_code)] // each live test uses a different part

use polymig::export::sql::{RenderedMigration, Statement};
use polymig::ir::{LineIndex, Migration, Span, SqlDialect};
use sqlx::{AnyConnection, Connection};

/// Which statements of a rendered migration to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `up`, first migration first.
    Up,
    /// `down`, last migration first.
    Down,
}

/// One unit to run: a label for messages, whether it may run in one transaction, its statements.
pub struct Batch {
    /// `migration 0001 init (up)`.
    pub label: String,
    /// Wrap the statements in one transaction (where the database has transactional DDL).
    pub transactional: bool,
    /// `(description, where it came from, SQL)`.
    pub statements: Vec<(String, String, String)>,
}

/// The batches of a rendered history in `dir`.
pub fn batches(rendered: &[RenderedMigration], dir: Direction) -> Vec<Batch> {
    let from = |st: &Statement| (st.comment.clone(), st.span.to_string(), st.sql.clone());
    let mut out: Vec<Batch> = rendered
        .iter()
        .map(|m| {
            let (transactional, statements) = match dir {
                Direction::Up => (m.transactional, m.up.iter().map(from).collect()),
                Direction::Down => (m.down_transactional(), m.down.iter().flatten().map(from).collect()),
            };
            Batch { label: format!("migration {} {} ({})", m.id, m.name, dir.as_str()), transactional, statements }
        })
        .collect();
    if dir == Direction::Down {
        out.reverse();
    }
    out
}

impl Direction {
    fn as_str(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
        }
    }
}

/// Run `batches` in order on the database at `url`; the error names the batch, the statement and the
/// database's message.
pub async fn run_batches(url: &str, dialect: SqlDialect, batches: &[Batch]) -> Result<(), String> {
    sqlx::any::install_default_drivers();
    let mut conn = AnyConnection::connect(url).await.map_err(|e| format!("connect: {e}"))?;
    for batch in batches {
        run_batch(&mut conn, dialect, batch).await.map_err(|e| format!("{}: {e}", batch.label))?;
    }
    let _ = conn.close().await;
    Ok(())
}

async fn run_batch(conn: &mut AnyConnection, dialect: SqlDialect, batch: &Batch) -> Result<(), String> {
    // MySQL commits DDL implicitly, so a transaction would prove nothing there.
    let wrap = batch.transactional && dialect != SqlDialect::Mysql;
    if wrap {
        exec(conn, "BEGIN").await.map_err(|e| format!("BEGIN: {e}"))?;
    }
    let total = batch.statements.len();
    for (i, (what, from, sql)) in batch.statements.iter().enumerate() {
        if is_only_comments(sql) {
            continue;
        }
        if let Err(e) = exec(conn, sql).await {
            if wrap {
                let _ = exec(conn, "ROLLBACK").await;
            }
            return Err(format!("statement {}/{total} [{what}] from {from}:\n{}\n  error: {e}", i + 1, indent(sql)));
        }
    }
    if wrap {
        exec(conn, "COMMIT").await.map_err(|e| format!("COMMIT: {e}"))?;
    }
    Ok(())
}

async fn exec(conn: &mut AnyConnection, sql: &str) -> Result<(), sqlx::Error> {
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string())).execute(conn).await.map(|_| ())
}

/// True when `sql` holds nothing but whitespace and comments (nothing to send to a server).
pub fn is_only_comments(sql: &str) -> bool {
    let mut rest = sql.trim_start();
    loop {
        if rest.is_empty() {
            return true;
        }
        if let Some(r) = rest.strip_prefix("--") {
            rest = r.split_once('\n').map_or("", |(_, after)| after).trim_start();
        } else if let Some(r) = rest.strip_prefix("/*") {
            match r.split_once("*/") {
                Some((_, after)) => rest = after.trim_start(),
                None => return false,
            }
        } else {
            return false;
        }
    }
}

fn indent(sql: &str) -> String {
    sql.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}

/// The original text of `file`, cut into statements at the spans of the operations imported from it
/// (several operations of one statement share a start). Text before the first operation stays with it.
///
/// Running the original statement by statement (not as one multi-statement string) matters on
/// PostgreSQL, which runs a multi-statement string as one implicit transaction: `CREATE INDEX
/// CONCURRENTLY` and `VACUUM` would refuse.
pub fn split_at_spans(text: &str, file: &str, migrations: &[Migration]) -> Vec<(String, String, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let index = LineIndex::new(text);
    let mut starts: Vec<(usize, Span)> = migrations
        .iter()
        .flat_map(|m| m.up.iter())
        .filter(|op| op.span.file == file)
        .filter_map(|op| Some((offset(text, &index, &op.span)?, op.span.clone())))
        .collect();
    starts.sort_by_key(|(o, _)| *o);
    starts.dedup_by_key(|(o, _)| *o);
    let mut out = Vec::new();
    for (i, (start, span)) in starts.iter().enumerate() {
        let begin = if i == 0 { 0 } else { *start };
        let end = starts.get(i + 1).map_or(text.len(), |(o, _)| *o);
        out.push(("original statement".to_string(), span.to_string(), text[begin..end].to_string()));
    }
    if out.is_empty() && !text.trim().is_empty() {
        out.push(("original file".to_string(), file.to_string(), text.to_string()));
    }
    out
}

/// Byte offset of a span's 1-based line and character column.
fn offset(text: &str, index: &LineIndex, span: &Span) -> Option<usize> {
    let line_start = index.line_start(span.line)?;
    let skip = span.column.checked_sub(1)? as usize;
    let in_line: usize = text[line_start..].chars().take(skip).map(char::len_utf8).sum();
    Some(line_start + in_line)
}

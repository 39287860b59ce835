//! `-- polymig:backfill …` directives: a comment line that stands for a [`Backfill`] operation.
//!
//! ```sql
//! -- polymig:backfill table=users set="email_lower = lower(email)" where="email_lower IS NULL" batch=500 pause=20ms key=id
//! ```
//!
//! Keys: `table` and `set` (required; several assignments separated by top-level commas), `where`,
//! `batch` (rows per batch), `pause` (`20ms`, `1s`, or milliseconds), `key` (comma-separated columns;
//! default the primary key). Values with spaces are double-quoted, `\"` inside them.

use crate::ir::{Assignment, Backfill, QName, SqlDialect};
use crate::sql_expr::to_canonical;

/// The directive's prefix, after `--`.
const PREFIX: &str = "polymig:backfill";

/// A directive line found in a script: its byte offset and what it says (or why it cannot be read,
/// with the byte offset of the problem).
pub(crate) type Found = (usize, Result<Backfill, (usize, String)>);

/// The directive lines of `text` that are outside every statement in `statements`.
pub(crate) fn backfills(text: &str, statements: &[std::ops::Range<usize>], dialect: SqlDialect) -> Vec<Found> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let Some(body) = trimmed.strip_prefix("--").map(str::trim_start) else { continue };
        let Some(args) = body.strip_prefix(PREFIX) else { continue };
        if statements.iter().any(|s| s.contains(&start)) {
            continue;
        }
        let args_at = start + (line.len() - trimmed.len()) + (trimmed.len() - args.len());
        out.push((start, parse(args.trim_end(), args_at, dialect)));
    }
    out
}

/// Read `key=value …` (the text after the prefix, which starts at byte `at` of the file).
fn parse(args: &str, at: usize, dialect: SqlDialect) -> Result<Backfill, (usize, String)> {
    let (mut table, mut set, mut filter, mut batch, mut pause, mut key) = (None, None, None, None, None, None);
    for (pos, k, v) in pairs(args).map_err(|(p, m)| (at + p, m))? {
        let bad = |m: String| (at + pos, m);
        match k.as_str() {
            "table" => {
                table = Some(match v.split_once('.') {
                    Some((schema, name)) => QName::qualified(schema, name),
                    None => QName::new(v.as_str()),
                })
            }
            "set" => set = Some(assignments(&v, dialect).map_err(bad)?),
            "where" => filter = Some(to_canonical(&v, dialect)),
            "batch" => {
                batch = Some(
                    v.parse::<u32>()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| bad(format!("batch=`{v}`: expected a positive number of rows")))?,
                )
            }
            "pause" => {
                pause = Some(
                    millis(&v)
                        .ok_or_else(|| bad(format!("pause=`{v}`: expected 20ms, 1s or a number of milliseconds")))?,
                )
            }
            "key" => key = Some(v.split(',').map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect()),
            other => return Err(bad(format!("unknown key `{other}` (known: table, set, where, batch, pause, key)"))),
        }
    }
    let table = table.ok_or((at, "missing table=…".to_string()))?;
    let set = set.ok_or((at, "missing set=\"column = expression\"".to_string()))?;
    let mut b = Backfill::new(table, set);
    b.filter = filter;
    b.batch_size = batch.unwrap_or(b.batch_size);
    b.pause_ms = pause.unwrap_or(0);
    b.key = key.unwrap_or_default();
    Ok(b)
}

/// A problem and the byte offset where it is.
type Problem = (usize, String);

/// `key=value` pairs with their byte offsets; values may be double-quoted.
fn pairs(args: &str) -> Result<Vec<(usize, String, String)>, Problem> {
    let bytes = args.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let eq = args[i..].find('=').map(|e| e + i).ok_or((start, format!("`{}`: expected key=value", &args[i..])))?;
        let k = args[i..eq].trim().to_string();
        i = eq + 1;
        let mut v = String::new();
        if bytes.get(i) == Some(&b'"') {
            i += 1;
            loop {
                match args[i..].chars().next() {
                    None => return Err((start, format!("{k}=: unterminated quoted value"))),
                    Some('\\') if args[i + 1..].starts_with('"') => {
                        v.push('"');
                        i += 2;
                    }
                    Some('"') => {
                        i += 1;
                        break;
                    }
                    Some(c) => {
                        v.push(c);
                        i += c.len_utf8();
                    }
                }
            }
        } else {
            let end = args[i..].find(char::is_whitespace).map_or(args.len(), |e| e + i);
            v.push_str(&args[i..end]);
            i = end;
        }
        out.push((start, k, v));
    }
    Ok(out)
}

/// `a = expr, b = expr` split at top-level commas (not inside parentheses or quotes).
fn assignments(text: &str, dialect: SqlDialect) -> Result<Vec<Assignment>, String> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None::<char>, 0);
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"' | '`') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth -= 1,
            (None, ',') if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
        .into_iter()
        .map(|p| {
            let (column, value) =
                p.split_once('=').ok_or_else(|| format!("set: `{}` is not column = expression", p.trim()))?;
            let column = column.trim().trim_matches(|c| c == '"' || c == '`').to_string();
            let value = value.trim();
            if column.is_empty() || value.is_empty() {
                return Err(format!("set: `{}` is not column = expression", p.trim()));
            }
            Ok(Assignment { column, value: to_canonical(value, dialect) })
        })
        .collect()
}

/// `20ms`, `2s`, `150` (milliseconds).
fn millis(v: &str) -> Option<u64> {
    if let Some(ms) = v.strip_suffix("ms") {
        return ms.parse().ok();
    }
    if let Some(s) = v.strip_suffix('s') {
        return s.parse::<u64>().ok().map(|s| s * 1000);
    }
    v.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn a_directive_reads_every_key() {
        let text = "ALTER TABLE users ADD COLUMN n int;\n-- polymig:backfill table=users set=\"n = length(name), flag = coalesce(a, 'x,y')\" where=\"n IS NULL\" batch=500 pause=20ms key=id\n";
        let found = backfills(text, std::slice::from_ref(&(0..34)), SqlDialect::Postgres);
        assert_eq!(found.len(), 1);
        let (at, b) = &found[0];
        assert_eq!(*at, 36);
        let b = b.as_ref().unwrap();
        assert_eq!(b.table, QName::new("users"));
        assert_eq!(b.set.len(), 2);
        assert_eq!((b.set[1].column.as_str(), b.set[1].value.as_str()), ("flag", "coalesce(a, 'x,y')"));
        assert_eq!(b.filter.as_deref(), Some("n IS NULL"));
        assert_eq!((b.batch_size, b.pause_ms, b.key.clone()), (500, 20, vec!["id".to_string()]));
    }

    #[test]
    fn mistakes_are_reported_at_their_key_and_directives_inside_statements_are_ignored() {
        let text = "-- polymig:backfill table=t set=\"a = 1\" batch=zero\n";
        let (_, b) = &backfills(text, &[], SqlDialect::Postgres)[0];
        let (at, msg) = b.clone().unwrap_err();
        assert_eq!(&text[at..at + 5], "batch");
        assert!(msg.contains("positive number"), "{msg}");
        let (_, b) = &backfills("-- polymig:backfill set=\"a = 1\"\n", &[], SqlDialect::Postgres)[0];
        assert!(b.clone().unwrap_err().1.contains("missing table"));
        let (_, b) = &backfills("-- polymig:backfill table=t set=\"a = 1\" colour=red\n", &[], SqlDialect::Postgres)[0];
        assert!(b.clone().unwrap_err().1.contains("unknown key `colour`"));
        let inside = "SELECT 1\n-- polymig:backfill table=t set=\"a = 1\"\n;";
        assert!(backfills(inside, std::slice::from_ref(&(0..inside.len() - 1)), SqlDialect::Postgres).is_empty());
    }

    #[test]
    fn mysql_spellings_become_canonical() {
        let (_, b) =
            &backfills("-- polymig:backfill table=t set=\"`a` = CONCAT(`b`, \\\"x\\\")\"\n", &[], SqlDialect::Mysql)[0];
        let b = b.as_ref().unwrap();
        assert_eq!(b.set[0].column, "a");
        assert!(b.set[0].value.contains("\"b\""), "{}", b.set[0].value);
    }
}

//! Checksums over the canonical IR of a migration.
//!
//! The checksum is `v1:` followed by the hex SHA-256 of the JSON of
//! `{"up": [...], "down": [...]|null}` with every operation's span removed and
//! verbatim SQL text (raw SQL, view queries, check expressions, predicates, SQL
//! defaults) normalised: comments dropped, whitespace collapsed, line endings unified.
//! Reformatting a file or editing its comments therefore keeps the checksum; changing
//! what it does changes it.

use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use crate::ir::Migration;

/// The algorithm version written in front of every checksum.
pub const CHECKSUM_VERSION: &str = "v1";

/// `v1:<sha256 hex>` of the migration's canonical IR.
pub fn checksum(m: &Migration) -> String {
    let canonical = canonical_json(m);
    let digest = Sha256::digest(canonical.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("{CHECKSUM_VERSION}:{hex}")
}

/// The canonical JSON text the checksum is computed over.
pub fn canonical_json(m: &Migration) -> String {
    let mut v = json!({ "up": m.up, "down": m.down });
    canonicalize(&mut v);
    v.to_string()
}

/// True when a stored checksum was computed by an algorithm this version knows.
pub fn is_known_algorithm(stored: &str) -> bool {
    stored.split_once(':').is_some_and(|(v, _)| v == CHECKSUM_VERSION)
}

/// Keys whose string values hold verbatim SQL.
const SQL_KEYS: [&str; 5] = ["sql", "down", "query", "expr", "where"];

fn canonicalize(v: &mut Value) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(canonicalize),
        Value::Object(map) => canonicalize_object(map),
        _ => {}
    }
}

fn canonicalize_object(map: &mut Map<String, Value>) {
    if map.contains_key("op") {
        map.remove("span");
    }
    let raw_default = map.get("kind").and_then(Value::as_str) == Some("sql");
    for (key, value) in map.iter_mut() {
        match value {
            Value::String(s) if SQL_KEYS.contains(&key.as_str()) || (raw_default && key == "value") => {
                *s = normalize_sql(s);
            }
            Value::String(s) if key == "source" => *s = s.replace("\r\n", "\n").replace('\r', "\n"),
            other => canonicalize(other),
        }
    }
}

/// Drop comments and collapse whitespace outside quotes; keep one space only between two word characters.
///
/// `SELECT  1 -- one\r\n` and `select 1` differ only in case, which is kept (it can matter inside identifiers).
pub fn normalize_sql(sql: &str) -> String {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len());
    let mut pending_space = false;
    let mut i = 0;
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    while i < chars.len() {
        let c = chars[i];
        if c == '-' && chars.get(i + 1) == Some(&'-') {
            while i < chars.len() && chars[i] != '\n' && chars[i] != '\r' {
                i += 1;
            }
            pending_space = true;
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i = (i + 2).min(chars.len());
            pending_space = true;
            continue;
        }
        if c.is_whitespace() {
            pending_space = true;
            i += 1;
            continue;
        }
        if pending_space && out.chars().last().is_some_and(word) && word(c) {
            out.push(' ');
        }
        pending_space = false;
        if matches!(c, '\'' | '"' | '`') {
            let end = quoted_end(&chars, i, c);
            let text: String = chars[i..end].iter().collect();
            out.push_str(&text.replace("\r\n", "\n").replace('\r', "\n"));
            i = end;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Index just past the quoted run starting at `start` (doubled quotes and backslashes escape).
fn quoted_end(chars: &[char], start: usize, quote: char) -> usize {
    let mut i = start + 1;
    while i < chars.len() {
        if chars[i] == '\\' && quote == '\'' {
            i += 2;
            continue;
        }
        if chars[i] == quote {
            if chars.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    chars.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Op, RawSql, Span};

    fn raw(sql: &str, line: u32) -> Migration {
        let mut m = Migration::new("0001", "x");
        let op = RawSql { sql: sql.into(), down: None, dialect: None, no_transaction: false };
        m.up.push(Op::new(op, Span::at("a.sql", line, 1)));
        m
    }

    #[test]
    fn formatting_and_comments_do_not_change_the_checksum() {
        let a = raw("UPDATE t SET a = 1 WHERE b = 'x  -- y';", 1);
        let b = raw("update_ignored", 1);
        let c = raw("UPDATE  t\r\n  SET a=1 -- set it\n  WHERE /* c */ b = 'x  -- y';", 7);
        assert_eq!(checksum(&a), checksum(&c));
        assert_ne!(checksum(&a), checksum(&b));
        assert!(checksum(&a).starts_with("v1:"));
        assert_eq!(checksum(&a).len(), 3 + 64);
    }

    #[test]
    fn literals_and_words_are_kept() {
        assert_eq!(normalize_sql("SELECT  a ,b FROM\tt"), "SELECT a,b FROM t");
        assert_eq!(normalize_sql("x = 'it''s  -- here'"), "x='it''s  -- here'");
        assert_ne!(normalize_sql("a b"), normalize_sql("ab"));
        assert!(is_known_algorithm("v1:abc"));
        assert!(!is_known_algorithm("v0:abc"));
    }
}

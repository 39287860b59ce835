//! Markers inside a migration file: up/down sections and "no transaction" flags.
//!
//! | tool | up | down | no transaction |
//! |---|---|---|---|
//! | dbmate | `-- migrate:up` | `-- migrate:down` | `-- migrate:up transaction:false` |
//! | goose | `-- +goose Up` | `-- +goose Down` | `-- +goose NO TRANSACTION` |
//! | sqlx | | | `-- no-transaction` on the first line |
//! | polymig | | | `-- polymig:no-transaction` anywhere |

use std::ops::Range;

/// Where the up and down scripts are in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sections {
    /// The up script (the whole file when there are no markers).
    pub up: Range<usize>,
    /// The down script, when the file has a down marker.
    pub down: Option<Range<usize>>,
    /// A marker asked to run the migration outside a transaction.
    pub no_transaction: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Up,
    Down,
    NoTransaction,
}

/// Recognise a marker comment line.
fn marker(line: &str, first: bool) -> Option<(Marker, bool)> {
    let body = line.trim().strip_prefix("--")?.trim();
    let lower = body.to_ascii_lowercase();
    let no_tx = lower.contains("transaction:false");
    if let Some(rest) = lower.strip_prefix("migrate:") {
        return match rest.split_whitespace().next() {
            Some("up") => Some((Marker::Up, no_tx)),
            Some("down") => Some((Marker::Down, no_tx)),
            _ => None,
        };
    }
    if let Some(rest) = lower.strip_prefix("+goose") {
        return match rest.trim() {
            "up" => Some((Marker::Up, false)),
            "down" => Some((Marker::Down, false)),
            "no transaction" => Some((Marker::NoTransaction, true)),
            _ => None,
        };
    }
    match lower.as_str() {
        "polymig:no-transaction" => Some((Marker::NoTransaction, true)),
        "no-transaction" if first => Some((Marker::NoTransaction, true)),
        _ => None,
    }
}

/// Find the sections of `text`.
pub(crate) fn sections(text: &str) -> Sections {
    let mut found: Vec<(Marker, Range<usize>)> = Vec::new();
    let mut no_transaction = false;
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if let Some((m, no_tx)) = marker(line, i == 0) {
            // An up marker's transaction flag governs the migration; a down marker's is ignored.
            no_transaction |= no_tx && m != Marker::Down;
            found.push((m, offset..offset + line.len()));
        }
        offset += line.len();
    }
    let markers: Vec<(Marker, Range<usize>)> = found.into_iter().filter(|(m, _)| *m != Marker::NoTransaction).collect();
    let body = |i: usize| markers[i].1.end..markers.get(i + 1).map_or(text.len(), |next| next.1.start);
    let up = markers.iter().position(|(m, _)| *m == Marker::Up);
    let down = markers.iter().position(|(m, _)| *m == Marker::Down);
    let up_range = match (up, down) {
        (Some(i), _) => body(i),
        (None, Some(d)) => 0..markers[d].1.start,
        (None, None) => 0..text.len(),
    };
    Sections { up: up_range, down: down.map(body), no_transaction }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    fn parts(text: &str) -> (String, Option<String>, bool) {
        let s = sections(text);
        (text[s.up].to_string(), s.down.map(|d| text[d].to_string()), s.no_transaction)
    }

    #[test]
    fn no_markers_means_the_whole_file_is_up() {
        assert_eq!(parts("CREATE TABLE a (x int);\n"), ("CREATE TABLE a (x int);\n".into(), None, false));
    }

    #[test]
    fn dbmate_sections() {
        let text = "-- migrate:up\r\nCREATE TABLE a (x int);\r\n\r\n-- migrate:down\r\nDROP TABLE a;\r\n";
        assert_eq!(parts(text), ("CREATE TABLE a (x int);\r\n\r\n".into(), Some("DROP TABLE a;\r\n".into()), false));
        let text = "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON a (x);\n-- migrate:down\n";
        assert_eq!(parts(text), ("CREATE INDEX CONCURRENTLY i ON a (x);\n".into(), Some(String::new()), true));
    }

    #[test]
    fn goose_sections() {
        let text = "-- +goose Up\n-- +goose NO TRANSACTION\nSELECT 1;\n-- +goose Down\nSELECT 2;\n";
        assert_eq!(parts(text), ("-- +goose NO TRANSACTION\nSELECT 1;\n".into(), Some("SELECT 2;\n".into()), true));
    }

    #[test]
    fn down_marker_without_up_marker() {
        assert_eq!(
            parts("SELECT 1;\n-- migrate:down\nSELECT 2;"),
            ("SELECT 1;\n".into(), Some("SELECT 2;".into()), false)
        );
    }

    #[test]
    fn no_transaction_markers() {
        assert!(parts("-- no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);").2);
        assert!(!parts("SELECT 1;\n-- no-transaction\n").2);
        assert!(parts("SELECT 1;\n  -- polymig:no-transaction\n").2);
        assert!(!parts("SELECT '-- polymig:no-transaction-ish';").2);
    }
}

//! One total order over the migrations of several sources, with the reason for each place.
//!
//! Each migration gets a time when its version or file carries one — Rails, Prisma and dbmate
//! `YYYYMMDDHHMMSS`, TypeORM milliseconds, Alembic's `Create Date:` line — and otherwise inherits
//! the time of the migration before it in its own source. The order is a topological sort of:
//! each source's own order (its importer's order, which follows Alembic's revision DAG), each
//! migration's `dependencies`, and the `[after]` edges of polymig.toml; among the migrations
//! ready to go, the earliest time wins, then the source listed first. Cycles, unknown `[after]`
//! names, duplicate versions and equal times across sources are reported with the files.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::config::Source;
use crate::diagnostics::Diagnostic;
use crate::ir::{Migration, Span};

/// One migration of the merged history.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The source's label.
    pub source: String,
    /// The source's format (`sql`, `alembic`, …).
    pub format: String,
    /// Time from the version or file, as `YYYY-MM-DD HH:MM:SS`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// Why it sits where it does.
    pub reason: String,
    /// The migration.
    #[serde(skip)]
    pub migration: Migration,
}

/// A source's migrations as its importer returned them.
pub struct Imported<'a> {
    /// The source.
    pub source: &'a Source,
    /// Its history, in its own order.
    pub migrations: Vec<Migration>,
}

/// Time key `YYYYMMDDHHMMSSmmm` of a migration, and where it was read.
fn time_of(m: &Migration) -> Option<(u64, &'static str)> {
    let digits: String = m.id.chars().take_while(char::is_ascii_digit).collect();
    match digits.len() {
        14 => return digits.parse::<u64>().ok().map(|t| (t * 1000, "its version")),
        13 => return digits.parse::<u64>().ok().map(|ms| (from_epoch_ms(ms), "its version (milliseconds)")),
        _ => {}
    }
    let text = std::fs::read_to_string(m.source.as_ref()?).ok()?;
    let line = text.lines().find_map(|l| l.trim().strip_prefix("Create Date:"))?;
    let digits: String = line.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 14).then(|| digits[..14].parse::<u64>().ok().map(|t| (t * 1000, "its Create Date")))?
}

/// `YYYYMMDDHHMMSSmmm` of a Unix time in milliseconds (UTC).
fn from_epoch_ms(ms: u64) -> u64 {
    let (secs, milli) = (ms / 1000, ms % 1000);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let ymd = (y as u64) * 10_000 + (m as u64) * 100 + d as u64;
    ((ymd * 1_000_000 + (rem / 3600) * 10_000 + (rem % 3600 / 60) * 100 + rem % 60) * 1000) + milli
}

/// `2024-01-02 03:04:05` from a time key.
fn show_time(t: u64) -> String {
    let s = format!("{t:017}");
    format!("{}-{}-{} {}:{}:{}", &s[0..4], &s[4..6], &s[6..8], &s[8..10], &s[10..12], &s[12..14])
}

fn span_of(m: &Migration) -> Span {
    Span::file(m.source.clone().unwrap_or_else(|| m.id.clone()))
}

/// Merge the sources into one order; diagnostics for what cannot be ordered cleanly.
pub fn merge(sources: Vec<Imported>, after: &BTreeMap<String, Vec<String>>) -> (Vec<Entry>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    // Nodes: (source index, position); keys "source:version".
    let mut nodes: Vec<(usize, usize)> = Vec::new();
    let mut key_of: BTreeMap<String, usize> = BTreeMap::new();
    for (s, imp) in sources.iter().enumerate() {
        for (i, m) in imp.migrations.iter().enumerate() {
            key_of.insert(format!("{}:{}", imp.source.name, m.id), nodes.len());
            nodes.push((s, i));
        }
    }
    let mig = |n: usize| &sources[nodes[n].0].migrations[nodes[n].1];
    // Times, inherited along each source.
    let mut time: Vec<(u64, Option<&'static str>)> = Vec::with_capacity(nodes.len());
    for (n, &(_, i)) in nodes.iter().enumerate() {
        let inherited = if i == 0 { 0 } else { time[n - 1].0 };
        time.push(match time_of(mig(n)) {
            Some((t, from)) => (t, Some(from)),
            None => (inherited, None),
        });
    }
    // Edges: prerequisites of each node, with the reason.
    let mut before: Vec<BTreeMap<usize, String>> = vec![BTreeMap::new(); nodes.len()];
    for (n, &(s, i)) in nodes.iter().enumerate() {
        if i > 0 {
            before[n].insert(n - 1, "its source's order".into());
        }
        for dep in &mig(n).dependencies {
            match key_of.get(&format!("{}:{dep}", sources[s].source.name)) {
                Some(&d) => {
                    before[n].insert(d, format!("depends on {dep}"));
                }
                None => {
                    let msg = format!("migration {} depends on {dep}, which its source does not have", mig(n).id);
                    diags.push(Diagnostic::warning("unknown-dependency", msg).at(span_of(mig(n))));
                }
            }
        }
    }
    for (later, earlier) in after {
        let Some(&n) = key_of.get(later) else {
            diags.push(unknown_after(later));
            continue;
        };
        for e in earlier {
            match key_of.get(e) {
                Some(&d) => {
                    before[n].insert(d, format!("after {e} (polymig.toml)"));
                }
                None => diags.push(unknown_after(e)),
            }
        }
    }
    // Kahn's algorithm: among ready nodes, the earliest time, then the first source.
    let mut done = vec![false; nodes.len()];
    let mut order: Vec<usize> = Vec::new();
    while order.len() < nodes.len() {
        let ready = (0..nodes.len())
            .filter(|&n| !done[n] && before[n].keys().all(|&d| done[d]))
            .min_by_key(|&n| (time[n].0, nodes[n].0, nodes[n].1));
        let Some(n) = ready else {
            let stuck: Vec<String> = (0..nodes.len())
                .filter(|&n| !done[n])
                .map(|n| format!("{}:{} ({})", sources[nodes[n].0].source.name, mig(n).id, span_of(mig(n)).file))
                .collect();
            let msg = format!("the order constraints form a cycle among: {}", stuck.join(", "));
            diags.push(Diagnostic::error("order-cycle", msg).help("remove one of the [after] edges or dependencies"));
            order.extend((0..nodes.len()).filter(|&n| !done[n]));
            break;
        };
        done[n] = true;
        order.push(n);
    }
    // Equal times from different sources with no edge between them: the order is a guess.
    for w in order.windows(2) {
        let (a, b) = (w[0], w[1]);
        let timed = time[a].1.is_some() && time[b].1.is_some();
        if timed && time[a].0 == time[b].0 && nodes[a].0 != nodes[b].0 && !before[b].contains_key(&a) {
            let msg = format!(
                "{} and {} carry the same time {}: ordered by the sources' order in polymig.toml",
                span_of(mig(a)).file,
                span_of(mig(b)).file,
                show_time(time[a].0)
            );
            diags.push(Diagnostic::warning("ambiguous-order", msg).at(span_of(mig(b))).help(format!(
                "add `\"{}:{}\" = [\"{}:{}\"]` under [after] to make it explicit",
                sources[nodes[b].0].source.name,
                mig(b).id,
                sources[nodes[a].0].source.name,
                mig(a).id
            )));
        }
    }
    // One history table: versions must be unique across sources.
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for &n in &order {
        if let Some(&o) = seen.get(mig(n).id.as_str()) {
            let msg = format!(
                "version {} is used by {} and {}: the merged history needs distinct versions",
                mig(n).id,
                span_of(mig(o)).file,
                span_of(mig(n)).file
            );
            diags.push(Diagnostic::error("duplicate-version", msg).at(span_of(mig(n))));
        } else {
            seen.insert(&mig(n).id, n);
        }
    }
    let entries = order
        .iter()
        .map(|&n| {
            let src = sources[nodes[n].0].source;
            let mut reasons: BTreeSet<String> = BTreeSet::new();
            match time[n].1 {
                Some(from) => {
                    reasons.insert(format!("time {} from {from}", show_time(time[n].0)));
                }
                None if nodes[n].1 == 0 => {
                    reasons.insert("first of its source, no time: goes first".into());
                }
                None => {
                    reasons.insert("no time: follows the previous migration of its source".into());
                }
            }
            reasons.extend(before[n].values().filter(|r| *r != "its source's order").cloned());
            Entry {
                source: src.name.clone(),
                format: src.format.as_str().to_string(),
                time: time[n].1.map(|_| show_time(time[n].0)),
                reason: reasons.into_iter().collect::<Vec<_>>().join("; "),
                migration: mig(n).clone(),
            }
        })
        .collect();
    (entries, diags)
}

fn unknown_after(key: &str) -> Diagnostic {
    Diagnostic::error("unknown-migration", format!("[after] names `{key}`, which no source has"))
        .help("write `source:version`, with a source `name` from polymig.toml")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Format;
    use std::path::PathBuf;

    fn source(name: &str) -> Source {
        Source {
            name: name.into(),
            path: PathBuf::from(name),
            written_path: name.into(),
            format: Format::Sql,
            dialect: None,
            app: None,
            types: Vec::new(),
        }
    }

    fn ids(entries: &[Entry]) -> Vec<String> {
        entries.iter().map(|e| format!("{}:{}", e.source, e.migration.id)).collect()
    }

    #[test]
    fn typeorm_milliseconds_are_utc_times() {
        // 1704067200000 ms = 2024-01-01 00:00:00 UTC; 1709294645123 = 2024-03-01 12:04:05.123.
        assert_eq!(from_epoch_ms(1_704_067_200_000), 20_240_101_000_000_000);
        assert_eq!(from_epoch_ms(1_709_294_645_123), 20_240_301_120_405_123);
        assert_eq!(show_time(20_240_301_120_405_123), "2024-03-01 12:04:05");
    }

    #[test]
    fn timestamps_interleave_and_equal_times_are_ambiguous() {
        let (a, b) = (source("a"), source("b"));
        let m = |id: &str| Migration::new(id, "x");
        let sources = vec![
            Imported { source: &a, migrations: vec![m("20240101000000"), m("20240301000000")] },
            Imported { source: &b, migrations: vec![m("1706745600000"), m("20240301000000")] },
        ];
        let (entries, diags) = merge(sources, &BTreeMap::new());
        assert_eq!(ids(&entries), ["a:20240101000000", "b:1706745600000", "a:20240301000000", "b:20240301000000"]);
        let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["ambiguous-order", "duplicate-version"]);
    }

    #[test]
    fn after_edges_override_times_and_unknown_names_are_errors() {
        let (a, b) = (source("a"), source("b"));
        let m = |id: &str| Migration::new(id, "x");
        let sources = vec![
            Imported { source: &a, migrations: vec![m("20240101000000")] },
            Imported { source: &b, migrations: vec![m("20230101000000")] },
        ];
        let after = BTreeMap::from([
            ("b:20230101000000".to_string(), vec!["a:20240101000000".to_string()]),
            ("a:nope".to_string(), vec![]),
        ]);
        let (entries, diags) = merge(sources, &after);
        assert_eq!(ids(&entries), ["a:20240101000000", "b:20230101000000"]);
        assert!(entries[1].reason.contains("after a:20240101000000 (polymig.toml)"));
        assert_eq!(diags.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), ["unknown-migration"]);
    }
}

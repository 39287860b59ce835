//! Round trip: Rails → IR → Rails (`polymig::export::rails`) → IR gives the same IR for every
//! `corpus/rails/<case>/db/migrate`, modulo spans, source paths and diagnostics. The exporter
//! writes the newest `Migration[x.y]` with every version-dependent default spelled out, so the
//! second import (under 8.0's defaults) must read what the first one read (under each file's own
//! version). Opaque operations are compared by position only: the exporter writes them as a
//! commented `raise`, which imports back as one Opaque operation, and since that `raise` ends the
//! method, what follows the first Opaque operation is not compared.
//!
//! A down is compared by meaning: an explicit down equal to the one polymig derives from `up` is
//! the same as none (`def change` and `def up`/`def down` say the same thing), and a down that only
//! raises `ActiveRecord::IrreversibleMigration` where polymig cannot derive one is none too.
//!
//! Known differences, asserted to still differ so a fix shows up: [`KNOWN`].

mod rails_export_support;

use std::path::{Path, PathBuf};

use polymig::export::rails::{RailsExportOptions, render_history, write_files};
use polymig::import::{Format, ImportOptions, load};
use polymig::ir::{Migration, Operation};
use polymig::schema::{Schema, invert_migration, replay_migration};
use serde_json::Value;

/// Cases whose IR does not survive the round trip yet, and why.
const KNOWN: &[(&str, &str)] = &[];

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/rails");
    let Ok(dirs) = std::fs::read_dir(&root) else { return Vec::new() };
    let mut out: Vec<PathBuf> =
        dirs.filter_map(Result::ok).map(|e| e.path().join("db/migrate")).filter(|p| p.is_dir()).collect();
    out.sort();
    out
}

fn import(dir: &Path) -> (Vec<Migration>, usize) {
    let opts = ImportOptions { format: Some(Format::Rails), source_dialect: None, target: None, ..Default::default() };
    let (ms, diags) = load(&[dir.to_path_buf()], &opts);
    let errors = diags.iter().chain(ms.iter().flat_map(|m| m.diagnostics.iter())).filter(|d| d.is_error()).count();
    (ms, errors)
}

/// The IR as JSON without spans, sources and diagnostics; Opaque operations reduced to their kind
/// and what follows the first one dropped.
fn comparable(ms: &[Migration]) -> Value {
    let mut ms = ms.to_vec();
    let mut state = Schema::default();
    for m in &mut ms {
        let before = state.clone();
        let _ = replay_migration(&mut state, m, None);
        let Some(down) = &m.down else { continue };
        let derived = invert_migration(m, &before, None);
        let raises = matches!(down.as_slice(), [op] if matches!(&op.kind, Operation::Opaque(o) if o.source.contains("ActiveRecord::IrreversibleMigration")));
        let same = derived.as_ref().is_ok_and(|d| d.iter().map(|o| &o.kind).eq(down.iter().map(|o| &o.kind)));
        if same || raises && derived.is_err() {
            m.down = None;
        }
    }
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.remove("span");
                map.remove("source");
                map.remove("diagnostics");
                if map.get("op").and_then(Value::as_str) == Some("opaque") {
                    map.retain(|k, _| k == "op");
                }
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => {
                if let Some(i) = items.iter().position(|x| x.get("op").and_then(Value::as_str) == Some("opaque")) {
                    items.truncate(i + 1);
                }
                items.iter_mut().for_each(strip);
            }
            _ => {}
        }
    }
    let mut v = serde_json::to_value(&ms).expect("json");
    strip(&mut v);
    v
}

#[test]
fn rails_ir_rails_ir_is_stable() {
    let cases = cases();
    if cases.is_empty() {
        eprintln!("skipping: corpus/rails has no cases yet");
        return;
    }
    let mut failures = Vec::new();
    let mut stable = 0;
    for case in &cases {
        let name = case
            .parent()
            .and_then(Path::parent)
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .unwrap_or("case")
            .to_string();
        let (first, errors) = import(case);
        if errors > 0 {
            eprintln!("{name}: the input has import errors (a broken-file case); not compared");
            continue;
        }
        let out = tempfile::tempdir().expect("temp dir");
        let files = render_history(&first, &RailsExportOptions::default());
        write_files(out.path(), &files).expect("write files");
        let (second, _) = import(&out.path().join("db/migrate"));
        let (a, b) = (comparable(&first), comparable(&second));
        if let Some((_, why)) = KNOWN.iter().find(|(c, _)| *c == name) {
            assert_ne!(a, b, "{name} now round-trips: remove it from KNOWN");
            eprintln!("{name}: known difference: {why}");
            continue;
        }
        if a == b {
            stable += 1;
            continue;
        }
        let text: String = files.iter().map(|f| format!("# --- {}\n{}\n", f.path, f.text)).collect();
        let (ja, jb) = (serde_json::to_string_pretty(&a).unwrap(), serde_json::to_string_pretty(&b).unwrap());
        let diff: Vec<String> = ja
            .lines()
            .zip(jb.lines())
            .enumerate()
            .filter(|(_, (x, y))| x != y)
            .take(12)
            .map(|(i, (x, y))| format!("  line {i}: {x}  ≠  {y}"))
            .collect();
        failures.push(format!("{name}: the IR changed\n{}\n-- exported:\n{text}", diff.join("\n")));
    }
    eprintln!("{stable} of {} cases stable", cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

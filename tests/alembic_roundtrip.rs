//! Round trip: Alembic → IR → Alembic (`polymig::export::alembic`) → IR gives the same IR for every
//! `corpus/alembic/<case>/`, modulo spans, source paths and diagnostics. Opaque operations are
//! compared by position only: the exporter writes them as a commented block that raises, which
//! imports back as one Opaque operation with the `raise` as its source, and since that `raise`
//! ends the function, operations after the first Opaque one are not compared. A `bulk_insert`
//! (one Sql operation of several INSERTs) comes back as one `op.execute` per statement, so Sql
//! operations are compared statement by statement.
//!
//! Known differences, asserted to still differ so a fix shows up: [`KNOWN`] (none at present).

mod alembic_support;
use alembic_support::cases;
use std::path::Path;

use polymig::export::alembic::{render_history, write_dir};
use polymig::import::{Format, ImportOptions, load};
use polymig::ir::Migration;
use serde_json::Value;

/// Cases whose IR does not survive the round trip yet, and why.
const KNOWN: &[(&str, &str)] = &[];

fn import(dir: &Path) -> Vec<Migration> {
    let opts =
        ImportOptions { format: Some(Format::Alembic), source_dialect: None, target: None, ..Default::default() };
    load(&[dir.to_path_buf()], &opts).0
}

/// The IR as JSON without spans, sources and diagnostics; Opaque operations reduced to their kind.
fn comparable(ms: &[Migration]) -> Value {
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
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    /// Split Sql operations into statements and drop what follows the first Opaque operation.
    fn ops(v: &mut Value) {
        match v {
            Value::Object(map) => map.values_mut().for_each(ops),
            Value::Array(items) => {
                let mut out = Vec::new();
                for mut item in std::mem::take(items) {
                    let kind = item.get("op").and_then(Value::as_str).unwrap_or("").to_string();
                    if kind == "sql" {
                        let sql = item.get("sql").and_then(Value::as_str).unwrap_or("").to_string();
                        for stmt in sql.split(";\n").map(|s| s.trim().trim_end_matches(';')) {
                            let mut one = item.clone();
                            one["sql"] = Value::String(stmt.to_string());
                            out.push(one);
                        }
                        continue;
                    }
                    ops(&mut item);
                    out.push(item);
                    if kind == "opaque" {
                        break;
                    }
                }
                *items = out;
            }
            _ => {}
        }
    }
    let mut v = serde_json::to_value(ms).expect("json");
    strip(&mut v);
    ops(&mut v);
    v
}

#[test]
fn alembic_ir_alembic_ir_is_stable() {
    let cases = cases();
    assert!(cases.len() >= 8, "the corpus went missing");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("case").to_string();
        let first = import(&case.join("versions"));
        assert!(!first.is_empty(), "{name}: nothing imported");
        let out = tempfile::tempdir().expect("temp dir");
        let versions = out.path().join("versions");
        let revisions = render_history(&first);
        write_dir(&versions, &revisions).expect("write revisions");
        let second = import(&versions);
        let (a, b) = (comparable(&first), comparable(&second));
        if let Some((_, why)) = KNOWN.iter().find(|(c, _)| *c == name) {
            assert_ne!(a, b, "{name} now round-trips: remove it from KNOWN");
            eprintln!("{name}: known difference: {why}");
            continue;
        }
        if a != b {
            let files: String = revisions.iter().map(|r| format!("# --- {}\n{}\n", r.file_name, r.text)).collect();
            failures.push(format!(
                "{name}: the IR changed\n-- first:\n{}\n-- second:\n{}\n-- exported:\n{files}",
                serde_json::to_string_pretty(&a).unwrap(),
                serde_json::to_string_pretty(&b).unwrap()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

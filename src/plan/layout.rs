//! The directory `polymig plan --zero-downtime --out DIR` writes and `polymig apply --phase`
//! reads: one SQL migration per phase, numbered so that every expand comes before every migrate
//! and every migrate before every contract (`<id><nn>_<phase>_<recipe>.sql`), plus `README.md`.
//!
//! Each file starts with a header the runner reads back:
//!
//! ```sql
//! -- polymig:phase migrate
//! -- polymig:verify SELECT count(*) FROM "child" c WHERE … NOT EXISTS (…)
//! -- polymig:backfill table=t set="c__pm = CAST(c AS bigint)" where="…"
//! ALTER TABLE "child" VALIDATE CONSTRAINT "child_parent_id_fkey";
//! ```
//!
//! `polymig:phase` names the phase; each `polymig:verify` line is a query that must return 0
//! before the file runs; a `polymig:backfill` line is an ordinary backfill operation (the SQL
//! importer reads it), which `apply --phase` runs in batches before the file's statements;
//! `polymig:wait` makes `apply --phase` stop before the file (something must happen first, like
//! a deploy), unless it is the first file that call runs. A
//! `polymig:usage <query>` line sums the executions of statements still using what the file
//! removes; `apply --phase` refuses the file while that figure grows ([`crate::apply::usage`]).
//! `polymig:usage unavailable: <why>` marks a file that waits for old code to stop on a database
//! that keeps no statement statistics (SQLite), so `apply` can say it could not check.

use super::{PhaseKind, Plan};
use crate::ir::Backfill;
use crate::lint::Target;

/// `-- polymig:phase <kind>`.
const PHASE: &str = "polymig:phase";
/// `-- polymig:verify <query>`.
const VERIFY: &str = "polymig:verify";
/// `-- polymig:wait`: `apply --phase` stops before this file unless it is the first it runs.
const WAIT: &str = "polymig:wait";
/// `-- polymig:usage <query>` or `-- polymig:usage unavailable: <why>`.
const USAGE: &str = "polymig:usage";
/// What follows `polymig:usage` when there is no query.
const UNAVAILABLE: &str = "unavailable:";

/// One file of the plan directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhaseFile {
    /// File name: `201_expand_rename_column.sql`.
    pub name: String,
    /// The file's text.
    pub text: String,
}

/// What a phase file's header says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// The phase, when the file has a `polymig:phase` line.
    pub phase: Option<PhaseKind>,
    /// Queries that must return 0 before the file runs.
    pub verify: Vec<String>,
    /// `apply --phase` stops before this file unless it is the first one it runs.
    pub wait: bool,
    /// Usage checks: old code must have stopped using what the file removes.
    pub usage: Vec<Usage>,
}

/// A `polymig:usage` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Usage {
    /// A query over statement statistics whose figure must stop growing.
    Query(String),
    /// The database keeps no statistics to check it with: why.
    Unavailable(String),
}

/// The files of a plan directory for the plans of migration `id`, in run order.
pub fn files(id: &str, plans: &[Plan], target: &Target) -> Vec<PhaseFile> {
    let mut out = Vec::new();
    for kind in PhaseKind::ALL {
        for p in plans {
            for (i, _) in p.phases.iter().enumerate().filter(|(_, ph)| ph.kind == kind) {
                let n = out.len() + 1;
                let name = format!("{id}{n:02}_{}_{}.sql", kind.as_str(), p.recipe.replace('-', "_"));
                out.push(PhaseFile { name, text: phase_sql(p, i, target) });
            }
        }
    }
    out
}

/// Read the header lines of a phase file (anywhere before its first statement).
pub fn header(text: &str) -> Header {
    let mut h = Header::default();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some(comment) = line.strip_prefix("--") else { break };
        let comment = comment.trim_start();
        if let Some(rest) = comment.strip_prefix(PHASE) {
            h.phase = rest.trim().parse().ok();
        } else if let Some(rest) = comment.strip_prefix(VERIFY) {
            h.verify.push(rest.trim().to_string());
        } else if comment.starts_with(WAIT) {
            h.wait = true;
        } else if let Some(rest) = comment.strip_prefix(USAGE) {
            let rest = rest.trim();
            h.usage.push(match rest.strip_prefix(UNAVAILABLE) {
                Some(why) => Usage::Unavailable(why.trim().to_string()),
                None => Usage::Query(rest.to_string()),
            });
        }
    }
    h
}

/// File text of phase `i` of `p`.
fn phase_sql(p: &Plan, i: usize, target: &Target) -> String {
    let ph = &p.phases[i];
    let mut out = format!("-- {PHASE} {}\n", ph.kind.as_str());
    out.push_str(&format!("-- {} ({}): step {} of {}\n", p.recipe, p.operation, i + 1, p.phases.len()));
    out.push_str(&format!("-- before running: {}\n", ph.before));
    if ph.wait {
        out.push_str(&format!("-- {WAIT} (polymig apply --phase stops before this file: run it again once done)\n"));
    }
    if let Some(q) = &ph.verify_before {
        out.push_str(&format!("-- {VERIFY} {q}\n"));
    }
    match &ph.usage_check {
        Some(q) => out.push_str(&format!("-- {USAGE} {q}\n")),
        None if ph.usage_needed => {
            out.push_str(&format!("-- {USAGE} {UNAVAILABLE} {} keeps no statement statistics\n", target.engine.label()))
        }
        None => {}
    }
    for (rule, why) in &ph.allow {
        out.push_str(&format!("-- polymig:allow {rule} ({why})\n"));
    }
    if let Some(b) = &ph.backfill {
        out.push_str(&directive(b, target));
    }
    for s in &ph.statements {
        out.push_str(s);
        out.push_str(";\n");
    }
    out
}

/// `-- polymig:backfill table=… set="…" where="…" batch=… [key=…]`, expressions in the target's spelling.
fn directive(b: &Backfill, target: &Target) -> String {
    let d = target.engine.dialect();
    let spell = |canonical: &str| crate::sql_expr::from_canonical(canonical, d).0.replace('"', "\\\"");
    let sp = crate::export::sql::Spelling::of(d);
    let set: Vec<String> =
        b.set.iter().map(|a| format!("{} = {}", sp.quote(&a.column).replace('"', "\\\""), spell(&a.value))).collect();
    let mut out = format!("-- polymig:backfill table={} set=\"{}\"", b.table, set.join(", "));
    if let Some(w) = &b.filter {
        out.push_str(&format!(" where=\"{}\"", spell(w)));
    }
    out.push_str(&format!(" batch={}", b.batch_size));
    if !b.key.is_empty() {
        out.push_str(&format!(" key={}", b.key.join(",")));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sql::parse_script;
    use crate::ir::Operation;
    use crate::plan::testing::plans;

    #[test]
    fn files_run_every_expand_before_every_migrate_and_headers_read_back() {
        let setup = "CREATE TABLE t (id bigint PRIMARY KEY, a integer, b text);";
        let change = "ALTER TABLE t ALTER COLUMN a TYPE bigint; ALTER TABLE t ALTER COLUMN b SET NOT NULL;";
        let target: Target = "pg16".parse().unwrap();
        let files = files("7", &plans(setup, change, "pg16"), &target);
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "701_expand_change_type.sql",
                "702_expand_set_not_null.sql",
                "703_migrate_change_type.sql",
                "704_migrate_set_not_null.sql",
                "705_contract_change_type.sql",
                "706_contract_set_not_null.sql",
            ]
        );
        let h = header(&files[4].text);
        assert_eq!(h.phase, Some(PhaseKind::Contract));
        assert_eq!(h.verify, ["SELECT count(*) FROM \"t\" WHERE \"a__pm\" IS DISTINCT FROM CAST(\"a\" AS bigint)"]);
        assert_eq!(header("CREATE TABLE x (id int);\n-- polymig:phase expand\n"), Header::default());
    }

    #[test]
    fn usage_lines_read_back() {
        let setup = "CREATE TABLE t (id bigint PRIMARY KEY, a integer, b text);";
        for target in ["pg16", "mariadb11.4", "sqlite"] {
            let t: Target = target.parse().unwrap();
            let p = plans(setup, "ALTER TABLE t DROP COLUMN b;", target);
            let files = files("2", &p, &t);
            let h = header(&files.last().unwrap().text);
            let want = match &p[0].phases.last().unwrap().usage_check {
                Some(q) => Usage::Query(q.clone()),
                None => Usage::Unavailable("SQLite keeps no statement statistics".into()),
            };
            assert_eq!(h.usage, [want], "{target}");
        }
    }

    #[test]
    fn the_backfill_line_imports_as_the_planned_backfill() {
        let setup = "CREATE TABLE t (id bigint PRIMARY KEY, a integer);";
        for (target, change) in
            [("pg16", "ALTER TABLE t ALTER COLUMN a TYPE bigint;"), ("mariadb11.4", "ALTER TABLE t MODIFY a bigint;")]
        {
            let p = plans(setup, change, target);
            let t: Target = target.parse().unwrap();
            let files = files("2", &p, &t);
            let migrate = files.iter().find(|f| f.name.contains("_migrate_")).unwrap();
            let ops = parse_script(&migrate.text, "m.sql", t.engine.dialect()).0;
            let imported: Vec<_> =
                ops.iter().filter_map(|o| if let Operation::Backfill(b) = &o.kind { Some(b) } else { None }).collect();
            assert_eq!(imported, [p[0].phases[1].backfill.as_ref().unwrap()], "{target}: {}", migrate.text);
        }
    }
}

//! Differential tests against Prisma's own schema engine (`@prisma/schema-engine-wasm`, the
//! engine of `prisma migrate diff`): for every `corpus/prisma/<case>/` and for PostgreSQL and
//! SQLite, the SQL Prisma generates (from empty to the schema; with `from.prisma`, from empty to
//! it and then from it to the schema) is applied to one fresh database and polymig's SQL to
//! another; the introspected schemas must be equal, names of keys, indexes and foreign keys
//! included. All requests go to one node process.
//!
//! MySQL is not compared: the wasm engine has no MySQL adapter (it panics with
//! `Unsupported adapter provider: Mysql`) and the native engine cannot be downloaded; MySQL is
//! covered by the golden files of `prisma_corpus` only.

mod prisma_support;
mod support;

use polymig::ir::SqlDialect;
use polymig::schema::Schema;
use polymig::schema::compare::{differences, normalize};
use prisma_support::{Request, cases, engine_available, polymig_history, provider, run_engine, schema_files, sql_of};
use support::TestDb;

/// Cases Prisma's validator rejects on purpose (broken schemas): (case, part of Prisma's error).
const PRISMA_REJECTS: &[(&str, &str)] =
    &[("broken_syntax", "This line is invalid"), ("composite_type", "Composite types are not supported")];

const DIALECTS: [SqlDialect; 2] = [SqlDialect::Postgres, SqlDialect::Sqlite];

fn schema_after(dialect: SqlDialect, scripts: &[&str]) -> Option<Result<Schema, String>> {
    let db = TestDb::for_dialect(dialect)?;
    for sql in scripts {
        if let Err(e) = db.exec_blocking(sql) {
            return Some(Err(e.to_string()));
        }
    }
    let mut schema = db.introspect_blocking();
    schema.tables.retain(|_, t| t.name.name != "_prisma_migrations");
    Some(Ok(normalize(&schema, dialect)))
}

#[test]
fn polymig_sql_matches_prisma_engine() {
    let Some((node, modules)) = engine_available() else { return };
    let cases = cases();
    let mut requests = Vec::new();
    for case in &cases {
        for &d in DIALECTS.iter().filter(|d| case.dialects.contains(d)) {
            let prov = provider(d);
            let to = schema_files(&case.schema, Some(prov));
            match &case.from {
                Some(from) => {
                    let from = schema_files(from, Some(prov));
                    requests.push(Request::Diff {
                        id: format!("{}/{d}/1", case.name),
                        provider: prov,
                        to: from.clone(),
                        from: None,
                    });
                    requests.push(Request::Diff {
                        id: format!("{}/{d}/2", case.name),
                        provider: prov,
                        to,
                        from: Some(from),
                    });
                }
                None => {
                    requests.push(Request::Diff { id: format!("{}/{d}/1", case.name), provider: prov, to, from: None })
                }
            }
        }
    }
    let answers = run_engine(&node, &modules, &requests);
    let mut failures = Vec::new();
    let mut compared = 0;
    for case in &cases {
        for &d in DIALECTS.iter().filter(|d| case.dialects.contains(d)) {
            let label = format!("{} on {d}", case.name);
            let steps: Vec<&Result<String, String>> =
                ["1", "2"].iter().filter_map(|s| answers.get(&format!("{}/{d}/{s}", case.name))).collect();
            let rejected = PRISMA_REJECTS.iter().find(|(c, _)| *c == case.name);
            let prisma: Result<Vec<&str>, &String> = steps.iter().map(|r| r.as_deref()).collect();
            let prisma = match (prisma, rejected) {
                (Err(e), Some((_, needle))) if e.contains(needle) => {
                    eprintln!("{label}: Prisma rejects the schema, as expected");
                    continue;
                }
                (Err(e), _) => {
                    failures.push(format!("{label}: Prisma's engine failed: {e}"));
                    continue;
                }
                (Ok(_), Some((_, needle))) => {
                    failures.push(format!("{label}: expected Prisma to reject the schema with `{needle}`"));
                    continue;
                }
                (Ok(sql), None) => sql,
            };
            let expected = match schema_after(d, &prisma) {
                None => continue,
                Some(Err(e)) => {
                    failures.push(format!("{label}: Prisma's SQL failed on the database: {e}\n{}", prisma.join("\n")));
                    continue;
                }
                Some(Ok(s)) => s,
            };
            let (ms, diags) = polymig_history(case, d);
            let errors: Vec<String> = diags.iter().filter(|x| x.is_error()).map(|x| x.to_string()).collect();
            if !errors.is_empty() {
                failures.push(format!("{label}: polymig reports errors:\n{}", errors.join("\n")));
                continue;
            }
            let scripts = [sql_of(&ms, d).0];
            let refs: Vec<&str> = scripts.iter().map(String::as_str).collect();
            let actual = match schema_after(d, &refs) {
                None => continue,
                Some(Err(e)) => {
                    failures
                        .push(format!("{label}: polymig's SQL failed on the database: {e}\n{}", scripts.join("\n")));
                    continue;
                }
                Some(Ok(s)) => s,
            };
            let diff = differences(&expected, &actual);
            if diff.is_empty() {
                compared += 1;
            } else {
                failures.push(format!(
                    "{label}: schemas differ (Prisma → polymig):\n  {}\n-- prisma:\n{}\n-- polymig:\n{}",
                    diff.join("\n  "),
                    prisma.join("\n"),
                    scripts.join("\n")
                ));
            }
        }
    }
    eprintln!("{compared} case/dialect pairs equal");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

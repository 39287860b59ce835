//! Differential tests against the real TypeORM (1.1.1, `$POLYMIG_TYPEORM_MODULES`): for every
//! `corpus/typeorm/<case>/` and every dialect its `case.json` lists, the migrations run through
//! `DataSource.runMigrations` on one fresh database (PostgreSQL; MariaDB with driver type
//! `mariadb`; sql.js, whose exported database file is read by polymig's SQLite introspection),
//! the SQL of `polymig convert --from typeorm --dialect …` on another, and the two introspected
//! schemas must be equal once normalized for the dialect (TypeORM's `migrations` and
//! `typeorm_metadata` bookkeeping tables left out). The same holds for polymig's own TypeORM
//! export of each case (`--to typeorm`, both `style=api` and `style=sql`) run in the real TypeORM:
//! it must build the schema polymig's SQL builds. One node process runs all cases of a dialect.

mod support;
mod typeorm_support;

use polymig::ir::SqlDialect;
use polymig::schema::Schema;
use polymig::schema::compare::{differences, normalize};
use support::TestDb;
use typeorm_support::{Job, case_dialects, cases, polymig_export, polymig_sql, run_typeorm, typeorm_modules};

/// Differences the comparison tolerates: (case, dialect, difference, explanation).
const KNOWN_DIFFERENCES: &[(&str, SqlDialect, &str, &str)] = &[];

fn bookkeeping(name: &str) -> bool {
    matches!(name, "migrations" | "typeorm_metadata")
}

fn normalized(db: &TestDb) -> Schema {
    let mut schema = db.introspect_blocking();
    schema.tables.retain(|_, t| !bookkeeping(&t.name.name));
    normalize(&schema, db.dialect)
}

#[test]
fn polymig_sql_matches_real_typeorm() {
    let Some(modules) = typeorm_modules() else { return };
    let cases = cases();
    assert!(cases.len() >= 8, "the corpus went missing");
    let mut failures = Vec::new();
    let mut compared = 0;
    let exported = tempfile::tempdir().expect("temp dir");
    for dialect in SqlDialect::ALL {
        // (label, case, folder TypeORM runs)
        let mut runs = Vec::new();
        for case in cases.iter().filter(|c| case_dialects(c).contains(&dialect)) {
            let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("case").to_string();
            runs.push((format!("{name} on {dialect}"), name.clone(), case.clone(), case.join("migrations")));
            for style in ["api", "sql"] {
                let out = exported.path().join(format!("{name}-{dialect}-{style}"));
                polymig_export(&case.join("migrations"), dialect, style, &out);
                runs.push((format!("{name} exported (style={style}) on {dialect}"), name.clone(), case.clone(), out));
            }
        }
        let mut dbs = Vec::new();
        for _ in &runs {
            let Some(db) = TestDb::for_dialect(dialect) else { break };
            dbs.push(db);
        }
        if dbs.len() < runs.len() {
            continue;
        }
        let jobs: Vec<Job> =
            runs.iter().zip(&dbs).map(|(run, db)| Job { dir: run.3.clone(), database: db.name.clone() }).collect();
        let results = run_typeorm(&modules, dialect, &jobs);
        for (((label, name, case, _), db), result) in runs.iter().zip(&dbs).zip(results) {
            if let Err(e) = result {
                failures.push(format!("{label}: TypeORM failed: {e}"));
                continue;
            }
            let expected = normalized(db);
            let ours = polymig_sql(&case.join("migrations"), dialect);
            let Some(mine) = TestDb::for_dialect(dialect) else { continue };
            if let Err(e) = mine.exec_blocking(&ours) {
                failures.push(format!("{label}: polymig's SQL failed on the database: {e}\n{ours}"));
                continue;
            }
            let actual = normalized(&mine);
            let mut diff = differences(&expected, &actual);
            diff.retain(|d| {
                let known = KNOWN_DIFFERENCES.iter().find(|(c, dl, text, _)| c == name && *dl == dialect && d == text);
                if let Some((.., why)) = known {
                    eprintln!("{label}: tolerated difference `{d}`: {why}");
                }
                known.is_none()
            });
            if diff.is_empty() {
                compared += 1;
                eprintln!("{label}: equal");
            } else {
                failures.push(format!(
                    "{label}: schemas differ (TypeORM → polymig):\n  {}\n-- polymig:\n{ours}",
                    diff.join("\n  ")
                ));
            }
        }
    }
    eprintln!("{compared} case/dialect pairs equal");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

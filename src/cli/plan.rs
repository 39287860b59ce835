//! `polymig plan --zero-downtime`: write the expand / migrate / contract phases of the last
//! migration's risky operations as SQL migrations, with a README of what to deploy between them.

use std::path::Path;

use super::args::PlanArgs;
use super::report::load;
use super::{EXIT_INPUT, EXIT_OK, EXIT_USAGE};
use crate::lint::Target;
use crate::plan::{Plan, readme, zero_downtime};

/// File text of one phase: a header, an allow comment where the phase is meant to do what a rule
/// flags, and the statements.
fn phase_sql(p: &Plan, i: usize) -> String {
    let ph = &p.phases[i];
    let mut out =
        format!("-- {} ({}): phase {} of {}, {}\n", p.recipe, p.operation, i + 1, p.phases.len(), ph.kind.as_str());
    out.push_str(&format!("-- before running: {}\n", ph.before));
    if let Some(q) = &ph.verify_before {
        out.push_str(&format!("-- must return 0 first: {q}\n"));
    }
    if p.recipe == "rename-column" && ph.kind == crate::plan::PhaseKind::Contract {
        out.push_str(
            "-- polymig:allow rename-table (the table gets its own name back; no code uses the temporary name)\n",
        );
    }
    for s in &ph.statements {
        out.push_str(s);
        out.push_str(";\n");
    }
    out
}

/// Run the command.
pub fn run(a: &PlanArgs) -> i32 {
    if !a.zero_downtime {
        eprintln!("error: only `polymig plan --zero-downtime` exists so far");
        return EXIT_USAGE;
    }
    let version = match a.db_version.as_deref().map(str::parse).transpose() {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: --db-version: {e}");
            return EXIT_USAGE;
        }
    };
    let target = Target::new(a.dialect.engine(), version);
    let (migrations, _) = load(&a.source, Some(target.engine.dialect()));
    let Some((last, history)) = migrations.split_last() else {
        eprintln!("error: no migration found");
        return EXIT_INPUT;
    };
    let plans = zero_downtime(history, last, &target);
    if plans.is_empty() {
        println!("migration {} has no operation with a zero-downtime recipe for {}", last.id, target.describe());
        return EXIT_OK;
    }
    let write = |path: &Path, text: &str| std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()));
    let result = (|| {
        std::fs::create_dir_all(&a.out).map_err(|e| format!("{}: {e}", a.out.display()))?;
        let mut n = 0;
        for p in &plans {
            for (i, ph) in p.phases.iter().enumerate() {
                n += 1;
                let name = format!("{}{n:02}_{}_{}.sql", last.id, p.recipe.replace('-', "_"), ph.kind.as_str());
                write(&a.out.join(name), &phase_sql(p, i))?;
            }
        }
        write(&a.out.join("README.md"), &readme(&plans))?;
        Ok::<usize, String>(n)
    })();
    match result {
        Ok(n) => {
            println!("wrote {n} phase migrations and README.md to {}", a.out.display());
            EXIT_OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_INPUT
        }
    }
}

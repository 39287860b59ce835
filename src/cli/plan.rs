//! `polymig plan --zero-downtime`: write the expand / migrate / contract phases of the last
//! migration's risky operations as SQL migrations (layout: [`crate::plan::layout`]), with a README of
//! what to deploy between them; `polymig apply --phase` runs them.

use std::path::Path;

use super::args::PlanArgs;
use super::report::load;
use super::{EXIT_INPUT, EXIT_OK, EXIT_USAGE};
use crate::lint::Target;
use crate::plan::{layout, not_planned, readme, zero_downtime};

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
    let rest: Vec<String> = not_planned(history, last, &target)
        .into_iter()
        .map(|i| format!("{} at {}", last.up[i].kind.name(), last.up[i].span))
        .collect();
    for op in &rest {
        eprintln!(
            "note: {op} has no zero-downtime recipe for {}: it is not in the plan; run it as written",
            target.describe()
        );
    }
    if plans.is_empty() {
        println!("migration {} has no operation with a zero-downtime recipe for {}", last.id, target.describe());
        return EXIT_OK;
    }
    let write = |path: &Path, text: &str| std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()));
    let result = (|| {
        std::fs::create_dir_all(&a.out).map_err(|e| format!("{}: {e}", a.out.display()))?;
        let files = layout::files(&last.id, &plans, &target);
        for f in &files {
            write(&a.out.join(&f.name), &f.text)?;
        }
        write(&a.out.join("README.md"), &readme(&plans, &rest))?;
        Ok::<usize, String>(files.len())
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

//! `polymig plan --zero-downtime`: write the expand / migrate / contract phases of the last
//! migration's risky operations as SQL migrations (layout: [`crate::plan::layout`]), with a README of
//! what to deploy between them; `polymig apply --phase` runs them.

use std::path::{Path, PathBuf};

use super::args::PlanArgs;
use super::convert;
use super::report::load;
use super::{EXIT_INPUT, EXIT_OK, EXIT_USAGE};
use crate::export::FormatExportOptions;
use crate::import::Format;
use crate::ir::Migration;
use crate::lint::Target;
use crate::plan::migrations::phase_migrations;
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
    let format = match a.to.to_ascii_lowercase().as_str() {
        "sql" => None,
        other => match other.parse::<Format>() {
            Ok(f) => Some(f),
            Err(e) => {
                eprintln!("error[usage]: --to: {e} (supported: sql, alembic, django, rails, typeorm, prisma)");
                return EXIT_USAGE;
            }
        },
    };
    let write = |path: &Path, text: &str| std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()));
    let result = (|| {
        std::fs::create_dir_all(&a.out).map_err(|e| format!("{}: {e}", a.out.display()))?;
        let n = match format {
            None => {
                let files = layout::files(&last.id, &plans, &target);
                for f in &files {
                    write(&a.out.join(&f.name), &f.text)?;
                }
                files.len()
            }
            Some(format) => {
                let phases = phase_migrations(&last.id, &plans, &target);
                write_in_format(format, &a.out, history, &phases, &target)?;
                phases.len()
            }
        };
        write(&a.out.join("README.md"), &readme(&plans, &rest))?;
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

/// The phase migrations written in `format` into `out`. The exporters render a history from
/// the empty schema, so the history before the plan is written with them into a scratch
/// directory, and only the files the phases add are copied to `out`.
fn write_in_format(
    format: Format,
    out: &Path,
    history: &[Migration],
    phases: &[Migration],
    target: &Target,
) -> Result<(), String> {
    let scratch = |what: &str| {
        let dir = std::env::temp_dir().join(format!("polymig-plan-{}-{what}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    };
    let (before, after) = (scratch("history"), scratch("phases"));
    let all: Vec<Migration> = history.iter().chain(phases).cloned().collect();
    let mut opts = FormatExportOptions { dialect: Some(target.engine.dialect()), options: Default::default() };
    if format == Format::Prisma {
        // Prisma's migrations are SQL folders beside the schema: the phases go there.
        opts.options.insert("layout".into(), "migrations".into());
    }
    let io = |e: std::io::Error| e.to_string();
    let diagnostics = match format {
        Format::Alembic => {
            for (dir, ms) in [(&before, history), (&after, &all[..])] {
                let revisions = crate::export::alembic::render_history_with(ms, Default::default());
                crate::export::alembic::write_dir(dir, &revisions).map_err(io)?;
            }
            Vec::new()
        }
        _ => {
            convert::write_orm_dir(format, &before, history, &opts).map_err(io)?;
            convert::write_orm_dir(format, &after, &all, &opts).map_err(io)?
        }
    };
    for d in
        diagnostics.iter().filter(|d| d.span.as_ref().is_some_and(|s| phases.iter().any(|p| s.file.contains(&p.name))))
    {
        eprintln!("{d}");
    }
    let copied = copy_new(&after, &before, out).map_err(io)?;
    let _ = (std::fs::remove_dir_all(&before), std::fs::remove_dir_all(&after));
    if copied == 0 {
        return Err(format!("the {format} exporter wrote no file for the phases"));
    }
    Ok(())
}

/// Copy the files under `from` that `except` does not have (same relative path) to `to`.
fn copy_new(from: &Path, except: &Path, to: &Path) -> std::io::Result<usize> {
    let mut n = 0;
    let mut stack: Vec<PathBuf> = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for entry in std::fs::read_dir(from.join(&rel))? {
            let entry = entry?;
            let rel = rel.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                stack.push(rel);
            } else if !except.join(&rel).exists() {
                if let Some(parent) = to.join(&rel).parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::copy(from.join(&rel), to.join(&rel))?;
                n += 1;
            }
        }
    }
    Ok(n)
}

//! What the runner runs: each migration rendered for the target database, with its
//! checksum and the problems that would stop it from being applied or rolled back.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::export::sql::{ExportOptions, RenderedMigration, Statement, render_history};
use crate::import::detect_format;
use crate::ir::{Migration, Op, Operation, SqlDialect};
use crate::schema::select_branch;

use super::checksum::checksum;
use super::history::Entry;

/// One migration ready to run.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Version (history primary key).
    pub version: String,
    /// Name.
    pub name: String,
    /// `<format>:<path>` it was read from.
    pub source: String,
    /// `v1:<sha256>` of its canonical IR.
    pub checksum: String,
    /// Versions it stands for ([`Migration::replaces`]).
    pub replaces: Vec<String>,
    /// Up statements.
    pub up: Vec<Statement>,
    /// Down statements, when derivable (`None`: see `down_problems`).
    pub down: Option<Vec<Statement>>,
    /// The source allows running it in one transaction (false: `-- polymig:no-transaction`,
    /// Rails `disable_ddl_transaction!`). Statements may still refuse one (`Statement::transactional`).
    pub transactional: bool,
    /// Errors that forbid applying it (import or render errors, Opaque code).
    pub up_problems: Vec<Diagnostic>,
    /// Warnings from rendering the up script (raw SQL written for another dialect, …).
    pub up_warnings: Vec<Diagnostic>,
    /// Why it cannot be rolled back (irreversible operations, render errors of the down script).
    pub down_problems: Vec<Diagnostic>,
}

impl Unit {
    /// The history row identity of this migration.
    pub fn entry(&self) -> Entry {
        Entry {
            version: self.version.clone(),
            name: self.name.clone(),
            source: self.source.clone(),
            checksum: self.checksum.clone(),
            replaces: self.replaces.clone(),
        }
    }
}

/// `<format>:<path>` for a migration (`sql:db/0001_init.sql`).
pub fn source_label(m: &Migration) -> String {
    match &m.source {
        Some(path) => {
            let format = detect_format(Path::new(path)).map_or("sql".to_string(), |f| f.to_string());
            format!("{format}:{path}")
        }
        None => format!("memory:{}", m.id),
    }
}

/// Render a history for `dialect` (with down scripts when `with_down`) into units, in history order.
pub fn build_units(migrations: &[Migration], dialect: SqlDialect, with_down: bool) -> Vec<Unit> {
    let ups = render_history(migrations, &ExportOptions { dialect, with_down: false, allow_lossy: false });
    let downs = if with_down {
        render_history(migrations, &ExportOptions { dialect, with_down: true, allow_lossy: false })
    } else {
        Vec::new()
    };
    migrations
        .iter()
        .map(|m| {
            let up = ups.iter().find(|r| r.id == m.id);
            let down = downs.iter().find(|r| r.id == m.id);
            unit(m, dialect, up, down, with_down)
        })
        .collect()
}

fn unit(
    m: &Migration,
    dialect: SqlDialect,
    up: Option<&RenderedMigration>,
    down: Option<&RenderedMigration>,
    with_down: bool,
) -> Unit {
    let mut up_problems: Vec<Diagnostic> = m.diagnostics.iter().filter(|d| d.is_error()).cloned().collect();
    opaque_problems(&m.up, dialect, &m.id, &mut up_problems);
    let up_diags: &[Diagnostic] = up.map_or(&[], |r| &r.diagnostics);
    up_problems.extend(up_diags.iter().filter(|d| d.is_error()).cloned());
    let mut down_problems = Vec::new();
    if let Some(explicit) = &m.down {
        opaque_problems(explicit, dialect, &m.id, &mut down_problems);
    }
    if let Some(d) = down {
        down_problems.extend(d.diagnostics.iter().filter(|x| x.is_error() && !up_diags.contains(x)).cloned());
    }
    let down_statements = down.and_then(|d| d.down.clone());
    if with_down && down_statements.is_none() && down_problems.is_empty() {
        down_problems.push(Diagnostic::error(
            "irreversible-migration",
            format!("migration {} has no down script and cannot be inverted", m.id),
        ));
    }
    let statements = up.map(|r| r.up.clone()).unwrap_or_default();
    let transactional = m.transactional;
    Unit {
        version: m.id.clone(),
        name: m.name.clone(),
        source: source_label(m),
        checksum: checksum(m),
        replaces: m.replaces.clone(),
        up: statements,
        down: if down_problems.is_empty() { down_statements } else { None },
        transactional,
        up_problems,
        up_warnings: up_diags.iter().filter(|d| !d.is_error()).cloned().collect(),
        down_problems,
    }
}

/// An error for each Opaque operation (after choosing the dialect's branch): polymig cannot run host code.
fn opaque_problems(ops: &[Op], dialect: SqlDialect, id: &str, out: &mut Vec<Diagnostic>) {
    for op in ops {
        match &op.kind {
            Operation::Opaque(o) => out.push(
                Diagnostic::error(
                    "opaque-operation",
                    format!("migration {id} contains {} code polymig cannot run: {}", o.language, o.reason),
                )
                .at(op.span.clone())
                .help("translate this step to SQL (or an operation polymig understands) before applying"),
            ),
            Operation::ByDialect(by) => opaque_problems(select_branch(by, Some(dialect)), dialect, id, out),
            _ => {}
        }
    }
}

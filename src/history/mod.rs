//! Polyglot histories: several migration sources against one database, read from
//! `polymig.toml` ([`config`]), merged into one order ([`order`]), replayed with cross-source
//! conflicts reported ([`check`]).

pub mod config;
pub mod order;

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::import::{ImportOptions, load};
use crate::ir::{Op, Operation, QName, SqlDialect};
use crate::schema::{Schema, replay};
pub use config::{Project, Source};
pub use order::Entry;

/// Import every source of the project and merge them into one order.
pub fn load_project(project: &Project, target: Option<SqlDialect>) -> (Vec<Entry>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut imported = Vec::new();
    for source in &project.sources {
        let opts = ImportOptions {
            format: Some(source.format),
            source_dialect: source.dialect,
            target,
            type_map: source.types.clone(),
        };
        let (migrations, d) = load(std::slice::from_ref(&source.path), &opts);
        diags.extend(d);
        imported.push(order::Imported { source, migrations });
    }
    let (entries, d) = order::merge(imported, &project.after);
    diags.extend(d);
    (entries, diags)
}

/// The tables an operation creates, changes or drops.
pub fn op_tables(op: &Operation) -> Vec<QName> {
    match op {
        Operation::CreateTable(x) => vec![x.table.clone()],
        Operation::DropTable(x) => vec![x.table.clone()],
        Operation::RenameTable(x) => vec![x.from.clone(), x.to.clone()],
        Operation::AddColumn(x) => vec![x.table.clone()],
        Operation::DropColumn(x) => vec![x.table.clone()],
        Operation::RenameColumn(x) => vec![x.table.clone()],
        Operation::AlterColumn(x) => vec![x.table.clone()],
        Operation::CreateIndex(x) => vec![x.index.table.clone()],
        Operation::DropIndex(x) => x.table.iter().cloned().collect(),
        Operation::RenameIndex(x) => x.table.iter().cloned().collect(),
        Operation::AddConstraint(x) => vec![x.table.clone()],
        Operation::DropConstraint(x) => vec![x.table.clone()],
        Operation::ValidateConstraint(x) => vec![x.table.clone()],
        Operation::Backfill(x) => vec![x.table.clone()],
        Operation::ByDialect(b) => {
            b.branches.iter().flat_map(|br| &br.ops).chain(&b.otherwise).flat_map(|o| op_tables(&o.kind)).collect()
        }
        _ => Vec::new(),
    }
}

/// The names of the tables a migration touches, sorted and deduplicated.
pub fn tables_touched(ops: &[Op]) -> Vec<String> {
    let mut names: Vec<String> = ops.iter().flat_map(|o| op_tables(&o.kind)).map(|q| q.key()).collect();
    names.sort();
    names.dedup();
    names
}

/// Replay the merged history; a step that fails on a table another source changed last is a
/// `cross-source-conflict` naming both source lines. Returns the final state.
pub fn check(entries: &[Entry], dialect: Option<SqlDialect>) -> (Schema, Vec<Diagnostic>) {
    let mut state = Schema::default();
    let mut diags = Vec::new();
    let mut last: BTreeMap<String, (String, String)> = BTreeMap::new();
    for e in entries {
        for op in &e.migration.up {
            let tables: Vec<String> = op_tables(&op.kind).iter().map(|t| t.key().to_ascii_lowercase()).collect();
            if let Err(d) = replay(&mut state, op, dialect) {
                let other = tables.iter().find_map(|t| last.get(t).filter(|(s, _)| *s != e.source));
                diags.push(match other {
                    Some((source, at)) => Diagnostic::error(
                        "cross-source-conflict",
                        format!(
                            "{} (source {}); the table was last changed by source {source} at {at}",
                            d.message, e.source
                        ),
                    )
                    .at(op.span.clone()),
                    None => d,
                });
                continue;
            }
            for t in tables {
                last.insert(t, (e.source.clone(), op.span.to_string()));
            }
        }
    }
    (state, diags)
}

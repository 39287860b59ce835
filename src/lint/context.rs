//! The lint driver: replays each migration op by op and asks every enabled rule about each op.

use std::collections::{BTreeMap, BTreeSet};

use super::rules::{RULES, RuleFn};
use super::suppress::Suppressor;
use super::{Finding, Hit, LintOptions, LintReport, RuleInfo, Target};
use crate::ir::{Migration, Op, Operation, QName};
use crate::schema::{Schema, Table, replay, select_branch};

/// What a rule sees for one operation.
pub struct Ctx<'a> {
    /// Engine and version.
    pub target: &'a Target,
    /// The migration being linted.
    pub migration: &'a Migration,
    /// Its operations with dialect branches resolved for the target.
    pub ops: &'a [&'a Op],
    /// Index of the current operation in `ops`.
    pub index: usize,
    /// Schema just before the current operation.
    pub before: &'a Schema,
    /// Keys (lower-case) of the tables created earlier in this migration.
    pub created: &'a BTreeSet<String>,
    /// Constraints added `NOT VALID` and not validated yet, as `(table key, name)` lower-cased.
    pub unvalidated: &'a BTreeSet<(String, String)>,
    /// Instant ADD/DROP COLUMN operations seen so far per table key (MySQL row versions).
    pub row_versions: &'a BTreeMap<String, usize>,
    /// Hot / large tables from the configuration.
    pub hot_tables: &'a [String],
    /// The copy tool MySQL ALTERs run through, from the configuration.
    pub copy_tool: Option<super::config::CopyTool>,
    hits: std::cell::RefCell<Vec<Hit>>,
}

impl<'a> Ctx<'a> {
    /// The current operation.
    pub fn op(&self) -> &'a Op {
        self.ops[self.index]
    }

    /// Operations after the current one in this migration.
    pub fn later(&self) -> &'a [&'a Op] {
        &self.ops[self.index + 1..]
    }

    /// Operations before the current one in this migration.
    pub fn earlier(&self) -> &'a [&'a Op] {
        &self.ops[..self.index]
    }

    /// True unless the table was created earlier in this migration (unknown tables count as existing).
    pub fn existing(&self, t: &QName) -> bool {
        !self.created.contains(&t.key().to_lowercase())
    }

    /// The table in the state before the operation.
    pub fn table(&self, t: &QName) -> Option<&'a Table> {
        self.before.table(t)
    }

    /// Report a finding at the current operation with the rule's default severity.
    pub fn report(&self, message: impl Into<String>, help: impl Into<String>) {
        self.hits.borrow_mut().push(Hit { severity: None, message: message.into(), help: help.into(), span: None });
    }

    /// Report with an explicit severity.
    pub fn report_as(&self, sev: crate::diagnostics::Severity, message: impl Into<String>, help: impl Into<String>) {
        self.hits.borrow_mut().push(Hit {
            severity: Some(sev),
            message: message.into(),
            help: help.into(),
            span: None,
        });
    }

    /// Report at another span (a diagnostic of the migration, for example).
    pub fn report_at(&self, span: crate::ir::Span, message: impl Into<String>, help: impl Into<String>) {
        self.hits.borrow_mut().push(Hit {
            severity: None,
            message: message.into(),
            help: help.into(),
            span: Some(span),
        });
    }
}

/// Flatten `ByDialect` branches for the target's dialect.
fn flatten<'a>(ops: &'a [Op], target: &Target, out: &mut Vec<&'a Op>) {
    for op in ops {
        match &op.kind {
            Operation::ByDialect(by) => flatten(select_branch(by, Some(target.engine.dialect())), target, out),
            _ => out.push(op),
        }
    }
}

/// Lint a whole history: each migration against the state its predecessors built.
pub fn lint_history(migrations: &[Migration], opts: &LintOptions) -> LintReport {
    let enabled: Vec<&(RuleInfo, RuleFn)> = RULES.iter().filter(|(info, _)| opts.config.enabled(info.id)).collect();
    let mut schema = Schema::default();
    let mut unvalidated = BTreeSet::new();
    let mut row_versions: BTreeMap<String, usize> = BTreeMap::new();
    let mut report = LintReport::default();
    let mut suppressor = Suppressor::new(&opts.config.safety_assured);
    let dialect = Some(opts.target.engine.dialect());
    for m in migrations {
        let mut ops = Vec::new();
        flatten(&m.up, &opts.target, &mut ops);
        let mut created = BTreeSet::new();
        let mut found = Vec::new();
        for i in 0..ops.len() {
            let cx = Ctx {
                target: &opts.target,
                migration: m,
                ops: &ops,
                index: i,
                before: &schema,
                created: &created,
                unvalidated: &unvalidated,
                row_versions: &row_versions,
                hot_tables: &opts.config.hot_tables,
                copy_tool: opts.config.online_schema_change,
                hits: Default::default(),
            };
            for (info, check) in &enabled {
                check(&cx);
                for hit in cx.hits.borrow_mut().drain(..) {
                    found.push(Finding {
                        rule: info.id,
                        severity: opts.config.severity(info.id, hit.severity.unwrap_or(info.severity)),
                        message: hit.message,
                        help: hit.help,
                        span: hit.span.unwrap_or_else(|| ops[i].span.clone()),
                        migration: m.id.clone(),
                    });
                }
            }
            track(ops[i], &schema, &mut created, &mut unvalidated, &mut row_versions);
            let _ = replay(&mut schema, ops[i], dialect);
        }
        let order = |id: &str| RULES.iter().position(|(r, _)| r.id == id);
        found.sort_by(|a, b| {
            (&a.span.file, a.span.line, a.span.column, order(a.rule)).cmp(&(
                &b.span.file,
                b.span.line,
                b.span.column,
                order(b.rule),
            ))
        });
        for f in found {
            if suppressor.allows(&f) {
                report.suppressed += 1;
            } else {
                report.findings.push(f);
            }
        }
    }
    report
}

/// Bookkeeping the schema does not hold: created tables, NOT VALID constraints, row versions.
fn track(
    op: &Op,
    schema: &Schema,
    created: &mut BTreeSet<String>,
    unvalidated: &mut BTreeSet<(String, String)>,
    row_versions: &mut BTreeMap<String, usize>,
) {
    let key = |t: &QName| t.key().to_lowercase();
    match &op.kind {
        Operation::CreateTable(x) => {
            created.insert(key(&x.table));
        }
        Operation::RenameTable(x) if created.contains(&key(&x.from)) => {
            created.insert(key(&x.to));
        }
        Operation::AddConstraint(x) if x.not_valid => {
            if let Some(n) = &x.constraint.name {
                unvalidated.insert((key(&x.table), n.to_lowercase()));
            }
        }
        Operation::ValidateConstraint(x) => {
            unvalidated.remove(&(key(&x.table), x.name.to_lowercase()));
        }
        Operation::AddColumn(x) if schema.table(&x.table).is_some() => {
            *row_versions.entry(key(&x.table)).or_default() += 1;
        }
        Operation::DropColumn(x) => {
            *row_versions.entry(key(&x.table)).or_default() += 1;
        }
        _ => {}
    }
}

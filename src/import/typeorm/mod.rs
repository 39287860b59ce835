//! Importer for TypeORM migration classes (`<timestamp>-<Name>.ts`/`.js`).
//!
//! Each file is parsed by the TypeScript front end ([`crate::host`]); the classes with an
//! `up` method are found in their TypeScript, ES2017 and ES5 (`__awaiter`/`__generator`)
//! shapes ([`classes`]). Migrations are imported in timestamp order, each against the schema
//! state the earlier ones built: `up(queryRunner)` and `down(queryRunner)` are partially
//! evaluated (class fields, helper methods through `this`, driver branches), with
//! `getTable`/`hasTable`/`hasColumn` answered from that state ([`lookup`], [`loaded`]), and the
//! resulting calls mapped to IR ([`ops`]): `queryRunner.query(sql)` through the SQL importer, the
//! schema API through the SQL each driver's query runner would send ([`api`], [`columns`],
//! [`column_ops`], [`change`], [`keys`]), with TypeORM's own constraint names ([`naming`]).
//! SQLite table rebuilds are turned back into logical operations ([`rebuild`]).

mod api;
mod change;
pub mod classes;
mod column_ops;
mod columns;
mod generator;
mod keys;
mod loaded;
mod lookup;
pub mod naming;
mod ops;
mod rebuild;
mod renames;
mod tcolumn;

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;
use crate::host::tree::{Function, Node, NodeKind};
use crate::host::{Effect, EvalConfig, Evaluator, Language, Module, Value, parse};
use crate::import::ImportOptions;
use crate::ir::{Migration, Span, SqlDialect};
use crate::schema::Schema;

/// Import files and directories (walked for `.ts`/`.js` files, `.d.ts` skipped) into one history
/// ordered by migration timestamp. Migrations are imported in that order against the schema the
/// earlier ones built, so `getTable` lookups and `changeColumn` read the replayed state.
pub fn import_paths(paths: &[PathBuf], opts: &ImportOptions) -> (Vec<Migration>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut units = Vec::new();
    for file in migration_files(paths) {
        let display = file.display().to_string();
        match std::fs::read(&file).map(String::from_utf8) {
            Ok(Ok(text)) => {
                let (unit, ds) = Unit::read(&text, &display);
                units.extend(unit);
                diags.extend(ds);
            }
            Ok(Err(_)) => {
                diags.push(Diagnostic::error("not-utf8", format!("{display} is not UTF-8")).at(Span::file(&display)));
            }
            Err(e) => diags
                .push(Diagnostic::error("io-error", format!("cannot read {display}: {e}")).at(Span::file(&display))),
        }
    }
    let mut migrations = import_units(&units, opts);
    // TypeORM sorts by timestamp, stably (files load in name order); equal timestamps are allowed.
    let mut seen = std::collections::BTreeSet::new();
    for m in &mut migrations {
        if !seen.insert(m.id.clone()) {
            let id = format!("{}-{}", m.id, m.name);
            diags.push(
                Diagnostic::new(
                    crate::diagnostics::Severity::Info,
                    "typeorm-duplicate-timestamp",
                    format!("another migration has the timestamp {}; this one is identified as {id}", m.id),
                )
                .at(Span::file(m.source.clone().unwrap_or_default())),
            );
            m.id = id;
        }
    }
    rebuild::recognise(&mut migrations, opts.target);
    crate::import::sql::resolve_enum_columns(&mut migrations);
    (migrations, diags)
}

/// One parsed file and the migration classes it defines.
struct Unit {
    module: Module,
    classes: Vec<classes::MigrationClass>,
    /// `(version, name)` of each class.
    versions: Vec<(String, String)>,
}

impl Unit {
    /// Parse a file; a file without a migration class gives a warning, a class without a
    /// timestamp an error (it is skipped).
    fn read(text: &str, file: &str) -> (Option<Unit>, Vec<Diagnostic>) {
        let module = parse(Language::TypeScript, file, text);
        let found = classes::find(&module);
        if found.is_empty() {
            let mut diags = module.diagnostics.clone();
            diags.push(
                Diagnostic::warning(
                    "typeorm-no-migration",
                    format!("{file} defines no migration class (no `up` method)"),
                )
                .at(Span::file(file)),
            );
            return (None, diags);
        }
        let stem = Path::new(file).file_name().and_then(|n| n.to_str()).unwrap_or(file);
        let stem = stem.split('.').next().unwrap_or(stem);
        let mut diags = Vec::new();
        let mut classes = Vec::new();
        let mut versions = Vec::new();
        for class in found {
            match classes::version_and_name(&class.name, stem) {
                Some(v) => {
                    versions.push(v);
                    classes.push(class);
                }
                None => diags.push(
                    Diagnostic::error(
                        "typeorm-no-timestamp",
                        format!("class `{}` has no timestamp in its name or file name; skipped", class.name),
                    )
                    .at(class.span.clone()),
                ),
            }
        }
        if classes.is_empty() {
            diags.extend(module.diagnostics.clone());
            return (None, diags);
        }
        (Some(Unit { module, classes, versions }), diags)
    }
}

/// Import every class of `units` in timestamp order (stable), each against the state the
/// earlier ones built. A file's syntax diagnostics go to its first class.
fn import_units(units: &[Unit], opts: &ImportOptions) -> Vec<Migration> {
    let mut order: Vec<(usize, usize)> =
        units.iter().enumerate().flat_map(|(u, unit)| (0..unit.classes.len()).map(move |c| (u, c))).collect();
    order.sort_by_key(|&(u, c)| units[u].versions[c].0.parse::<u128>().unwrap_or(u128::MAX));
    let mut state = Schema::default();
    let mut out = Vec::new();
    for (u, c) in order {
        let unit = &units[u];
        let (mut m, after) = import_class(&unit.module, &unit.classes[c], &unit.versions[c], opts, &state);
        if c == 0 {
            let mut all = unit.module.diagnostics.clone();
            all.append(&mut m.diagnostics);
            m.diagnostics = all;
        }
        state = after;
        out.push(m);
    }
    out
}

fn migration_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_file() {
            out.push(p.clone());
            continue;
        }
        for entry in WalkDir::new(p).max_depth(4).sort_by_file_name().into_iter().filter_map(Result::ok) {
            let path = entry.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let ext_ok = [".ts", ".js", ".cjs", ".mjs"].iter().any(|e| name.ends_with(e)) && !name.ends_with(".d.ts");
            let skip = path.components().any(|c| c.as_os_str() == "node_modules");
            if entry.file_type().is_file() && ext_ok && !skip {
                out.push(path.to_path_buf());
            }
        }
    }
    out
}

/// Import the migration classes of one file on its own (against an empty schema). A file
/// without one gives a warning.
pub fn import_source(text: &str, file: &str, opts: &ImportOptions) -> (Vec<Migration>, Vec<Diagnostic>) {
    let (unit, diags) = Unit::read(text, file);
    (unit.map(|u| import_units(std::slice::from_ref(&u), opts)).unwrap_or_default(), diags)
}

/// Import one class against `before`, the schema the earlier migrations built; returns the
/// migration and the schema after its `up`.
fn import_class(
    module: &Module,
    class: &classes::MigrationClass,
    (id, name): &(String, String),
    opts: &ImportOptions,
    before: &Schema,
) -> (Migration, Schema) {
    let mut config = EvalConfig::new(opts.target);
    config.effect_in_expression = ops::effect_in_expression;
    let mut ev = Evaluator::new(module, config);
    ev.enter_class(&class_scope(class));
    let mut m = Migration::new(id.clone(), name.clone());
    m.source = Some(module.file.clone());
    if ev.global("transaction") == Some(&Value::Bool(false)) {
        m.transactional = false;
    }
    let methods: Vec<(&str, &Rc<Function>, String)> = ["up", "down"]
        .into_iter()
        .filter_map(|method| {
            let f = class.method(method)?;
            let runner = f.params.first().map_or_else(|| "queryRunner".to_string(), |p| runner_name(&p.name));
            Some((method, f, runner))
        })
        .collect();
    let runners: Vec<String> = methods.iter().map(|m| m.2.clone()).collect();
    // A first evaluation finds the dialect of the file's SQL and whether it looks tables up.
    let asked = Rc::new(Cell::new(false));
    let lookup = |state: Option<Schema>, sql_dialect: SqlDialect| -> Box<lookup::Lookup> {
        Box::new(lookup::Lookup {
            state,
            target: opts.target,
            sql_dialect,
            file: module.file.clone(),
            runners: runners.clone(),
            asked: asked.clone(),
        })
    };
    ev.set_resolver(Some(lookup(None, SqlDialect::Postgres)));
    let mut runs: Vec<Vec<Effect>> =
        methods.iter().map(|(method, f, _)| run(&mut ev, module, class, method, f)).collect();
    let sql_dialect = opts
        .source_dialect
        .or_else(|| guess_dialect(runs.iter().flatten()))
        .or(opts.target)
        .unwrap_or(SqlDialect::Postgres);
    let mut ctx = ops::Ctx {
        target: opts.target,
        sql_dialect,
        file: &module.file,
        runners: runners.clone(),
        diags: Vec::new(),
        state: before.clone(),
    };
    let looks_up = asked.get();
    let mut after_up = before.clone();
    for (i, (method, f, _)) in methods.iter().enumerate() {
        let start = if *method == "up" { before.clone() } else { after_up.clone() };
        if looks_up {
            ev.set_resolver(Some(lookup(Some(start.clone()), sql_dialect)));
            runs[i] = run(&mut ev, module, class, method, f);
        }
        ctx.state = start;
        let lowered = ops::lower(&mut ctx, &runs[i]);
        match *method {
            "up" => {
                m.up = lowered;
                after_up = ctx.state.clone();
            }
            _ => m.down = Some(lowered),
        }
    }
    m.diagnostics = ctx.diags;
    (m, after_up)
}

/// Evaluate one method, or keep it Opaque when reading the class found a problem with it.
fn run(
    ev: &mut Evaluator,
    module: &Module,
    class: &classes::MigrationClass,
    method: &str,
    f: &Function,
) -> Vec<Effect> {
    let effects = ev.run_function(f, Vec::new());
    match class.problems.iter().find(|(n, _)| n == method) {
        Some((_, reason)) => {
            let source = module.text(&f.range).to_string();
            vec![Effect::Opaque { source, reason: reason.clone(), span: f.span.clone() }]
        }
        None => effects,
    }
}

/// The QueryRunner's name in a method's first parameter: `queryRunner`, or the `queryRunner` of a
/// destructured context (`{ queryRunner, tablePrefix }`).
fn runner_name(param: &str) -> String {
    if param.starts_with('{') {
        let mut names = param.trim_matches(['{', '}']).split(',').map(|p| p.split(':').next().unwrap_or("").trim());
        return names.find(|n| *n == "queryRunner").unwrap_or("queryRunner").to_string();
    }
    param.to_string()
}

/// Class fields as assignments, plus `this` bound to the fields and methods (so `this.helper(…)`
/// is inlined and `this.name` read).
fn class_scope(class: &classes::MigrationClass) -> Vec<Node> {
    let at = |kind: NodeKind| Node::new(kind, class.span.clone(), 0..0);
    let mut body: Vec<Node> = class
        .fields
        .iter()
        .map(|(k, v)| {
            at(NodeKind::Assign { target: Box::new(at(NodeKind::Name(k.clone()))), value: Box::new(v.clone()) })
        })
        .collect();
    let mut members: Vec<(Node, Node)> =
        class.fields.iter().map(|(k, v)| (at(NodeKind::Str(k.clone())), v.clone())).collect();
    for f in &class.methods {
        members.push((at(NodeKind::Str(f.name.clone())), at(NodeKind::Lambda(Rc::clone(f)))));
        let global = at(NodeKind::Name(classes::method_global(&f.name)));
        body.push(at(NodeKind::Assign {
            target: Box::new(global),
            value: Box::new(at(NodeKind::Lambda(Rc::clone(f)))),
        }));
    }
    body.push(at(NodeKind::Assign {
        target: Box::new(at(NodeKind::Name("this".into()))),
        value: Box::new(at(NodeKind::Map(members))),
    }));
    body
}

/// The dialect a file's SQL is written in, from the `query(…)` strings: backticks → MySQL,
/// TypeORM's SQLite idioms → SQLite, double quotes → PostgreSQL.
fn guess_dialect<'a>(effects: impl Iterator<Item = &'a Effect>) -> Option<SqlDialect> {
    let mut sqls = Vec::new();
    collect_sql(effects, &mut sqls);
    if sqls.iter().any(|s| s.contains('`')) {
        return Some(SqlDialect::Mysql);
    }
    let sqlite = ["\"temporary_", "AUTOINCREMENT", "datetime('now')", "PRAGMA "];
    if sqls.iter().any(|s| sqlite.iter().any(|k| s.contains(k))) {
        return Some(SqlDialect::Sqlite);
    }
    (!sqls.is_empty()).then_some(SqlDialect::Postgres)
}

fn collect_sql<'a>(effects: impl Iterator<Item = &'a Effect>, out: &mut Vec<&'a str>) {
    for e in effects {
        if let Effect::Call(c) = e
            && c.call.method() == "query"
            && let Some(Value::Str(s)) = c.call.args.first()
        {
            out.push(s);
        }
    }
}

/// True when `path` looks like a TypeORM migration (`MigrationInterface`, or `queryRunner` and `up(`).
pub fn detect(path: &Path) -> bool {
    std::fs::read_to_string(path)
        .is_ok_and(|t| t.contains("MigrationInterface") || (t.contains("queryRunner") && t.contains("up(")))
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;

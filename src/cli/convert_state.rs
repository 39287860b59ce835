//! `polymig convert` of a Prisma schema as a **state**: alone, the migration from the empty
//! database; with `--base SCHEMA` or `--base-history PATH`, the one migration from that starting
//! state to it through `schema::diff` (`prisma migrate diff --from-schema … --to-schema …`), with
//! `--rename-table` / `--rename-column` hints turning a probable rename into a rename.

use std::path::Path;

use super::EXIT_USAGE;
use super::args::ConvertArgs;
use crate::diagnostics::Diagnostic;
use crate::import::prisma::{self, PrismaState};
use crate::import::{self, Format, ImportOptions};
use crate::ir::{Migration, QName, SqlDialect};
use crate::schema::diff::Rename;
use crate::schema::{Schema, replay_migration};

/// The single Prisma schema (file or folder) named as PATH, if that is what the input is.
pub(super) fn prisma_input(a: &ConvertArgs) -> Option<&Path> {
    let [path] = a.source.paths.as_slice() else { return None };
    let format = a.source.from.or_else(|| import::detect_format(path));
    (format == Some(Format::Prisma)).then_some(path.as_path())
}

/// The database a Prisma schema input is for when `--dialect` does not say: its provider.
pub(super) fn provider_dialect(a: &ConvertArgs) -> Option<SqlDialect> {
    let path = prisma_input(a)?;
    Some(prisma::schema_state(path, None).dialect)
}

/// True when the command line asks for a migration between two states.
pub(super) fn wanted(a: &ConvertArgs) -> bool {
    a.base.is_some() || a.base_history.is_some() || !a.rename_table.is_empty() || !a.rename_column.is_empty()
}

/// The migration from the starting state (`--base` / `--base-history`) to the schema PATH,
/// lowered for `target` (else the schema's provider), with every diagnostic and the starting
/// state (which the SQL exporter renders it against); `Err` is an exit code after a usage error
/// was printed.
pub(super) fn load(
    a: &ConvertArgs,
    target: Option<SqlDialect>,
) -> Result<(Vec<Migration>, Vec<Diagnostic>, Schema), i32> {
    let usage = |msg: &str| {
        eprintln!("error[usage]: {msg}");
        Err(EXIT_USAGE)
    };
    if a.base.is_none() && a.base_history.is_none() {
        return usage("--rename-table and --rename-column need a starting state: --base SCHEMA or --base-history PATH");
    }
    let Some(path) = prisma_input(a) else {
        return usage("--base and --base-history need one Prisma schema (a .prisma file or a folder of them) as PATH");
    };
    let renames = match renames(a) {
        Ok(r) => r,
        Err(msg) => return usage(&msg),
    };
    let to = prisma::schema_state(path, target);
    let mut diags = Vec::new();
    let base = match (&a.base, &a.base_history) {
        (Some(old), _) => {
            let from = prisma::schema_state(old, Some(to.dialect));
            diags.extend(from.diagnostics);
            from.schema
        }
        (None, Some(history)) => replayed_history(a, history, &to, &mut diags),
        (None, None) => unreachable!("checked above"),
    };
    let (mut m, d) = prisma::migration_from(&base, &to, path, &renames);
    diags.extend(d.into_iter().map(cli_rename_help));
    m.id = "1".into();
    Ok((vec![m], diags, base))
}

/// The state a history (any format) replays to for the schema's database.
fn replayed_history(a: &ConvertArgs, history: &Path, to: &PrismaState, diags: &mut Vec<Diagnostic>) -> Schema {
    let opts = ImportOptions {
        format: None,
        source_dialect: a.source.source_dialect.dialect(),
        target: Some(to.dialect),
        type_map: a.source.type_map.clone(),
    };
    let (migrations, loaded) = import::load(&[history.to_path_buf()], &opts);
    diags.extend(loaded);
    let mut schema = Schema::default();
    for m in &migrations {
        diags.extend(m.diagnostics.iter().cloned());
        diags.extend(replay_migration(&mut schema, m, Some(to.dialect)));
    }
    schema
}

/// `--rename-table OLD=NEW` and `--rename-column TABLE.OLD=NEW` as diff rename hints.
fn renames(a: &ConvertArgs) -> Result<Vec<Rename>, String> {
    let mut out = Vec::new();
    for (old, new) in &a.rename_table {
        if new.is_empty() {
            return Err(format!("--rename-table {old}=: the new name is empty"));
        }
        out.push(Rename::Table { from: qname(old), to: qname(new) });
    }
    for (key, new) in &a.rename_column {
        let Some((table, old)) = key.rsplit_once('.').filter(|(t, c)| !t.is_empty() && !c.is_empty()) else {
            return Err(format!("--rename-column {key}={new}: expected TABLE.OLD=NEW"));
        };
        if new.is_empty() {
            return Err(format!("--rename-column {key}=: the new name is empty"));
        }
        out.push(Rename::Column { table: qname(table), from: old.to_string(), to: new.clone() });
    }
    Ok(out)
}

/// `name` or `schema.name`.
fn qname(s: &str) -> QName {
    match s.split_once('.') {
        Some((schema, name)) => QName::qualified(schema, name),
        None => QName::new(s),
    }
}

/// `schema::diff` suggests "a table rename hint `a` -> `b`"; on this command line that is a flag.
fn cli_rename_help(mut d: Diagnostic) -> Diagnostic {
    if d.code != "probable-rename" {
        return d;
    }
    let Some(help) = &d.help else { return d };
    let quoted: Vec<&str> = help.split('`').skip(1).step_by(2).collect();
    if let [old, new] = quoted.as_slice() {
        let flag = if help.contains("table rename hint") { "--rename-table" } else { "--rename-column" };
        let short_old = old.rsplit('.').next().unwrap_or(old);
        let what = if flag == "--rename-table" { "model" } else { "field" };
        d.help = Some(format!(
            "pass `{flag} {old}={new}`, or write `/// polymig:renamed-from {short_old}` above the {what}, to rename it instead"
        ));
    }
    d
}

/// `--to sql`'s database: `--dialect`, else the Prisma schema input's provider, else SQLite
/// (`None` when `--dialect auto` names none).
pub(super) fn sql_dialect(a: &ConvertArgs) -> Option<SqlDialect> {
    match a.dialect {
        Some(d) => d.dialect(),
        None => Some(provider_dialect(a).unwrap_or(SqlDialect::Sqlite)),
    }
}

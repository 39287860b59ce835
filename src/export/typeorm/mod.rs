//! IR history → TypeORM migration classes, one `<timestamp>-<Name>.ts` file per migration:
//!
//! ```text
//! import { MigrationInterface, QueryRunner, Table } from "typeorm";
//!
//! export class AddUsers1700000000000 implements MigrationInterface {
//!     name = "AddUsers1700000000000";
//!     public async up(queryRunner: QueryRunner): Promise<void> {
//!         await queryRunner.createTable(new Table({ name: "users", columns: [ … ] }));
//!     }
//!     public async down(queryRunner: QueryRunner): Promise<void> { … }
//! }
//! ```
//!
//! * `-o style=api` (the default) writes the QueryRunner schema API (`api.rs`); an operation the
//!   API cannot express is written as `queryRunner.query` with SQL for each driver, switched on
//!   `queryRunner.connection.options.type`. `-o style=sql` writes TypeORM's own generated style,
//!   `queryRunner.query(…)` with the SQL for `--dialect` (`sql.rs`).
//! * `down()`: the explicit down operations, else the inverted `up`, else a `throw` saying why.
//! * The class name is the migration's name in PascalCase followed by a 13-digit timestamp (the
//!   migration id when it is one), which TypeORM reads as the migration's order.
//! * Files are rendered by `templates/typeorm/migration.ts.hbs` (strict mode).

mod api;
mod api_ops;
mod sql;
mod ts;

use std::path::Path;

use handlebars::Handlebars;
use serde::Serialize;

use super::FormatExportOptions;
use crate::diagnostics::Diagnostic;
use crate::ir::{Migration, SqlDialect};

const TEMPLATE: &str = include_str!("../../../templates/typeorm/migration.ts.hbs");

/// How the migration bodies are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// The QueryRunner schema API (`createTable(new Table({…}))`), portable across drivers.
    Api,
    /// `queryRunner.query("…")` with SQL for one dialect, as `typeorm migration:generate` writes.
    Sql(SqlDialect),
}

/// One rendered migration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    /// `1700000000000-AddUsers.ts`.
    pub file_name: String,
    /// The TypeScript source.
    pub text: String,
}

#[derive(Serialize)]
struct View {
    title: String,
    source: String,
    class_name: String,
    no_transaction: bool,
    imports: Vec<String>,
    up: String,
    down: String,
}

/// What one body renderer produced.
pub(crate) struct Bodies {
    pub up: Vec<String>,
    pub down: Vec<String>,
    pub imports: Vec<String>,
    pub no_transaction: bool,
}

/// Render a history as TypeORM migration files.
pub fn render_history(migrations: &[Migration], style: Style) -> (Vec<RenderedFile>, Vec<Diagnostic>) {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::no_escape);
    hb.register_template_string("migration", TEMPLATE).expect("the embedded TypeORM template parses");
    let (bodies, diags) = match style {
        Style::Sql(d) => sql::bodies(migrations, d),
        Style::Api => api::bodies(migrations),
    };
    let files = migrations
        .iter()
        .zip(bodies)
        .enumerate()
        .map(|(i, (m, b))| {
            let stamp = timestamp(&m.id, i);
            let pascal = pascal_case(&m.name);
            let class_name = format!("{pascal}{stamp}");
            let indent = |lines: &[String]| lines.iter().map(|l| format!("        {l}")).collect::<Vec<_>>().join("\n");
            let view = View {
                title: format!("{} {}", m.id, m.name),
                source: m.source.clone().unwrap_or_else(|| "the IR".into()),
                class_name,
                no_transaction: b.no_transaction || !m.transactional,
                imports: b.imports,
                up: indent(&b.up),
                down: indent(&b.down),
            };
            let text = hb.render("migration", &view).unwrap_or_else(|e| format!("// template error: {e}\n"));
            RenderedFile { file_name: format!("{stamp}-{pascal}.ts"), text }
        })
        .collect();
    (files, diags)
}

/// Write `migrations` as TypeORM files under `dir` (`-o style=api|sql`, `--dialect` for `sql`).
pub fn write_dir(dir: &Path, migrations: &[Migration], opts: &FormatExportOptions) -> std::io::Result<Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut style = Style::Api;
    for (k, v) in &opts.options {
        match (k.as_str(), v.as_str()) {
            ("style", "api") => style = Style::Api,
            ("style", "sql") => style = Style::Sql(opts.dialect.unwrap_or(SqlDialect::Postgres)),
            _ => diags.push(
                Diagnostic::warning(
                    "unknown-option",
                    format!("the TypeORM exporter does not know `-o {k}={v}`; ignored"),
                )
                .help("known: style=api (default), style=sql (with --dialect)"),
            ),
        }
    }
    let (files, render_diags) = render_history(migrations, style);
    diags.extend(render_diags);
    std::fs::create_dir_all(dir)?;
    for f in &files {
        std::fs::write(dir.join(&f.file_name), &f.text)?;
    }
    Ok(diags)
}

/// The 13-digit timestamp TypeORM orders by: the id when it is one, a zero-padded numeric id,
/// or `1000000000000 + index`.
fn timestamp(id: &str, index: usize) -> String {
    if !id.is_empty() && id.len() <= 13 && id.chars().all(|c| c.is_ascii_digit()) {
        return format!("{id:0>13}");
    }
    (1_000_000_000_000u64 + index as u64).to_string()
}

/// `add users table` → `AddUsersTable`; never empty, never starting with a digit.
fn pascal_case(name: &str) -> String {
    let mut out = String::new();
    for word in name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "Migration");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_timestamps() {
        assert_eq!(pascal_case("add users_table"), "AddUsersTable");
        assert_eq!(pascal_case("0001"), "Migration0001");
        assert_eq!(timestamp("1700000000000", 0), "1700000000000");
        assert_eq!(timestamp("0002", 1), "0000000000002");
        assert_eq!(timestamp("a1b2c3", 4), "1000000000004");
    }
}

//! IR history → a Django app's `migrations/` package.
//!
//! ```text
//! migrations/__init__.py
//! migrations/0001_create_users.py
//!     class Migration(migrations.Migration):
//!         initial = True
//!         dependencies = []
//!         operations = [migrations.CreateModel(name="Users", fields=[...], options={"db_table": "users"})]
//! migrations/0002_add_email.py      dependencies = [("app", "0001_create_users")]
//! ```
//!
//! * **Native where exact.** An operation becomes Django's own (`CreateModel`, `AddField`, …, see
//!   `ops.rs`) when Django's schema editor would build exactly the schema polymig's SQL builds
//!   on the target database — names included: `db_table`, `db_column` and every index and
//!   constraint `name=` keep polymig's names. Otherwise it is `RunSQL` of polymig's SQL for the
//!   target (`--dialect`, default PostgreSQL) with `reverse_sql` from the inverted operation,
//!   inside `SeparateDatabaseAndState` with the Django operations that keep Django's models
//!   right; a `# why` comment precedes it. So the files are per database.
//! * **Django's models** are tracked in `registry.rs`; once raw SQL changed a table in a way
//!   the state does not describe, later changes Django would make by rebuilding the table
//!   (SQLite) are raw SQL too.
//! * **Opaque** code becomes a `RunPython` of a function that raises `NotImplementedError` with
//!   the reason and the source quoted; irreversible raw SQL has no `reverse_sql` (Django then
//!   refuses to unapply it).
//! * **Options** (`-o KEY=VALUE`): `app_label` (default `app`), used in `dependencies` and
//!   `ForeignKey(to="<app_label>.<model>")`. Unknown keys are an error.
//! * Files are rendered through `templates/django/migration.py.hbs` (strict mode).

mod fields;
mod meta;
mod model;
mod ops;
mod ops_column;
mod ops_index;
mod ops_table;
mod py;
mod q;
mod registry;
mod runsql;

use std::collections::BTreeSet;
use std::path::Path;

use handlebars::Handlebars;
use serde::Serialize;

use super::FormatExportOptions;
use crate::diagnostics::Diagnostic;
use crate::ir::{Migration, Span, SqlDialect};
use crate::schema::Schema;
use registry::Registry;

const TEMPLATE: &str = include_str!("../../../templates/django/migration.py.hbs");

/// The exporter's settings, from `--dialect` and `-o KEY=VALUE`.
#[derive(Debug, Clone)]
pub struct DjangoExportOptions {
    /// The app label (`-o app_label=blog`; default `app`).
    pub app_label: String,
    /// The database the raw SQL is written for (`--dialect`; default PostgreSQL).
    pub dialect: SqlDialect,
}

impl Default for DjangoExportOptions {
    fn default() -> Self {
        DjangoExportOptions { app_label: "app".into(), dialect: SqlDialect::Postgres }
    }
}

impl DjangoExportOptions {
    /// Read the generic options; unknown keys and bad labels are error diagnostics.
    pub fn from_format(opts: &FormatExportOptions) -> Result<Self, Vec<Diagnostic>> {
        let mut out =
            DjangoExportOptions { dialect: opts.dialect.unwrap_or(SqlDialect::Postgres), ..Default::default() };
        let mut errors = Vec::new();
        for (k, v) in &opts.options {
            match k.as_str() {
                "app_label" if py::identifier(v) == *v && !v.starts_with('_') => out.app_label = v.clone(),
                "app_label" => errors.push(Diagnostic::error(
                    "bad-option",
                    format!("app_label={v} is not a valid Django app label (a Python identifier)"),
                )),
                other => errors.push(
                    Diagnostic::error("unknown-option", format!("the Django exporter has no option `{other}`"))
                        .help("known options: app_label=<label>"),
                ),
            }
        }
        if errors.is_empty() { Ok(out) } else { Err(errors) }
    }
}

/// One migration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    /// `0001_create_users.py`.
    pub file_name: String,
    /// The file's text.
    pub text: String,
}

/// Rendering state shared by the operation writers.
pub(crate) struct Ctx {
    /// App label.
    pub app: String,
    /// Target database.
    pub dialect: SqlDialect,
    /// The replayed schema before the operation being written (names as `dialect` gives them).
    pub state: Schema,
    /// Django's models so far.
    pub models: Registry,
    /// Problems met.
    pub diags: Vec<Diagnostic>,
    /// Some statement must run outside a transaction: `atomic = False`.
    pub non_atomic: bool,
    /// Module-level functions of the current file (`RunPython` targets).
    pub functions: Vec<String>,
    /// Span of the operation being written.
    pub span: Span,
    /// The operations of the current migration after the one being written (for look-ahead).
    pub upcoming: Vec<crate::ir::Op>,
    /// Foreign keys and `_like` indexes a `CreateModel` already creates: `(table key, name)`.
    pub created_fks: BTreeSet<(String, String)>,
}

#[derive(Serialize)]
struct FileView {
    source: String,
    dialect: String,
    notes: Vec<String>,
    imports: Vec<String>,
    functions: Vec<String>,
    initial: bool,
    non_atomic: bool,
    dependencies: String,
    operations: String,
}

/// Render a history as migration files (without `__init__.py`), plus the diagnostics.
pub fn render_history(migrations: &[Migration], opts: &DjangoExportOptions) -> (Vec<RenderedFile>, Vec<Diagnostic>) {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::no_escape);
    hb.register_template_string("migration", TEMPLATE).expect("the embedded Django template parses");
    let mut ctx = Ctx {
        app: opts.app_label.clone(),
        dialect: opts.dialect,
        state: Schema::default(),
        models: Registry::default(),
        diags: Vec::new(),
        non_atomic: false,
        functions: Vec::new(),
        span: Span::file(""),
        upcoming: Vec::new(),
        created_fks: BTreeSet::new(),
    };
    let stems: Vec<String> = migrations.iter().enumerate().map(|(i, m)| stem(i, m)).collect();
    let mut files = Vec::new();
    for (i, m) in migrations.iter().enumerate() {
        ctx.non_atomic = !m.transactional;
        ctx.functions.clear();
        let mut operations = Vec::new();
        for (k, op) in m.up.iter().enumerate() {
            ctx.upcoming = m.up[k + 1..].to_vec();
            operations.extend(ops::operation(&mut ctx, op));
        }
        let mut notes = Vec::new();
        if m.down.is_some() {
            notes.push(
                "The source's explicit down migration is not used: Django reverses the operations below itself.".into(),
            );
        }
        // The history's order is a valid order: each file depends on the previous one, plus on
        // the earlier migrations the IR names (merges of branches).
        let mut deps: Vec<String> = stems.get(i.wrapping_sub(1)).into_iter().cloned().collect();
        for d in &m.dependencies {
            if let Some(j) = migrations[..i].iter().position(|x| &x.id == d)
                && !deps.contains(&stems[j])
            {
                deps.push(stems[j].clone());
            }
        }
        let deps: Vec<String> = deps.iter().map(|s| py::tuple(&[py::string(&ctx.app), py::string(s)])).collect();
        let text = ops_text(&operations);
        let uses = |s: &str| text.contains(s) || ctx.functions.iter().any(|f| f.contains(s));
        let imports: Vec<String> =
            ["django.db.models.deletion", "django.db.models.expressions", "django.db.models.functions"]
                .iter()
                .filter(|m| uses(&format!("{m}.")))
                .map(|m| format!("import {m}"))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
        let view = FileView {
            source: m
                .source
                .as_deref()
                .map(|s| Path::new(s).file_name().map_or(s.to_string(), |f| f.to_string_lossy().into_owned()))
                .unwrap_or_else(|| m.id.clone()),
            dialect: ctx.dialect.as_str().into(),
            notes,
            imports,
            functions: ctx.functions.clone(),
            initial: i == 0,
            non_atomic: ctx.non_atomic,
            dependencies: py::list(&deps, 4),
            operations: text,
        };
        let mut rendered = hb.render("migration", &view).unwrap_or_else(|e| format!("# template error: {e}\n"));
        if !rendered.ends_with('\n') {
            rendered.push('\n');
        }
        files.push(RenderedFile { file_name: format!("{}.py", stems[i]), text: rendered });
    }
    (files, ctx.diags)
}

/// `operations = [...]` body: one operation per entry, each at 8 spaces.
fn ops_text(ops: &[String]) -> String {
    if ops.is_empty() {
        return "[]".into();
    }
    let body: String = ops.iter().map(|o| format!("        {o},\n")).collect();
    format!("[\n{body}    ]")
}

/// `0001_create_users`: the position, then the migration's name as a Python module name.
fn stem(i: usize, m: &Migration) -> String {
    let name = if m.name.is_empty() || m.name == m.id { m.id.as_str() } else { m.name.as_str() };
    let slug: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect::<String>()
        .split('_')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    let slug: String = slug.chars().take(50).collect();
    // A Django name already numbered (`0001_initial`) is kept as it is.
    let numbered = slug.len() > 5 && slug.as_bytes()[..4].iter().all(u8::is_ascii_digit) && slug.as_bytes()[4] == b'_';
    if numbered {
        return slug;
    }
    if slug.is_empty() { format!("{:04}_auto", i + 1) } else { format!("{:04}_{slug}", i + 1) }
}

/// Write `migrations` as a Django migrations package under `dir`; the diagnostics say what could not be expressed.
pub fn write_dir(dir: &Path, migrations: &[Migration], opts: &FormatExportOptions) -> std::io::Result<Vec<Diagnostic>> {
    let opts = match DjangoExportOptions::from_format(opts) {
        Ok(o) => o,
        Err(errors) => return Ok(errors),
    };
    let (files, diags) = render_history(migrations, &opts);
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("__init__.py"), "")?;
    for f in &files {
        std::fs::write(dir.join(&f.file_name), &f.text)?;
    }
    Ok(diags)
}

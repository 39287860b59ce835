//! IR history → an Alembic versions directory: one revision file per migration.
//!
//! ```text
//! """create users
//!
//! Revision ID: 0001
//! Revises:
//! """
//! from alembic import op
//! import sqlalchemy as sa
//!
//! revision = "0001"
//! down_revision = None
//! …
//! def upgrade():
//!     op.create_table("users", sa.Column("id", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("id"))
//!
//! def downgrade():
//!     op.drop_table("users")
//! ```
//!
//! * Revision ids: the migration id when it is a plain word (`0001`, `a1b2c3`), else 12 hex digits
//!   of a stable hash of it. `down_revision` is the migration's dependencies when the history has
//!   any (Alembic DAGs, merges), else the previous migration.
//! * `downgrade()`: the explicit down operations, else the inverted `up` (`schema::invert_migration`),
//!   else `raise NotImplementedError("…why…")`.
//! * A non-transactional migration runs inside `op.get_context().autocommit_block()`.
//! * The files are rendered by `templates/alembic/revision.py.hbs` from a [`RevisionView`].
//! * With [`AlembicExportOptions::sqlite_batch`], consecutive `alter_column` / `drop_column` /
//!   constraint changes on one table are written in a `batch_alter_table` block whose `copy_from`
//!   is the replayed table (`batch.rs`): Alembic refuses those operations on SQLite outside batch
//!   mode, and offline (`--sql`) batch mode needs `copy_from` to skip reflection. The IR does not
//!   record which operations came from a batch block, so the blocks are rebuilt from runs of
//!   operations on one table.

mod batch;
mod calls;
mod inserts;
mod ops;
pub(crate) mod py;
mod types;

use std::collections::BTreeMap;
use std::path::Path;

use handlebars::Handlebars;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::{Migration, Operation, Span};
use crate::schema::{Schema, invert_migration, replay_migration};

const TEMPLATE: &str = include_str!("../../../templates/alembic/revision.py.hbs");

/// One rendered revision file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedRevision {
    /// File name inside the versions directory: `0001_create_users.py`.
    pub file_name: String,
    /// The Alembic revision id.
    pub revision: String,
    /// The file's text.
    pub text: String,
    /// Problems met while rendering (lossy spellings, irreversible downs).
    pub diagnostics: Vec<Diagnostic>,
}

/// What the template sees for one revision.
#[derive(Debug, Serialize)]
pub struct RevisionView {
    /// Docstring: the migration's name (escaped for a `"""` string).
    pub docstring: String,
    /// Revision id.
    pub revision: String,
    /// `Revises:` line: parent ids, comma separated.
    pub revises: String,
    /// `"0001"`.
    pub revision_literal: String,
    /// `None`, `"0001"` or `("a", "b")`.
    pub down_revision: String,
    /// `None`, `"billing"` or `("a", "b")`.
    pub branch_labels: String,
    /// `None`, `"abc123"` or `("a", "b")`: revisions that run first without being parents.
    pub depends_on: String,
    /// Extra import lines (`from sqlalchemy.dialects import postgresql`).
    pub imports: Vec<String>,
    /// Body of `upgrade()`, indented.
    pub upgrade: String,
    /// Body of `downgrade()`, indented.
    pub downgrade: String,
}

/// Rendering state shared by the operation renderers.
pub(crate) struct Ctx {
    /// The schema before the operation being rendered (replayed with no dialect).
    pub state: Schema,
    /// Values of the PostgreSQL enum types created so far.
    pub enums: BTreeMap<String, Vec<String>>,
    /// `postgresql.*` was used.
    pub postgresql: bool,
    /// `mysql.*` was used.
    pub mysql: bool,
    /// Span of the operation being rendered.
    pub span: Span,
    /// Diagnostics so far.
    pub diags: Vec<Diagnostic>,
    /// Write column and constraint changes inside `batch_alter_table` blocks.
    pub sqlite_batch: bool,
    /// The dialects that reach the code being written (inside `if dialect.name == …:`); empty
    /// outside any branch.
    pub branch: Vec<crate::ir::SqlDialect>,
}

/// How the Alembic files are written.
#[derive(Debug, Clone, Copy, Default)]
pub struct AlembicExportOptions {
    /// SQLite-capable output: consecutive `alter_column` / `drop_column` / constraint changes on one
    /// table go inside `with op.batch_alter_table("t", copy_from=sa.Table(…)) as batch_op:`, which
    /// the real Alembic runs on SQLite, online and offline (`--sql`), by rebuilding the table.
    pub sqlite_batch: bool,
}

impl AlembicExportOptions {
    /// Read `convert --to alembic -o KEY=VALUE` settings: `sqlite_batch=true|false`.
    pub fn from_options(options: &std::collections::BTreeMap<String, String>) -> Result<Self, Diagnostic> {
        let mut out = AlembicExportOptions::default();
        for (key, value) in options {
            match (key.as_str(), value.as_str()) {
                ("sqlite_batch", "true" | "yes" | "1") => out.sqlite_batch = true,
                ("sqlite_batch", "false" | "no" | "0") => out.sqlite_batch = false,
                _ => {
                    return Err(Diagnostic::error(
                        "unknown-export-option",
                        format!("--to alembic does not know the option `{key}={value}`"),
                    )
                    .help("the Alembic exporter takes -o sqlite_batch=true|false"));
                }
            }
        }
        Ok(out)
    }
}

impl Ctx {
    pub(crate) fn warn(&mut self, code: &str, msg: impl Into<String>) {
        self.diags.push(Diagnostic::warning(code, msg).at(self.span.clone()));
    }

    pub(crate) fn info(&mut self, code: &str, msg: impl Into<String>) {
        self.diags.push(Diagnostic::new(Severity::Info, code, msg).at(self.span.clone()));
    }

    /// The table an index belongs to, from the state.
    pub(crate) fn index_table(&self, index: &str) -> Option<crate::ir::QName> {
        self.state
            .tables
            .values()
            .find(|t| t.indexes.iter().any(|i| i.name.as_deref() == Some(index)))
            .map(|t| t.name.clone())
    }

    /// `type_=` for `op.drop_constraint`: `"foreignkey"`, `"unique"`, `"check"`, `"primary"`.
    pub(crate) fn constraint_type(&self, table: &crate::ir::QName, name: &str) -> Option<&'static str> {
        use crate::ir::ConstraintKind as K;
        let t = self.state.table(table)?;
        let c = t.constraints.iter().find(|c| c.name.as_deref() == Some(name))?;
        Some(match c.kind {
            K::PrimaryKey { .. } => "primary",
            K::Unique { .. } => "unique",
            K::ForeignKey(_) => "foreignkey",
            K::Check { .. } => "check",
        })
    }
}

/// A revision id for migration id `id`: itself when it is a plain word, else a stable hash.
pub fn revision_id(id: &str) -> String {
    let plain = !id.is_empty() && id.len() <= 32 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain && !matches!(id, "head" | "heads" | "base") {
        return id.to_string();
    }
    // FNV-1a, 64 bits: stable across runs and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:012x}", h >> 16)
}

fn slug(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect::<String>()
        .split('_')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    s.chars().take(40).collect()
}

fn docstring(name: &str) -> String {
    name.replace('\\', "\\\\").replace("\"\"\"", "\\\"\\\"\\\"").trim_end_matches('"').to_string()
}

fn indent_body(lines: Vec<String>) -> String {
    if lines.iter().all(|l| l.trim().is_empty()) {
        return "    pass".into();
    }
    lines.iter().map(|l| if l.is_empty() { String::new() } else { format!("    {l}") }).collect::<Vec<_>>().join("\n")
}

/// Render a whole history as revision files.
pub fn render_history(migrations: &[Migration]) -> Vec<RenderedRevision> {
    render_history_with(migrations, AlembicExportOptions::default())
}

/// [`render_history`] with options (`sqlite_batch`).
pub fn render_history_with(migrations: &[Migration], opts: AlembicExportOptions) -> Vec<RenderedRevision> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::no_escape);
    hb.register_template_string("revision", TEMPLATE).expect("the embedded Alembic template parses");
    let dag = migrations.iter().any(|m| !m.dependencies.is_empty());
    let mut state = Schema::default();
    let mut enums = BTreeMap::new();
    let mut out = Vec::new();
    for (i, m) in migrations.iter().enumerate() {
        let parents: Vec<String> = if dag {
            m.dependencies.iter().filter(|d| !m.depends_on.contains(d)).map(|d| revision_id(d)).collect()
        } else {
            migrations.get(i.wrapping_sub(1)).map(|p| revision_id(&p.id)).into_iter().collect()
        };
        let (view, diagnostics) = revision_view(m, &parents, &mut state, &mut enums, opts);
        let text = hb.render("revision", &view).unwrap_or_else(|e| format!("# template error: {e}\n"));
        let stem = slug(&m.name);
        // A numeric prefix keeps the files (and so sibling branches) in history order.
        let file_name = if stem.is_empty() {
            format!("{:04}_{}.py", i + 1, view.revision)
        } else {
            format!("{:04}_{}_{stem}.py", i + 1, view.revision)
        };
        out.push(RenderedRevision { file_name, revision: view.revision, text, diagnostics });
    }
    out
}

fn revision_view(
    m: &Migration,
    parents: &[String],
    state: &mut Schema,
    enums: &mut BTreeMap<String, Vec<String>>,
    opts: AlembicExportOptions,
) -> (RevisionView, Vec<Diagnostic>) {
    let before = state.clone();
    let span = Span::file(m.source.as_deref().unwrap_or(&m.id));
    let mut ctx = Ctx {
        state: state.clone(),
        enums: enums.clone(),
        postgresql: false,
        mysql: false,
        span,
        diags: Vec::new(),
        sqlite_batch: opts.sqlite_batch,
        branch: Vec::new(),
    };
    collect_enums(&m.up, &mut ctx.enums);
    let mut up = Vec::new();
    let indent = if m.transactional { 0 } else { 4 };
    ops::body(&mut ctx, &m.up, indent, &mut up);
    if !m.transactional {
        up.insert(0, "with op.get_context().autocommit_block():".into());
        if up.len() == 1 {
            up.push("    pass".into());
        }
    }
    *enums = ctx.enums.clone();
    let _ = replay_migration(state, m, None);
    ctx.state = state.clone();
    let mut down = Vec::new();
    match &m.down {
        Some(ops) => ops::body(&mut ctx, ops, 0, &mut down),
        None => match invert_migration(m, &before, None) {
            Ok(ops) => ops::body(&mut ctx, &ops, 0, &mut down),
            Err(irr) => {
                let msg = format!("polymig cannot derive this downgrade: {}", irr.reason);
                down.push(format!("# {msg}"));
                down.push(format!("raise NotImplementedError({})", py::string(&msg)));
            }
        },
    }
    let mut imports = Vec::new();
    let modules: Vec<&str> =
        [("postgresql", ctx.postgresql), ("mysql", ctx.mysql)].iter().filter(|(_, u)| *u).map(|(n, _)| *n).collect();
    if !modules.is_empty() {
        imports.push(format!("from sqlalchemy.dialects import {}", modules.join(", ")));
    }
    let revision = revision_id(&m.id);
    let down_revision = py::one_or_tuple(parents);
    let depends_on: Vec<String> = m.depends_on.iter().map(|d| revision_id(d)).collect();
    let view = RevisionView {
        docstring: docstring(&m.name),
        revises: parents.join(", "),
        revision_literal: py::string(&revision),
        revision,
        down_revision,
        branch_labels: py::one_or_tuple(&m.branch_labels),
        depends_on: py::one_or_tuple(&depends_on),
        imports,
        upgrade: indent_body(up),
        downgrade: indent_body(down),
    };
    (view, ctx.diags)
}

fn collect_enums(ops: &[crate::ir::Op], enums: &mut BTreeMap<String, Vec<String>>) {
    for op in ops {
        match &op.kind {
            Operation::CreateEnum(e) => {
                enums.insert(e.name.name.clone(), e.values.clone());
            }
            Operation::ByDialect(b) => {
                for br in &b.branches {
                    collect_enums(&br.ops, enums);
                }
                collect_enums(&b.otherwise, enums);
            }
            _ => {}
        }
    }
}

/// Write the revision files into `dir` (created if needed).
pub fn write_dir(dir: &Path, revisions: &[RenderedRevision]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for r in revisions {
        std::fs::write(dir.join(&r.file_name), &r.text)?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;

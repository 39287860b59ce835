//! `polymig.toml`, the project file: which migration sources share one database.
//!
//! ```toml
//! database_url = "${DATABASE_URL}"      # `${VAR}` is read from the environment
//! history_table = "polymig_migrations"
//!
//! [[source]]
//! name = "core"                          # label used in ids (`core:0002`) and reports
//! path = "db/sql"                        # relative to the file's folder
//! format = "sql"                         # sql, alembic, django, rails, typeorm, prisma
//! dialect = "postgres"                   # optional: the dialect SQL files are written in
//! app = "billing"                        # optional: the Django app label
//!
//! [after]                                # explicit order edges, overriding timestamps
//! "billing:ae10" = ["core:0002"]
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::import::Format;
use crate::ir::{Span, SqlDialect};

/// The file name looked for in the current directory and its parents.
pub const FILE_NAME: &str = "polymig.toml";

/// A loaded `polymig.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// The file itself.
    pub file: PathBuf,
    /// Its folder: source paths are relative to it.
    pub root: PathBuf,
    /// The database URL as written (`${VAR}` unexpanded; see [`Project::database_url`]).
    pub database_url_raw: Option<String>,
    /// The history table name (default `polymig_migrations`).
    pub history_table: Option<String>,
    /// The sources, in file order.
    pub sources: Vec<Source>,
    /// `"source:version" = ["source:version", …]`: the first runs after each of the others.
    pub after: BTreeMap<String, Vec<String>>,
}

/// One `[[source]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Label (`name`, default: the last folder of `path`).
    pub name: String,
    /// The path, resolved against the project root.
    pub path: PathBuf,
    /// The path as written in the file.
    pub written_path: String,
    /// Its format.
    pub format: Format,
    /// The dialect its SQL is written in.
    pub dialect: Option<SqlDialect>,
    /// Django app label.
    pub app: Option<String>,
    /// `types = { GUID = "sa.String(36)" }`: the project's column types → built-in spellings.
    pub types: Vec<(String, String)>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProject {
    database_url: Option<String>,
    history_table: Option<String>,
    #[serde(default)]
    source: Vec<RawSource>,
    #[serde(default)]
    after: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    name: Option<String>,
    path: String,
    format: String,
    dialect: Option<String>,
    app: Option<String>,
    #[serde(default)]
    types: BTreeMap<String, String>,
}

/// The nearest `polymig.toml` in `dir` or one of its parents.
pub fn find(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().map(|d| d.join(FILE_NAME)).find(|f| f.is_file())
}

/// Read and check a project file; every problem is a diagnostic naming the file.
pub fn load(file: &Path) -> Result<Project, Vec<Diagnostic>> {
    let shown = file.display().to_string();
    let at = |line: u32| Span::at(shown.clone(), line, 1);
    let text = std::fs::read_to_string(file)
        .map_err(|e| vec![Diagnostic::error("config-unreadable", format!("cannot read {shown}: {e}")).at(at(1))])?;
    let raw: RawProject = toml::from_str(&text).map_err(|e| {
        let line = e.span().map_or(1, |s| text[..s.start].lines().count().max(1) as u32);
        vec![Diagnostic::error("config-invalid", e.message().to_string()).at(at(line))]
    })?;
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).map_or(1, |i| i as u32 + 1);
    let root = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut diags = Vec::new();
    let mut sources: Vec<Source> = Vec::new();
    for s in raw.source {
        let span = at(line_of(&format!("\"{}\"", s.path)));
        let format = match s.format.parse::<Format>() {
            Ok(f) => f,
            Err(e) => {
                diags.push(Diagnostic::error("unknown-format", format!("source {}: {e}", s.path)).at(span));
                continue;
            }
        };
        let dialect = match s.dialect.as_deref().map(str::parse::<SqlDialect>) {
            Some(Err(e)) => {
                diags.push(Diagnostic::error("unknown-dialect", format!("source {}: {e}", s.path)).at(span));
                continue;
            }
            Some(Ok(d)) => Some(d),
            None => None,
        };
        let path = relative_to_cwd(&root.join(&s.path));
        if !path.exists() {
            diags.push(
                Diagnostic::error("source-not-found", format!("source path {} does not exist", path.display()))
                    .at(span),
            );
            continue;
        }
        let name = s.name.clone().unwrap_or_else(|| default_name(&s.path));
        if sources.iter().any(|o| o.name == name) {
            let msg = format!("two sources are named `{name}`: give each a distinct `name`");
            diags.push(Diagnostic::error("duplicate-source", msg).at(span));
            continue;
        }
        sources.push(Source {
            name,
            path,
            written_path: s.path,
            format,
            dialect,
            app: s.app,
            types: s.types.into_iter().collect(),
        });
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(Project {
        file: file.to_path_buf(),
        root,
        database_url_raw: raw.database_url,
        history_table: raw.history_table,
        sources,
        after: raw.after,
    })
}

/// `path` relative to the current directory when it lies under it (spans stay short and
/// machine-independent), else as is.
fn relative_to_cwd(path: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    match path.strip_prefix(&cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) => rel.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}

impl Project {
    /// The database URL with `${VAR}` expanded from the environment (`None` when not given).
    pub fn database_url(&self) -> Result<Option<String>, Diagnostic> {
        let span = Span::file(self.file.display().to_string());
        self.database_url_raw.as_deref().map(expand_env).transpose().map_err(|e| e.at(span))
    }
}

/// The last folder of a path that is not a generic migrations folder name: `services/billing/versions` → `billing`.
fn default_name(path: &str) -> String {
    let generic = ["migrations", "migrate", "versions", "db", "sql", "alembic", "prisma", "src"];
    let parts: Vec<&str> = path.split(['/', '\\']).filter(|p| !p.is_empty() && *p != ".").collect();
    parts
        .iter()
        .rev()
        .find(|p| !generic.contains(p))
        .or(parts.last())
        .map_or_else(|| "default".into(), |p| p.to_string())
}

/// `${VAR}` replaced by the environment variable's value; an unset variable is an error (so a
/// password never has to be written in the file).
pub fn expand_env(s: &str) -> Result<String, Diagnostic> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else {
            return Err(Diagnostic::error("config-invalid", format!("unterminated `${{` in `{s}`")));
        };
        let var = &rest[start + 2..start + end];
        match std::env::var(var) {
            Ok(v) => out.push_str(&v),
            Err(_) => {
                return Err(Diagnostic::error("unset-variable", format!("environment variable `{var}` is not set")));
            }
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

//! Command-line arguments (clap derive); doc comments become `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::import::Format;
use crate::ir::SqlDialect;

/// Translate database migrations between ORMs and SQL dialects.
#[derive(Debug, Parser)]
#[command(name = "polymig", version, about, long_about = None)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Translate migrations to SQL for one database, or to an Alembic versions directory.
    Convert(ConvertArgs),
    /// Print the IR of migrations as JSON (`{"polymig_ir": 1, ...}`).
    Inspect(InspectArgs),
    /// Report how much of the input polymig understands.
    Check(CheckArgs),
}

/// Where migrations come from (shared by every command).
#[derive(Debug, Args)]
pub struct SourceArgs {
    /// Input format: auto, sql, prisma, alembic, django, rails or typeorm (`auto` detects it per path).
    #[arg(long = "from", default_value = "auto", value_parser = parse_from)]
    pub from: MaybeFormat,
    /// The dialect SQL input is written in; `auto` detects it per file.
    #[arg(long, value_enum, default_value_t = DialectArg::Auto)]
    pub source_dialect: DialectArg,
    /// Turn every warning (Opaque operations, lossy exports, unparsed SQL) into an error.
    #[arg(long)]
    pub strict: bool,
    /// Migration files or directories (walked recursively; several form one history).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

/// `polymig convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Sources.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Output format: `sql`, or `alembic` (a versions directory written to --out; --dialect is ignored).
    #[arg(long, default_value = "sql")]
    pub to: String,
    /// Target database.
    #[arg(long, value_enum, default_value_t = DialectArg::Sqlite)]
    pub dialect: DialectArg,
    /// Write one file per migration into DIR (`<id>_<name>.sql`, or `.up.sql`/`.down.sql` with --with-down).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also render down scripts.
    #[arg(long)]
    pub with_down: bool,
    /// Render what the target cannot express as a comment with a warning instead of failing.
    #[arg(long)]
    pub allow_lossy: bool,
}

/// `polymig inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Sources.
    #[command(flatten)]
    pub source: SourceArgs,
}

/// `polymig check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Sources.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

/// `--from`'s value: `None` for `auto`. An alias, so clap's derive does not read it as an optional flag
/// (for an `Option<T>` field it would expect the parser to return `T`).
pub type MaybeFormat = Option<Format>;

/// `--from`: a [`Format`] name, or `auto` to detect it per path.
pub fn parse_from(s: &str) -> Result<Option<Format>, String> {
    if s.eq_ignore_ascii_case("auto") { Ok(None) } else { s.parse::<Format>().map(Some) }
}

/// A dialect on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DialectArg {
    /// Detect (only for `--source-dialect`).
    Auto,
    /// PostgreSQL.
    #[value(alias = "postgresql", alias = "pg")]
    Postgres,
    /// MySQL / MariaDB.
    #[value(alias = "mariadb")]
    Mysql,
    /// SQLite.
    #[value(alias = "sqlite3")]
    Sqlite,
}

impl DialectArg {
    /// The dialect, or `None` for `auto`.
    pub fn dialect(self) -> Option<SqlDialect> {
        match self {
            DialectArg::Auto => None,
            DialectArg::Postgres => Some(SqlDialect::Postgres),
            DialectArg::Mysql => Some(SqlDialect::Mysql),
            DialectArg::Sqlite => Some(SqlDialect::Sqlite),
        }
    }
}

/// `--format` of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Human-readable text.
    Text,
    /// JSON for tools.
    Json,
}

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
    /// Apply pending migrations to a database (default: $DATABASE_URL, else sqlite://polymig.db).
    Apply(ApplyArgs),
    /// Undo the last applied migrations with their down scripts.
    Rollback(RollbackArgs),
    /// Show which migrations are applied, pending, changed, missing or failed.
    Status(StatusArgs),
    /// Run every migration up, down and up again on a scratch database, comparing the live schema each time.
    Verify(VerifyArgs),
    /// Clear failed or interrupted records from the history table (and, with PATHs, record changed checksums).
    Repair(RepairArgs),
    /// Run a batched, resumable UPDATE: ad hoc (`--update T --set "c = expr"`) or the backfills of PATHs.
    Backfill(BackfillArgs),
    /// Compare the live database with the migrations recorded as applied.
    Drift(DriftArgs),
    /// Take over a database migrated by another tool: record its applied migrations without running them.
    ///
    /// Ledgers read: dbmate and Rails (`schema_migrations`), golang-migrate (`schema_migrations` with
    /// `dirty`), sqlx (`_sqlx_migrations`), Flyway (`flyway_schema_history`), Prisma
    /// (`_prisma_migrations`), Alembic (`alembic_version` plus the revision graph of the
    /// imported `versions/`), Django (`django_migrations`) and TypeORM (`migrations`). The live schema must match the
    /// replay of the migrations the ledger records, else nothing is recorded (unless --force).
    Adopt(AdoptArgs),
    /// Show the merged history of the sources in polymig.toml: version, source, tables, and why each sits there.
    History(HistoryArgs),
    /// Print the replayed final schema of the project (polymig.toml) as one document.
    Schema(SchemaArgs),
    /// Write one baseline migration equal to the replayed schema of the project (polymig.toml).
    Squash(SquashArgs),
    /// Rewrite the merged history of the project (polymig.toml) into one format, with provenance.
    Consolidate(ConsolidateArgs),
    /// Write a polymig.toml listing the migration sources found under a folder.
    Init(InitArgs),
    /// Check migrations for operations that lock, break running code or lose data in production.
    ///
    /// Each migration is linted against the schema its predecessors build, for the target database
    /// and version. Silence a finding with `-- polymig:allow <rule>` (`#`/`//` in Python, Ruby,
    /// TypeScript) on the operation's line or the line above, or in the file's header for the
    /// whole migration; policy lives in polymig.toml's `[lint]` table. Exit 1 on any error finding.
    Lint(LintArgs),
    /// Rewrite the last migration's risky operations into expand / migrate / contract phases.
    Plan(PlanArgs),
}

/// `polymig consolidate`.
#[derive(Debug, Args)]
pub struct ConsolidateArgs {
    /// Project.
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Output format: `sql` (numbered `.up.sql`/`.down.sql` files), `alembic`, `django`,
    /// `rails` (`db/migrate/`), `typeorm` or `prisma` (a `migrations/` folder and schema.prisma).
    #[arg(long, default_value = "sql")]
    pub to: String,
    /// Folder to write into (plus `polymig-adopt.json`, the map from new versions to old ones,
    /// in the history folder: `--out`, or its `db/migrate` for Rails, `migrations` for Prisma).
    #[arg(long)]
    pub out: PathBuf,
}

/// `polymig init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to search (default: the current one); polymig.toml is written there.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite an existing polymig.toml.
    #[arg(long)]
    pub force: bool,
}

/// Where the project file is (shared by the polyglot commands).
#[derive(Debug, Args)]
pub struct ProjectArgs {
    /// The project file (default: polymig.toml in the current directory or a parent).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The database the history is for (names defaults, selects dialect branches).
    #[arg(long, value_enum)]
    pub dialect: Option<DialectArg>,
}

/// `polymig history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Project.
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

/// `polymig schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Project.
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Output: `sql` (the script that builds the schema), `json` (the replayed state), `prisma`
    /// (a schema.prisma) or `rails-schema` (a db/schema.rb).
    #[arg(long, default_value = "sql")]
    pub to: String,
}

/// `polymig squash`.
#[derive(Debug, Args)]
pub struct SquashArgs {
    /// Project.
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Folder to write the baseline into (`<last version>_baseline.up.sql` plus `squashed.json`).
    #[arg(long)]
    pub out: PathBuf,
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
    /// A project column type and its built-in spelling, `CLASS=SPELLING` (repeatable):
    /// `--type-map GUID=sa.String(36)` (Alembic), `--type-map colorfield.fields.ColorField=CharField` (Django).
    #[arg(long = "type-map", value_name = "CLASS=SPELLING", value_parser = parse_option)]
    pub type_map: Vec<(String, String)>,
    /// Migration files or directories (walked recursively; several form one history).
    /// None: the sources of the polymig.toml in the current directory or its parents.
    pub paths: Vec<PathBuf>,
}

/// `polymig convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Sources.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Output format: `sql`, or an ORM's migration files written to --out
    /// (`alembic`, `django`, `rails`, `typeorm`, `prisma`).
    #[arg(long, default_value = "sql")]
    pub to: String,
    /// Target database (for `--to sql`, default sqlite; ORM formats use it where their output depends on it).
    #[arg(long, value_enum)]
    pub dialect: Option<DialectArg>,
    /// A setting of the target format, `KEY=VALUE` (repeatable): `rails_version=7.1`, `style=sql`, ...
    #[arg(long = "option", short = 'o', value_name = "KEY=VALUE", value_parser = parse_option)]
    pub options: Vec<(String, String)>,
    /// Write one file per migration into DIR (`<id>_<name>.sql`, or `.up.sql`/`.down.sql` with --with-down).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also render down scripts.
    #[arg(long)]
    pub with_down: bool,
    /// Render what the target cannot express as a comment with a warning instead of failing.
    #[arg(long)]
    pub allow_lossy: bool,
    /// The starting state for a Prisma schema PATH: an older schema (file or folder). The output
    /// is the one migration from it to PATH (`prisma migrate diff --from-schema`).
    #[arg(long, value_name = "SCHEMA", conflicts_with = "base_history")]
    pub base: Option<PathBuf>,
    /// The starting state for a Prisma schema PATH: the state this migration history (any
    /// format, detected like PATH) replays to. The output is the one migration from it to PATH.
    #[arg(long, value_name = "PATH")]
    pub base_history: Option<PathBuf>,
    /// With --base/--base-history: table OLD became NEW (database names, `schema.table` when
    /// qualified), a rename instead of a drop and a create (repeatable).
    #[arg(long, value_name = "OLD=NEW", value_parser = parse_option)]
    pub rename_table: Vec<(String, String)>,
    /// With --base/--base-history: column OLD of TABLE (its new name) became NEW, a rename
    /// instead of a drop and an add (repeatable).
    #[arg(long, value_name = "TABLE.OLD=NEW", value_parser = parse_option)]
    pub rename_column: Vec<(String, String)>,
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

/// `--option KEY=VALUE`.
pub fn parse_option(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.trim().to_string())),
        _ => Err(format!("expected KEY=VALUE, got `{s}`")),
    }
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

/// The database the runner commands work on.
#[derive(Debug, Args)]
pub struct DbArgs {
    /// Database URL: sqlite://FILE, postgres://USER@HOST/DB, mysql://USER@HOST/DB
    /// (default: $DATABASE_URL, else polymig.toml's database_url, else sqlite://polymig.db).
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
    /// Name of the history table (default: polymig.toml's history_table, else polymig_migrations).
    #[arg(long, value_name = "NAME", default_value = crate::apply::DEFAULT_TABLE)]
    pub table: String,
    /// How long to wait for another polymig process holding the migration lock (`60s`, `500ms`, `2m`).
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = super::db::parse_duration)]
    pub wait_timeout: std::time::Duration,
    /// Per-migration lock timeout (PostgreSQL `lock_timeout`, MySQL `lock_wait_timeout` and
    /// `innodb_lock_wait_timeout`); 0 = none.
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = super::db::parse_duration)]
    pub lock_timeout: std::time::Duration,
    /// Per-migration statement timeout (PostgreSQL `statement_timeout`); 0 = none.
    #[arg(long, value_name = "DURATION", default_value = "0", value_parser = super::db::parse_duration)]
    pub statement_timeout: std::time::Duration,
}

/// `polymig apply`.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// Sources.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Database.
    #[command(flatten)]
    pub db: DbArgs,
    /// Apply up to and including this version.
    #[arg(long, value_name = "VERSION")]
    pub to: Option<String>,
    /// Apply one phase (expand, migrate or contract) of a `polymig plan --zero-downtime` directory:
    /// earlier phases must be applied, the phase's verification queries must return 0, old code
    /// must have stopped using what it removes (see --usage-window), and its backfills run in
    /// batches first.
    #[arg(long, value_name = "PHASE", conflicts_with = "to")]
    pub phase: Option<crate::plan::PhaseKind>,
    /// With --phase: a phase file with a `-- polymig:usage` line runs only once its count of
    /// statements using the old table or column (pg_stat_statements / performance_schema) has not
    /// grown for this long. Run the phase once after the deploy, then again after the window.
    #[arg(long, value_name = "DURATION", default_value = "15m", value_parser = super::db::parse_duration)]
    pub usage_window: std::time::Duration,
    /// With --phase: skip that usage check (you made sure otherwise that no old code runs).
    /// Without statement statistics the check only warns, it never refuses.
    #[arg(long, requires = "phase")]
    pub skip_usage_check: bool,
    /// Print the SQL apply would run (history bookkeeping included) and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Back the database up into DIR first (SQLite: a file copy; PostgreSQL: pg_dump; MySQL: mysqldump).
    #[arg(long, value_name = "DIR")]
    pub backup: Option<PathBuf>,
    /// Apply even if already-applied migrations changed since.
    #[arg(long)]
    pub allow_changed: bool,
    /// Output: text, or one JSON object per migration ({"version","name","ms","result"}).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

/// `polymig rollback`.
#[derive(Debug, Args)]
pub struct RollbackArgs {
    /// Sources.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Database.
    #[command(flatten)]
    pub db: DbArgs,
    /// Undo this many applied migrations (default 1).
    #[arg(long, value_name = "N", conflicts_with = "to")]
    pub steps: Option<usize>,
    /// Undo every migration applied after VERSION (VERSION stays applied).
    #[arg(long, value_name = "VERSION")]
    pub to: Option<String>,
    /// Print the SQL rollback would run and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Roll back even if the migrations changed since they were applied.
    #[arg(long)]
    pub allow_changed: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

/// `polymig status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Sources.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Database.
    #[command(flatten)]
    pub db: DbArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

/// `polymig verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Sources.
    #[command(flatten)]
    pub source: SourceArgs,
    /// A server to verify on: polymig creates a throw-away database there and drops it afterwards
    /// (default: a temporary SQLite file).
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

/// `polymig backfill`.
#[derive(Debug, Args)]
pub struct BackfillArgs {
    /// Database.
    #[command(flatten)]
    pub db: DbArgs,
    /// The table to update (ad hoc; the expressions are written for the database's dialect).
    #[arg(long, value_name = "TABLE", conflicts_with = "paths", requires = "set")]
    pub update: Option<String>,
    /// `column = expression` (repeatable).
    #[arg(long, value_name = "ASSIGNMENT")]
    pub set: Vec<String>,
    /// Only rows matching this condition.
    #[arg(long = "where", value_name = "CONDITION")]
    pub filter: Option<String>,
    /// Columns to page by (comma-separated; default the primary key).
    #[arg(long, value_name = "COLUMNS")]
    pub key: Option<String>,
    /// Rows per batch (overrides the migration's).
    #[arg(long, value_name = "N")]
    pub batch_size: Option<u32>,
    /// Pause between batches (`20ms`, `1s`; overrides the migration's).
    #[arg(long, value_name = "DURATION", value_parser = super::db::parse_duration)]
    pub pause: Option<std::time::Duration>,
    /// Connections splitting the key range (single integer keys).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub jobs: u32,
    /// A batch slower than this halves the next one.
    #[arg(long, value_name = "DURATION", default_value = "1s", value_parser = super::db::parse_duration)]
    pub slow_batch: std::time::Duration,
    /// Only the backfills of this migration version.
    #[arg(long, value_name = "VERSION")]
    pub version: Option<String>,
    /// Output format: text (a progress line on a terminal) or json (one event per batch, then the report).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Migration files or directories whose `Backfill` operations to run.
    pub paths: Vec<PathBuf>,
}

/// `polymig repair`.
#[derive(Debug, Args)]
pub struct RepairArgs {
    /// Database.
    #[command(flatten)]
    pub db: DbArgs,
    /// Confirm changing the history table.
    #[arg(long)]
    pub yes: bool,
    /// With migration files: also record the current checksum of applied migrations that changed.
    pub paths: Vec<PathBuf>,
}

/// `polymig drift`.
#[derive(Debug, Args)]
pub struct DriftArgs {
    /// Sources.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Database.
    #[command(flatten)]
    pub db: DbArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

/// `polymig adopt`.
#[derive(Debug, Args)]
pub struct AdoptArgs {
    /// Sources.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Database.
    #[command(flatten)]
    pub db: DbArgs,
    /// The other tool's table (default: the one of schema_migrations, _sqlx_migrations,
    /// flyway_schema_history, _prisma_migrations, alembic_version that exists).
    #[arg(long, value_name = "TABLE")]
    pub from_table: Option<String>,
    /// Record the migrations even when the live schema differs from their replay.
    #[arg(long)]
    pub force: bool,
}

/// `polymig lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Sources.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Target database.
    #[arg(long, value_enum, default_value_t = LintDialect::Postgres)]
    pub dialect: LintDialect,
    /// Target version (`16`, `14.3`, `8.0.29`, `10.11`, `3.53`); default: a current release.
    #[arg(long, value_name = "VERSION")]
    pub db_version: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
    /// Policy file whose `[lint]` table is read (default: ./polymig.toml when present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// A live database: its engine and version replace `--dialect`/`--db-version`, and only the
    /// migrations still pending there are reported (the applied ones still build the state).
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
    /// The history table read with `--db`.
    #[arg(long, value_name = "NAME", default_value = crate::apply::DEFAULT_TABLE)]
    pub table: String,
}

/// `polymig lint --dialect`: MariaDB is told apart from MySQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintDialect {
    /// PostgreSQL.
    #[value(alias = "postgresql", alias = "pg")]
    Postgres,
    /// MySQL.
    Mysql,
    /// MariaDB.
    Mariadb,
    /// SQLite.
    #[value(alias = "sqlite3")]
    Sqlite,
}

impl LintDialect {
    /// The lint engine.
    pub fn engine(self) -> crate::lint::Engine {
        match self {
            LintDialect::Postgres => crate::lint::Engine::Postgres,
            LintDialect::Mysql => crate::lint::Engine::Mysql,
            LintDialect::Mariadb => crate::lint::Engine::Mariadb,
            LintDialect::Sqlite => crate::lint::Engine::Sqlite,
        }
    }
}

/// `polymig lint --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// Human-readable text with the source line.
    Text,
    /// JSON: `{"target", "findings", "summary"}`.
    Json,
    /// SARIF 2.1.0.
    Sarif,
}

/// `polymig plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Sources (the last migration is planned; the ones before it give the schema).
    #[command(flatten)]
    pub source: SourceArgs,
    /// Plan for zero downtime (the only planner so far).
    #[arg(long)]
    pub zero_downtime: bool,
    /// Target database.
    #[arg(long, value_enum, default_value_t = LintDialect::Postgres)]
    pub dialect: LintDialect,
    /// Target version.
    #[arg(long, value_name = "VERSION")]
    pub db_version: Option<String>,
    /// Directory the phase migrations and README.md are written to.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Format of the phase migrations: sql (run by `polymig apply --phase`), rails, django,
    /// alembic, typeorm or prisma (run by the ORM, each verification a guard statement).
    #[arg(long, value_name = "FORMAT", default_value = "sql")]
    pub to: String,
}

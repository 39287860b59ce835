//! The command line: thin clap commands over the library.
//!
//! Exit codes: 0 ok, 1 errors in the input (diagnostics printed on stderr),
//! 2 usage errors (clap's own, or an unsupported combination of options).

mod adopt;
mod apply;
mod args;
mod backfill;
mod check;
mod consolidate;
mod convert;
mod convert_state;
mod db;
mod drift;
mod history;
mod init;
mod inspect;
mod lint;
mod plan;
mod progress;
mod project;
mod repair;
mod report;
mod rollback;
mod schema;
mod squash;
mod status;
mod verify;

pub use args::Cli;
use args::Command;
use clap::Parser;

/// Exit code: success.
pub const EXIT_OK: i32 = 0;
/// Exit code: the input has errors (diagnostics were printed).
pub const EXIT_INPUT: i32 = 1;
/// Exit code: the command line is wrong.
pub const EXIT_USAGE: i32 = 2;

/// Run the CLI with the process arguments; returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    match cli.command {
        Command::Convert(a) => convert::run(&a),
        Command::Inspect(a) => inspect::run(&a),
        Command::Check(a) => check::run(&a),
        Command::Apply(a) => apply::run(&a),
        Command::Rollback(a) => rollback::run(&a),
        Command::Status(a) => status::run(&a),
        Command::Verify(a) => verify::run(&a),
        Command::Repair(a) => repair::run(&a),
        Command::Backfill(a) => backfill::run(&a),
        Command::Drift(a) => drift::run(&a),
        Command::Adopt(a) => adopt::run(&a),
        Command::History(a) => history::run(&a),
        Command::Schema(a) => schema::run(&a),
        Command::Squash(a) => squash::run(&a),
        Command::Consolidate(a) => consolidate::run(&a),
        Command::Init(a) => init::run(&a),
        Command::Lint(a) => lint::run(&a),
        Command::Plan(a) => plan::run(&a),
    }
}

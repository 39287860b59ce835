//! The command line: thin clap commands over the library.

/// Run the CLI with the process arguments; returns the exit code.
pub fn run() -> i32 {
    0
}

//! `polymig inspect`: the IR as JSON.

use super::args::InspectArgs;
use super::report::{all_diagnostics, load, print_diagnostics};
use super::{EXIT_INPUT, EXIT_OK};
use crate::ir::Document;

/// Print the IR document on stdout and the diagnostics on stderr.
pub fn run(a: &InspectArgs) -> i32 {
    let (migrations, diags) = load(&a.source, None);
    let failed = print_diagnostics(all_diagnostics(&diags, &migrations), a.source.strict);
    let doc = Document::new(migrations, diags);
    match serde_json::to_string_pretty(&doc) {
        Ok(json) => println!("{json}"),
        Err(e) => {
            eprintln!("error[json]: cannot serialise the IR: {e}");
            return EXIT_INPUT;
        }
    }
    if failed { EXIT_INPUT } else { EXIT_OK }
}

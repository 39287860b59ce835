//! Importer for Rails ActiveRecord migrations (`db/migrate/<version>_<name>.rb`, `create_table :users do |t|`).

use std::path::PathBuf;

use super::{Format, ImportOptions, not_yet_supported};
use crate::diagnostics::Diagnostic;
use crate::ir::Migration;

/// Import files and directories of this format into one history.
pub fn import_paths(paths: &[PathBuf], _opts: &ImportOptions) -> (Vec<Migration>, Vec<Diagnostic>) {
    (Vec::new(), paths.iter().map(|p| not_yet_supported(Format::Rails, p)).collect())
}

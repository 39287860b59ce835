//! Importer for Prisma schemas (`schema.prisma`, `model User { ... }`).

use std::path::PathBuf;

use super::{Format, ImportOptions, not_yet_supported};
use crate::diagnostics::Diagnostic;
use crate::ir::Migration;

/// Import files and directories of this format into one history.
pub fn import_paths(paths: &[PathBuf], _opts: &ImportOptions) -> (Vec<Migration>, Vec<Diagnostic>) {
    (Vec::new(), paths.iter().map(|p| not_yet_supported(Format::Prisma, p)).collect())
}

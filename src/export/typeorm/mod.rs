//! Exporter to TypeORM migration classes (`<timestamp>-<Name>.ts`/`.js`, `queryRunner.query(...)`).

use std::path::Path;

use super::{FormatExportOptions, not_yet_supported};
use crate::diagnostics::Diagnostic;
use crate::import::Format;
use crate::ir::Migration;

/// Write `migrations` as this format's files under `dir`; the diagnostics say what could not be expressed.
pub fn write_dir(
    _dir: &Path,
    _migrations: &[Migration],
    _opts: &FormatExportOptions,
) -> std::io::Result<Vec<Diagnostic>> {
    Ok(vec![not_yet_supported(Format::Typeorm)])
}

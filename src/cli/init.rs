//! `polymig init`: find the migration sources under a folder and write polymig.toml.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::args::InitArgs;
use super::{EXIT_INPUT, EXIT_OK};
use crate::history::config::FILE_NAME;
use crate::import::{Format, detect_format};

/// Folders never searched.
const SKIP: &[&str] = &[".git", "node_modules", "target", "__pycache__", ".venv", "venv", "vendor", "dist", "build"];

/// The source folders under `root` with their format and number of migration files.
pub fn detect_sources(root: &Path) -> BTreeMap<PathBuf, (Format, usize)> {
    let mut found: BTreeMap<PathBuf, (Format, usize)> = BTreeMap::new();
    let walk = WalkDir::new(root).sort_by_file_name().into_iter().filter_entry(|e| {
        !(e.file_type().is_dir()
            && e.file_name().to_str().is_some_and(|n| SKIP.contains(&n) || n.starts_with('.'))
            && e.depth() > 0)
    });
    for entry in walk.filter_map(Result::ok) {
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(format) = detect_format(entry.path()) else { continue };
        let Some(mut dir) = entry.path().parent().map(Path::to_path_buf) else { continue };
        // Per-migration folders (`20240101_init/migration.sql`, `V1__x/up.sql`): the source is their parent.
        let numbered =
            dir.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()));
        if numbered && let Some(p) = dir.parent() {
            dir = p.to_path_buf();
        }
        let slot = found.entry(dir).or_insert((format, 0));
        if slot.0 == format {
            slot.1 += 1;
        }
    }
    found
}

/// Write polymig.toml with one commented `[[source]]` per detected folder.
pub fn run(a: &InitArgs) -> i32 {
    let file = a.dir.join(FILE_NAME);
    if file.exists() && !a.force {
        eprintln!("error[exists]: {} already exists (--force overwrites it)", file.display());
        return EXIT_INPUT;
    }
    let sources = detect_sources(&a.dir);
    let mut out = String::from(
        "# polymig project file: the migration sources that share one database.\n\
         # database_url = \"${DATABASE_URL}\"   # read from the environment, never a password here\n\
         history_table = \"polymig_migrations\"\n",
    );
    for (dir, (format, count)) in &sources {
        let rel = dir.strip_prefix(&a.dir).unwrap_or(dir).to_string_lossy().replace('\\', "/");
        let rel = if rel.is_empty() { ".".to_string() } else { rel };
        out.push_str(&format!("\n# detected: {count} {format} migration file(s) in {rel}\n[[source]]\npath = \"{rel}\"\nformat = \"{format}\"\n"));
        if *format == Format::Django
            && let Some(app) = dir.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str())
        {
            out.push_str(&format!("app = \"{app}\"\n"));
        }
    }
    if sources.is_empty() {
        out.push_str("\n# no migration sources detected: add [[source]] tables (path, format)\n");
    }
    if let Err(e) = std::fs::write(&file, out) {
        eprintln!("error[io]: cannot write {}: {e}", file.display());
        return EXIT_INPUT;
    }
    println!("wrote {} ({} source(s))", file.display(), sources.len());
    EXIT_OK
}

//! Golden corpus for the Rails importer: every `corpus/rails/<case>/` holds `db/migrate/*.rb`
//! (or `db/schema.rb`) and insta snapshots of
//! - `ir.snap`: the IR imported with no target (PostgreSQL defaults, dialect branches kept),
//! - `postgres.snap`, `mysql.snap`, `sqlite.snap`: the history imported for that adapter
//!   (ActiveRecord's per-adapter types and defaults) and rendered as SQL, followed by the
//!   import and render diagnostics.
//!
//! The behaviours of `Migration[7.x]`/`[8.x]` (datetime precision 6, `t.enum`, `create_enum`,
//! `add_enum_value`, `deferrable:`, the 7.1 index-name fallback) are covered here only: the
//! differential test runs Debian's ActiveRecord 6.1, which rejects them (`rails7_postgres`).
//!
//! Review changes with `cargo insta review` (or `INSTA_UPDATE=always cargo test --test rails_corpus`).

mod corpus_paths;
mod rails_support;

use std::path::{Path, PathBuf};

use polymig::diagnostics::Diagnostic;
use polymig::export::sql::{ExportOptions, render_history, to_script};
use polymig::import::{Format, ImportOptions, load};
use polymig::ir::{Document, Migration, SqlDialect};

/// Every case: those with `db/migrate` (shared with the differential test) and `db/schema.rb` ones.
fn all_cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/rails");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("corpus/rails")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("db/migrate").is_dir() || p.join("db/schema.rb").is_file())
        .collect();
    out.sort();
    assert!(out.len() >= rails_support::cases().len());
    out
}

fn import(case: &Path, target: Option<SqlDialect>) -> (Vec<Migration>, Vec<Diagnostic>) {
    let opts = ImportOptions { format: Some(Format::Rails), source_dialect: None, target, ..Default::default() };
    let input = if case.join("db/migrate").is_dir() { case.join("db/migrate") } else { case.to_path_buf() };
    let (mut ms, diags) = load(&[input], &opts);
    let diags = corpus_paths::relative_to(case, &mut ms, diags);
    (ms, diags)
}

fn diagnostics_text<'a>(diags: impl IntoIterator<Item = &'a Diagnostic>) -> String {
    diags.into_iter().map(|d| format!("{d}\n")).collect()
}

#[test]
fn rails_corpus() {
    let cases = all_cases();
    assert!(cases.len() >= 10, "the corpus went missing");
    for case in cases {
        let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("case").to_string();
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(&case);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_description(format!("corpus/rails/{name}"));
        settings.bind(|| {
            let (ms, diags) = import(&case, None);
            let doc = Document::new(ms, diags);
            insta::assert_snapshot!("ir", serde_json::to_string_pretty(&doc).expect("json"));
            for dialect in SqlDialect::ALL {
                let (ms, diags) = import(&case, Some(dialect));
                let opts = ExportOptions { dialect, with_down: true, allow_lossy: true };
                let rendered = render_history(&ms, &opts);
                let mut text = to_script(&rendered);
                text.push_str("\n-- diagnostics\n");
                text.push_str(&diagnostics_text(diags.iter().chain(ms.iter().flat_map(|m| m.diagnostics.iter()))));
                text.push_str(&diagnostics_text(rendered.iter().flat_map(|r| r.diagnostics.iter())));
                insta::assert_snapshot!(dialect.as_str(), text);
            }
        });
    }
}

/// Every `.rb` of the corpus is classified as Rails by `--from auto`.
#[test]
fn corpus_files_are_detected_as_rails() {
    for case in all_cases() {
        let dir = if case.join("db/migrate").is_dir() { case.join("db/migrate") } else { case.join("db") };
        assert_eq!(polymig::import::detect_format(&dir), Some(Format::Rails), "{}", dir.display());
    }
}

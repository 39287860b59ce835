//! Golden corpus for the TypeORM importer: every `corpus/typeorm/<case>/` holds `migrations/*.ts|js`
//! (the input) and insta snapshots of
//! - `ir.snap`: the IR imported with no target (driver branches kept as `by_dialect`),
//! - `postgres.snap`, `mysql.snap`, `sqlite.snap`: the history imported for that dialect and
//!   rendered as SQL, followed by the import and render diagnostics,
//! - `typeorm.snap`: the IR of `ir.snap` exported again as TypeORM classes (`style=api`), each
//!   file headed by its name.
//!
//! Review changes with `cargo insta review` (or `INSTA_UPDATE=always cargo test --test typeorm_corpus`).

mod typeorm_support;
use typeorm_support::{cases, import};

use polymig::diagnostics::Diagnostic;
use polymig::export::sql::{ExportOptions, render_history, to_script};
use polymig::ir::{Document, SqlDialect};

fn diagnostics_text<'a>(diags: impl IntoIterator<Item = &'a Diagnostic>) -> String {
    diags.into_iter().map(|d| format!("{d}\n")).collect()
}

#[test]
fn typeorm_corpus() {
    let cases = cases();
    assert!(cases.len() >= 8, "the corpus went missing");
    for case in cases {
        let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("case").to_string();
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(&case);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_description(format!("corpus/typeorm/{name}"));
        settings.bind(|| {
            let (ms, diags) = import(&case.join("migrations"), &case, None);
            let doc = Document::new(ms, diags);
            insta::assert_snapshot!("ir", serde_json::to_string_pretty(&doc).expect("json"));
            let (files, _) =
                polymig::export::typeorm::render_history(&doc.migrations, polymig::export::typeorm::Style::Api);
            let files: String = files.iter().map(|f| format!("// ===== {}\n{}\n", f.file_name, f.text)).collect();
            insta::assert_snapshot!("typeorm", files);
            for dialect in SqlDialect::ALL {
                let (ms, diags) = import(&case.join("migrations"), &case, Some(dialect));
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

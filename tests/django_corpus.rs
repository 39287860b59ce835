//! Golden corpus for the Django importer: every `corpus/django/<case>/` holds one or more apps
//! (`<app>/migrations/*.py`, the input; `contrib` lists the Django contrib apps a case needs, which
//! the differential test installs) and insta snapshots of
//! - `ir.snap`: the IR imported with no target (PostgreSQL's spelling, portable types),
//! - `postgres.snap`, `mysql.snap`, `sqlite.snap`: the history imported for that backend (as
//!   Django's schema editor would run it there) and rendered as SQL, followed by the import and
//!   render diagnostics.
//!
//! Review changes with `cargo insta review` (or `INSTA_UPDATE=always cargo test --test django_corpus`).

mod corpus_paths;

use std::path::{Path, PathBuf};

use polymig::diagnostics::Diagnostic;
use polymig::export::sql::{ExportOptions, render_history, to_script};
use polymig::import::django::{DjangoOptions, import_paths_with};
use polymig::ir::{Document, Migration, Operation, SqlDialect};

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/django");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("corpus/django")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

fn import(case: &Path, target: Option<SqlDialect>) -> (Vec<Migration>, Vec<Diagnostic>) {
    let opts = DjangoOptions { target, ..DjangoOptions::default() };
    let (mut ms, diags) = import_paths_with(&[case.to_path_buf()], &opts);
    let diags = corpus_paths::relative_to(case, &mut ms, diags);
    (ms, diags)
}

fn diagnostics_text<'a>(diags: impl IntoIterator<Item = &'a Diagnostic>) -> String {
    diags.into_iter().map(|d| format!("{d}\n")).collect()
}

#[test]
fn django_corpus() {
    let cases = cases();
    assert!(cases.len() >= 6, "the corpus went missing");
    for case in cases {
        let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("case").to_string();
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(&case);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_description(format!("corpus/django/{name}"));
        settings.bind(|| {
            let (ms, diags) = import(&case, None);
            let doc = Document::new(ms, diags);
            insta::assert_snapshot!("ir", serde_json::to_string_pretty(&doc).expect("json"));
            for dialect in SqlDialect::ALL {
                let (ms, diags) = import(&case, Some(dialect));
                let opts = ExportOptions { dialect, with_down: false, allow_lossy: true };
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

/// A file with a syntax error still yields its other operations, and the error has file:line:col.
#[test]
fn broken_files_give_located_diagnostics() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/django/broken_file");
    let (ms, diags) = import(&case, Some(SqlDialect::Postgres));
    let all: Vec<&Diagnostic> = diags.iter().chain(ms.iter().flat_map(|m| &m.diagnostics)).collect();
    let syntax = all.iter().find(|d| d.code == "syntax-error").expect("a syntax error");
    let span = syntax.span.as_ref().expect("located");
    assert_eq!(span.file, "shop/migrations/0002_broken.py");
    assert!(span.line >= 8, "{span:?}");
    assert!(all.iter().any(|d| d.code == "django-missing-dependency"), "{all:#?}");
    let first = ms.iter().find(|m| m.id == "shop.0001_initial").expect("0001 imported");
    let opaque: Vec<&str> = first
        .up
        .iter()
        .filter_map(|op| match &op.kind {
            Operation::Opaque(o) => Some(o.reason.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(opaque.len(), 2, "{opaque:?}");
    assert!(opaque[0].contains("money.fields.MoneyField"), "{opaque:?}");
    assert!(opaque[1].contains("FancyThirdPartyOperation"), "{opaque:?}");
    assert!(first.up.iter().any(|op| matches!(&op.kind, Operation::CreateTable(t) if t.table.name == "shop_other")));
}

//! Golden corpus for the Alembic importer: every `corpus/alembic/<case>/` holds
//! `versions/*.py` (the input) and insta snapshots of
//! - `ir.snap`: the IR imported with no target (dialect branches kept as `by_dialect`),
//! - `postgres.snap`, `mysql.snap`, `sqlite.snap`: the history imported for that
//!   dialect and rendered as SQL, followed by the import and render diagnostics,
//! - `alembic.snap`: the IR of `ir.snap` exported again as Alembic revision files
//!   (`polymig::export::alembic`), each file headed by its name.
//!
//! Review changes with `cargo insta review` (or `INSTA_UPDATE=always cargo test --test alembic_corpus`).

mod alembic_support;
mod corpus_paths;

use alembic_support::cases;
use std::path::Path;

use polymig::diagnostics::Diagnostic;
use polymig::export::sql::{ExportOptions, render_history, to_script};
use polymig::import::{Format, ImportOptions, load};
use polymig::ir::{Document, Migration, SqlDialect};

fn import(case: &Path, target: Option<SqlDialect>) -> (Vec<Migration>, Vec<Diagnostic>) {
    let opts = ImportOptions { format: Some(Format::Alembic), source_dialect: None, target, ..Default::default() };
    let (mut ms, diags) = load(&[case.join("versions")], &opts);
    let diags = corpus_paths::relative_to(case, &mut ms, diags);
    (ms, diags)
}

fn diagnostics_text<'a>(diags: impl IntoIterator<Item = &'a Diagnostic>) -> String {
    diags.into_iter().map(|d| format!("{d}\n")).collect()
}

#[test]
fn alembic_corpus() {
    let cases = cases();
    assert!(cases.len() >= 8, "the corpus went missing");
    for case in cases {
        let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("case").to_string();
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(&case);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_description(format!("corpus/alembic/{name}"));
        settings.bind(|| {
            let (ms, diags) = import(&case, None);
            let doc = Document::new(ms, diags);
            let json = serde_json::to_string_pretty(&doc).expect("json");
            insta::assert_snapshot!("ir", json);
            let revisions = polymig::export::alembic::render_history(&doc.migrations);
            let files: String = revisions.iter().map(|r| format!("# ===== {}\n{}\n", r.file_name, r.text)).collect();
            insta::assert_snapshot!("alembic", files);
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

/// Every `op` directive, option, type family and code shape the Alembic issue lists, as spelled in a
/// revision file. Each must appear in some `corpus/alembic/*/versions/*.py`, so the golden files and the
/// differential tests cover it.
const COVERED_SPELLINGS: &[&str] = &[
    "op.create_table(",
    "sa.Column(",
    "sa.PrimaryKeyConstraint(",
    "sa.ForeignKeyConstraint(",
    "sa.UniqueConstraint(",
    "sa.CheckConstraint(",
    "sa.Index(",
    "comment=",
    "op.drop_table(",
    "op.rename_table(",
    "op.add_column(",
    "op.drop_column(",
    "op.alter_column(",
    "nullable=",
    "type_=",
    "existing_type=",
    "server_default=",
    "existing_server_default=",
    "new_column_name=",
    "postgresql_using=",
    "autoincrement=",
    "op.create_index(",
    "op.drop_index(",
    "unique=True",
    "postgresql_where=",
    "sqlite_where=",
    "postgresql_concurrently=",
    "postgresql_include=",
    "sa.text(",
    "op.create_foreign_key(",
    "op.create_primary_key(",
    "op.create_unique_constraint(",
    "op.create_check_constraint(",
    "op.create_exclude_constraint(",
    "op.drop_constraint(",
    "op.create_table_comment(",
    "op.drop_table_comment(",
    "op.execute(",
    ".format(",
    "f\"",
    "op.bulk_insert(",
    "op.batch_alter_table(",
    "recreate=",
    "copy_from=",
    "op.get_bind().execute(",
    "create_type=",
    "checkfirst=True",
    "postgresql.JSONB",
    "postgresql.UUID",
    "postgresql.ARRAY",
    "postgresql.ENUM",
    "timezone=True",
    "postgresql.INET",
    "postgresql.TSVECTOR",
    "mysql.",
    "sqlite.",
    "sa.Enum(",
    "native_enum=False",
    "sa.func.now()",
    "sa.false()",
    "naming_convention",
    "branch_labels",
    "depends_on",
    "inspect(",
    "Session(",
    "select(",
    "for ",
    "def _",
    "dialect.name",
];

#[test]
fn corpus_covers_every_directive_and_option() {
    let mut text = String::new();
    for case in cases() {
        for entry in std::fs::read_dir(case.join("versions")).expect("versions").filter_map(Result::ok) {
            text.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
        }
    }
    let missing: Vec<&&str> = COVERED_SPELLINGS.iter().filter(|s| !text.contains(**s)).collect();
    assert!(missing.is_empty(), "no corpus/alembic case uses {missing:?}");
}

#[test]
fn only_data_code_and_broken_files_become_opaque() {
    fn opaque_count(ops: &[polymig::ir::Op]) -> usize {
        ops.iter()
            .map(|op| match &op.kind {
                polymig::ir::Operation::Opaque(_) => 1,
                polymig::ir::Operation::ByDialect(b) => {
                    b.branches.iter().map(|br| opaque_count(&br.ops)).sum::<usize>() + opaque_count(&b.otherwise)
                }
                _ => 0,
            })
            .sum()
    }
    for case in cases() {
        let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("case").to_string();
        let (ms, _) = import(&case, None);
        let opaque: usize = ms.iter().map(|m| opaque_count(&m.up) + m.down.as_deref().map_or(0, opaque_count)).sum();
        let expected = matches!(name.as_str(), "opaque_data" | "broken_file");
        assert_eq!(opaque > 0, expected, "{name}: {opaque} opaque operations");
    }
}

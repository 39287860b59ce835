//! Golden corpus for the Prisma importer: every `corpus/prisma/<case>/` (see
//! `prisma_support` for the layout) has insta snapshots `postgres.snap`, `mysql.snap`,
//! `sqlite.snap` for the dialects it is meant for: polymig's SQL for the migration from empty to
//! the schema (or, with `from.prisma`, from empty to it and then to the schema), followed by the
//! import and render diagnostics (each at `file:line:col`); and `prisma.snap`: the state for the
//! case's first dialect exported again as `schema.prisma` (`polymig::export::prisma`).
//!
//! Review changes with `cargo insta review` (or `INSTA_UPDATE=always cargo test --test prisma_corpus`).

mod prisma_support;
use prisma_support::{cases, polymig_history, relative, sql_of};

#[test]
fn prisma_corpus() {
    let cases = cases();
    assert!(cases.len() >= 8, "the corpus went missing");
    for case in cases {
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(&case.dir);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_description(format!("corpus/prisma/{}", case.name));
        settings.bind(|| {
            for &dialect in &case.dialects {
                let (ms, diags) = polymig_history(&case, dialect);
                let (sql, render) = sql_of(&ms, dialect);
                let mut text = sql;
                text.push_str("\n-- diagnostics\n");
                for d in diags.iter().chain(render.iter()) {
                    text.push_str(&format!("{d}\n"));
                }
                insta::assert_snapshot!(dialect.as_str(), relative(&case, &text));
            }
            let d = case.dialects[0];
            let state = polymig::import::prisma::schema_state(&case.schema, Some(d));
            let (text, notes) = polymig::export::prisma::render_schema(&state.schema, d);
            let notes: String = notes.iter().map(|n| format!("// note: {n}\n")).collect();
            insta::assert_snapshot!("prisma", format!("{text}{notes}"));
        });
    }
}

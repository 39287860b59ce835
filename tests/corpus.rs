//! Golden corpus of the SQL path: one test per `corpus/sql/<case>/`.
//!
//! Each test imports the case's input, snapshots the IR (`ir.snap`), the script for every target
//! (`<target>.snap`, or `<target>.lossy.snap` for targets the case expects to fail) and every diagnostic
//! (`diagnostics.snap`), then checks what the case promises in `case.json` (no import errors unless
//! expected, strict export fails exactly for `expect_unsupported` targets, deterministic output).
//!
//! Bless with `INSTA_UPDATE=always cargo test --test corpus`, then read every changed `.snap`
//! (see corpus/README.md). A new case folder must be added to the `corpus_cases!` list below;
//! `every_case_folder_is_listed` fails until it is.

#[path = "../corpus/harness.rs"]
mod harness;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;

use harness::{Case, Imported, export_diagnostics, script_text};
use polymig::diagnostics::Diagnostic;
use polymig::ir::{Document, SqlDialect};

/// Declares one `#[test]` per case and the list `every_case_folder_is_listed` checks.
macro_rules! corpus_cases {
    ($($name:ident),* $(,)?) => {
        mod cases {
            $(
                #[test]
                fn $name() {
                    super::run_case(stringify!($name));
                }
            )*
        }

        /// Every case the macro generated a test for.
        const LISTED: &[&str] = &[$(stringify!($name)),*];
    };
}

corpus_cases!(
    app_blog,
    backfill_directive,
    bad_backfill_directive,
    bad_binary_file,
    bad_invalid_utf8,
    bad_unterminated_block_comment,
    bad_unterminated_dollar_quote,
    bad_unterminated_string,
    crlf_line_endings,
    detect_dialect_mysql,
    detect_dialect_postgres,
    down_derived,
    down_irreversible,
    empty_file,
    enums_portable,
    indexes_portable,
    layout_dbmate,
    layout_flyway,
    layout_golang_migrate,
    layout_numbered,
    layout_prisma,
    lite_alter,
    lite_create_table,
    lite_defaults,
    lite_defaults_expressions,
    lite_foreign_keys,
    lite_generated,
    lite_indexes,
    lite_pragma_triggers,
    lite_quoting,
    lite_types,
    lite_views,
    lite_without_rowid,
    lossy_deferrable_fk,
    lossy_index_features,
    lossy_partial_index,
    my_alter_modify_change,
    my_column_position,
    my_constraints,
    my_create_table,
    my_defaults,
    my_defaults_expressions,
    my_delimiter,
    my_enum_set,
    my_indexes,
    my_quoting,
    my_raw_triggers,
    my_renames_drops,
    my_types,
    my_views,
    no_transaction_marker,
    pg_add_drop_column,
    pg_alter_column,
    pg_collation,
    pg_column_options,
    pg_comments,
    pg_constraints_alter,
    pg_constraints_named,
    pg_constraints_unnamed,
    pg_create_table_basic,
    pg_defaults,
    pg_defaults_expressions,
    pg_drop_index_forms,
    pg_drop_table_forms,
    pg_enum_type_rename,
    pg_enums,
    pg_extensions,
    pg_foreign_keys,
    pg_functions_triggers,
    pg_generated_columns,
    pg_grants,
    pg_index_concurrently,
    pg_indexes,
    pg_quoting,
    pg_raw_dml,
    pg_renames,
    pg_schema_qualified,
    pg_serial_identity,
    pg_table_comment_if_not_exists,
    pg_types_datetime,
    pg_types_native,
    pg_types_numeric,
    pg_types_portable,
    pg_types_text,
    pg_vacuum,
    pg_views,
    rebuild_constraints,
    rebuild_drop_indexed_column,
    rebuild_keeps_child_rows,
    rebuild_nullability,
    rebuild_type_change,
    unparseable_statement,
    unsupported_enum_alter,
    unsupported_functional_index,
    unsupported_materialized_view,
    unsupported_unique_partial_index,
    utf8_bom,
);

#[test]
fn every_case_folder_is_listed() {
    let listed: BTreeSet<String> = LISTED.iter().map(|s| s.to_string()).collect();
    let on_disk: BTreeSet<String> = harness::case_names().into_iter().collect();
    let missing: Vec<_> = on_disk.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&on_disk).collect();
    assert!(missing.is_empty(), "case folders not listed in corpus_cases! (tests/corpus.rs): {missing:?}");
    assert!(stale.is_empty(), "corpus_cases! lists cases without a folder: {stale:?}");
}

/// Code of the warning an exporter gives when it can only approximate an operation.
const LOSSY: &str = "lossy-export";

/// Import, export and snapshot one case, then check its promises.
fn run_case(name: &str) {
    let case = Case::load(name);
    let imported = case.import();

    let mut snapshots = vec!["ir".to_string(), "diagnostics".to_string()];
    let mut diag_text = String::new();
    push_diagnostics(&mut diag_text, "import", imported.all_diagnostics());
    let mut problems = check_import(&case, &imported);

    let mut scripts = Vec::new();
    for &target in &case.spec.targets {
        let strict = case.render(&imported.migrations, target, false);
        let errors: Vec<&Diagnostic> = export_diagnostics(&strict).into_iter().filter(|d| d.is_error()).collect();
        push_diagnostics(&mut diag_text, &format!("export {target}"), export_diagnostics(&strict));
        let again = case.render(&imported.migrations, target, false);
        if again != strict {
            problems.push(format!("export to {target} is not deterministic"));
        }
        if case.unsupported(target) {
            if errors.is_empty() {
                problems.push(format!(
                    "export to {target} should fail ({}) but reported no error",
                    case.spec.expect_unsupported[&target]
                ));
            }
            let lossy = case.render(&imported.migrations, target, true);
            scripts.push((format!("{target}.lossy"), script_text(&lossy, case.spec.with_down)));
        } else {
            if !errors.is_empty() {
                problems.push(format!("export to {target} failed: {}", join_diagnostics(&errors)));
            }
            let lossy = export_diagnostics(&strict).iter().any(|d| d.code == LOSSY);
            match case.spec.expect_lossy.get(&target) {
                Some(reason) if !lossy => {
                    problems.push(format!("export to {target} should warn [{LOSSY}] ({reason}) but did not"))
                }
                None if lossy => problems.push(format!(
                    "export to {target} is lossy: list it in expect_lossy (with the reason) if that is right"
                )),
                _ => {}
            }
            scripts.push((target.to_string(), script_text(&strict, case.spec.with_down)));
        }
    }
    if diag_text.is_empty() {
        diag_text.push_str("(no diagnostics)\n");
    }

    let doc = Document::new(imported.migrations.clone(), imported.diagnostics.clone());
    let ir_json = serde_json::to_string_pretty(&doc).expect("the IR serialises");
    match serde_json::from_str::<Document>(&ir_json) {
        Ok(back) if back == doc => {}
        Ok(_) => problems.push("the IR does not survive a JSON round trip unchanged".into()),
        Err(e) => problems.push(format!("the IR JSON does not parse back: {e}")),
    }

    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(fs::canonicalize(&case.dir).expect("case folder exists"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_input_file(case.input_path());
    settings.set_omit_expression(true);
    settings.set_description(case.spec.description.clone());
    settings.bind(|| {
        insta::assert_snapshot!("ir", ir_json);
        insta::assert_snapshot!("diagnostics", show_carriage_returns(&diag_text));
        for (snap, text) in &scripts {
            insta::assert_snapshot!(snap.as_str(), show_carriage_returns(text));
        }
    });
    snapshots.extend(scripts.into_iter().map(|(s, _)| s));
    problems.extend(stale_snapshots(&case, &snapshots));

    assert!(problems.is_empty(), "case {name}:\n  - {}", problems.join("\n  - "));
}

/// What `case.json` promises about the import.
fn check_import(case: &Case, imported: &Imported) -> Vec<String> {
    let mut problems = Vec::new();
    let errors: Vec<&Diagnostic> = imported.all_diagnostics().into_iter().filter(|d| d.is_error()).collect();
    if case.invalid && errors.is_empty() {
        problems.push("the input is invalid but importing reported no error".into());
    }
    if !case.invalid && !errors.is_empty() {
        problems.push(format!("importing failed: {}", join_diagnostics(&errors)));
    }
    let again = case.import();
    if again.migrations != imported.migrations || again.diagnostics != imported.diagnostics {
        problems.push("importing twice gives different results".into());
    }
    let spec = &case.spec;
    for unknown in spec.expect_unsupported.keys().chain(spec.expect_lossy.keys()).chain(spec.skip_live.keys()) {
        if !case.spec.targets.contains(unknown) {
            problems.push(format!("case.json names target {unknown}, which the case does not export to"));
        }
    }
    problems
}

/// Snapshot files in the case folder that no assertion wrote (left over from an earlier expectation).
fn stale_snapshots(case: &Case, expected: &[String]) -> Vec<String> {
    let expected: BTreeSet<String> = expected.iter().map(|s| format!("{s}.snap")).collect();
    let mut stale = Vec::new();
    for entry in fs::read_dir(&case.dir).expect("case folder is readable") {
        let file = entry.expect("readable entry").file_name().to_string_lossy().into_owned();
        if file.ends_with(".snap") && !expected.contains(&file) {
            stale.push(format!("stale snapshot {}/{file}: delete it", case.dir.display()));
        }
    }
    stale
}

/// Insta normalises line endings, which would hide a `\r` the exporter wrote (a CRLF inside a string
/// literal must survive): show each one as `<CR>`.
fn show_carriage_returns(text: &str) -> String {
    text.replace('\r', "<CR>")
}

/// Append `[phase] <diagnostic>` lines.
fn push_diagnostics(out: &mut String, phase: &str, diags: Vec<&Diagnostic>) {
    for d in diags {
        let _ = writeln!(out, "[{phase}] {d}");
    }
}

fn join_diagnostics(diags: &[&Diagnostic]) -> String {
    diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("; ")
}

/// `polymig check corpus/sql` must be clean: the valid corpus as one tree imports without an error
/// (invalid inputs live in `corpus/sql-invalid`).
#[test]
fn valid_corpus_tree_imports_without_errors() {
    let opts = polymig::import::sql::SqlImportOptions { dialect: None };
    let (migrations, global) = polymig::import::sql::import_paths(&[harness::SQL_CORPUS.into()], &opts);
    let errors: Vec<&Diagnostic> =
        global.iter().chain(migrations.iter().flat_map(|m| m.diagnostics.iter())).filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "importing {} reported errors:\n{}", harness::SQL_CORPUS, join_diagnostics(&errors));
}

/// The valid corpus exercises every SQL-importable IR operation, type, default, constraint, key style,
/// referential action and option flag at least once (Opaque and ByDialect come only from host languages).
#[test]
fn corpus_covers_the_whole_ir() {
    let mut seen: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for case in harness::all_cases().into_iter().filter(|c| !c.invalid) {
        let imported = case.import();
        let value = serde_json::to_value(Document::new(imported.migrations, imported.diagnostics)).expect("IR as JSON");
        collect_tags(&value, &mut seen);
    }
    let required: &[(&str, &[&str])] = &[
        (
            "op",
            &[
                "create_table",
                "drop_table",
                "rename_table",
                "add_column",
                "drop_column",
                "rename_column",
                "alter_column",
                "create_index",
                "drop_index",
                "rename_index",
                "add_constraint",
                "drop_constraint",
                "validate_constraint",
                "create_enum",
                "alter_enum",
                "drop_enum",
                "create_view",
                "drop_view",
                "create_extension",
                "drop_extension",
                "comment",
                "sql",
                "backfill",
            ],
        ),
        (
            "type",
            &[
                "boolean",
                "integer",
                "decimal",
                "float",
                "char",
                "varchar",
                "text",
                "binary",
                "date",
                "time",
                "timestamp",
                "interval",
                "uuid",
                "json",
                "enum",
                "array",
                "native",
            ],
        ),
        (
            "kind",
            &[
                "null",
                "bool",
                "number",
                "string",
                "current_timestamp",
                "current_date",
                "current_time",
                "sql",
                "primary_key",
                "unique",
                "foreign_key",
                "check",
            ],
        ),
        ("auto_increment", &["serial", "identity_always", "identity_by_default", "auto_increment"]),
        ("on_delete", &["no_action", "restrict", "cascade", "set_null", "set_default"]),
        ("on_update", &["restrict", "cascade"]),
        ("deferrable", &["immediate", "deferred"]),
        ("action", &["add_value", "rename_value"]),
        ("on", &["table", "column"]),
        (
            "key",
            &[
                "if_not_exists",
                "if_exists",
                "cascade",
                "not_valid",
                "concurrently",
                "materialized",
                "or_replace",
                "nulls_not_distinct",
                "unique",
                "method",
                "where",
                "include",
                "desc",
                "nulls_first",
                "opclass",
                "length",
                "collation",
                "generated",
                "comment",
                "using",
                "unsigned",
                "precision",
                "scale",
                "tz",
                "binary",
                "before",
                "after",
                "no_transaction",
                "down",
                "schema",
                "version",
                "columns",
                "expression",
            ],
        ),
    ];
    let mut missing = Vec::new();
    for (tag, values) in required {
        for v in *values {
            if !seen.get(tag).is_some_and(|s| s.contains(*v)) {
                missing.push(format!("{tag}={v}"));
            }
        }
    }
    assert!(missing.is_empty(), "no valid corpus case exercises: {}", missing.join(", "));
}

/// Collect the tag values (`"op": "create_table"`, `"type": "integer"`, …) and every object key.
fn collect_tags(value: &serde_json::Value, seen: &mut BTreeMap<&'static str, BTreeSet<String>>) {
    const TAGS: [&str; 8] = ["op", "type", "kind", "auto_increment", "on_delete", "on_update", "deferrable", "action"];
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                seen.entry("key").or_default().insert(k.clone());
                if let (Some(tag), Some(s)) = (TAGS.iter().chain(["on"].iter()).find(|t| **t == k), v.as_str()) {
                    seen.entry(tag).or_default().insert(s.to_string());
                }
                collect_tags(v, seen);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_tags(v, seen)),
        _ => {}
    }
}

#[test]
fn every_case_exports_to_at_least_one_target() {
    for case in harness::all_cases() {
        assert!(!case.spec.targets.is_empty(), "case {} exports to no target", case.name);
        let dup: BTreeSet<SqlDialect> = case.spec.targets.iter().copied().collect();
        assert_eq!(dup.len(), case.spec.targets.len(), "case {} lists a target twice", case.name);
    }
}

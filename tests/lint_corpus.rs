//! The lint corpus: for every rule, a migration that fires and one that does not, written in SQL
//! and as an Alembic revision (`corpus/lint/<rule>/{fires,quiet}.{sql,py}`). Each case runs after
//! the shared schema of `corpus/lint/setup/` (and an optional `[fires.|quiet.]pre.{sql,py}`
//! migration); the lines of the case marked `-- expect` / `# expect` must be exactly the lines the
//! rule reports, in the case's own source file.
//!
//! Header lines: `-- target: pg16` (engine + version, see `lint::Target`), `-- hot: events`
//! (`[lint] hot_tables`), `-- online_schema_change: pt-osc` (`[lint] online_schema_change`).

use std::path::{Path, PathBuf};

use polymig::import::{self, Format, ImportOptions};
use polymig::lint::{LintConfig, LintOptions, Target, lint_history};

/// Rules without corpus cases, and why: the corpus runs SQL and Alembic files without a database.
const NO_CORPUS: &[(&str, &str)] = &[
    ("default-change-partial-writes", "Rails-only (partial inserts): unit-tested in its rule file"),
    ("non-linear-history", "needs the applied set of a live database: tests/lint_live.rs"),
];

struct Case {
    rule: String,
    path: PathBuf,
    ext: &'static str,
}

fn header(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let l = l.trim_start_matches("--").trim_start_matches('#').trim();
        l.strip_prefix(key).and_then(|r| r.strip_prefix(':')).map(|v| v.trim().to_string())
    })
}

fn expected_lines(text: &str) -> Vec<u32> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.ends_with("-- expect") || l.ends_with("# expect"))
        .map(|(i, _)| i as u32 + 1)
        .collect()
}

fn cases(root: &Path) -> Vec<Case> {
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root).unwrap().map(|e| e.unwrap().path()).collect();
    dirs.sort();
    for d in dirs.into_iter().filter(|d| d.is_dir() && !d.ends_with("setup")) {
        let rule = d.file_name().unwrap().to_string_lossy().to_string();
        for name in ["fires.sql", "quiet.sql", "fires.py", "quiet.py"] {
            let path = d.join(name);
            if path.exists() {
                let ext = if name.ends_with(".sql") { "sql" } else { "py" };
                out.push(Case { rule: rule.clone(), path, ext });
            }
        }
    }
    out
}

/// Lint one case; returns the reported lines of its rule in the case file, or an error text.
fn run(case: &Case, root: &Path) -> Result<(Vec<u32>, Vec<u32>), String> {
    let text = std::fs::read_to_string(&case.path).unwrap();
    let target: Target = header(&text, "target").ok_or("no `target:` header")?.parse()?;
    let hot: Vec<String> = header(&text, "hot").filter(|h| !h.is_empty()).into_iter().collect();
    let online_schema_change = match header(&text, "online_schema_change") {
        Some(tool) => {
            LintConfig::from_toml(&format!("[lint]\nonline_schema_change = \"{tool}\""))?.online_schema_change
        }
        None => None,
    };
    let dir = tempfile::tempdir().unwrap();
    let base = if case.ext == "py" { dir.path().join("versions") } else { dir.path().to_path_buf() };
    std::fs::create_dir_all(&base).unwrap();
    let ext = case.ext;
    std::fs::copy(root.join(format!("setup/0001_setup.{ext}")), base.join(format!("0001_setup.{ext}"))).unwrap();
    let kind = case.path.file_stem().unwrap().to_string_lossy().to_string();
    let case_dir = case.path.parent().unwrap();
    for pre in [format!("{kind}.pre.{ext}"), format!("pre.{ext}")] {
        if case_dir.join(&pre).exists() {
            std::fs::copy(case_dir.join(&pre), base.join(format!("0002_pre.{ext}"))).unwrap();
            break;
        }
    }
    let case_file = base.join(format!("0003_case.{ext}"));
    std::fs::copy(&case.path, &case_file).unwrap();
    let format = if ext == "py" { Format::Alembic } else { Format::Sql };
    let d = target.engine.dialect();
    let opts = ImportOptions { format: Some(format), source_dialect: Some(d), target: Some(d), ..Default::default() };
    let (migrations, diags) = import::load(std::slice::from_ref(&base), &opts);
    let errors: Vec<String> = diags
        .iter()
        .chain(migrations.iter().flat_map(|m| m.diagnostics.iter()))
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    if !errors.is_empty() {
        return Err(format!("import errors: {errors:?}"));
    }
    let config = LintConfig { hot_tables: hot, online_schema_change, ..LintConfig::default() };
    let report = lint_history(&migrations, &LintOptions { target, config });
    let case_name = case_file.to_string_lossy().to_string();
    let mut got: Vec<u32> = report
        .findings
        .iter()
        .filter(|f| f.rule == case.rule && f.span.file == case_name)
        .map(|f| f.span.line)
        .collect();
    got.sort();
    got.dedup();
    Ok((got, expected_lines(&text)))
}

#[test]
fn every_rule_fires_and_stays_quiet_in_sql_and_alembic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/lint");
    let all = cases(&root);
    let mut failures = Vec::new();
    for case in &all {
        match run(case, &root) {
            Ok((got, want)) if got == want => {}
            Ok((got, want)) => {
                failures.push(format!("{}: reported lines {got:?}, expected {want:?}", case.path.display()))
            }
            Err(e) => failures.push(format!("{}: {e}", case.path.display())),
        }
    }
    let rules: std::collections::BTreeSet<&str> = all.iter().map(|c| c.rule.as_str()).collect();
    println!("{} cases over {} rules, {} failures", all.len(), rules.len(), failures.len());
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), all.len(), failures.join("\n"));
    assert!(all.len() >= 300, "corpus shrank: {} cases", all.len());
}

#[test]
fn every_corpus_rule_exists_and_each_has_fires_and_quiet() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/lint");
    let ids: Vec<&str> = polymig::lint::rules::RULES.iter().map(|(r, _)| r.id).collect();
    for case in cases(&root) {
        assert!(ids.contains(&case.rule.as_str()), "corpus folder {} names no rule", case.rule);
        let other = if case.path.to_string_lossy().contains("fires.") { "quiet" } else { "fires" };
        assert!(
            case.path.with_file_name(format!("{other}.{}", case.ext)).exists(),
            "{} has no {other} twin",
            case.path.display()
        );
    }
}

#[test]
fn every_rule_has_a_corpus_folder_or_says_why_not() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/lint");
    for (rule, _) in polymig::lint::rules::RULES {
        let exempt = NO_CORPUS.iter().any(|(id, _)| *id == rule.id);
        assert_ne!(root.join(rule.id).is_dir(), exempt, "{}: a corpus folder, or an entry in NO_CORPUS", rule.id);
    }
}

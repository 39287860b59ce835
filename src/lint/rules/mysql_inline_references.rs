//! F16 `mysql-inline-references`: column-level `REFERENCES` in MySQL SQL, which MySQL ignores.
//!
//! The IR lifts inline references into constraints, so the rule reads the SQL source text at the
//! operation's span: a `REFERENCES` not introduced by `FOREIGN KEY`.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "mysql-inline-references",
    row: "F16",
    severity: Severity::Warning,
    summary: "MySQL (before 9.0) parses and silently ignores column-level REFERENCES",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    if cx.target.engine != crate::lint::Engine::Mysql || cx.target.at_least(9, 0) || foreign_keys(&cx.op().kind).is_empty() {
        return;
    }
    let span = &cx.op().span;
    let Ok(text) = std::fs::read_to_string(&span.file) else { return };
    if !span.file.ends_with(".sql") {
        return;
    }
    let end = span.end_line.unwrap_or(span.line) as usize;
    let body: String = text.lines().skip(span.line as usize - 1).take(end + 1 - span.line as usize).collect::<Vec<_>>().join("\n");
    let toks = super::util::statements(&body).concat();
    let refs = (0..toks.len()).filter(|&i| toks[i..].starts(&["REFERENCES"])).count();
    let fks = (0..toks.len()).filter(|&i| toks[i..].starts(&["FOREIGN", "KEY"])).count();
    if refs > fks {
        cx.report(
            "a column-level REFERENCES clause: MySQL before 9.0 accepts it and creates no foreign key, so nothing is \
             enforced although the migration reads as if it were",
            "write a table-level FOREIGN KEY (col) REFERENCES t (id) clause",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::{LintConfig, LintOptions, lint_history};

    fn run(sql: &str) -> usize {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("1_m.sql");
        std::fs::write(&path, sql).unwrap();
        let (m, _) = crate::import::sql::import_paths(&[path], &crate::import::sql::SqlImportOptions { dialect: Some(crate::ir::SqlDialect::Mysql) });
        let opts = LintOptions { target: "mysql8.0".parse().unwrap(), config: LintConfig::default() };
        lint_history(&m, &opts).findings.iter().filter(|f| f.rule == RULE.id).count()
    }

    #[test]
    fn fires_on_inline_reference() {
        assert_eq!(run("CREATE TABLE p (id bigint PRIMARY KEY);\nCREATE TABLE c (id bigint, p_id bigint REFERENCES p (id));\n"), 1);
    }

    #[test]
    fn quiet_on_table_level_fk() {
        assert_eq!(
            run("CREATE TABLE p (id bigint PRIMARY KEY);\nCREATE TABLE c (id bigint, p_id bigint, FOREIGN KEY (p_id) REFERENCES p (id));\n"),
            0
        );
    }
}

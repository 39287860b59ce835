//! C6 `copy-tool-unique-dedup`: a unique key added by copying the table into a new one that
//! skips the rows duplicating it.
//!
//! pt-online-schema-change, gh-ost and LHM build a new table with the ALTER applied and copy the
//! rows into it with `INSERT IGNORE`: a row whose key is already there is skipped with a warning
//! nobody reads, so adding a UNIQUE or PRIMARY KEY this way deletes duplicates instead of failing.
//! MariaDB's `ALTER IGNORE TABLE … ADD UNIQUE` deletes them on purpose. On MySQL/MariaDB targets
//! the rule fires for a unique key added to an existing table when
//!
//! * `[lint] online_schema_change` says the team runs its ALTERs through such a tool (the Rails
//!   `departure` gem, a gh-ost pipeline): `AddConstraint` UNIQUE / PRIMARY KEY, a unique
//!   `CreateIndex`, and `AddColumn` with a unique key and a non-NULL default (every existing row
//!   gets the same value, so all rows but one are dropped). An explicit `ALGORITHM=INPLACE` does
//!   not exempt a statement: departure hands every ALTER to pt-online-schema-change, clause and
//!   all. A migration that runs natively (departure's `disable_departure!`, a `polymig plan`
//!   phase file applied by `polymig apply`) says so with `polymig:allow copy-tool-unique-dedup`;
//! * the migration runs the tool itself: Opaque host code calling `pt-online-schema-change`
//!   (or `mariadb-schema-change`) or `gh-ost` with an `--alter` adding UNIQUE / PRIMARY KEY
//!   (Ruby `system`/backticks, Python `subprocess`/`os.system`), or `Lhm.change_table` with
//!   `add_unique_index` or a `ddl` adding one;
//! * MariaDB `ALTER IGNORE TABLE` adds one (the SQL importer notes the `IGNORE` it does not keep;
//!   statements kept as raw SQL are read too).
//!
//! pt-online-schema-change refuses such an `--alter` unless run with
//! `--nocheck-unique-key-change` (the migration then fails instead of losing rows), and gh-ost
//! with `--panic-on-warnings` aborts at the first duplicate (a warning); the messages say which
//! case the source shows.

use super::util::*;
use crate::lint::config::CopyTool;
use crate::lint::hostcmd::{argv, flag, literals, option};
use crate::lint::sqltext::tokens;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "copy-tool-unique-dedup",
    row: "C6",
    severity: Severity::Error,
    summary: "a unique key added through pt-osc / gh-ost / LHM / ALTER IGNORE silently deletes duplicate rows",
};

/// What copies the table, and whether it guards against duplicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Copier {
    /// `[lint] online_schema_change`: the flags it runs with are unknown.
    Policy(CopyTool),
    /// The migration runs the tool; `guarded`: pt-osc without `--nocheck-unique-key-change`,
    /// gh-ost with `--panic-on-warnings`.
    Command { tool: CopyTool, guarded: bool },
    /// MariaDB `ALTER IGNORE TABLE`.
    AlterIgnore,
}

/// Check one operation.
pub fn check(cx: &Ctx) {
    if !cx.target.mysql_family() {
        return;
    }
    let mariadb = cx.target.engine == crate::lint::Engine::Mariadb;
    match &cx.op().kind {
        Operation::Opaque(o) => {
            if let Some((copier, table)) = command(&o.source)
                && table.as_ref().is_none_or(|t| cx.existing(&QName::new(t.as_str())))
            {
                let on = table.map_or_else(String::new, |t| format!(" on `{t}`"));
                report(cx, copier, &format!("the code runs {} to add a unique key{on}", label(copier)), None);
            }
        }
        Operation::Sql(_) => {
            for st in sql_of(cx) {
                let Some((table, ignore)) = raw_unique_key(&st) else { continue };
                if !cx.existing(&QName::new(table.as_str())) {
                    continue;
                }
                if ignore && mariadb {
                    report(cx, Copier::AlterIgnore, &format!("ALTER IGNORE TABLE `{table}` adds a unique key"), None);
                } else if let Some(tool) = cx.copy_tool {
                    let what = format!("a unique key on existing table `{table}`");
                    report(cx, Copier::Policy(tool), &policy(&what, tool), None);
                }
            }
        }
        op => {
            let Some((table, key, cols)) = unique_key(op) else { return };
            if !cx.existing(table) {
                return;
            }
            let what = format!("{key} on existing table `{table}` ({})", cols.join(", "));
            let ignore = mariadb && ignored_clauses(cx).iter().any(|c| c == "IGNORE");
            if ignore {
                report(cx, Copier::AlterIgnore, &format!("ALTER IGNORE TABLE adds {what}"), Some((table, &cols)));
            } else if let Some(tool) = cx.copy_tool {
                report(cx, Copier::Policy(tool), &policy(&what, tool), Some((table, &cols)));
            }
        }
    }
}

/// The table, the kind of key and its columns, when `op` adds a unique key to a table. A column
/// added with a unique key counts only with a non-NULL default: every existing row gets it.
fn unique_key(op: &Operation) -> Option<(&QName, &'static str, Vec<String>)> {
    let kind = |c: &Constraint| match &c.kind {
        ConstraintKind::Unique { .. } => Some("a unique key"),
        ConstraintKind::PrimaryKey { .. } => Some("a primary key"),
        _ => None,
    };
    match op {
        Operation::CreateIndex(x) if x.index.unique => Some((
            &x.index.table,
            "a unique index",
            x.index.column_names().iter().map(|c| c.to_string()).collect(),
        )),
        Operation::AddConstraint(x) => Some((&x.table, kind(&x.constraint)?, x.constraint.columns().to_vec())),
        Operation::AddColumn(x) if non_null_default(x.column.default.as_ref()) && x.column.auto_increment.is_none() => {
            let key = x.constraints.iter().find_map(kind)?;
            Some((&x.table, key, vec![x.column.name.clone()]))
        }
        _ => None,
    }
}

/// Raw SQL adding a unique key: `ALTER [ONLINE] [IGNORE] TABLE t … UNIQUE / PRIMARY KEY …` or
/// `CREATE UNIQUE INDEX … ON t`; the table, and whether the ALTER says IGNORE.
fn raw_unique_key(st: &[Tok]) -> Option<(String, bool)> {
    if st.starts(&["CREATE", "UNIQUE", "INDEX"]) {
        return Some((st.name_at(st.find(&["ON"])? + 1)?, false));
    }
    if !st.starts(&["ALTER"]) || !adds_key(st) {
        return None;
    }
    let at = st.find(&["TABLE"]).filter(|&i| i <= 3)?;
    let ignore = st[..at].contains(&Tok::Word("IGNORE".into()));
    Some((st.name_at(at + 1)?, ignore))
}

/// `what` runs through the team's copy tool.
fn policy(what: &str, tool: CopyTool) -> String {
    format!("{what} runs through {} ([lint] online_schema_change)", tool.label())
}

fn label(c: Copier) -> &'static str {
    match c {
        Copier::Policy(t) | Copier::Command { tool: t, .. } => t.label(),
        Copier::AlterIgnore => "ALTER IGNORE TABLE",
    }
}

/// Report `what` with what the copier does to duplicates and the safe way.
fn report(cx: &Ctx, copier: Copier, what: &str, key: Option<(&QName, &[String])>) {
    const DROPS: &str = "every row that duplicates the new key is silently deleted by the copy";
    let (severity, effect) = match copier {
        Copier::Policy(CopyTool::PtOsc) => (
            Severity::Error,
            format!(
                "pt-online-schema-change copies the rows with INSERT IGNORE: run with \
                 --nocheck-unique-key-change, {DROPS}; with its default --check-unique-key-change it refuses \
                 the ALTER and the migration fails"
            ),
        ),
        Copier::Command { tool: CopyTool::PtOsc, guarded: true } => (
            Severity::Error,
            "pt-online-schema-change refuses an --alter that adds a unique key (--check-unique-key-change is on by \
             default), so the migration fails; --nocheck-unique-key-change would let its INSERT IGNORE copy silently \
             delete the rows that duplicate the key"
                .to_string(),
        ),
        Copier::Command { tool: CopyTool::GhOst, guarded: true } => (
            Severity::Warning,
            "gh-ost --panic-on-warnings aborts the migration at the first row that duplicates the new key, after \
             copying for as long as it took to get there"
                .to_string(),
        ),
        Copier::Policy(CopyTool::GhOst) => (
            Severity::Error,
            format!(
                "gh-ost copies the rows into its ghost table with INSERT IGNORE: {DROPS} (unless it runs with \
                 --panic-on-warnings, which aborts instead)"
            ),
        ),
        Copier::Policy(t) | Copier::Command { tool: t, .. } => {
            (Severity::Error, format!("{} copies the rows with INSERT IGNORE: {DROPS}", t.label()))
        }
        Copier::AlterIgnore => (
            Severity::Error,
            "ALTER IGNORE keeps the first row of each set of duplicates and silently deletes the others".to_string(),
        ),
    };
    let dedupe = match key {
        Some((t, cols)) => {
            let cols = cols.join(", ");
            format!("SELECT {cols}, COUNT(*) FROM {t} GROUP BY {cols} HAVING COUNT(*) > 1")
        }
        None => "SELECT <key columns>, COUNT(*) FROM <table> GROUP BY <key columns> HAVING COUNT(*) > 1".to_string(),
    };
    let mut help = format!(
        "never add a unique key through a copy: dedupe first ({dedupe}), then add it natively with \
         ALTER TABLE … ADD UNIQUE …, ALGORITHM=INPLACE, LOCK=NONE (what `polymig plan --zero-downtime` writes)"
    );
    if copier == Copier::Policy(CopyTool::PtOsc) && rails(cx) {
        help.push_str(
            "; with departure, run this migration natively (`disable_departure!`) and mark it \
             `# polymig:allow copy-tool-unique-dedup`",
        );
    }
    cx.report_as(severity, format!("{what}: {effect}"), help);
}

/// The copy tool Opaque host code runs to add a unique key, and the table when the code names it.
fn command(source: &str) -> Option<(Copier, Option<String>)> {
    if let Some(at) = source.find("Lhm.change_table") {
        let adds = source.contains("add_unique_index") || literals(source).iter().any(|l| adds_key(&sql_words(l)));
        return adds.then(|| (Copier::Command { tool: CopyTool::Lhm, guarded: false }, lhm_table(&source[at..])));
    }
    let argv = argv(source, |w| tool_of(w).is_some());
    let tool = argv.iter().find_map(|w| tool_of(w))?;
    let alter = option(&argv, &["--alter", "-alter"])?;
    if !adds_key(&sql_words(&alter)) {
        return None;
    }
    let guarded = match tool {
        CopyTool::PtOsc => !flag(&argv, &["--nocheck-unique-key-change", "--no-check-unique-key-change"]),
        _ => flag(&argv, &["--panic-on-warnings", "-panic-on-warnings"]),
    };
    // gh-ost `--table=t`; pt-online-schema-change's DSN `D=db,t=t`.
    let dsn_table = || {
        let parts = argv.iter().filter(|w| !w.starts_with('-')).flat_map(|w| w.split(','));
        parts.map(str::trim).find_map(|p| p.strip_prefix("t=").map(str::to_string))
    };
    let table = option(&argv, &["--table", "-table"]).or_else(dsn_table);
    Some((Copier::Command { tool, guarded }, table))
}

/// SQL text inside host code as tokens; Ruby's `#{…}` interpolation is not a MySQL `#` comment.
fn sql_words(text: &str) -> Vec<Tok> {
    tokens(&text.replace('#', " "))
}

/// The copy tool a command word names (a path to it counts).
fn tool_of(word: &str) -> Option<CopyTool> {
    if word.contains(char::is_whitespace) {
        return None;
    }
    if word.ends_with("pt-online-schema-change") || word.ends_with("mariadb-schema-change") {
        Some(CopyTool::PtOsc)
    } else if word.ends_with("gh-ost") {
        Some(CopyTool::GhOst)
    } else {
        None
    }
}

/// An ALTER clause (or statement) that adds a unique key: `UNIQUE`, or `PRIMARY KEY` not dropped.
fn adds_key(toks: &[Tok]) -> bool {
    let word = |i: usize, w: &str| matches!(toks.get(i), Some(Tok::Word(x)) if x == w);
    let adds_pk = |i: usize| word(i, "PRIMARY") && word(i + 1, "KEY") && !(i > 0 && word(i - 1, "DROP"));
    (0..toks.len()).any(|i| word(i, "UNIQUE") || adds_pk(i))
}

/// `:users`, `"users"` or `'users'` after `Lhm.change_table`.
fn lhm_table(call: &str) -> Option<String> {
    let rest = call.strip_prefix("Lhm.change_table")?.trim_start_matches(|c: char| c == '(' || c.is_whitespace());
    if let Some(sym) = rest.strip_prefix(':') {
        return Some(sym.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
    }
    let q = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    rest[1..].split(q).next().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::import::sql::parse_script;
    use crate::diagnostics::Diagnostic;
    use crate::ir::{Migration, Op, Opaque, Span};
    use crate::lint::{Finding, LintConfig, LintOptions, lint_history};

    /// Findings of this rule for migration `0002` (`ops` with `diags`) after [`SETUP`] on
    /// `target`, with the policy `tool`.
    fn lint_with(target: &str, tool: Option<CopyTool>, ops: Vec<Op>, diags: Vec<Diagnostic>) -> Vec<Finding> {
        let target: crate::lint::Target = target.parse().unwrap();
        let mut setup = Migration::new("0001", "setup");
        setup.up = parse_script(SETUP, "setup.sql", target.engine.dialect()).0;
        let mut m = Migration::new("0002", "change");
        m.up = ops;
        m.diagnostics = diags;
        let config = LintConfig { online_schema_change: tool, ..LintConfig::default() };
        let findings = lint_history(&[setup, m], &LintOptions { target, config }).findings;
        findings.into_iter().filter(|f| f.rule == RULE.id && f.migration == "0002").collect()
    }

    fn run(target: &str, tool: Option<CopyTool>, ops: Vec<Op>) -> Vec<Finding> {
        lint_with(target, tool, ops, Vec::new())
    }

    fn sql(target: &str, tool: Option<CopyTool>, text: &str) -> Vec<Finding> {
        let (ops, diags) = parse_script(text, "change.sql", crate::ir::SqlDialect::Mysql);
        lint_with(target, tool, ops, diags)
    }

    fn opaque(source: &str, language: &str) -> Op {
        let o = Opaque { source: source.into(), reason: "host code".into(), language: language.into() };
        Op::new(Operation::Opaque(o), Span::at("m.rb", 7, 5))
    }

    #[test]
    fn fires_under_the_policy_on_unique_keys_of_existing_tables() {
        let pt = Some(CopyTool::PtOsc);
        let f = sql("mysql8.0", pt, "CREATE UNIQUE INDEX users_email_key ON users (email);");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("--nocheck-unique-key-change"), "{f:?}");
        assert!(f[0].help.contains("ALGORITHM=INPLACE"), "{f:?}");
        for text in [
            "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email), ALGORITHM=INPLACE, LOCK=NONE;",
            "ALTER TABLE audit ADD PRIMARY KEY (at);",
            "ALTER TABLE users ADD COLUMN code varchar(10) NOT NULL DEFAULT 'x' UNIQUE;",
        ] {
            assert_eq!(sql("mariadb11.4", Some(CopyTool::GhOst), text).len(), 1, "{text}");
        }
    }

    #[test]
    fn quiet_without_policy_on_new_tables_plain_indexes_and_other_databases() {
        quiet(RULE.id, "mysql8.0", "CREATE UNIQUE INDEX users_email_key ON users (email);");
        let lhm = Some(CopyTool::Lhm);
        for text in [
            "CREATE TABLE t2 (a int); CREATE UNIQUE INDEX t2_a ON t2 (a);",
            "CREATE INDEX users_email_idx ON users (email);",
            "ALTER TABLE users ADD COLUMN code varchar(10) UNIQUE;",
        ] {
            assert!(sql("mysql8.0", lhm, text).is_empty(), "{text}");
        }
        assert!(sql("pg16", lhm, "CREATE UNIQUE INDEX users_email_key ON users (email);").is_empty());
    }

    #[test]
    fn mariadb_alter_ignore_fires_in_ir_and_raw_sql() {
        let f = sql("mariadb11.4", None, "ALTER IGNORE TABLE users ADD UNIQUE (email);");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("silently deletes"), "{f:?}");
        // Kept as raw SQL (an action the IR does not model rides along): read from the text.
        let raw = "ALTER IGNORE TABLE users ADD UNIQUE (email), FORCE;";
        assert_eq!(sql("mariadb11.4", None, raw).len(), 1);
        assert_eq!(sql("mysql8.0", Some(CopyTool::PtOsc), "ALTER TABLE users ADD UNIQUE (email), FORCE;").len(), 1);
        assert!(sql("mariadb11.4", None, "ALTER IGNORE TABLE users ADD INDEX (email);").is_empty());
        assert!(sql("mysql8.0", None, "ALTER IGNORE TABLE users ADD UNIQUE (email);").is_empty());
    }

    #[test]
    fn host_code_running_a_copy_tool() {
        let cases = [
            (r#"system("pt-online-schema-change --alter 'ADD UNIQUE INDEX e (email)' --nocheck-unique-key-change D=app,t=users --execute")"#, Severity::Error, "silently deleted"),
            (r#"system("pt-online-schema-change --alter \"ADD UNIQUE INDEX e (email)\" D=app,t=users --execute")"#, Severity::Error, "migration fails"),
            ("`gh-ost --alter=\"ADD UNIQUE KEY e (email)\" --table=users --execute`", Severity::Error, "silently deleted"),
            ("`gh-ost --alter=\"ADD PRIMARY KEY (email)\" --table=users --panic-on-warnings --execute`", Severity::Warning, "aborts"),
            (r#"subprocess.run(["/usr/bin/pt-online-schema-change", "--alter", "ADD CONSTRAINT u UNIQUE (email)", "--nocheck-unique-key-change", "D=app,t=users"])"#, Severity::Error, "silently deleted"),
            ("Lhm.change_table :users do |m|\n  m.add_unique_index [:email]\nend", Severity::Error, "LHM copies"),
            ("Lhm.change_table(:users) do |m|\n  m.ddl(\"ALTER TABLE #{m.name} ADD UNIQUE (email)\")\nend", Severity::Error, "LHM copies"),
        ];
        for (src, sev, says) in cases {
            let f = run("mysql8.0", None, vec![opaque(src, "ruby")]);
            assert_eq!(f.len(), 1, "{src}");
            assert_eq!((f[0].severity, f[0].span.line), (sev, 7), "{src}");
            assert!(f[0].message.contains(says), "{src}: {}", f[0].message);
        }
    }

    #[test]
    fn host_code_without_a_unique_key_or_on_a_new_table_is_quiet() {
        for src in [
            r#"system("pt-online-schema-change --alter 'ADD INDEX e (email)' --alter-foreign-keys-method=auto --nocheck-unique-key-change D=app,t=users")"#,
            r#"system("pt-online-schema-change --alter 'DROP PRIMARY KEY, DROP INDEX unique_email' D=app,t=users")"#,
            "`gh-ost --alter=\"ADD COLUMN c int\" --table=users --execute`",
            "Lhm.change_table :users do |m|\n  m.add_index [:email]\nend",
            "User.where(email: nil).find_each { |u| u.update!(email: 'unique') }",
        ] {
            assert!(run("mysql8.0", None, vec![opaque(src, "ruby")]).is_empty(), "{src}");
        }
        let mut create = parse_script("CREATE TABLE t2 (a int);", "m.rb", crate::ir::SqlDialect::Mysql).0;
        let lhm = opaque("Lhm.change_table :t2 do |m|\n  m.add_unique_index [:a]\nend", "ruby");
        create.push(lhm);
        assert!(run("mysql8.0", None, create).is_empty());
    }

    #[test]
    fn lhm_names_its_table() {
        assert_eq!(lhm_table("Lhm.change_table(\"users\", atomic_switch: true)"), Some("users".into()));
        assert_eq!(lhm_table("Lhm.change_table :users do |m|"), Some("users".into()));
    }
}

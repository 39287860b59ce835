//! E2 `statement-timeout-missing`: raw SQL that disables the statement timeout.

use super::lock_timeout_missing::disables;
use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "statement-timeout-missing",
    row: "E2",
    severity: Severity::Warning,
    summary: "without a statement timeout a runaway migration statement holds its locks indefinitely",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let setting = match cx.target.engine {
        crate::lint::Engine::Postgres => "STATEMENT_TIMEOUT",
        crate::lint::Engine::Mariadb => "MAX_STATEMENT_TIME",
        _ => return, // MySQL has no statement timeout for DDL; SQLite none at all
    };
    if sql_of(cx).iter().any(|s| disables(s, setting)) {
        cx.report(
            format!(
                "this statement turns {} off: a slow statement keeps its locks for as long as it runs",
                setting.to_lowercase()
            ),
            "keep a short statement timeout for DDL and set a long one only for CONCURRENTLY, VALIDATE and backfills",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_zero() {
        fires(RULE.id, "pg16", "SET statement_timeout TO 0;");
    }

    #[test]
    fn quiet_on_value() {
        quiet(RULE.id, "pg16", "SET statement_timeout = '5s';");
    }
}

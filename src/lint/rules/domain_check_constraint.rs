//! A26 `domain-check-constraint`: CREATE DOMAIN … CHECK / ALTER DOMAIN … ADD CONSTRAINT.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "domain-check-constraint",
    row: "A26",
    severity: Severity::Warning,
    summary: "constraints on domains re-check every column using the domain",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    if !cx.target.pg() {
        return;
    }
    let hit = sql_of(cx).iter().any(|s| {
        s.starts(&["CREATE", "DOMAIN"]) && s.has(&["CHECK"]) || s.starts(&["ALTER", "DOMAIN"]) && s.has(&["ADD"])
    });
    if hit {
        cx.report(
            "a CHECK on a domain is verified against every column of that domain in every table (full scans), and \
             converting columns to a constrained domain rewrites them",
            "put the CHECK on the columns themselves, added NOT VALID and validated later",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_domain_with_check() {
        fires(RULE.id, "pg16", "ALTER DOMAIN positive ADD CONSTRAINT positive_check CHECK (VALUE > 0);");
    }

    #[test]
    fn quiet_on_plain_domain() {
        quiet(RULE.id, "pg16", "CREATE DOMAIN label AS text;");
    }
}

//! A24 `attach-partition-scan`: ATTACH PARTITION that must scan the partition to check its bound.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "attach-partition-scan",
    row: "A24",
    severity: Severity::Warning,
    summary: "ATTACH PARTITION scans the partition under ACCESS EXCLUSIVE unless a validated CHECK implies the bound",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    if !cx.target.pg() {
        return;
    }
    for s in sql_of(cx) {
        let Some(i) = s.find(&["ATTACH", "PARTITION"]) else { continue };
        let part = QName::new(s.name_at(i + 2).unwrap_or_default());
        let has_check = cx
            .table(&part)
            .is_some_and(|t| t.constraints.iter().any(|c| matches!(c.kind, ConstraintKind::Check { .. })));
        if !has_check && cx.existing(&part) {
            cx.report(
                format!(
                    "ATTACH PARTITION `{part}` scans it to prove the partition bound while holding ACCESS EXCLUSIVE on \
                     it (and on the default partition): reads and writes there are blocked"
                ),
                "add a CHECK matching the bound NOT VALID, VALIDATE it, attach (no scan), then drop the CHECK",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_without_check() {
        fires(RULE.id, "pg16", "ALTER TABLE events ATTACH PARTITION orgs FOR VALUES FROM (1) TO (10);");
    }

    #[test]
    fn quiet_with_check() {
        quiet(RULE.id, "pg16", "ALTER TABLE events ATTACH PARTITION users FOR VALUES FROM (1) TO (10);");
    }
}

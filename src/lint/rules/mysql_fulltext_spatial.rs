//! G7 `mysql-fulltext-spatial`: FULLTEXT / SPATIAL index builds block DML on MySQL/MariaDB.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "mysql-fulltext-spatial",
    row: "G7",
    severity: Severity::Warning,
    summary: "FULLTEXT and SPATIAL index builds do not allow concurrent writes",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::CreateIndex(x) = &cx.op().kind else { return };
    let m = x.index.method.as_deref().unwrap_or("").to_lowercase();
    if cx.target.mysql_family() && (m == "fulltext" || m == "spatial") && cx.existing(&x.index.table) {
        cx.report(
            format!(
                "a {} index on existing table `{}` is built without concurrent DML (writes blocked for the build), and \
                 the first FULLTEXT index rebuilds the whole table",
                m.to_uppercase(),
                x.index.table
            ),
            "build it in a maintenance window or through gh-ost / pt-online-schema-change",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_fulltext() {
        fires(RULE.id, "mysql8.0", "CREATE FULLTEXT INDEX users_name_ft ON users (name);");
    }

    #[test]
    fn quiet_on_btree() {
        quiet(RULE.id, "mysql8.0", "CREATE INDEX users_name ON users (name);");
    }
}

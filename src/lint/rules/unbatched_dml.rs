//! E7 `unbatched-dml`: UPDATE / DELETE / INSERT … SELECT over an existing table without key-range bounds.

use super::backfill_in_ddl_transaction::dml_table;
use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "unbatched-dml",
    row: "E7",
    severity: Severity::Warning,
    summary: "one statement changing a whole table holds row locks and bloats until it commits",
};

fn bounded(s: &[Tok]) -> bool {
    let Some(w) = s.find(&["WHERE"]) else { return false };
    let tail = &s[w..];
    tail.iter().any(|t| matches!(t, Tok::Sym('<') | Tok::Sym('>') | Tok::Sym('=')))
        || tail.has(&["BETWEEN"])
        || tail.has(&["LIMIT"])
        || tail.has(&["IN"])
}

/// Check one operation.
pub fn check(cx: &Ctx) {
    for s in sql_of(cx) {
        let Some(t) = dml_table(&s) else { continue };
        let insert_select = s.starts(&["INSERT"]) && s.has(&["SELECT"]);
        if (s.starts(&["INSERT"]) && !insert_select) || !cx.existing(&QName::new(t.clone())) || bounded(&s) {
            continue;
        }
        cx.report(
            format!(
                "this statement changes every matching row of `{t}` at once: it holds their row locks until COMMIT \
                 (blocking concurrent writers), can run for minutes, and creates a burst of dead rows and replication lag"
            ),
            "backfill in key-range batches of about 1,000 rows, each in its own short transaction (Backfill operation)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_whole_table_update() {
        fires(RULE.id, "pg16", "UPDATE users SET status = 'new' WHERE status IS NULL;");
    }

    #[test]
    fn quiet_on_ranged_update() {
        quiet(RULE.id, "pg16", "UPDATE users SET status = 'new' WHERE id BETWEEN 1 AND 1000;");
    }
}

//! E1 `lock-timeout-missing`: raw SQL that disables the lock timeout the runner sets.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "lock-timeout-missing",
    row: "E1",
    severity: Severity::Error,
    summary: "without a lock timeout a DDL statement waiting for its lock stalls every query behind it",
};

fn zero(t: Option<&Tok>) -> bool {
    match t {
        Some(Tok::Num(n)) => n.trim_start_matches('0').is_empty(),
        Some(Tok::Str(s)) => s.trim().trim_start_matches('0').is_empty() || s.trim() == "0s" || s.trim() == "0ms",
        Some(Tok::Word(w)) => w == "DEFAULT",
        _ => false,
    }
}

/// True when the statement turns `setting` off (`SET … = 0`, `SET … TO DEFAULT`, `RESET …`).
pub fn disables(s: &[Tok], setting: &str) -> bool {
    if s.starts(&["RESET", setting]) {
        return true;
    }
    let Some(i) = s.find(&[setting]) else { return false };
    if !(s.starts(&["SET"]) || s.starts(&["PRAGMA"])) {
        return false;
    }
    let v = if matches!(s.get(i + 1), Some(Tok::Sym('=')) | Some(Tok::Word(_))) { s.get(i + 2) } else { s.get(i + 1) };
    zero(v)
}

/// Check one operation.
pub fn check(cx: &Ctx) {
    let setting = match cx.target.engine {
        crate::lint::Engine::Postgres => "LOCK_TIMEOUT",
        crate::lint::Engine::Sqlite => "BUSY_TIMEOUT",
        _ => "LOCK_WAIT_TIMEOUT",
    };
    if sql_of(cx).iter().any(|s| disables(s, setting)) {
        cx.report(
            format!(
                "this statement turns {} off: a later DDL statement that waits for its lock behind a long transaction \
                 waits forever, and every query on that table queues behind it",
                setting.to_lowercase()
            ),
            "keep the runner's lock timeout (polymig apply --lock-timeout, default 5s; PostgreSQL 0.5-3 s with retries)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_reset() {
        fires(RULE.id, "pg16", "SET lock_timeout = 0;");
    }

    #[test]
    fn quiet_on_short_timeout() {
        quiet(RULE.id, "pg16", "SET lock_timeout = '2s';");
    }
}

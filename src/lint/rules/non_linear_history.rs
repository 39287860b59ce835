//! J1 `non-linear-history`: a pending migration sorts before one the database already applied.
//!
//! This happens when a branch with an older migration number (or timestamp) is merged after a
//! newer one was deployed. `polymig apply` does not refuse: it runs every pending migration in
//! history order, so the older one runs now, after migrations that come later in the files, on a
//! schema that already has their changes — an order no developer machine and no fresh database
//! ever ran.
//!
//! The rule needs to know what a database applied, so it runs only under `polymig lint --db URL`
//! (see [`against_database`](crate::lint::against_database)), over the history in order and the history table's
//! states: [`check`] does nothing per operation. Without a database there is nothing to compare
//! with — a history's own order is linear by construction — so the rule stays silent, and it has
//! no `corpus/lint` case (`tests/lint_live.rs` tests it on SQLite and PostgreSQL). The finding
//! points at line 1 of the migration's file, so `-- polymig:allow non-linear-history` in the file
//! header silences it.

use super::util::*;
use crate::lint::Hit;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "non-linear-history",
    row: "J1",
    severity: Severity::Warning,
    summary: "a pending migration sorts before one the database already applied",
};

/// Per operation: nothing (the rule is about the history against a database, see [`findings`]).
pub fn check(_: &Ctx) {}

/// For each pending migration (history order) that sorts before an applied one: the migration
/// and the hit, at line 1 of its file.
pub fn findings<'a>(
    history: &'a [Migration],
    pending: &dyn Fn(&str) -> bool,
    applied: &dyn Fn(&str) -> bool,
) -> Vec<(&'a Migration, Hit)> {
    let mut out = Vec::new();
    for (i, m) in history.iter().enumerate().filter(|(_, m)| pending(&m.id)) {
        let later: Vec<&Migration> = history[i + 1..].iter().filter(|l| applied(&l.id)).collect();
        let Some(first) = later.first() else { continue };
        let more = match later.len() {
            1 => String::new(),
            n => format!(" and {} more, up to {}", n - 1, later[n - 1].id),
        };
        let file = m.up.first().map(|op| op.span.file.clone()).or_else(|| m.source.clone()).unwrap_or_default();
        out.push((
            m,
            Hit {
                severity: None,
                message: format!(
                    "migration {} ({}) is pending but sorts before {} ({}){more}, already applied on this database: \
                     `polymig apply` runs it now, out of order, on a schema that already has the later migrations' \
                     changes",
                    m.id, m.name, first.id, first.name
                ),
                help: format!(
                    "renumber it to sort after {} (rename the file / give it a later version or timestamp) or rebase \
                     the branch onto the applied history; if it is truly independent, check it against the current \
                     schema and mark the file `polymig:allow non-linear-history`",
                    later[later.len() - 1].id
                ),
                span: Some(Span::file(file)),
            },
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(ids: &[&str]) -> Vec<Migration> {
        ids.iter()
            .map(|id| {
                let mut m = Migration::new(*id, format!("m{id}"));
                m.source = Some(format!("db/{id}_m.sql"));
                m
            })
            .collect()
    }

    fn run(ids: &[&str], applied: &[&str]) -> Vec<(String, String)> {
        let h = history(ids);
        let pending = |id: &str| !applied.contains(&id);
        let applied = |id: &str| applied.contains(&id);
        findings(&h, &pending, &applied).into_iter().map(|(m, hit)| (m.id.clone(), hit.message)).collect()
    }

    #[test]
    fn fires_on_a_pending_migration_before_an_applied_one() {
        let f = run(&["1", "2", "3"], &["1", "3"]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "2");
        assert!(f[0].1.contains("sorts before 3 (m3)"), "{}", f[0].1);
        let f = run(&["1", "2", "3", "4", "5"], &["1", "3", "4"]);
        assert_eq!(f.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(), ["2"]);
        assert!(f[0].1.contains("and 1 more, up to 4"), "{}", f[0].1);
        let h = history(&["1", "2"]);
        let (_, hit) = findings(&h, &|id| id == "1", &|id| id == "2").remove(0);
        assert_eq!(hit.span, Some(Span::file("db/1_m.sql")));
    }

    #[test]
    fn quiet_on_a_linear_history() {
        assert!(run(&["1", "2", "3"], &["1", "2"]).is_empty());
        assert!(run(&["1", "2", "3"], &[]).is_empty());
        assert!(run(&["1", "2", "3"], &["1", "2", "3"]).is_empty());
    }
}

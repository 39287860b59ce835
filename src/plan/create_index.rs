//! Create an index on an existing table without blocking writes:
//!
//! * PostgreSQL: expand builds it with `CREATE [UNIQUE] INDEX CONCURRENTLY IF NOT EXISTS`
//!   (outside a transaction; a unique one once the duplicate count is 0); migrate checks it is
//!   valid — a build that failed leaves an INVALID index, to drop (`DROP INDEX CONCURRENTLY`)
//!   before running expand again. `DROP INDEX` becomes `DROP INDEX CONCURRENTLY`.
//! * MySQL / MariaDB: `ALGORITHM=INPLACE, LOCK=NONE`, which fails rather than block writes
//!   (not for FULLTEXT / SPATIAL indexes, which cannot be built with writes going on).
//! * SQLite builds every index holding the write lock: no recipe.
//!
//! An index on a table created earlier in the same migration is not planned (nothing uses it yet).

use super::cx::Cx;
use super::{Phase, PhaseKind, Plan};
use crate::ir::{CreateIndex, DropIndex, IndexKey, Operation};

/// The plan for one `CREATE INDEX` on an existing table.
pub fn plan(x: &CreateIndex, cx: &Cx<'_>) -> Option<Plan> {
    let ix = &x.index;
    cx.table(&ix.table)?;
    let fulltext =
        ix.method.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("fulltext") || m.eq_ignore_ascii_case("spatial"));
    if cx.target.sqlite() || fulltext || (x.concurrently && cx.target.pg()) {
        return None;
    }
    let mut op = x.clone();
    op.if_not_exists = cx.target.pg();
    op.concurrently = cx.target.pg();
    let after = cx.after(cx.before, x.clone())?;
    let name = ix.name.clone().or_else(|| {
        let before = cx.table(&ix.table)?;
        let t = after.table(&ix.table)?;
        t.indexes.iter().find(|i| !before.indexes.contains(i)).and_then(|i| i.name.clone())
    })?;
    op.index.name = Some(name.clone());
    let mut statements = cx.render(vec![Operation::CreateIndex(op)])?;
    if cx.target.mysql_family() {
        for s in &mut statements {
            s.push_str(" ALGORITHM=INPLACE LOCK=NONE");
        }
    }
    let columns: Vec<String> = ix
        .parts
        .iter()
        .filter_map(|p| match &p.key {
            IndexKey::Column(c) => Some(cx.q(c)),
            _ => None,
        })
        .collect();
    let mut build = Phase::new(PhaseKind::Expand, statements, "nothing: writes continue during the build");
    if ix.unique && columns.len() == ix.parts.len() && ix.predicate.is_none() {
        let set = columns.iter().map(|c| format!("{c} IS NOT NULL")).collect::<Vec<_>>().join(" AND ");
        let cols = columns.join(", ");
        build = build
            .verify(format!(
                "SELECT count(*) FROM (SELECT 1 FROM {} WHERE {set} GROUP BY {cols} HAVING count(*) > 1) AS duplicates",
                cx.qn(&ix.table)
            ))
            .allowing(
                "unique-may-fail",
                "polymig apply --phase counts the duplicates first and refuses while they are not 0",
            );
        build.before = "remove the duplicates (the query below) and deploy code that writes no new ones".into();
    }
    let mut phases = vec![build];
    if cx.target.pg() {
        phases.push(
            Phase::new(PhaseKind::Migrate, Vec::new(), "nothing: the index is valid (checked below)")
                .verify(cx.pg_index_not_ready(&ix.table, &name)),
        );
    }
    Some(Plan { recipe: "create-index", operation: format!("create index {name} on {}", ix.table), phases })
}

/// The plan for one `DROP INDEX` on PostgreSQL: `DROP INDEX CONCURRENTLY`.
pub fn plan_drop(x: &DropIndex, cx: &Cx<'_>) -> Option<Plan> {
    if !cx.target.pg() || x.concurrently {
        return None;
    }
    let mut op = x.clone();
    op.concurrently = true;
    op.if_exists = true;
    let statements = cx.render(vec![Operation::DropIndex(op)])?;
    let phase = Phase::new(PhaseKind::Contract, statements, "deploy code whose queries no longer need the index");
    Some(Plan { recipe: "drop-index", operation: format!("drop index {}", x.name), phases: vec![phase] })
}

#[cfg(test)]
mod tests {
    use crate::plan::testing::{lines, plans};

    const SETUP: &str = "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(200), bio text); CREATE INDEX users_bio ON users (bio);";

    #[test]
    fn postgres_builds_concurrently_then_checks_it_is_valid() {
        let got = lines(SETUP, "CREATE UNIQUE INDEX users_email ON users (email);", "pg16");
        assert_eq!(
            got[..2],
            [
                "expand verify: SELECT count(*) FROM (SELECT 1 FROM \"users\" WHERE \"email\" IS NOT NULL GROUP BY \"email\" \
                 HAVING count(*) > 1) AS duplicates",
                "expand: CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"users_email\" ON \"users\" (\"email\")",
            ]
        );
        assert!(got[2].starts_with("migrate verify: SELECT count(*) FROM pg_index"), "{got:#?}");
        assert_eq!(
            lines(SETUP, "DROP INDEX users_bio;", "pg16"),
            ["contract: DROP INDEX CONCURRENTLY IF EXISTS \"users_bio\""]
        );
    }

    #[test]
    fn mysql_builds_inplace_and_sqlite_and_new_tables_have_no_recipe() {
        assert_eq!(
            lines(SETUP, "CREATE INDEX users_email ON users (email);", "mariadb11.4"),
            ["expand: CREATE INDEX `users_email` ON `users` (`email`) ALGORITHM=INPLACE LOCK=NONE"]
        );
        assert!(plans(SETUP, "CREATE INDEX users_email ON users (email);", "sqlite").is_empty());
        assert!(plans(SETUP, "CREATE TABLE t (a int); CREATE INDEX t_a ON t (a);", "pg16").is_empty());
        assert!(plans(SETUP, "CREATE FULLTEXT INDEX users_bio_ft ON users (bio);", "mariadb11.4").is_empty());
    }
}

//! The plan's phases as IR migrations, for writing them in an ORM's format
//! (`polymig plan --zero-downtime --to rails|django|alembic|typeorm|prisma`).
//!
//! Each phase file (`layout`) is read back by the SQL importer, so what polymig models becomes
//! the ORM's own call (a concurrent index, `validate_constraint`, a backfill directive) and the
//! rest stays raw SQL in the target's spelling. Each `polymig:verify` query comes first as a
//! guard statement that fails the migration while the query does not return 0 (PostgreSQL: a
//! `DO` block raising an exception; MySQL, MariaDB, SQLite: a temporary table whose CHECK
//! refuses the count), since the ORM's runner, not `polymig apply --phase`, runs these files.
//! What to deploy between phases, the usage checks and the `polymig:wait` stops are in the
//! plan's README.

use super::Plan;
use super::cx::Cx;
use super::layout;
use crate::import::sql::parse_script;
use crate::ir::{Migration, Op, Operation, RawSql, Span};
use crate::lint::Target;

/// Statements failing the migration that runs them while `query` does not return 0 (see
/// [`Cx::guard`]).
pub fn guard(dialect: crate::ir::SqlDialect, query: &str) -> Vec<String> {
    Cx::guard(dialect, query)
}

/// One migration per phase file, in run order, ids `<id><nn>` as the SQL layout names them.
pub fn phase_migrations(id: &str, plans: &[Plan], target: &Target) -> Vec<Migration> {
    let dialect = target.engine.dialect();
    layout::files(id, plans, target)
        .into_iter()
        .map(|f| {
            let stem = f.name.trim_end_matches(".sql");
            let (version, name) = stem.split_once('_').unwrap_or((stem, "phase"));
            let mut m = Migration::new(version, name);
            let header = layout::header(&f.text);
            for q in &header.verify {
                for sql in Cx::guard(dialect, q) {
                    let raw = RawSql { sql, down: None, dialect: Some(dialect), no_transaction: false };
                    m.up.push(Op::new(Operation::Sql(raw), Span::file(f.name.clone())));
                }
            }
            m.up.extend(parse_script(&f.text, &f.name, dialect).0);
            m
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::plans;

    #[test]
    fn each_phase_is_a_migration_guarded_by_its_verification() {
        let setup = "CREATE TABLE users (id bigint PRIMARY KEY, email text);";
        let change = "ALTER TABLE users ALTER COLUMN email SET NOT NULL;";
        let target: Target = "pg16".parse().unwrap();
        let ms = phase_migrations("7", &plans(setup, change, "pg16"), &target);
        let names: Vec<(&str, &str)> = ms.iter().map(|m| (m.id.as_str(), m.name.as_str())).collect();
        assert_eq!(
            names,
            [("701", "expand_set_not_null"), ("702", "migrate_set_not_null"), ("703", "contract_set_not_null")]
        );
        let Operation::Sql(guard) = &ms[1].up[0].kind else { panic!("{:#?}", ms[1].up) };
        assert!(
            guard
                .sql
                .starts_with("DO $pm$ BEGIN IF (SELECT count(*) FROM \"users\" WHERE \"email\" IS NULL) <> 0 THEN"),
            "{}",
            guard.sql
        );
        assert!(matches!(ms[1].up[1].kind, Operation::ValidateConstraint(_)), "{:#?}", ms[1].up);
        let lite = phase_migrations("7", &plans(setup, change, "sqlite3.53"), &"sqlite3.53".parse().unwrap());
        let guards: Vec<&str> = lite[0]
            .up
            .iter()
            .filter_map(|o| if let Operation::Sql(r) = &o.kind { Some(r.sql.as_str()) } else { None })
            .take(3)
            .collect();
        assert_eq!(
            guards[0],
            "CREATE TEMPORARY TABLE IF NOT EXISTS \"polymig_verify\" (\"n\" BIGINT, CONSTRAINT \"polymig_verification_failed\" CHECK (\"n\" = 0))"
        );
    }
}

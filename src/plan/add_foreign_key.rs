//! Add a foreign key `child(cols) → parent(ref_cols)` (catalogue §2.5):
//!
//! * PostgreSQL: expand builds an index on the referencing columns `CONCURRENTLY` (its own
//!   phase, outside any transaction; skipped when an index already starts with those columns),
//!   then adds the constraint `NOT VALID` (a brief SHARE ROW EXCLUSIVE on both tables; new rows
//!   are checked from then on); migrate runs `VALIDATE CONSTRAINT` (SHARE UPDATE EXCLUSIVE:
//!   reads and writes continue) once the orphan count is 0. The index is an addition the plain
//!   migration does not make: the README says so.
//! * MySQL / MariaDB: expand adds the index with `ALGORITHM=INPLACE, LOCK=NONE`, named as InnoDB
//!   would name the index it creates for the key (the constraint's name), so the final schema is
//!   the plain one; migrate, once the orphan count is 0, adds the key with `foreign_key_checks=0`
//!   (INPLACE, no validating copy) and switches the checks back on.
//! * SQLite adds a foreign key only by rebuilding the table: once the orphan count is 0, migrate
//!   runs the exporter's rebuild, the plain migration's SQL, in one transaction (the copy checks
//!   every row against the new key, since polymig's runner has `foreign_keys` on; see
//!   `change_type::sqlite_rebuild` for the table's other keys). SQLite checks foreign keys only on
//!   connections that switch them on, so rows written afterwards by other connections are not
//!   checked: contract runs nothing, and is refused while `pragma_foreign_key_check` finds rows
//!   of the table breaking a key.

use super::cx::Cx;
use super::{Phase, PhaseKind, Plan};
use crate::ir::{AddConstraint, ConstraintKind, CreateIndex, Index, IndexPart, Operation, ValidateConstraint};

/// The plan for one foreign key.
pub fn plan(x: &AddConstraint, cx: &Cx<'_>) -> Option<Plan> {
    if cx.target.sqlite() {
        return sqlite(x, cx);
    }
    let ConstraintKind::ForeignKey(fk) = &x.constraint.kind else { return None };
    let table = cx.table(&x.table)?;
    let named = cx.named(&x.table, &x.constraint)?;
    let name = named.name.clone()?;
    let indexed =
        table.indexes.iter().map(|i| i.column_names()).chain(table.constraints.iter().filter_map(|c| match &c.kind {
            ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } => {
                Some(columns.iter().map(String::as_str).collect())
            }
            _ => None,
        }));
    let covered = indexed.into_iter().any(|cols| {
        cols.len() >= fk.columns.len() && cols.iter().zip(&fk.columns).all(|(a, b)| a.eq_ignore_ascii_case(b))
    });
    let index_name =
        if cx.target.pg() { format!("{}_{}_idx", x.table.name, fk.columns.join("_")) } else { name.clone() };
    let index = Index {
        name: Some(index_name.clone()),
        table: x.table.clone(),
        parts: fk.columns.iter().map(IndexPart::column).collect(),
        unique: false,
        method: None,
        predicate: None,
        include: Vec::new(),
        nulls_not_distinct: false,
    };
    let create = CreateIndex { index, concurrently: cx.target.pg(), if_not_exists: cx.target.pg() };
    let index_sql = if cx.target.pg() {
        cx.render(vec![Operation::CreateIndex(create.clone())])?
    } else {
        let cols = fk.columns.iter().map(|c| cx.q(c)).collect::<Vec<_>>().join(", ");
        let t = cx.qn(&x.table);
        vec![format!("ALTER TABLE {t} ADD INDEX {} ({cols}), ALGORITHM=INPLACE, LOCK=NONE", cx.q(&index_name))]
    };
    let with_index = if covered { cx.before.clone() } else { cx.after(cx.before, create)? };
    let refs = match fk.ref_columns.is_empty() {
        true => Cx::primary_key(cx.table(&fk.ref_table)?)?,
        false => fk.ref_columns.clone(),
    };
    let orphans = orphan_query(x, cx, &fk.columns, &refs);
    let add = AddConstraint { table: x.table.clone(), constraint: named, not_valid: cx.target.pg() };
    let mut add_sql = cx.render_on(vec![Operation::AddConstraint(add.clone())], &with_index)?;
    let mut phases = Vec::new();
    let index_note = if covered || !cx.target.pg() {
        String::new()
    } else {
        format!(" (adds index `{index_name}` on the referencing columns, which the plain migration does not)")
    };
    if cx.target.pg() {
        if !covered {
            phases.push(Phase::new(
                PhaseKind::Expand,
                index_sql,
                "nothing: the index is built without blocking writes",
            ));
        }
        phases.push(Phase::new(PhaseKind::Expand, add_sql, "nothing: rows written from now on are checked").allowing(
            "strong-locks-many-tables",
            "NOT VALID takes SHARE ROW EXCLUSIVE on both tables for a moment, without a scan; alone in its transaction",
        ));
        let validate = ValidateConstraint { table: x.table.clone(), name: name.clone() };
        let after_add = cx.after(&with_index, add)?;
        phases.push(
            Phase::new(
                PhaseKind::Migrate,
                cx.render_on(vec![Operation::ValidateConstraint(validate)], &after_add)?,
                "fix or delete the orphan rows (the query below)",
            )
            .verify(orphans),
        );
    } else {
        if !covered {
            phases.push(Phase::new(PhaseKind::Expand, index_sql, "nothing: the index is built with LOCK=NONE"));
        }
        for s in &mut add_sql {
            s.push_str(", ALGORITHM=INPLACE, LOCK=NONE");
        }
        let mut statements = vec!["SET SESSION foreign_key_checks = 0".to_string()];
        statements.extend(add_sql);
        statements.push("SET SESSION foreign_key_checks = 1".to_string());
        phases.push(
            Phase::new(
                PhaseKind::Migrate,
                statements,
                "fix or delete the orphan rows (the query below); run the query again afterwards: the key \
                 is added unvalidated",
            )
            .verify(orphans),
        );
    }
    Some(Plan {
        recipe: "add-foreign-key",
        operation: format!(
            "add foreign key {name} on {}({}) → {}{index_note}",
            x.table,
            fk.columns.join(", "),
            fk.ref_table
        ),
        phases,
    })
}

/// SQLite: the rebuild after the orphan count, then the foreign key check.
fn sqlite(x: &AddConstraint, cx: &Cx<'_>) -> Option<Plan> {
    let ConstraintKind::ForeignKey(fk) = &x.constraint.kind else { return None };
    let name = cx.named(&x.table, &x.constraint)?.name?;
    let refs = match fk.ref_columns.is_empty() {
        true => Cx::primary_key(cx.table(&fk.ref_table)?)?,
        false => fk.ref_columns.clone(),
    };
    let orphans = orphan_query(x, cx, &fk.columns, &refs);
    let rebuild = super::change_type::sqlite_rebuild(
        cx,
        &x.table,
        Operation::AddConstraint(x.clone()),
        vec![orphans],
        "fix or delete the orphan rows (the query below); deploy code that writes no new ones".to_string(),
    )?;
    let check = Phase::new(
        PhaseKind::Contract,
        Vec::new(),
        "nothing to run: this step checks that no row written since the rebuild breaks a key of the table \
         (SQLite checks foreign keys only on connections that run `PRAGMA foreign_keys = ON`)",
    )
    .verify(format!("SELECT count(*) FROM pragma_foreign_key_check({})", cx.lit(&x.table.name)));
    Some(Plan {
        recipe: "add-foreign-key",
        operation: format!("add foreign key {name} on {}({}) → {}", x.table, fk.columns.join(", "), fk.ref_table),
        phases: vec![rebuild, check],
    })
}

/// Rows of the child whose key is set but matches no parent row.
fn orphan_query(x: &AddConstraint, cx: &Cx<'_>, columns: &[String], refs: &[String]) -> String {
    let ConstraintKind::ForeignKey(fk) = &x.constraint.kind else { return String::new() };
    let set = columns.iter().map(|c| format!("c.{} IS NOT NULL", cx.q(c))).collect::<Vec<_>>().join(" AND ");
    let join = columns
        .iter()
        .zip(refs)
        .map(|(c, r)| format!("p.{} = c.{}", cx.q(r), cx.q(c)))
        .collect::<Vec<_>>()
        .join(" AND ");
    format!(
        "SELECT count(*) FROM {} c WHERE {set} AND NOT EXISTS (SELECT 1 FROM {} p WHERE {join})",
        cx.qn(&x.table),
        cx.qn(&fk.ref_table)
    )
}

#[cfg(test)]
mod tests {
    use crate::plan::testing::{lines, plain, plans};

    const SETUP: &str = "CREATE TABLE parents (id bigint PRIMARY KEY); CREATE TABLE children (id bigint PRIMARY KEY, parent_id bigint);";
    const CHANGE: &str =
        "ALTER TABLE children ADD CONSTRAINT children_parent_fk FOREIGN KEY (parent_id) REFERENCES parents (id);";

    #[test]
    fn postgres_indexes_concurrently_then_adds_not_valid_then_validates() {
        assert_eq!(
            lines(SETUP, CHANGE, "pg16"),
            [
                "expand: CREATE INDEX CONCURRENTLY IF NOT EXISTS \"children_parent_id_idx\" ON \"children\" (\"parent_id\")",
                "expand: ALTER TABLE \"children\" ADD CONSTRAINT \"children_parent_fk\" FOREIGN KEY (\"parent_id\") REFERENCES \"parents\" (\"id\") NOT VALID",
                "migrate verify: SELECT count(*) FROM \"children\" c WHERE c.\"parent_id\" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM \"parents\" p WHERE p.\"id\" = c.\"parent_id\")",
                "migrate: ALTER TABLE \"children\" VALIDATE CONSTRAINT \"children_parent_fk\"",
            ]
        );
    }

    #[test]
    fn an_existing_index_is_not_built_again_and_an_unnamed_key_gets_the_default_name() {
        let setup = format!("{SETUP} CREATE INDEX children_parent ON children (parent_id, id);");
        let got = lines(&setup, "ALTER TABLE children ADD FOREIGN KEY (parent_id) REFERENCES parents;", "pg16");
        assert_eq!(got.len(), 3, "{got:#?}");
        assert!(got[0].contains("ADD CONSTRAINT \"children_parent_id_fkey\""), "{got:#?}");
        assert!(got[1].contains("p.\"id\" = c.\"parent_id\""), "the parent's primary key is the referenced column");
    }

    #[test]
    fn mariadb_indexes_inplace_under_the_key_name_then_adds_it_unchecked() {
        assert_eq!(
            lines(SETUP, CHANGE, "mariadb11.4"),
            [
                "expand: ALTER TABLE `children` ADD INDEX `children_parent_fk` (`parent_id`), ALGORITHM=INPLACE, LOCK=NONE",
                "migrate verify: SELECT count(*) FROM `children` c WHERE c.`parent_id` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `parents` p WHERE p.`id` = c.`parent_id`)",
                "migrate: SET SESSION foreign_key_checks = 0",
                "migrate: ALTER TABLE `children` ADD CONSTRAINT `children_parent_fk` FOREIGN KEY (`parent_id`) REFERENCES `parents` (`id`), ALGORITHM=INPLACE, LOCK=NONE",
                "migrate: SET SESSION foreign_key_checks = 1",
            ]
        );
    }

    #[test]
    fn sqlite_rebuilds_after_the_orphan_count_then_checks_the_keys() {
        let got = lines(SETUP, CHANGE, "sqlite");
        assert_eq!(
            got[..3],
            [
                "migrate verify: SELECT count(*) FROM \"children\" c WHERE c.\"parent_id\" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM \"parents\" p WHERE p.\"id\" = c.\"parent_id\")",
                "migrate: CREATE TABLE \"_polymig_new_children\" (\n  \"id\" INTEGER,\n  \"parent_id\" INTEGER,\n  PRIMARY KEY (\"id\"),\n  CONSTRAINT \"children_parent_fk\" FOREIGN KEY (\"parent_id\") REFERENCES \"parents\" (\"id\")\n)",
                "migrate: INSERT INTO \"_polymig_new_children\" (\"id\", \"parent_id\") SELECT \"id\", \"parent_id\" FROM \"children\"",
            ]
        );
        assert_eq!(got.last().unwrap(), "contract verify: SELECT count(*) FROM pragma_foreign_key_check('children')");
        let p = &plans(SETUP, CHANGE, "sqlite")[0];
        assert!(p.phases[1].statements.is_empty(), "contract only checks: {p:#?}");
        assert_eq!(p.phases[0].statements, plain(SETUP, CHANGE, "sqlite"), "the rebuild is the plain migration's SQL");
        assert_eq!(
            p.phases[0].allow.iter().map(|a| a.0).collect::<Vec<_>>(),
            ["drop-table-in-use", "fk-without-index"]
        );
    }

    /// A child that already has foreign keys: the copy re-checks them, so their violations are
    /// counted too; a child other tables reference is rebuilt with `foreign_keys` off, so every
    /// key of the database is.
    #[test]
    fn sqlite_counts_what_the_copy_rechecks() {
        let setup = format!(
            "{SETUP} CREATE TABLE owners (id bigint PRIMARY KEY); ALTER TABLE children ADD COLUMN owner_id bigint REFERENCES owners (id);"
        );
        let got = lines(&setup, CHANGE, "sqlite");
        assert!(got[0].starts_with("migrate verify: SELECT (SELECT count(*) FROM \"children\" c WHERE"), "{got:#?}");
        assert!(got[0].ends_with(") + (SELECT count(*) FROM pragma_foreign_key_check('children'))"), "{got:#?}");
        let setup =
            format!("{SETUP} CREATE TABLE toys (id bigint PRIMARY KEY, child_id bigint REFERENCES children (id));");
        let p = &plans(&setup, CHANGE, "sqlite")[0];
        let ph = &p.phases[0];
        assert!(
            ph.verify_before.as_deref().unwrap().ends_with(" + (SELECT count(*) FROM pragma_foreign_key_check)"),
            "{p:#?}"
        );
        assert_eq!(ph.statements.first().map(String::as_str), Some("PRAGMA foreign_keys = OFF"));
        assert_eq!(ph.statements.last().map(String::as_str), Some("PRAGMA foreign_keys = ON"));
        assert!(ph.allow.iter().any(|a| a.0 == "sqlite-fk-pragma-in-tx"), "{p:#?}");
    }
}

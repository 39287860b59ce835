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
//! * SQLite cannot add a foreign key without rebuilding the table: no recipe.

use super::cx::Cx;
use super::{Phase, PhaseKind, Plan};
use crate::ir::{AddConstraint, ConstraintKind, CreateIndex, Index, IndexPart, Operation, ValidateConstraint};

/// The plan for one foreign key.
pub fn plan(x: &AddConstraint, cx: &Cx<'_>) -> Option<Plan> {
    if cx.target.sqlite() {
        return None;
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
    use crate::plan::testing::lines;

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
    fn sqlite_has_no_recipe() {
        assert!(crate::plan::testing::plans(SETUP, CHANGE, "sqlite").is_empty());
    }
}

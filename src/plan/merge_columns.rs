//! Merge columns (catalogue §2.10): a new column computed from old ones, which then go. The plain
//! migration reads
//!
//! ```sql
//! ALTER TABLE users ADD COLUMN full_name text;
//! UPDATE users SET full_name = concat_ws(' ', first_name, last_name);  -- or a polymig:backfill
//! ALTER TABLE users DROP COLUMN first_name;
//! ALTER TABLE users DROP COLUMN last_name;
//! ```
//!
//! and is planned when the fill is one `UPDATE` of the table setting only the new column (a
//! `WHERE` is kept), and at least one column it reads is dropped afterwards.
//!
//! * expand adds the new column (nullable, no default) and a trigger computing it from the old
//!   ones on every insert that leaves it NULL and every update that changes them (PostgreSQL:
//!   plpgsql BEFORE trigger; MySQL / MariaDB: BEFORE INSERT / UPDATE triggers; SQLite, whose
//!   triggers cannot assign `NEW`: AFTER triggers updating the row). Dropped columns that are NOT
//!   NULL without a default lose NOT NULL, so the new code's inserts work.
//! * migrate backfills the rows written before the trigger; on PostgreSQL a NOT NULL new column
//!   is proved by a `CHECK … NOT VALID` added in expand and validated in a second migrate phase.
//! * contract, once no row that should have a value lacks one and no code uses the old columns,
//!   drops the trigger and the old columns, and gives the new column its NOT NULL and default.
//!
//! The merge is one way: a row the new code writes through the new column alone leaves the old
//! columns NULL for old readers (the lossy `down` of the catalogue; the plan's README says so).
//! Not planned: tables without a primary key, a new column with inline constraints, generated
//! or auto-increment; on SQLite a NOT NULL or defaulted new column, or NOT NULL dropped columns
//! without a default.

use sqlparser::ast::{AssignmentTarget, Statement, TableFactor};
use sqlparser::parser::Parser;

use super::cx::Cx;
use super::{Phase, PhaseKind, Plan};
use crate::ir::{AddColumn, AlterColumn, Change, DropColumn, Op, Operation};
use crate::lint::Engine;
use crate::sql_expr::column_refs;

/// The fill the plain migration runs: `UPDATE t SET new = value [WHERE filter]` (canonical).
struct Fill {
    value: String,
    filter: Option<String>,
}

/// The plan for a merge starting at `ops[0]`, with the indexes (into `ops`) it replaces.
pub fn plan(ops: &[Op], cx: &Cx<'_>) -> Option<(Plan, Vec<usize>)> {
    let Operation::AddColumn(add) = &ops.first()?.kind else { return None };
    let table = cx.table(&add.table)?;
    let pk = Cx::primary_key(table)?;
    let new = &add.column;
    if !add.constraints.is_empty() || new.generated.is_some() || new.auto_increment.is_some() {
        return None;
    }
    let names: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
    let (mut used, mut fill, mut reads, mut dropped) = (vec![0], None, Vec::new(), Vec::new());
    for (i, op) in ops.iter().enumerate().skip(1) {
        match &op.kind {
            Operation::DropColumn(d) if d.table == add.table && reads.contains(&d.column) => {
                dropped.push(d.column.clone());
                used.push(i);
            }
            _ if fill.is_none() => {
                if let Some(f) = fill_of(op, add, cx) {
                    reads = column_refs(&f.value, &names, "x")?.0;
                    fill = Some(f);
                    used.push(i);
                }
            }
            _ => {}
        }
    }
    let fill = fill?;
    if dropped.is_empty() {
        return None;
    }
    let old_cols: Vec<_> = dropped.iter().map(|c| table.column(c)).collect::<Option<_>>()?;
    let lite = cx.target.sqlite();
    if lite && (!new.nullable || new.default.is_some() || old_cols.iter().any(|c| !c.nullable && c.default.is_none())) {
        return None;
    }
    let (t, c) = (cx.qn(&add.table), cx.q(&new.name));
    let at = |row: &str, canonical: &str| column_refs(canonical, &names, row).map(|(_, text)| cx.expr(&text));
    let when = |row: &str| -> Option<String> {
        Some(match &fill.filter {
            Some(f) => format!(" AND ({})", at(row, f)?),
            None => String::new(),
        })
    };
    let (value, filter) = (cx.expr(&fill.value), fill.filter.as_deref().map(|f| cx.expr(f)));
    let filter_and = filter.as_deref().map(|f| format!(" AND ({f})")).unwrap_or_default();

    // Expand: the column as it can be added without a scan, the old columns relaxed, the trigger.
    let mut shadow = add.column.clone();
    shadow.nullable = true;
    shadow.default = None;
    let add_plain =
        AddColumn { table: add.table.clone(), column: shadow, constraints: Vec::new(), if_not_exists: false };
    let mut expand = cx.render(vec![Operation::AddColumn(add_plain.clone())])?;
    let mut state = cx.after(cx.before, add_plain)?;
    for col in old_cols.iter().filter(|c| !c.nullable && c.default.is_none()) {
        let relax = relax(&add.table, &col.name);
        expand.extend(cx.render_on(vec![Operation::AlterColumn(relax.clone())], &state)?);
        state = cx.after(&state, relax)?;
    }
    let changed = |row_new: &str, row_old: &str| {
        reads
            .iter()
            .map(|r| cx.differ(&format!("{row_new}.{}", cx.q(r)), &format!("{row_old}.{}", cx.q(r))))
            .collect::<Vec<_>>()
            .join(" OR ")
    };
    let object =
        |suffix: &str| cx.qn(&Cx::sibling(&add.table, format!("{}_{}__pm_{suffix}", add.table.name, new.name)));
    let mut drops = Vec::new();
    match cx.target.engine {
        Engine::Postgres => {
            let (func, trig) = (object("merge"), cx.q(&format!("{}_{}__pm_merge", add.table.name, new.name)));
            let execute = if cx.target.at_least(11, 0) { "FUNCTION" } else { "PROCEDURE" };
            let computed = at("NEW", &fill.value)?;
            expand.push(format!(
                "CREATE FUNCTION {func}() RETURNS trigger LANGUAGE plpgsql AS $pm$ BEGIN IF TG_OP = 'INSERT' THEN IF \
                 NEW.{c} IS NULL{} THEN NEW.{c} := {computed}; END IF; ELSIF ({}){} THEN NEW.{c} := {computed}; END IF; \
                 RETURN NEW; END $pm$",
                when("NEW")?,
                changed("NEW", "OLD"),
                when("NEW")?
            ));
            expand.push(format!(
                "CREATE TRIGGER {trig} BEFORE INSERT OR UPDATE ON {t} FOR EACH ROW EXECUTE {execute} {func}()"
            ));
            drops.push(format!("DROP TRIGGER {trig} ON {t}"));
            drops.push(format!("DROP FUNCTION {func}()"));
        }
        Engine::Mysql | Engine::Mariadb => {
            let computed = at("NEW", &fill.value)?;
            expand.push(format!(
                "CREATE TRIGGER {} BEFORE INSERT ON {t} FOR EACH ROW BEGIN IF NEW.{c} IS NULL{} THEN SET NEW.{c} = \
                 {computed}; END IF; END",
                object("ins"),
                when("NEW")?
            ));
            expand.push(format!(
                "CREATE TRIGGER {} BEFORE UPDATE ON {t} FOR EACH ROW BEGIN IF ({}){} THEN SET NEW.{c} = {computed}; END \
                 IF; END",
                object("upd"),
                changed("NEW", "OLD"),
                when("NEW")?
            ));
            drops.extend([format!("DROP TRIGGER {}", object("ins")), format!("DROP TRIGGER {}", object("upd"))]);
        }
        Engine::Sqlite => {
            let row = pk.iter().map(|k| format!("{} = NEW.{}", cx.q(k), cx.q(k))).collect::<Vec<_>>().join(" AND ");
            let of = reads.iter().map(|r| cx.q(r)).collect::<Vec<_>>().join(", ");
            expand.push(format!(
                "CREATE TRIGGER {} AFTER INSERT ON {t} WHEN NEW.{c} IS NULL{} BEGIN UPDATE {t} SET {c} = {value} WHERE \
                 {row}; END",
                object("ins"),
                when("NEW")?
            ));
            expand.push(format!(
                "CREATE TRIGGER {} AFTER UPDATE OF {of} ON {t} WHEN ({}){} BEGIN UPDATE {t} SET {c} = {value} WHERE \
                 {row}; END",
                object("upd"),
                changed("NEW", "OLD"),
                when("NEW")?
            ));
            drops.extend([format!("DROP TRIGGER {}", object("ins")), format!("DROP TRIGGER {}", object("upd"))]);
        }
    }

    let missing = format!("{c} IS NULL AND ({value}) IS NOT NULL{filter_and}");
    let mut contract = drops;
    let check = cx.q(&format!("{}_{}__pm_not_null", add.table.name, new.name));
    let mut migrate =
        vec![Phase::new(PhaseKind::Migrate, Vec::new(), "nothing: the trigger fills every write of the old code")];
    migrate[0].backfill = Some(cx.backfill(&add.table, &new.name, &value, &missing));
    // PostgreSQL proves a NOT NULL new column with a CHECK: new rows from expand on, old rows
    // validated after the backfill (its own phase: VALIDATE waits for no writer).
    if !new.nullable && cx.target.pg() {
        expand.push(format!("ALTER TABLE {t} ADD CONSTRAINT {check} CHECK ({c} IS NOT NULL) NOT VALID"));
        migrate.push(
            Phase::new(PhaseKind::Migrate, vec![format!("ALTER TABLE {t} VALIDATE CONSTRAINT {check}")], "nothing")
                .verify(cx.count_where(&add.table, &format!("{c} IS NULL"))),
        );
    }
    for col in &dropped {
        let drop = DropColumn { table: add.table.clone(), column: col.clone(), if_exists: false, cascade: false };
        contract.extend(cx.render_on(vec![Operation::DropColumn(drop.clone())], &state)?);
        state = cx.after(&state, drop)?;
    }
    if !new.nullable || new.default.is_some() {
        let mut finish = relax(&add.table, &new.name);
        finish.nullable = (!new.nullable).then_some(false);
        finish.default = new.default.clone().map(Change::Set);
        contract.extend(cx.render_on(vec![Operation::AlterColumn(finish)], &state)?);
        if !new.nullable && cx.target.pg() {
            contract.push(format!("ALTER TABLE {t} DROP CONSTRAINT {check}"));
        }
    }
    let stop = format!(
        "deploy code that reads and writes `{}` instead of {} (rows it writes leave those NULL for old readers); every \
         instance runs it: no statement has used them since",
        new.name,
        dropped.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
    );
    let contract = Phase::new(PhaseKind::Contract, contract, stop)
        .verify(cx.count_where(&add.table, &missing))
        .usage(cx.usage_query(&add.table.name, &dropped[0]))
        .allowing("drop-column-in-use", "the columns were merged into the new one, which the new code uses");
    let mut phases = vec![Phase::new(
        PhaseKind::Expand,
        expand,
        "nothing: the new column is filled by the trigger, unseen by old code",
    )];
    phases.extend(migrate);
    phases.push(contract);
    let operation = format!("merge {}.({}) into {}", add.table, dropped.join(", "), new.name);
    Some((Plan { recipe: "merge-columns", operation, phases }, used))
}

/// `ALTER COLUMN c DROP NOT NULL` as an IR operation.
fn relax(table: &crate::ir::QName, column: &str) -> AlterColumn {
    AlterColumn {
        table: table.clone(),
        column: column.to_string(),
        data_type: None,
        using: None,
        nullable: Some(true),
        default: None,
        comment: None,
    }
}

/// The fill of `add`'s column, when `op` is one: a backfill or a raw `UPDATE` of the table
/// setting only that column, without joins, `FROM` or `LIMIT`.
fn fill_of(op: &Op, add: &AddColumn, cx: &Cx<'_>) -> Option<Fill> {
    match &op.kind {
        Operation::Backfill(b) if b.table == add.table && b.set.len() == 1 && b.set[0].column == add.column.name => {
            Some(Fill { value: b.set[0].value.clone(), filter: b.filter.clone() })
        }
        Operation::Sql(raw) => {
            let dialect = raw.dialect.unwrap_or(cx.dialect());
            let parsed = Parser::parse_sql(crate::sql_expr::parser_dialect(dialect).as_ref(), &raw.sql).ok()?;
            let [Statement::Update(u)] = parsed.as_slice() else { return None };
            let TableFactor::Table { name, .. } = &u.table.relation else { return None };
            let same_table =
                name.0.last().and_then(|p| p.as_ident()).is_some_and(|i| i.value.eq_ignore_ascii_case(&add.table.name));
            if !same_table
                || !u.table.joins.is_empty()
                || u.from.is_some()
                || u.limit.is_some()
                || u.assignments.len() != 1
            {
                return None;
            }
            let a = &u.assignments[0];
            let AssignmentTarget::ColumnName(target) = &a.target else { return None };
            let column = target.0.last().and_then(|p| p.as_ident())?;
            if !column.value.eq_ignore_ascii_case(&add.column.name) {
                return None;
            }
            let canonical = |text: String| crate::sql_expr::to_canonical(&text, dialect);
            Some(Fill {
                value: canonical(a.value.to_string()),
                filter: u.selection.as_ref().map(|w| canonical(w.to_string())),
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::testing::{lines, plans};

    const SETUP: &str =
        "CREATE TABLE users (id bigint PRIMARY KEY, first_name text NOT NULL, last_name text, age integer);";
    const CHANGE: &str = "ALTER TABLE users ADD COLUMN full_name text; \
                          UPDATE users SET full_name = concat_ws(' ', first_name, last_name); \
                          ALTER TABLE users DROP COLUMN first_name; ALTER TABLE users DROP COLUMN last_name;";

    #[test]
    fn postgres_computes_the_new_column_in_a_before_trigger() {
        let got = lines(SETUP, CHANGE, "pg16");
        assert_eq!(got[0], "expand: ALTER TABLE \"users\" ADD COLUMN \"full_name\" text");
        assert_eq!(got[1], "expand: ALTER TABLE \"users\" ALTER COLUMN \"first_name\" DROP NOT NULL");
        assert!(
            got[2].contains(
                "IF TG_OP = 'INSERT' THEN IF NEW.\"full_name\" IS NULL THEN NEW.\"full_name\" := concat_ws(' ', \
             NEW.first_name, NEW.last_name); END IF; ELSIF (NEW.\"first_name\" IS DISTINCT FROM OLD.\"first_name\" OR \
             NEW.\"last_name\" IS DISTINCT FROM OLD.\"last_name\") THEN"
            ),
            "{got:#?}"
        );
        assert_eq!(
            got[4],
            "migrate backfill: users SET full_name = concat_ws(' ', first_name, last_name) WHERE \"full_name\" IS NULL \
             AND (concat_ws(' ', first_name, last_name)) IS NOT NULL"
        );
        assert_eq!(got[got.len() - 1], "contract: ALTER TABLE \"users\" DROP COLUMN \"last_name\"");
        assert_eq!(plans(SETUP, CHANGE, "pg16").len(), 1, "the fill and both drops belong to the plan");
    }

    #[test]
    fn a_not_null_default_column_gets_both_in_the_contract() {
        let change = CHANGE.replace("full_name text", "full_name text NOT NULL DEFAULT ''");
        let got = lines(SETUP, &change, "pg16");
        assert_eq!(got[0], "expand: ALTER TABLE \"users\" ADD COLUMN \"full_name\" text");
        assert!(
            got.contains(&"migrate: ALTER TABLE \"users\" VALIDATE CONSTRAINT \"users_full_name__pm_not_null\"".into())
        );
        assert!(got.contains(
            &"expand: ALTER TABLE \"users\" ADD CONSTRAINT \"users_full_name__pm_not_null\" CHECK (\"full_name\" IS NOT \
              NULL) NOT VALID"
                .into()
        ));
        let tail: Vec<&str> = got[got.len() - 2..].iter().map(String::as_str).collect();
        assert_eq!(
            tail,
            [
                "contract: ALTER TABLE \"users\" ALTER COLUMN \"full_name\" SET NOT NULL, ALTER COLUMN \"full_name\" SET \
                 DEFAULT ''",
                "contract: ALTER TABLE \"users\" DROP CONSTRAINT \"users_full_name__pm_not_null\""
            ]
        );
    }

    #[test]
    fn mysql_and_sqlite_spell_the_trigger_their_way() {
        let got = lines(SETUP, CHANGE, "mariadb11.4");
        assert!(
            got.iter().any(|l| l.contains(
                "BEFORE UPDATE ON `users` FOR EACH ROW BEGIN IF (NOT (NEW.`first_name` <=> OLD.`first_name`) OR NOT \
             (NEW.`last_name` <=> OLD.`last_name`)) THEN SET NEW.`full_name` = concat_ws(' ', NEW.first_name, \
             NEW.last_name); END IF; END"
            )),
            "{got:#?}"
        );
        // SQLite cannot relax the NOT NULL first_name without a rebuild: no recipe there.
        assert!(plans(SETUP, CHANGE, "sqlite").iter().all(|p| p.recipe != "merge-columns"));
        let got = lines(&SETUP.replace("text NOT NULL", "text"), CHANGE, "sqlite");
        assert!(
            got.iter().any(|l| l.contains(
                "AFTER INSERT ON \"users\" WHEN NEW.\"full_name\" IS NULL BEGIN UPDATE \"users\" SET \"full_name\" = \
             concat_ws(' ', first_name, last_name) WHERE \"id\" = NEW.\"id\"; END"
            )),
            "{got:#?}"
        );
    }

    #[test]
    fn the_fill_keeps_its_where_and_a_backfill_directive_counts_too() {
        let change = "ALTER TABLE users ADD COLUMN full_name text; \
                      UPDATE users SET full_name = first_name WHERE age > 17; ALTER TABLE users DROP COLUMN first_name;";
        let got = lines(SETUP, change, "pg16");
        assert!(got.iter().any(|l| l.contains("IS NULL AND (NEW.age > 17) THEN")), "{got:#?}");
        let directive = "ALTER TABLE users ADD COLUMN full_name text;\n\
                         -- polymig:backfill table=users set=\"full_name = upper(last_name)\"\n\
                         ALTER TABLE users DROP COLUMN last_name;";
        let got = lines(SETUP, directive, "pg16");
        assert!(got.iter().any(|l| l.contains("NEW.\"full_name\" := upper(NEW.last_name)")), "{got:#?}");
    }

    #[test]
    fn not_a_merge_when_no_read_column_is_dropped() {
        let change = "ALTER TABLE users ADD COLUMN full_name text; UPDATE users SET full_name = first_name; \
                      ALTER TABLE users DROP COLUMN age;";
        let got: Vec<_> = plans(SETUP, change, "pg16").into_iter().map(|p| p.recipe).collect();
        assert_eq!(got, ["drop-column"]);
    }
}

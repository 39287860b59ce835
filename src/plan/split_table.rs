//! Split a table (catalogue §2.9): columns `a, b` of `t` move to a new table
//! `t_ext (t_id → t.id, a, b)`. The plain migration reads
//!
//! ```sql
//! CREATE TABLE addresses (user_id bigint PRIMARY KEY REFERENCES users (id), street text, city text);
//! INSERT INTO addresses (user_id, street, city) SELECT id, street, city FROM users;  -- optional
//! ALTER TABLE users DROP COLUMN street;
//! ALTER TABLE users DROP COLUMN city;
//! ```
//!
//! and is planned when the new table's key (its primary key or a unique column) references the
//! old table's single-column primary key and at least one dropped column of the old table has a
//! same-named column in the new one. The copy statement, if any, is replaced by the backfill.
//!
//! * expand creates the new table and keeps both shapes in step with triggers: a write of the
//!   moved columns through the old table (old code) is upserted into the new one, a write of the
//!   new table (new code) is copied back, a delete of an old row deletes its new row. A row whose
//!   moved columns are all NULL gets no new row (new code may still insert it itself). Moved
//!   columns that are NOT NULL without a default lose NOT NULL, so the new code's inserts work.
//!   The loops stop on their own: PostgreSQL's triggers act only at trigger depth 1, MySQL's and
//!   SQLite's only when the other table differs.
//! * migrate backfills the rows written before the triggers (a no-op update of the moved
//!   columns, batched, that fires the trigger). A user row inserted with the moved columns all
//!   NULL creates no new row (new code inserts it, possibly in the same statement); an update
//!   that sets them all to NULL clears the new row's copies.
//! * contract, once every old row with values has an equal new row and no code reads the old
//!   columns any more, drops the triggers and the old columns. On PostgreSQL it need not wait for
//!   the old code: a first contract phase drops the columns and puts a view joining both tables
//!   under the old name, with INSTEAD OF triggers (`split_view.rs`); a second one, once no code
//!   uses the old shape, drops the view and gives the table its name back.
//!
//! Per database: PostgreSQL plpgsql functions; MySQL / MariaDB `BEGIN … END` triggers (a delete
//! through the new table cannot clear the old columns there: a trigger may not write the table
//! whose statement fired it, error 1442); SQLite triggers, all in one transaction.

use super::cx::Cx;
use super::{Phase, PhaseKind, Plan};
use crate::ir::{AlterColumn, ConstraintKind, CreateTable, DropColumn, Op, Operation, QName};
use crate::lint::Engine;

/// What the recipe reads from the plain migration.
struct Split<'a> {
    old: &'a QName,
    pk: String,
    new: &'a CreateTable,
    key: String,
    moved: Vec<String>,
    /// Indexes (into the ops given) of the operations the plan replaces.
    used: Vec<usize>,
}

/// The plan for a split starting at `ops[0]`, with the indexes (into `ops`) it replaces.
pub fn plan(ops: &[Op], cx: &Cx<'_>) -> Option<(Plan, Vec<usize>)> {
    let s = find(ops, cx)?;
    let old = cx.table(s.old)?;
    let old_cols: Vec<_> = s.moved.iter().map(|c| old.column(c)).collect::<Option<_>>()?;
    // SQLite cannot relax NOT NULL without a rebuild: only nullable or defaulted columns move.
    if cx.target.sqlite() && old_cols.iter().any(|c| !c.nullable && c.default.is_none()) {
        return None;
    }
    let (t, n, pk, key) = (cx.qn(s.old), cx.qn(&s.new.table), cx.q(&s.pk), cx.q(&s.key));
    let cols: Vec<String> = s.moved.iter().map(|c| cx.q(c)).collect();
    let list = cols.join(", ");
    let of = |row: &str| cols.iter().map(|c| format!("{row}.{c}")).collect::<Vec<_>>().join(", ");
    let any_set = |row: &str| cols.iter().map(|c| format!("{row}.{c} IS NOT NULL")).collect::<Vec<_>>().join(" OR ");
    let differ = |a: &str, b: &str| {
        cols.iter().map(|c| cx.differ(&format!("{a}.{c}"), &format!("{b}.{c}"))).collect::<Vec<_>>().join(" OR ")
    };
    let assign = |row: &str| cols.iter().map(|c| format!("{c} = {row}.{c}")).collect::<Vec<_>>().join(", ");
    let nulls = cols.iter().map(|c| format!("{c} = NULL")).collect::<Vec<_>>().join(", ");
    let name = |suffix: &str| format!("{}_{}__pm_{suffix}", s.old.name, s.new.table.name);
    let object = |suffix: &str| cx.qn(&Cx::sibling(s.old, name(suffix)));

    let mut expand = cx.render(vec![Operation::CreateTable(s.new.clone())])?;
    let mut state = cx.after(cx.before, s.new.clone())?;
    for c in old_cols.iter().filter(|c| !c.nullable && c.default.is_none()) {
        let relax = AlterColumn {
            table: s.old.clone(),
            column: c.name.clone(),
            data_type: None,
            using: None,
            nullable: Some(true),
            default: None,
            comment: None,
        };
        expand.extend(cx.render_on(vec![Operation::AlterColumn(relax.clone())], &state)?);
        state = cx.after(&state, relax)?;
    }
    let upsert_new = |row: &str| match cx.target.engine {
        Engine::Mysql | Engine::Mariadb => format!(
            "INSERT INTO {n} ({key}, {list}) VALUES ({row}.{pk}, {}) ON DUPLICATE KEY UPDATE {}",
            of(row),
            cols.iter().map(|c| format!("{c} = VALUES({c})")).collect::<Vec<_>>().join(", ")
        ),
        _ => format!(
            "INSERT INTO {n} ({key}, {list}) VALUES ({row}.{pk}, {}) ON CONFLICT ({key}) DO UPDATE SET {}",
            of(row),
            cols.iter().map(|c| format!("{c} = excluded.{c}")).collect::<Vec<_>>().join(", ")
        ),
    };
    let clear_new = |row: &str| format!("UPDATE {n} SET {nulls} WHERE {key} = {row}.{pk}");
    let copy_back = |row: &str| format!("UPDATE {t} SET {} WHERE {pk} = {row}.{key}", assign(row));
    let mut drops = Vec::new();
    match cx.target.engine {
        Engine::Postgres => {
            let execute = if cx.target.at_least(11, 0) { "FUNCTION" } else { "PROCEDURE" };
            let mut trigger = |suffix: &str, when: String, on: &str, body: String, ret: &str| {
                let (func, trig) = (object(suffix), cx.q(&name(suffix)));
                expand.push(format!(
                    "CREATE FUNCTION {func}() RETURNS trigger LANGUAGE plpgsql AS $pm$ BEGIN IF pg_trigger_depth() = 1 \
                     THEN {body}; END IF; RETURN {ret}; END $pm$"
                ));
                expand.push(format!("CREATE TRIGGER {trig} {when} ON {on} FOR EACH ROW EXECUTE {execute} {func}()"));
                drops.push(format!("DROP TRIGGER {trig} ON {on}"));
                drops.push(format!("DROP FUNCTION {func}()"));
            };
            let fwd = format!(
                "IF {} THEN {}; ELSIF TG_OP = 'UPDATE' AND ({}) THEN {}; END IF",
                any_set("NEW"),
                upsert_new("NEW"),
                any_set("OLD"),
                clear_new("NEW")
            );
            trigger("fwd", format!("AFTER INSERT OR UPDATE OF {list}"), &t, fwd, "NULL");
            trigger("del", "BEFORE DELETE".into(), &t, format!("DELETE FROM {n} WHERE {key} = OLD.{pk}"), "OLD");
            let back = format!("{} AND ({})", copy_back("NEW"), differ(&t, "NEW"));
            trigger("back", "AFTER INSERT OR UPDATE".into(), &n, back, "NULL");
            let cleared = format!("UPDATE {t} SET {nulls} WHERE {pk} = OLD.{key}");
            trigger("clear", "AFTER DELETE".into(), &n, cleared, "NULL");
        }
        Engine::Mysql | Engine::Mariadb => {
            let mut trigger = |suffix: &str, when: &str, on: &str, body: String| {
                expand.push(format!("CREATE TRIGGER {} {when} ON {on} FOR EACH ROW BEGIN {body}; END", object(suffix)));
                drops.push(format!("DROP TRIGGER {}", object(suffix)));
            };
            let equal_new = format!("SELECT 1 FROM {n} WHERE {key} = NEW.{pk} AND NOT ({})", differ(&n, "NEW"));
            let ins =
                format!("IF ({}) AND NOT EXISTS ({equal_new}) THEN {}; END IF", any_set("NEW"), upsert_new("NEW"));
            let upd = format!(
                "IF NOT EXISTS ({equal_new}) THEN IF {} THEN {}; ELSEIF {} THEN {}; END IF; END IF",
                any_set("NEW"),
                upsert_new("NEW"),
                any_set("OLD"),
                clear_new("NEW")
            );
            trigger("ins", "AFTER INSERT", &t, ins);
            trigger("upd", "AFTER UPDATE", &t, upd);
            trigger("del", "BEFORE DELETE", &t, format!("DELETE FROM {n} WHERE {key} = OLD.{pk}"));
            let back = format!(
                "IF EXISTS (SELECT 1 FROM {t} WHERE {pk} = NEW.{key} AND ({})) THEN {}; END IF",
                differ(&t, "NEW"),
                copy_back("NEW")
            );
            trigger("back_ins", "AFTER INSERT", &n, back.clone());
            trigger("back_upd", "AFTER UPDATE", &n, back);
        }
        Engine::Sqlite => {
            let mut trigger = |suffix: &str, when: String, on: &str, body: Vec<String>| {
                let body: String = body.into_iter().map(|s| format!("{s}; ")).collect();
                expand.push(format!("CREATE TRIGGER {} {when} ON {on} BEGIN {body}END", object(suffix)));
                drops.push(format!("DROP TRIGGER {}", object(suffix)));
            };
            let upsert = format!(
                "INSERT INTO {n} ({key}, {list}) SELECT NEW.{pk}, {} WHERE {} ON CONFLICT ({key}) DO UPDATE SET {}",
                of("NEW"),
                any_set("NEW"),
                cols.iter().map(|c| format!("{c} = excluded.{c}")).collect::<Vec<_>>().join(", ")
            );
            let clear = format!("{} AND NOT ({}) AND ({})", clear_new("NEW"), any_set("NEW"), any_set("OLD"));
            trigger("ins", "AFTER INSERT".into(), &t, vec![upsert.clone()]);
            trigger("upd", format!("AFTER UPDATE OF {list}"), &t, vec![upsert, clear]);
            // AFTER: a nested write of the row being deleted is undefined in SQLite.
            trigger("del", "AFTER DELETE".into(), &t, vec![format!("DELETE FROM {n} WHERE {key} = OLD.{pk}")]);
            let back = format!("{} AND ({})", copy_back("NEW"), differ(&t, "NEW"));
            trigger("back_ins", "AFTER INSERT".into(), &n, vec![back.clone()]);
            trigger("back_upd", "AFTER UPDATE".into(), &n, vec![back]);
            let cleared = format!("UPDATE {t} SET {nulls} WHERE {pk} = OLD.{key} AND ({})", any_set(&t));
            trigger("clear", "AFTER DELETE".into(), &n, vec![cleared]);
        }
    }

    // Backfill: rows with values and no equal new row get a no-op update that fires the trigger.
    let first = cx.q(&s.moved[0]);
    // MySQL: a statement reading the new table may not fire a trigger writing it (error 1442), so
    // every row with values is touched there; the trigger skips those already equal.
    let missing = if cx.target.mysql_family() {
        any_set(&t)
    } else {
        format!(
            "({}) AND NOT EXISTS (SELECT 1 FROM {n} WHERE {n}.{key} = {t}.{pk} AND NOT ({}))",
            any_set(&t),
            differ(&n, &t)
        )
    };
    let mut migrate = Phase::new(PhaseKind::Migrate, Vec::new(), "nothing: the triggers copy every write");
    migrate.backfill = Some(cx.backfill(s.old, &s.moved[0], &first, &missing));
    let unequal = format!(
        "SELECT count(*) FROM {t} LEFT JOIN {n} ON {n}.{key} = {t}.{pk} WHERE ({n}.{key} IS NULL AND ({})) OR \
         ({n}.{key} IS NOT NULL AND ({}))",
        any_set(&t),
        differ(&n, &t)
    );
    let mut contract = drops;
    for c in &s.moved {
        let drop = DropColumn { table: s.old.clone(), column: c.clone(), if_exists: false, cascade: false };
        contract.extend(cx.render_on(vec![Operation::DropColumn(drop.clone())], &state)?);
        state = cx.after(&state, drop)?;
    }
    let stop = format!(
        "deploy code that reads and writes {} in `{}`, not in `{}`; every instance runs it: no statement has used the \
         old columns since",
        s.moved.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", "),
        s.new.table,
        s.old
    );
    let moved_cols = "the columns moved: the new code uses the new table, checked above";
    let contract = if cx.target.pg() {
        // PostgreSQL: the old shape stays readable and writable under the old name through a view
        // until no code uses it; then the table takes its name back.
        let shape = super::split_view::SplitShape {
            old: state.table(s.old)?,
            name: s.old,
            pk: &s.pk,
            new: &s.new.table,
            key: &s.key,
            moved: &s.moved,
        };
        let (put, remove) = super::split_view::statements(&shape, cx)?;
        contract.extend(put);
        let deploy = format!(
            "deploy code that reads and writes {} in `{}`; old code may still run: a view under the name `{}` keeps the old \
             shape",
            s.moved.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", "),
            s.new.table,
            s.old
        );
        vec![
            Phase::new(PhaseKind::Contract, contract, deploy)
                .verify(unequal)
                .allowing("drop-column-in-use", moved_cols)
                .allowing("rename-table", "a view takes the old name in the same transaction"),
            Phase::new(PhaseKind::Contract, remove, stop)
                .waiting()
                .usage(cx.usage_query(&s.old.name, &s.moved[0]))
                .allowing("rename-table", "the table takes back its own name as the view goes, in one transaction"),
        ]
    } else {
        vec![
            Phase::new(PhaseKind::Contract, contract, stop)
                .verify(unequal)
                .usage(cx.usage_query(&s.old.name, &s.moved[0]))
                .allowing("drop-column-in-use", moved_cols),
        ]
    };
    let mut phases = vec![
        Phase::new(PhaseKind::Expand, expand, "nothing: the new table is kept in step with the old columns"),
        migrate,
    ];
    phases.extend(contract);
    let operation = format!("move {}.({}) to {} keyed by {}", s.old, s.moved.join(", "), s.new.table, s.key);
    Some((Plan { recipe: "split-table", operation, phases }, s.used))
}

/// The split starting at `ops[0]`, when the migration is one.
fn find<'a>(ops: &'a [Op], cx: &Cx<'_>) -> Option<Split<'a>> {
    let Operation::CreateTable(new) = &ops.first()?.kind else { return None };
    if cx.table(&new.table).is_some() {
        return None;
    }
    let unique_alone = |col: &str| {
        new.constraints.iter().any(|c| match &c.kind {
            ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } => {
                columns.len() == 1 && columns[0].eq_ignore_ascii_case(col)
            }
            _ => false,
        })
    };
    // The key: a unique column of the new table referencing the old table's primary key.
    let (old, pk, key) = new.constraints.iter().find_map(|c| {
        let ConstraintKind::ForeignKey(fk) = &c.kind else { return None };
        let old = cx.table(&fk.ref_table)?;
        let pk = Cx::primary_key(old)?;
        let refs_pk = fk.ref_columns.is_empty() || fk.ref_columns == pk;
        (fk.columns.len() == 1 && pk.len() == 1 && refs_pk && unique_alone(&fk.columns[0]))
            .then(|| (&fk.ref_table, pk[0].clone(), fk.columns[0].clone()))
    })?;
    let old_table = cx.table(old)?;
    let mut used = vec![0];
    let mut moved = Vec::new();
    for (i, op) in ops.iter().enumerate().skip(1) {
        match &op.kind {
            Operation::DropColumn(d)
                if &d.table == old
                    && !d.column.eq_ignore_ascii_case(&key)
                    && new.columns.iter().any(|c| c.name == d.column)
                    && old_table.column(&d.column).is_some() =>
            {
                moved.push(d.column.clone());
                used.push(i);
            }
            Operation::Sql(raw) if is_copy(&raw.sql, &new.table) => used.push(i),
            _ => {}
        }
    }
    // Columns the new table adds must fill themselves, or the triggers' inserts fail.
    let fills = |c: &crate::ir::Column| {
        c.name.eq_ignore_ascii_case(&key)
            || moved.contains(&c.name)
            || c.nullable
            || c.default.is_some()
            || c.auto_increment.is_some()
            || c.generated.is_some()
    };
    if moved.is_empty() || !new.columns.iter().all(fills) {
        return None;
    }
    Some(Split { old, pk, new, key, moved, used })
}

/// `INSERT INTO <new> … SELECT …`: the plain migration's copy, which the backfill replaces.
fn is_copy(sql: &str, new: &QName) -> bool {
    let words: Vec<String> = sql
        .split(|c: char| c.is_whitespace() || c == '(')
        .filter(|w| !w.is_empty())
        .take(3)
        .map(|w| w.trim_matches(['"', '`', '[', ']']).to_string())
        .collect();
    words.len() == 3
        && words[0].eq_ignore_ascii_case("INSERT")
        && words[1].eq_ignore_ascii_case("INTO")
        && words[2].rsplit('.').next().is_some_and(|w| w.trim_matches(['"', '`']).eq_ignore_ascii_case(&new.name))
        && sql.to_ascii_uppercase().contains("SELECT")
}

#[cfg(test)]
mod tests {
    use crate::plan::testing::{lines, plans};

    const SETUP: &str = "CREATE TABLE users (id bigint PRIMARY KEY, name text, street text, city text NOT NULL);";
    const CHANGE: &str = "CREATE TABLE addresses (user_id bigint PRIMARY KEY REFERENCES users (id), street text, city text); \
                          INSERT INTO addresses (user_id, street, city) SELECT id, street, city FROM users; \
                          ALTER TABLE users DROP COLUMN street; ALTER TABLE users DROP COLUMN city;";

    #[test]
    fn postgres_syncs_both_tables_at_trigger_depth_one() {
        let got = lines(SETUP, CHANGE, "pg16");
        assert!(got[0].starts_with("expand: CREATE TABLE \"addresses\""), "{got:#?}");
        assert_eq!(got[1], "expand: ALTER TABLE \"users\" ALTER COLUMN \"city\" DROP NOT NULL");
        assert!(got[2].contains(
            "IF pg_trigger_depth() = 1 THEN IF NEW.\"street\" IS NOT NULL OR NEW.\"city\" IS NOT NULL THEN INSERT INTO \
             \"addresses\" (\"user_id\", \"street\", \"city\") VALUES (NEW.\"id\", NEW.\"street\", NEW.\"city\") ON CONFLICT \
             (\"user_id\") DO UPDATE SET \"street\" = excluded.\"street\", \"city\" = excluded.\"city\"; ELSIF TG_OP = \
             'UPDATE' AND (OLD.\"street\" IS NOT NULL OR OLD.\"city\" IS NOT NULL) THEN UPDATE \"addresses\" SET \
             \"street\" = NULL, \"city\" = NULL WHERE \"user_id\" = NEW.\"id\"; END IF; END IF"
        ));
        assert_eq!(
            got[3],
            "expand: CREATE TRIGGER \"users_addresses__pm_fwd\" AFTER INSERT OR UPDATE OF \"street\", \"city\" ON \"users\" \
             FOR EACH ROW EXECUTE FUNCTION \"users_addresses__pm_fwd\"()"
        );
        let backfill = got.iter().find(|l| l.starts_with("migrate backfill:")).unwrap();
        assert!(backfill.starts_with("migrate backfill: users SET street = \"street\" WHERE"), "{backfill}");
        let verify = got.iter().find(|l| l.starts_with("contract verify:")).unwrap();
        assert!(verify.contains("LEFT JOIN \"addresses\" ON \"addresses\".\"user_id\" = \"users\".\"id\""), "{verify}");
        let at = got.iter().position(|l| l == "contract: ALTER TABLE \"users\" DROP COLUMN \"street\"").unwrap();
        assert_eq!(
            got[at + 1..at + 4],
            [
                "contract: ALTER TABLE \"users\" DROP COLUMN \"city\"",
                "contract: ALTER TABLE \"users\" RENAME TO \"users__pm\"",
                "contract: CREATE VIEW \"users\" AS SELECT b.*, e.\"street\", e.\"city\" FROM \"users__pm\" AS b LEFT JOIN \
                 \"addresses\" AS e ON e.\"user_id\" = b.\"id\""
            ]
        );
        assert_eq!(
            got[got.len() - 3..],
            [
                "contract: DROP VIEW \"users\"",
                "contract: DROP FUNCTION \"users__pm_view\"()",
                "contract: ALTER TABLE \"users__pm\" RENAME TO \"users\""
            ]
        );
        // The copy statement and both drops are part of the one plan.
        let p = plans(SETUP, CHANGE, "pg16");
        assert_eq!(p.len(), 1);
        assert!(
            p[0].phases[2].before.ends_with("a view under the name `users` keeps the old shape"),
            "{:?}",
            p[0].phases[2].before
        );
        assert!(p[0].phases[3].wait && !p[0].phases[2].wait);
    }

    #[test]
    fn mysql_guards_each_trigger_by_comparing_the_other_table() {
        let got = lines(SETUP, CHANGE, "mariadb11.4");
        assert_eq!(got[1], "expand: ALTER TABLE `users` MODIFY COLUMN `city` text");
        let back = got.iter().find(|l| l.contains("`users_addresses__pm_back_ins`")).unwrap();
        assert!(back.contains("BEGIN IF EXISTS (SELECT 1 FROM `users` WHERE `id` = NEW.`user_id` AND"), "{back}");
        assert!(got.iter().any(|l| l.contains("ON DUPLICATE KEY UPDATE `street` = VALUES(`street`)")));
        assert!(got.iter().all(|l| !l.contains("__pm_clear")), "no delete sync back on MySQL");
    }

    #[test]
    fn sqlite_moves_only_nullable_columns() {
        assert!(plans(SETUP, CHANGE, "sqlite").iter().all(|p| p.recipe != "split-table"));
        let setup = SETUP.replace("city text NOT NULL", "city text");
        let got = lines(&setup, CHANGE, "sqlite");
        assert!(got.iter().any(|l| l.contains(
            "CREATE TRIGGER \"users_addresses__pm_del\" AFTER DELETE ON \"users\" BEGIN DELETE FROM \"addresses\" WHERE \
             \"user_id\" = OLD.\"id\"; END"
        )));
    }

    #[test]
    fn not_a_split_without_a_unique_key_to_the_old_primary_key() {
        let change = "CREATE TABLE addresses (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), street text); \
                      ALTER TABLE users DROP COLUMN street;";
        let got: Vec<_> = plans(SETUP, change, "pg16").into_iter().map(|p| p.recipe).collect();
        assert_eq!(got, ["drop-column"]);
    }
}

//! Change a column's type `t.c : T1 → T2` (catalogue §2.3) with a shadow column:
//!
//! * expand adds `c__pm T2` (nullable, no default: instant) and a trigger that fills it from `c`
//!   on every insert and update (PostgreSQL: a plpgsql function, `NEW.c__pm := CAST(NEW.c AS T2)`
//!   or the `USING` expression; MySQL / MariaDB: BEFORE INSERT / UPDATE triggers assigning
//!   `NEW.c` — the implicit conversion `MODIFY` itself applies), placed right after `c` on MySQL;
//! * migrate backfills the rows written before the trigger, in batches, and on PostgreSQL proves
//!   NOT NULL with `CHECK (c__pm IS NOT NULL) NOT VALID` + `VALIDATE` when the column is NOT NULL;
//! * contract, once no row differs, swaps in one short step while writers wait: PostgreSQL, in one
//!   transaction, drops the trigger and `c`, renames `c__pm` to `c`, sets NOT NULL (proved by the
//!   validated CHECK, no scan) and the default; MySQL / MariaDB under `LOCK TABLES … WRITE` drops
//!   the triggers and runs one `ALTER TABLE … DROP COLUMN c, CHANGE COLUMN c__pm c <definition>`.
//!
//! Old and new code keep reading and writing `c` throughout. Not planned: columns in an index or
//! constraint, generated or auto-increment columns, tables without a primary key (the backfill
//! is keyed by it), SQLite (which rebuilds the table in one transaction anyway). On PostgreSQL the
//! column ends up last in the table (PostgreSQL cannot reorder columns).

use super::cx::Cx;
use super::{Phase, PhaseKind, Plan};
use crate::ir::{AddColumn, AlterColumn, Change, Column, Operation};
use crate::lint::Engine;

/// The plan for one type change.
pub fn plan(x: &AlterColumn, cx: &Cx<'_>) -> Option<Plan> {
    let dt = x.data_type.as_ref()?;
    let table = cx.table(&x.table)?;
    let col = table.column(&x.column)?;
    if cx.target.sqlite()
        || cx.column_is_keyed(table, &x.column)
        || col.generated.is_some()
        || col.auto_increment.is_some()
        || Cx::primary_key(table).is_none()
    {
        return None;
    }
    let shadow_name = format!("{}__pm", x.column);
    let add = AddColumn {
        table: x.table.clone(),
        column: Column::new(shadow_name.clone(), dt.clone()),
        constraints: Vec::new(),
        if_not_exists: false,
    };
    let mut expand = cx.render(vec![Operation::AddColumn(add)])?;
    let final_state = cx.after(cx.before, x.clone())?;
    let final_col = final_state.table(&x.table)?.column(&x.column)?.clone();
    let (t, c, s) = (cx.qn(&x.table), cx.q(&x.column), cx.q(&shadow_name));
    let object = |suffix: &str| cx.qn(&Cx::sibling(&x.table, format!("{}_{}__pm_{suffix}", x.table.name, x.column)));
    let (converted, phases) = match cx.target.engine {
        Engine::Postgres => {
            let ty = cx.type_name(dt);
            let conv = |of: &str| match &x.using {
                Some(u) => format!("(SELECT {} FROM (SELECT {of} AS {c}) AS pm)", cx.expr(u)),
                None => format!("CAST({of} AS {ty})"),
            };
            let (func, trigger) = (object("sync"), cx.q(&format!("{}_{}__pm_sync", x.table.name, x.column)));
            expand.push(format!(
                "CREATE FUNCTION {func}() RETURNS trigger LANGUAGE plpgsql AS $pm$ BEGIN NEW.{s} := {}; RETURN NEW; END $pm$",
                conv(&format!("NEW.{c}"))
            ));
            let execute = if cx.target.at_least(11, 0) { "FUNCTION" } else { "PROCEDURE" };
            expand.push(format!(
                "CREATE TRIGGER {trigger} BEFORE INSERT OR UPDATE ON {t} FOR EACH ROW EXECUTE {execute} {func}()"
            ));
            let converted = conv(&c);
            let check = cx.q(&format!("{}_{}__pm_not_null", x.table.name, x.column));
            let mut migrate = Vec::new();
            let mut contract = vec![
                format!("DROP TRIGGER {trigger} ON {t}"),
                format!("DROP FUNCTION {func}()"),
                format!("ALTER TABLE {t} DROP COLUMN {c}"),
                format!("ALTER TABLE {t} RENAME COLUMN {s} TO {c}"),
            ];
            if !final_col.nullable {
                migrate.push(format!("ALTER TABLE {t} ADD CONSTRAINT {check} CHECK ({s} IS NOT NULL) NOT VALID"));
                migrate.push(format!("ALTER TABLE {t} VALIDATE CONSTRAINT {check}"));
                contract.push(format!("ALTER TABLE {t} ALTER COLUMN {c} SET NOT NULL"));
                contract.push(format!("ALTER TABLE {t} DROP CONSTRAINT {check}"));
            }
            if let Some(d) = &final_col.default {
                let set = AlterColumn {
                    table: x.table.clone(),
                    column: x.column.clone(),
                    data_type: None,
                    using: None,
                    nullable: None,
                    default: Some(Change::Set(d.clone())),
                    comment: None,
                };
                contract.extend(cx.render_on(vec![Operation::AlterColumn(set)], &final_state)?);
            }
            let migrate_phase = Phase::new(PhaseKind::Migrate, migrate, "nothing: the trigger fills new rows");
            (converted, vec![migrate_phase, Phase::new(PhaseKind::Contract, contract, "nothing")])
        }
        Engine::Mysql | Engine::Mariadb => {
            expand[0].push_str(&format!(" AFTER {c}"));
            for (suffix, event) in [("ins", "INSERT"), ("upd", "UPDATE")] {
                expand.push(format!(
                    "CREATE TRIGGER {} BEFORE {event} ON {t} FOR EACH ROW SET NEW.{s} = NEW.{c}",
                    object(suffix)
                ));
            }
            // The final definition, as MODIFY would write it, under the shadow's CHANGE.
            let modify = cx.render_on(vec![Operation::AlterColumn(x.clone())], cx.before)?;
            let def = modify.last()?.strip_prefix(&format!("ALTER TABLE {t} MODIFY COLUMN "))?.to_string();
            let contract = vec![
                format!("LOCK TABLES {t} WRITE"),
                format!("DROP TRIGGER {}", object("ins")),
                format!("DROP TRIGGER {}", object("upd")),
                format!("ALTER TABLE {t} DROP COLUMN {c}, CHANGE COLUMN {s} {def}"),
                "UNLOCK TABLES".to_string(),
            ];
            let migrate = Phase::new(PhaseKind::Migrate, Vec::new(), "nothing: the triggers fill new rows");
            (c.clone(), vec![migrate, Phase::new(PhaseKind::Contract, contract, "nothing")])
        }
        Engine::Sqlite => return None,
    };
    let differ = cx.differ(&s, &converted);
    let mut phases = phases;
    phases[0].backfill = Some(cx.backfill(&x.table, &shadow_name, &converted, &differ));
    phases[0].before =
        format!("nothing: the trigger copies every write of `{}`; the backfill covers older rows", x.column);
    let contract = phases.pop()?.verify(cx.count_where(&x.table, &differ));
    let contract =
        Phase { before: "nothing: the swap holds writers for a moment; no code change is needed".into(), ..contract }
            .allowing(
                "drop-column-in-use",
                "the column is replaced, in the same step, by its converted copy under the same name",
            )
            .allowing("rename-column", "the copy takes the column's own name back; no code uses the copy's name");
    let mut all =
        vec![Phase::new(PhaseKind::Expand, expand, "nothing: the shadow column is invisible to the application")];
    all.extend(phases);
    all.push(contract);
    Some(Plan {
        recipe: "change-type",
        operation: format!("change {}.{} to {}", x.table, x.column, cx.type_name(dt)),
        phases: all,
    })
}

#[cfg(test)]
mod tests {
    use crate::plan::testing::{lines, plans};

    const SETUP: &str = "CREATE TABLE events (id bigint PRIMARY KEY, amount integer NOT NULL DEFAULT 0, note text);";

    #[test]
    fn postgres_fills_a_shadow_column_by_trigger_and_swaps_in_one_transaction() {
        assert_eq!(
            lines(SETUP, "ALTER TABLE events ALTER COLUMN amount TYPE bigint;", "pg16"),
            [
                "expand: ALTER TABLE \"events\" ADD COLUMN \"amount__pm\" bigint",
                "expand: CREATE FUNCTION \"events_amount__pm_sync\"() RETURNS trigger LANGUAGE plpgsql AS $pm$ BEGIN NEW.\"amount__pm\" := CAST(NEW.\"amount\" AS bigint); RETURN NEW; END $pm$",
                "expand: CREATE TRIGGER \"events_amount__pm_sync\" BEFORE INSERT OR UPDATE ON \"events\" FOR EACH ROW EXECUTE FUNCTION \"events_amount__pm_sync\"()",
                "migrate backfill: events SET amount__pm = CAST(\"amount\" AS bigint) WHERE \"amount__pm\" IS DISTINCT FROM CAST(\"amount\" AS bigint)",
                "migrate: ALTER TABLE \"events\" ADD CONSTRAINT \"events_amount__pm_not_null\" CHECK (\"amount__pm\" IS NOT NULL) NOT VALID",
                "migrate: ALTER TABLE \"events\" VALIDATE CONSTRAINT \"events_amount__pm_not_null\"",
                "contract verify: SELECT count(*) FROM \"events\" WHERE \"amount__pm\" IS DISTINCT FROM CAST(\"amount\" AS bigint)",
                "contract: DROP TRIGGER \"events_amount__pm_sync\" ON \"events\"",
                "contract: DROP FUNCTION \"events_amount__pm_sync\"()",
                "contract: ALTER TABLE \"events\" DROP COLUMN \"amount\"",
                "contract: ALTER TABLE \"events\" RENAME COLUMN \"amount__pm\" TO \"amount\"",
                "contract: ALTER TABLE \"events\" ALTER COLUMN \"amount\" SET NOT NULL",
                "contract: ALTER TABLE \"events\" DROP CONSTRAINT \"events_amount__pm_not_null\"",
                "contract: ALTER TABLE \"events\" ALTER COLUMN \"amount\" SET DEFAULT 0",
            ]
        );
    }

    #[test]
    fn postgres_converts_with_the_using_expression() {
        let got = lines(SETUP, "ALTER TABLE events ALTER COLUMN note TYPE integer USING length(note);", "pg16");
        assert!(
            got[1].contains("NEW.\"note__pm\" := (SELECT length(note) FROM (SELECT NEW.\"note\" AS \"note\") AS pm)"),
            "{got:#?}"
        );
    }

    #[test]
    fn mariadb_syncs_by_triggers_and_swaps_under_a_write_lock() {
        assert_eq!(
            lines(SETUP, "ALTER TABLE events MODIFY amount bigint NOT NULL DEFAULT 0;", "mariadb11.4"),
            [
                "expand: ALTER TABLE `events` ADD COLUMN `amount__pm` bigint AFTER `amount`",
                "expand: CREATE TRIGGER `events_amount__pm_ins` BEFORE INSERT ON `events` FOR EACH ROW SET NEW.`amount__pm` = NEW.`amount`",
                "expand: CREATE TRIGGER `events_amount__pm_upd` BEFORE UPDATE ON `events` FOR EACH ROW SET NEW.`amount__pm` = NEW.`amount`",
                "migrate backfill: events SET amount__pm = \"amount\" WHERE NOT (\"amount__pm\" <=> \"amount\")",
                "contract verify: SELECT count(*) FROM `events` WHERE NOT (`amount__pm` <=> `amount`)",
                "contract: LOCK TABLES `events` WRITE",
                "contract: DROP TRIGGER `events_amount__pm_ins`",
                "contract: DROP TRIGGER `events_amount__pm_upd`",
                "contract: ALTER TABLE `events` DROP COLUMN `amount`, CHANGE COLUMN `amount__pm` `amount` bigint NOT NULL DEFAULT 0",
                "contract: UNLOCK TABLES",
            ]
        );
    }

    #[test]
    fn keyed_columns_keyless_tables_and_sqlite_are_not_planned() {
        let change = "ALTER TABLE events ALTER COLUMN amount TYPE bigint;";
        let indexed = format!("{SETUP} CREATE INDEX events_amount ON events (amount);");
        assert!(plans(&indexed, change, "pg16").is_empty());
        assert!(plans("CREATE TABLE events (amount integer);", change, "pg16").is_empty());
        assert!(plans(SETUP, change, "sqlite").is_empty());
    }
}

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
//! is keyed by it). On PostgreSQL the column ends up last in the table (PostgreSQL cannot reorder
//! columns).
//!
//! SQLite has one writer at a time and changes a type only by rebuilding the table, so its plan is
//! the exporter's rebuild (the plain migration's SQL) in one transaction, checked first so that it
//! does not fail after copying the rows ([`sqlite_rebuild`]). No value check: the copy never fails on
//! a value — the new column's affinity converts a value when nothing is lost (`'12'` → `12`,
//! `2.0` → `2`) and keeps it as it is otherwise (`'abc'` stays text in an `integer` column) — and
//! a "does it cast" count would refuse changes the plain migration makes without loss, such as
//! dates kept as text in a `timestamp` (NUMERIC affinity) column. What can fail is checked: the
//! NULLs when the change also adds NOT NULL, and the foreign keys the copy re-checks. A change
//! SQLite stores identically (`integer` → `bigint`) has no plan; `USING` has none either (SQLite
//! cannot convert with an expression: the exporter refuses it).

use super::cx::Cx;
use super::{Phase, PhaseKind, Plan};
use crate::ir::{AddColumn, AlterColumn, Change, Column, ConstraintKind, Operation, QName};
use crate::lint::Engine;

/// The plan for one type change.
pub fn plan(x: &AlterColumn, cx: &Cx<'_>) -> Option<Plan> {
    let dt = x.data_type.as_ref()?;
    let table = cx.table(&x.table)?;
    let col = table.column(&x.column)?;
    if cx.target.sqlite() {
        return sqlite(x, cx);
    }
    if cx.column_is_keyed(table, &x.column)
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
            let mut validate = None;
            let mut contract = vec![
                format!("DROP TRIGGER {trigger} ON {t}"),
                format!("DROP FUNCTION {func}()"),
                format!("ALTER TABLE {t} DROP COLUMN {c}"),
                format!("ALTER TABLE {t} RENAME COLUMN {s} TO {c}"),
            ];
            // NOT NULL is proved by a CHECK on the copy: new rows from expand on, old rows validated
            // after the backfill, in a phase of its own (VALIDATE waits for no writer).
            if !final_col.nullable {
                expand.push(format!("ALTER TABLE {t} ADD CONSTRAINT {check} CHECK ({s} IS NOT NULL) NOT VALID"));
                validate = Some(
                    Phase::new(
                        PhaseKind::Migrate,
                        vec![format!("ALTER TABLE {t} VALIDATE CONSTRAINT {check}")],
                        "nothing",
                    )
                    .verify(cx.count_where(&x.table, &format!("{s} IS NULL"))),
                );
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
            let mut phases = vec![Phase::new(PhaseKind::Migrate, Vec::new(), "nothing: the trigger fills new rows")];
            phases.extend(validate);
            phases.push(Phase::new(PhaseKind::Contract, contract, "nothing"));
            (converted, phases)
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
    let contract = match cx.target.engine {
        // The linter does not follow the CHECK through the rename; PostgreSQL 12+ does.
        Engine::Postgres if cx.target.at_least(12, 0) && !final_col.nullable => contract.allowing(
            "set-not-null-scan",
            "the CHECK validated on the copy, renamed with it, proves NOT NULL without a scan",
        ),
        Engine::Mysql | Engine::Mariadb if !final_col.nullable => contract
            .allowing(
                "set-not-null-scan",
                "the swap rebuilds the table while LOCK TABLES holds writers: run it at a quiet moment (or through \
                 gh-ost for a big table)",
            )
            .allowing(
                "mysql-not-null-non-strict",
                "no NULL can be converted: the copy equals the NOT NULL column in every row (checked above) and \
                 LOCK TABLES keeps writers out until the swap",
            ),
        _ => contract,
    };
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

/// SQLite: the type change as the exporter's rebuild, after the NULL count when it adds NOT NULL.
fn sqlite(x: &AlterColumn, cx: &Cx<'_>) -> Option<Plan> {
    let dt = x.data_type.as_ref()?;
    let was_nullable = cx.table(&x.table)?.column(&x.column)?.nullable;
    let mut counts = Vec::new();
    if x.nullable == Some(false) && was_nullable {
        counts.push(cx.count_where(&x.table, &format!("{} IS NULL", cx.q(&x.column))));
    }
    let before = if counts.is_empty() {
        "nothing: the rebuild holds the database write lock while it copies the table (readers continue in WAL mode)"
            .to_string()
    } else {
        format!("deploy code that always writes `{}`; backfill its NULLs (the query below)", x.column)
    };
    let phase = sqlite_rebuild(cx, &x.table, Operation::AlterColumn(x.clone()), counts, before)?;
    Some(Plan {
        recipe: "change-type",
        operation: format!("change {}.{} to {}", x.table, x.column, cx.type_name(dt)),
        phases: vec![phase],
    })
}

/// Why the rebuild's `DROP TABLE` is no loss.
const REPLACED: &str = "the rebuild drops the old table after copying every row into its new definition, in the same \
                        transaction, and gives the copy the table's name";
/// Why the rebuild's `PRAGMA foreign_keys` is not a no-op.
const HOISTED: &str = "polymig apply runs PRAGMA foreign_keys outside the phase's transaction and PRAGMA \
                       foreign_key_check before its COMMIT";
/// Why the copy's foreign keys need no index of their own.
const SAME_INDEXES: &str = "the copy gets the table's foreign keys and, once renamed, its indexes: those of the plain \
                            migration's table";

/// SQLite: `op`, which changes `table`, as the exporter renders it — the table rebuild the plain
/// migration runs — as one migrate phase, holding the write lock for one transaction. Before it,
/// every query of `counts` and the rows the copy would find breaking a foreign key must be 0
/// (summed into one query): the table's own keys, which the copy re-checks (SQLite checks foreign
/// keys only on connections that switch them on, so such rows can exist), or every key of the
/// database when the table is referenced, since the rebuild then runs with `foreign_keys` off
/// and `polymig apply` runs `PRAGMA foreign_key_check` before committing. `None` when the
/// exporter cannot render `op` or SQLite would store the same table.
pub(super) fn sqlite_rebuild(
    cx: &Cx<'_>,
    table: &QName,
    op: Operation,
    mut counts: Vec<String>,
    mut before: String,
) -> Option<Phase> {
    let statements = cx.render(vec![op.clone()])?;
    if statements.is_empty() {
        return None;
    }
    let keys_off = statements.iter().any(|s| s.to_ascii_uppercase().starts_with("PRAGMA FOREIGN_KEYS"));
    let has_keys = cx.table(table)?.constraints.iter().any(|c| matches!(c.kind, ConstraintKind::ForeignKey(_)));
    if keys_off {
        counts.push("SELECT count(*) FROM pragma_foreign_key_check".to_string());
    } else if has_keys {
        counts.push(format!("SELECT count(*) FROM pragma_foreign_key_check({})", cx.lit(&table.name)));
    }
    if keys_off || has_keys {
        before = before.replace("nothing: ", "");
        before.push_str("; fix the rows that break a foreign key (`PRAGMA foreign_key_check`, counted below)");
    }
    // The linter reads the rebuild as written: a new table `_polymig_new_t` (its foreign keys
    // without the indexes recreated after the rename), `DROP TABLE t` and, for a referenced
    // table, the `PRAGMA foreign_keys` toggles.
    let after = cx.after(cx.before, op)?;
    let t = after.table(table)?;
    let mut phase = Phase::new(PhaseKind::Migrate, statements, before).allowing("drop-table-in-use", REPLACED);
    if keys_off {
        phase = phase.allowing("sqlite-fk-pragma-in-tx", HOISTED);
    }
    if t.constraints.iter().any(|c| matches!(c.kind, ConstraintKind::ForeignKey(_))) {
        phase = phase.allowing("fk-without-index", SAME_INDEXES);
    }
    match counts.len() {
        0 => Some(phase),
        1 => Some(phase.verify(counts.remove(0))),
        _ => {
            let sum = counts.iter().map(|q| format!("({q})")).collect::<Vec<_>>().join(" + ");
            Some(phase.verify(format!("SELECT {sum}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::testing::{lines, plain, plans};

    const SETUP: &str = "CREATE TABLE events (id bigint PRIMARY KEY, amount integer NOT NULL DEFAULT 0, note text);";

    #[test]
    fn postgres_fills_a_shadow_column_by_trigger_and_swaps_in_one_transaction() {
        assert_eq!(
            lines(SETUP, "ALTER TABLE events ALTER COLUMN amount TYPE bigint;", "pg16"),
            [
                "expand: ALTER TABLE \"events\" ADD COLUMN \"amount__pm\" bigint",
                "expand: CREATE FUNCTION \"events_amount__pm_sync\"() RETURNS trigger LANGUAGE plpgsql AS $pm$ BEGIN NEW.\"amount__pm\" := CAST(NEW.\"amount\" AS bigint); RETURN NEW; END $pm$",
                "expand: CREATE TRIGGER \"events_amount__pm_sync\" BEFORE INSERT OR UPDATE ON \"events\" FOR EACH ROW EXECUTE FUNCTION \"events_amount__pm_sync\"()",
                "expand: ALTER TABLE \"events\" ADD CONSTRAINT \"events_amount__pm_not_null\" CHECK (\"amount__pm\" IS NOT NULL) NOT VALID",
                "migrate backfill: events SET amount__pm = CAST(\"amount\" AS bigint) WHERE \"amount__pm\" IS DISTINCT FROM CAST(\"amount\" AS bigint)",
                "migrate verify: SELECT count(*) FROM \"events\" WHERE \"amount__pm\" IS NULL",
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
    fn keyed_columns_and_keyless_tables_are_not_planned() {
        let change = "ALTER TABLE events ALTER COLUMN amount TYPE bigint;";
        let indexed = format!("{SETUP} CREATE INDEX events_amount ON events (amount);");
        assert!(plans(&indexed, change, "pg16").is_empty());
        assert!(plans("CREATE TABLE events (amount integer);", change, "pg16").is_empty());
    }

    #[test]
    fn sqlite_rebuilds_in_one_phase_as_the_plain_migration_does() {
        let change = "ALTER TABLE events ALTER COLUMN note TYPE integer;";
        let p = &plans(SETUP, change, "sqlite")[0];
        assert_eq!(p.phases.len(), 1);
        let ph = &p.phases[0];
        assert_eq!(ph.kind, crate::plan::PhaseKind::Migrate);
        assert_eq!(ph.verify_before, None, "nothing can fail: values are copied as they are");
        assert_eq!(ph.statements, plain(SETUP, change, "sqlite"));
        assert!(ph.statements[0].contains("\"note\" INTEGER"), "{ph:#?}");
        // Keyed columns and keyless tables are fine: the rebuild keeps indexes and needs no key.
        let indexed = format!("{SETUP} CREATE INDEX events_note ON events (note);");
        let got = &plans(&indexed, change, "sqlite")[0].phases[0].statements;
        assert!(got.last().unwrap().starts_with("CREATE INDEX \"events_note\""), "{got:#?}");
        assert_eq!(plans("CREATE TABLE events (note text);", change, "sqlite").len(), 1);
    }

    /// A type change that also adds NOT NULL (one IR operation, as Django's `AlterField` reads).
    #[test]
    fn sqlite_counts_the_nulls_when_the_change_adds_not_null() {
        use crate::ir::{AlterColumn, DataType, Migration, Op, QName};
        let target: crate::lint::Target = "sqlite".parse().unwrap();
        let setup = crate::plan::testing::migration("1", SETUP, &target);
        let mut change = Migration::new("2", "m");
        let alter = AlterColumn {
            table: QName::new("events"),
            column: "note".into(),
            data_type: Some(DataType::int(64)),
            using: None,
            nullable: Some(false),
            default: None,
            comment: None,
        };
        change.up = vec![Op::new(alter, Default::default())];
        let p = &crate::plan::zero_downtime(&[setup], &change, &target)[0];
        let ph = &p.phases[0];
        assert_eq!(ph.verify_before.as_deref(), Some("SELECT count(*) FROM \"events\" WHERE \"note\" IS NULL"));
        assert!(ph.statements[0].contains("\"note\" INTEGER NOT NULL"), "{ph:#?}");
    }

    #[test]
    fn sqlite_has_nothing_to_plan_when_it_stores_the_same_type_or_for_using() {
        assert!(plans(SETUP, "ALTER TABLE events ALTER COLUMN amount TYPE bigint;", "sqlite").is_empty());
        assert!(
            plans(SETUP, "ALTER TABLE events ALTER COLUMN note TYPE integer USING length(note);", "sqlite").is_empty()
        );
    }
}

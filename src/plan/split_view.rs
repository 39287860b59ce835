//! The compatibility view of a table split on PostgreSQL (catalogue §2.9): once the moved
//! columns are dropped, old code may still read and write them through the old table's name.
//!
//! ```sql
//! ALTER TABLE users RENAME TO users__pm;
//! CREATE VIEW users AS SELECT b.*, e.street, e.city FROM users__pm b LEFT JOIN addresses e ON e.user_id = b.id;
//! ALTER VIEW users ALTER COLUMN id SET DEFAULT nextval(pg_get_serial_sequence('users__pm', 'id'));
//! CREATE FUNCTION users__pm_view() … ;  -- INSTEAD OF INSERT / UPDATE / DELETE: both tables
//! CREATE TRIGGER users__pm_view INSTEAD OF INSERT OR UPDATE OR DELETE ON users …;
//! ```
//!
//! A join view is not updatable by itself, so an INSTEAD OF trigger writes the base table and
//! the new one; the view's columns get the base table's defaults (a serial or identity key its
//! sequence), so an `INSERT … RETURNING id` through the view works as before. Once no code uses
//! the old columns, the view goes and the table takes its name back, in one transaction.

use super::cx::Cx;
use crate::ir::{AutoIncrement, QName};
use crate::schema::Table;

/// What the view needs from the split.
pub struct SplitShape<'a> {
    /// The old table (`users`), without the moved columns now.
    pub old: &'a Table,
    /// Its name.
    pub name: &'a QName,
    /// Its single-column primary key.
    pub pk: &'a str,
    /// The new table (`addresses`).
    pub new: &'a QName,
    /// The new table's key referencing `pk`.
    pub key: &'a str,
    /// The moved columns.
    pub moved: &'a [String],
}

/// The statements putting the view in place (the old table renamed under it), and those removing
/// it (the table renamed back).
pub fn statements(s: &SplitShape<'_>, cx: &Cx<'_>) -> Option<(Vec<String>, Vec<String>)> {
    let base_name = Cx::sibling(s.name, format!("{}__pm", s.name.name));
    let (view, base, n) = (cx.qn(s.name), cx.qn(&base_name), cx.qn(s.new));
    let (pk, key) = (cx.q(s.pk), cx.q(s.key));
    let cols: Vec<String> = s.old.columns.iter().map(|c| cx.q(&c.name)).collect();
    let moved: Vec<String> = s.moved.iter().map(|c| cx.q(c)).collect();
    let row = |r: &str, list: &[String]| list.iter().map(|c| format!("{r}.{c}")).collect::<Vec<_>>().join(", ");
    let any_set = moved.iter().map(|c| format!("NEW.{c} IS NOT NULL")).collect::<Vec<_>>().join(" OR ");
    let changed =
        moved.iter().map(|c| cx.differ(&format!("NEW.{c}"), &format!("OLD.{c}"))).collect::<Vec<_>>().join(" OR ");
    let (func, trig) =
        (cx.qn(&Cx::sibling(s.name, format!("{}__pm_view", s.name.name))), cx.q(&format!("{}__pm_view", s.name.name)));
    let upsert = format!(
        "INSERT INTO {n} ({key}, {}) VALUES (NEW.{pk}, {}) ON CONFLICT ({key}) DO UPDATE SET {}",
        moved.join(", "),
        row("NEW", &moved),
        moved.iter().map(|c| format!("{c} = excluded.{c}")).collect::<Vec<_>>().join(", ")
    );
    let set_base = cols.iter().map(|c| format!("{c} = NEW.{c}")).collect::<Vec<_>>().join(", ");
    let body = format!(
        "IF TG_OP = 'DELETE' THEN DELETE FROM {n} WHERE {key} = OLD.{pk}; DELETE FROM {base} WHERE {pk} = OLD.{pk}; \
         RETURN OLD; END IF; \
         IF TG_OP = 'INSERT' THEN INSERT INTO {base} ({}) OVERRIDING SYSTEM VALUE VALUES ({}); \
         IF {any_set} THEN {upsert}; END IF; RETURN NEW; END IF; \
         UPDATE {base} SET {set_base} WHERE {pk} = OLD.{pk}; \
         IF {changed} THEN IF {any_set} THEN {upsert}; ELSE DELETE FROM {n} WHERE {key} = NEW.{pk}; END IF; END IF; \
         RETURN NEW;",
        cols.join(", "),
        row("NEW", &cols)
    );
    let execute = if cx.target.at_least(11, 0) { "FUNCTION" } else { "PROCEDURE" };
    let mut put = vec![
        format!("ALTER TABLE {view} RENAME TO {}", cx.q(&base_name.name)),
        format!(
            "CREATE VIEW {view} AS SELECT b.*, {} FROM {base} AS b LEFT JOIN {n} AS e ON e.{key} = b.{pk}",
            row("e", &moved)
        ),
    ];
    for c in &s.old.columns {
        let default = match c.auto_increment {
            Some(AutoIncrement::Serial | AutoIncrement::IdentityAlways | AutoIncrement::IdentityByDefault) => {
                let table = cx.lit(&cx.qn(&base_name));
                Some(format!("nextval(pg_get_serial_sequence({table}, {}))", cx.lit(&c.name)))
            }
            _ => cx.default_of(c),
        };
        if let Some(d) = default {
            put.push(format!("ALTER VIEW {view} ALTER COLUMN {} SET DEFAULT {d}", cx.q(&c.name)));
        }
    }
    put.push(format!("CREATE FUNCTION {func}() RETURNS trigger LANGUAGE plpgsql AS $pm$ BEGIN {body} END $pm$"));
    put.push(format!(
        "CREATE TRIGGER {trig} INSTEAD OF INSERT OR UPDATE OR DELETE ON {view} FOR EACH ROW EXECUTE {execute} {func}()"
    ));
    let remove = vec![
        format!("DROP VIEW {view}"),
        format!("DROP FUNCTION {func}()"),
        format!("ALTER TABLE {base} RENAME TO {}", cx.q(&s.name.name)),
    ];
    Some((put, remove))
}

//! The names TypeORM changes along with a renamed column (`renameColumn`, or `changeColumn` with
//! a new name): a primary key, unique constraint, index or foreign key whose name is TypeORM's
//! default for its columns (`PK_`/`UQ_`/`IDX_`/`FK_<hash>`) gets the default name for the new
//! columns; names given by hand stay.

use super::change::loaded_flag;
use super::columns::{quote, quote_path};
use super::naming;
use super::tcolumn;
use crate::host::Value;
use crate::ir::SqlDialect;

/// The renames TypeORM makes when a column is renamed: constraints and indexes whose name is the
/// default one for their columns get the default name for the new columns (the column moves to
/// the end of their column list). PostgreSQL renames the index behind a key or unique constraint
/// with `ALTER INDEX`, MySQL writes `RENAME INDEX`; a foreign key, and on SQLite (whose rebuild
/// writes the new names) a unique constraint or index, is dropped and made again.
pub fn renamed_names(d: SqlDialect, table: &str, from: &str, to: &str, loaded: Option<&Value>) -> Vec<String> {
    let t = quote_path(d, table);
    let with_new = |cols: &[String]| -> Vec<String> {
        let mut cols: Vec<String> = cols.iter().filter(|c| *c != from).cloned().collect();
        cols.push(to.to_string());
        cols
    };
    let list = |cols: &[String]| cols.iter().map(|c| quote(d, c)).collect::<Vec<_>>().join(", ");
    let mine = |v: &&Value| tcolumn::strings(v, "columnNames").iter().any(|c| c == from);
    let mut out = Vec::new();
    let primary = tcolumn::names(&tcolumn::primary_columns(loaded));
    let pk_named =
        tcolumn::primary_columns(loaded).first().is_some_and(|c| c.text("primaryKeyConstraintName").is_some());
    if d == SqlDialect::Postgres && primary.iter().any(|n| n == from) && !pk_named {
        let (old, new) = (naming::primary_key(table, &primary), naming::primary_key(table, &with_new(&primary)));
        out.push(format!("ALTER INDEX {} RENAME TO {}", quote(d, &old), quote(d, &new)));
    }
    for u in tcolumn::list(loaded, "uniques").iter().filter(mine) {
        let cols = tcolumn::strings(u, "columnNames");
        let name = tcolumn::text(u, "name").unwrap_or_default();
        if name != naming::unique(table, &cols) {
            continue;
        }
        let new = naming::unique(table, &with_new(&cols));
        match d {
            SqlDialect::Postgres => out.push(format!("ALTER INDEX {} RENAME TO {}", quote(d, &name), quote(d, &new))),
            _ => {
                out.push(format!("ALTER TABLE {t} DROP CONSTRAINT {}", quote(d, &name)));
                out.push(format!(
                    "ALTER TABLE {t} ADD CONSTRAINT {} UNIQUE ({})",
                    quote(d, &new),
                    list(&with_new(&cols))
                ));
            }
        }
    }
    for i in tcolumn::list(loaded, "indices").iter().filter(mine) {
        let cols = tcolumn::strings(i, "columnNames");
        let predicate = tcolumn::text(i, "where");
        let name = tcolumn::text(i, "name").unwrap_or_default();
        // MySQL computes the old name without the predicate.
        let old = naming::index(table, &cols, predicate.as_deref().filter(|_| d != SqlDialect::Mysql));
        if name != old {
            continue;
        }
        let new = naming::index(table, &with_new(&cols), predicate.as_deref());
        match d {
            SqlDialect::Postgres => out.push(format!("ALTER INDEX {} RENAME TO {}", quote(d, &name), quote(d, &new))),
            SqlDialect::Mysql => {
                out.push(format!("ALTER TABLE {t} RENAME INDEX {} TO {}", quote(d, &name), quote(d, &new)))
            }
            SqlDialect::Sqlite => {
                let unique = if loaded_flag(i, "isUnique") { "UNIQUE " } else { "" };
                out.push(format!("DROP INDEX {}", quote(d, &name)));
                let mut create = format!("CREATE {unique}INDEX {} ON {t} ({})", quote(d, &new), list(&with_new(&cols)));
                if let Some(w) = predicate {
                    create.push_str(&format!(" WHERE {w}"));
                }
                out.push(create);
            }
        }
    }
    for fk in tcolumn::list(loaded, "foreignKeys").iter().filter(mine) {
        let cols = tcolumn::strings(fk, "columnNames");
        let name = tcolumn::text(fk, "name").unwrap_or_default();
        if name != naming::foreign_key(table, &cols) {
            continue;
        }
        let new = naming::foreign_key(table, &with_new(&cols));
        let mut add = format!(
            "ALTER TABLE {t} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {}({})",
            quote(d, &new),
            list(&with_new(&cols)),
            quote_path(d, &tcolumn::text(fk, "referencedTableName").unwrap_or_default()),
            list(&tcolumn::strings(fk, "referencedColumnNames"))
        );
        for (key, clause) in [("onDelete", "ON DELETE"), ("onUpdate", "ON UPDATE")] {
            if let Some(a) = tcolumn::text(fk, key) {
                add.push_str(&format!(" {clause} {a}"));
            }
        }
        let drop = if d == SqlDialect::Mysql { "DROP FOREIGN KEY" } else { "DROP CONSTRAINT" };
        out.push(format!("ALTER TABLE {t} {drop} {}", quote(d, &name)));
        out.push(add);
    }
    out
}

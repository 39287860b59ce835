//! TypeORM's SQLite table rebuild, turned back into the logical operations it implements:
//!
//! ```text
//! CREATE TABLE "temporary_post" (… new definition …)
//! INSERT INTO "temporary_post"("id", "title") SELECT "id", "name" FROM "post"
//! DROP TABLE "post"
//! ALTER TABLE "temporary_post" RENAME TO "post"
//! ```
//!
//! becomes the difference between the replayed `post` and the new definition: added, dropped and
//! renamed columns (the INSERT's column lists pair new names with old ones), altered column types,
//! nullability and defaults, added and dropped constraints. The `CREATE INDEX` statements right
//! after it that recreate indexes the table still has are part of the rebuild. polymig's own rebuild
//! (`_polymig_new_<t>`, between `PRAGMA` statements) is read the same way, so SQLite SQL exported
//! to another dialect or back to TypeORM keeps its meaning.

use crate::ir::{
    AddColumn, AddConstraint, AlterColumn, Change, Column, Constraint, CreateTable, DropColumn, DropConstraint,
    Migration, Op, Operation, RenameColumn, SqlDialect,
};
use crate::schema::{Schema, Table, replay};

const PREFIXES: [&str; 2] = ["temporary_", "_polymig_new_"];

/// Rewrite the rebuilds in every migration of a history (in order), for `dialect`'s replay.
pub fn recognise(migrations: &mut [Migration], dialect: Option<SqlDialect>) {
    let mut state = Schema::default();
    for m in migrations {
        m.up = rewrite(&m.up, &mut state.clone(), dialect);
        let before_down = {
            let mut s = state.clone();
            for op in &m.up {
                let _ = replay(&mut s, op, dialect);
            }
            s
        };
        if let Some(down) = &m.down {
            m.down = Some(rewrite(down, &mut before_down.clone(), dialect));
        }
        state = before_down;
    }
}

fn is_pragma(op: &Op) -> bool {
    matches!(&op.kind, Operation::Sql(raw) if raw.sql.trim_start().to_ascii_uppercase().starts_with("PRAGMA"))
}

/// A rebuild found at `ops[i]`: the new definition, the rebuilt table's name, the copied column
/// pairs `(new, old)`, and the index of the first operation after it.
type Rebuild<'a> = (&'a CreateTable, String, Vec<(String, String)>, usize);

/// The rebuild starting at `ops[i]`.
fn rebuild_at(ops: &[Op], i: usize) -> Option<Rebuild<'_>> {
    let Operation::CreateTable(ct) = &ops.get(i)?.kind else { return None };
    let target = PREFIXES.iter().find_map(|p| ct.table.name.strip_prefix(p))?.to_string();
    let mut j = i + 1;
    let mut next = |ops: &[Op]| -> Option<usize> {
        while ops.get(j).is_some_and(is_pragma) {
            j += 1;
        }
        j += 1;
        ops.get(j - 1).map(|_| j - 1)
    };
    let insert = next(ops)?;
    let Operation::Sql(raw) = &ops[insert].kind else { return None };
    let (into, from) = raw.sql.split_once(" SELECT ")?;
    let new_cols = idents(into.split_once('(')?.1);
    let old_cols = idents(from.rsplit_once(" FROM ")?.0);
    let names_table = [format!("\"{}\"", ct.table.name), format!("`{}`", ct.table.name)];
    if new_cols.len() != old_cols.len() || !names_table.iter().any(|t| into.contains(t.as_str())) {
        return None;
    }
    let drop = next(ops)?;
    let rename = next(ops)?;
    match (&ops[drop].kind, &ops[rename].kind) {
        (Operation::DropTable(d), Operation::RenameTable(r))
            if d.table.name == target && r.from.name == ct.table.name && r.to.name == target => {}
        _ => return None,
    }
    let mut end = rename + 1;
    while ops.get(end).is_some_and(is_pragma) {
        end += 1;
    }
    Some((ct, target, new_cols.into_iter().zip(old_cols).collect(), end))
}

/// `"a", "b"` / `` `a` `` / `a, b` → the names, in order.
fn idents(s: &str) -> Vec<String> {
    s.split(',')
        .map(|p| p.trim().trim_end_matches(')').trim().trim_matches(['"', '`', '[', ']']).to_string())
        .filter(|p| !p.is_empty() && !p.contains(' '))
        .collect()
}

fn rewrite(ops: &[Op], state: &mut Schema, dialect: Option<SqlDialect>) -> Vec<Op> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ops.len() {
        if let Some((ct, target, pairs, end)) = rebuild_at(ops, i) {
            let old = ct.table.clone();
            let old_name = crate::ir::QName { name: target, ..old };
            if let Some(table) = state.table(&old_name).cloned() {
                let logical = diff(&table, ct, &pairs, &ops[i]);
                for op in &logical {
                    let _ = replay(state, op, dialect);
                }
                out.extend(logical);
                i = end;
                // The indexes the rebuild recreates (DROP TABLE dropped them) are the ones the
                // state still has: not operations of their own.
                while let Some(Operation::CreateIndex(ci)) = ops.get(i).map(|o| &o.kind) {
                    let same = ci.index.name.as_deref().and_then(|n| state.table(&ci.index.table)?.index(n));
                    if same != Some(&ci.index) {
                        break;
                    }
                    i += 1;
                }
                continue;
            }
        }
        let _ = replay(state, &ops[i], dialect);
        out.push(ops[i].clone());
        i += 1;
    }
    out
}

/// The logical operations that turn `old` into the rebuilt table.
fn diff(old: &Table, new: &CreateTable, pairs: &[(String, String)], at: &Op) -> Vec<Op> {
    let table = old.name.clone();
    let mk = |kind: Operation| Op { kind, span: at.span.clone() };
    let mut out = Vec::new();
    let renamed_from = |new_name: &str| pairs.iter().find(|(n, _)| n == new_name).map(|(_, o)| o.clone());
    // Dropped constraints first (they may use dropped columns).
    let same =
        |a: &Constraint, b: &Constraint| a.kind == b.kind && (a.name == b.name || a.name.is_none() || b.name.is_none());
    for c in &old.constraints {
        if !new.constraints.iter().any(|n| same(c, n))
            && let Some(name) = &c.name
        {
            out.push(mk(
                DropConstraint { table: table.clone(), name: name.clone(), if_exists: false, cascade: false }.into()
            ));
        }
    }
    for c in &old.columns {
        if !pairs.iter().any(|(_, o)| *o == c.name) {
            out.push(mk(
                DropColumn { table: table.clone(), column: c.name.clone(), if_exists: false, cascade: false }.into()
            ));
        }
    }
    for c in &new.columns {
        match renamed_from(&c.name) {
            Some(from) => {
                if from != c.name {
                    out.push(mk(RenameColumn { table: table.clone(), from: from.clone(), to: c.name.clone() }.into()));
                }
                if let Some(prev) = old.column(&from) {
                    out.extend(alter(prev, c, &table).map(|a| mk(a.into())));
                }
            }
            None => out.push(mk(AddColumn {
                table: table.clone(),
                column: c.clone(),
                constraints: Vec::new(),
                if_not_exists: false,
            }
            .into())),
        }
    }
    for c in &new.constraints {
        if !old.constraints.iter().any(|o| same(o, c)) {
            out.push(mk(AddConstraint { table: table.clone(), constraint: c.clone(), not_valid: false }.into()));
        }
    }
    out
}

fn alter(old: &Column, new: &Column, table: &crate::ir::QName) -> Option<AlterColumn> {
    let data_type = (old.data_type != new.data_type).then(|| new.data_type.clone());
    let nullable = (old.nullable != new.nullable).then_some(new.nullable);
    let default = (old.default != new.default).then(|| match &new.default {
        Some(d) => Change::Set(d.clone()),
        None => Change::Drop,
    });
    (data_type.is_some() || nullable.is_some() || default.is_some()).then(|| AlterColumn {
        table: table.clone(),
        column: new.name.clone(),
        data_type,
        using: None,
        nullable,
        default,
        comment: None,
    })
}

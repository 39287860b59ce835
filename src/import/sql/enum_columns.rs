//! Enum columns across snippets: ORM importers read SQL one call at a time
//! (`queryRunner.query(...)`, `execute`, `op.execute`), so a `CREATE TYPE "public"."role" AS ENUM`
//! in one call is not known when the next call's column says `"public"."role"`. After the history
//! is ordered, [`resolve_enum_columns`] turns such native column types into enum types.

use std::collections::BTreeSet;

use crate::ir::{DataType, Migration, Op, Operation, QName};

/// Rewrite `Native` column types that name an enum created earlier in the history.
pub fn resolve_enum_columns(migrations: &mut [Migration]) {
    let mut known: BTreeSet<(Option<String>, String)> = BTreeSet::new();
    for m in migrations {
        walk(&mut m.up, &mut known);
        if let Some(down) = &mut m.down {
            walk(down, &mut known.clone());
        }
    }
}

fn walk(ops: &mut [Op], known: &mut BTreeSet<(Option<String>, String)>) {
    for op in ops {
        match &mut op.kind {
            Operation::CreateEnum(e) => {
                known.insert((e.name.schema.clone(), e.name.name.clone()));
            }
            Operation::DropEnum(e) => {
                known.retain(|(_, n)| *n != e.name.name);
            }
            Operation::CreateTable(t) => t.columns.iter_mut().for_each(|c| fix(&mut c.data_type, known)),
            Operation::AddColumn(a) => fix(&mut a.column.data_type, known),
            Operation::AlterColumn(a) => {
                if let Some(t) = &mut a.data_type {
                    fix(t, known);
                }
            }
            Operation::ByDialect(b) => {
                for br in &mut b.branches {
                    walk(&mut br.ops, &mut known.clone());
                }
                walk(&mut b.otherwise, known);
            }
            _ => {}
        }
    }
}

/// `"public"."role"`, `public.role` or `role` naming a known enum → `Enum { name }`.
fn fix(t: &mut DataType, known: &BTreeSet<(Option<String>, String)>) {
    let DataType::Native { sql, .. } = t else { return };
    let parts: Vec<String> = sql.split('.').map(|p| p.trim().trim_matches('"').to_string()).collect();
    let name = match parts.as_slice() {
        [name] => QName::new(name.as_str()),
        [schema, name] => QName::qualified(schema.as_str(), name.as_str()),
        _ => return,
    };
    let hit = known.iter().any(|(s, n)| *n == name.name && (name.schema.is_none() || s.is_none() || *s == name.schema));
    if hit && !name.name.is_empty() && !name.name.contains(['(', ' ', '[']) {
        *t = DataType::Enum { name: Some(name), values: Vec::new() };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::SqlDialect;

    #[test]
    fn a_qualified_native_type_naming_an_earlier_enum_becomes_that_enum() {
        let (mut a, _) = crate::import::sql::parse_script(
            "CREATE TYPE \"public\".\"role\" AS ENUM ('a', 'b')",
            "1.sql",
            SqlDialect::Postgres,
        );
        let (b, _) = crate::import::sql::parse_script(
            "CREATE TABLE u (id int PRIMARY KEY, r \"public\".\"role\", s \"public\".\"other\")",
            "2.sql",
            SqlDialect::Postgres,
        );
        a.extend(b);
        let mut m = Migration::new("1", "x");
        m.up = a;
        let mut ms = vec![m];
        resolve_enum_columns(&mut ms);
        let Operation::CreateTable(t) = &ms[0].up[1].kind else { panic!() };
        assert!(matches!(&t.columns[1].data_type, DataType::Enum { name: Some(n), .. } if n.name == "role"));
        assert!(matches!(&t.columns[2].data_type, DataType::Native { .. }), "{:?}", t.columns[2].data_type);
    }
}

//! Where a schema writes each table and column, and the rename hints written in it.
//!
//! The migration from a schema is a `schema::diff` of two states, so its operations know tables
//! and columns, not source lines; [`read`] gives the diff the line of each model, enum, view and
//! field (keyed by the database names Migrate uses), so every operation and `probable-rename`
//! warning points at the model or field that asks for it.
//!
//! A rename hint is a doc-comment line on the model or field, naming the database name it had
//! before:
//!
//! ```prisma
//! /// polymig:renamed-from customers
//! model Client {
//!   id   Int    @id
//!   /// polymig:renamed-from full_name
//!   name String
//! }
//! ```

use std::collections::BTreeMap;

use super::ast::{Block, BlockKind, Member, Value};
use super::lower::column_name;
use super::source::Sources;
use crate::ir::{QName, Span};
use crate::schema::diff::{Rename, location_key};

/// The doc-comment marker of a rename hint.
const RENAMED_FROM: &str = "polymig:renamed-from";

/// The locations of `src`'s tables and columns ([`crate::schema::diff::DiffOptions::locations`])
/// and its rename hints.
pub fn read(src: &Sources) -> (BTreeMap<String, Span>, Vec<Rename>) {
    let mut at = BTreeMap::new();
    let mut renames = Vec::new();
    for (file, block) in src.blocks() {
        if !matches!(block.kind, BlockKind::Model | BlockKind::View | BlockKind::Enum) {
            continue;
        }
        let table = db_name(block);
        at.entry(location_key(&table, None)).or_insert_with(|| file.span(block.loc));
        if let Some(old) = renamed_from(block.doc.as_deref()) {
            renames.push(Rename::Table { from: QName { schema: table.schema.clone(), name: old }, to: table.clone() });
        }
        for m in &block.members {
            let Member::Field(f) = m else { continue };
            let column = column_name(f);
            at.entry(location_key(&table, Some(&column))).or_insert_with(|| file.span(f.loc));
            if let Some(old) = renamed_from(f.doc.as_deref()) {
                renames.push(Rename::Column { table: table.clone(), from: old, to: column });
            }
        }
    }
    (at, renames)
}

/// The database name of a model, view or enum: `@@map`, in `@@schema`.
fn db_name(block: &Block) -> QName {
    let arg = |name: &str| {
        block.members.iter().find_map(|m| match m {
            Member::BlockAttribute(a) if a.name == name => a.arg("name", true).and_then(Value::as_str),
            _ => None,
        })
    };
    let name = arg("map").unwrap_or(&block.name).to_string();
    QName { schema: arg("schema").map(str::to_string), name }
}

/// `polymig:renamed-from old_name` in a doc comment → `old_name`.
fn renamed_from(doc: Option<&str>) -> Option<String> {
    doc?.lines().find_map(|l| {
        let rest = l.trim().strip_prefix(RENAMED_FROM)?;
        let name = rest.trim().trim_matches('"');
        (!name.is_empty()).then(|| name.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_and_fields_are_located_and_hints_read() {
        let text = "model Client {\n  id Int @id\n  /// polymig:renamed-from full_name\n  name String @map(\"display_name\")\n  @@map(\"clients\")\n}\n\n/// polymig:renamed-from customers\nmodel Other {\n  id Int @id\n}\n";
        let mut diags = Vec::new();
        let src = Sources::parse(vec![("schema.prisma".into(), text.into())], &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        let (at, renames) = read(&src);
        assert_eq!(at["clients"].line, 1);
        assert_eq!(at["clients.display_name"].line, 4);
        assert_eq!(at["other"].line, 9);
        assert_eq!(
            renames,
            [
                Rename::Column { table: QName::new("clients"), from: "full_name".into(), to: "display_name".into() },
                Rename::Table { from: QName::new("customers"), to: QName::new("Other") },
            ]
        );
    }
}

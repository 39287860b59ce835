//! `revert`: ActiveRecord's two spellings of "undo this".
//!
//! - `revert do … end` inverts the block's own statements.
//! - `revert CreateWidgets, AddColor` runs other migration classes backwards: each one's
//!   `down` (its explicit `down`, or its `change` inverted), the last named first. The
//!   classes are the migrations read earlier in the same history ([`Earlier`]); a class
//!   that is not there (a gem's, or a later file's) makes the call Opaque with that reason.
//!
//! Either way the result is a [`Piece::Pair`]: rolling the reverting migration back runs the
//! reverted statements forwards again.

use std::collections::BTreeMap;

use super::ops::{Ctx, Piece, up_ops};
use crate::host::{CallEffect, Value};
use crate::ir::{Migration, Op, SqlDialect};
use crate::schema::Schema;

/// The migrations read so far in a history, by class name, with both directions, so that a
/// later `revert ClassName` can run one backwards.
#[derive(Debug, Default, Clone)]
pub struct Earlier {
    by_class: BTreeMap<String, Directions>,
}

/// Both directions of one earlier migration.
#[derive(Debug, Clone)]
struct Directions {
    /// The file it came from (for the messages).
    file: String,
    up: Vec<Op>,
    /// Its down, or why it has none.
    down: Result<Vec<Op>, String>,
}

/// No earlier migration (a file imported on its own).
static NONE: Earlier = Earlier { by_class: BTreeMap::new() };

impl Earlier {
    /// The empty history.
    pub fn none() -> &'static Earlier {
        &NONE
    }

    /// Remember migration `m` of class `class`, read against the schema `before` it.
    pub fn record(&mut self, class: &str, m: &Migration, before: &Schema, dialect: SqlDialect) {
        let down = crate::schema::invert_migration(m, before, Some(dialect)).map_err(|e| e.reason);
        let file = m.source.clone().unwrap_or_else(|| m.id.clone());
        self.by_class.insert(short(class).to_string(), Directions { file, up: m.up.clone(), down });
    }

    fn get(&self, class: &str) -> Option<&Directions> {
        self.by_class.get(short(class))
    }
}

/// `Shop::CreateWidgets` → `CreateWidgets` (ActiveRecord keys migrations by file name only).
fn short(class: &str) -> &str {
    class.rsplit("::").next().unwrap_or(class)
}

/// `revert do … end` or `revert A, B`.
pub fn revert(ctx: &mut Ctx, c: &CallEffect) -> Result<Vec<Piece>, String> {
    if c.block.is_some() {
        return revert_block(ctx, c);
    }
    revert_classes(ctx, c)
}

/// `revert do … end`: the block's operations inverted; rolling back runs them as written.
fn revert_block(ctx: &mut Ctx, c: &CallEffect) -> Result<Vec<Piece>, String> {
    let before = ctx.state.clone();
    let inner = up_ops(&super::ops::lower_isolated(ctx, c.block.as_ref().map(|b| b.effects.as_slice()).unwrap_or(&[])));
    let up = crate::schema::invert_ops(&inner, &before, Some(ctx.adapter()))
        .map_err(|e| format!("`revert` cannot invert an operation: {}", e.reason))?;
    ctx.replay(&up);
    Ok(vec![Piece::Pair { up, down: inner }])
}

/// `revert A, B`: B's down, then A's down; rolling back runs A's up, then B's up.
fn revert_classes(ctx: &mut Ctx, c: &CallEffect) -> Result<Vec<Piece>, String> {
    let call = &c.call;
    if call.args.is_empty() {
        return Err("`revert` names no migration class and has no block".into());
    }
    let mut classes = Vec::new();
    for arg in &call.args {
        match arg {
            Value::Path(p) if p.starts_with(|ch: char| ch.is_ascii_uppercase()) => classes.push(p.clone()),
            other => {
                let what = other.path().unwrap_or_else(|| "an expression".into());
                return Err(format!("`revert` of {what}: only migration class names can be reverted"));
            }
        }
    }
    let mut found = Vec::new();
    for class in &classes {
        let Some(d) = ctx.earlier.get(class) else {
            return Err(format!(
                "`revert {class}`: no earlier migration of this history defines `{class}` (only migrations read before \
                 this one can be reverted)"
            ));
        };
        found.push((class, d));
    }
    let mut up = Vec::new();
    for (class, d) in found.iter().rev() {
        match &d.down {
            Ok(down) => up.extend(down.iter().cloned()),
            Err(reason) => return Err(format!("`revert {class}`: {} cannot be rolled back: {reason}", d.file)),
        }
    }
    let mut down: Vec<Op> = found.iter().flat_map(|(_, d)| d.up.iter().cloned()).collect();
    // The statements come from other files; they are imported here, at the `revert` call.
    for op in up.iter_mut().chain(down.iter_mut()) {
        op.span = ctx.span.clone();
    }
    ctx.replay(&up);
    Ok(vec![Piece::Pair { up, down }])
}

//! The schema state: `replay` an operation onto a [`Schema`], `invert` an
//! operation into its down steps, and `introspect` a live database.

pub mod compare;
pub mod diff;
pub mod introspect;
mod invert;
mod model;
pub mod naming;
mod replay;
mod replay_objects;
#[cfg(test)]
mod replay_tests;

pub use diff::{Diff, DiffOptions, Rename, diff};
pub use invert::{Irreversible, invert, invert_migration, invert_ops};
pub use model::{EnumType, Schema, Table, View};
pub use replay::{check_backfill, replay, replay_migration, select_branch};

//! Importers: one module per source format, each producing [`crate::ir::Migration`]s.

pub mod sql;

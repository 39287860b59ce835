//! Exporters: IR → SQL per dialect (and, later, ORM formats through templates).

pub mod alembic;
pub mod sql;

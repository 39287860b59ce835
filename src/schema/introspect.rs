//! Read a live database into a [`Schema`].
//!
//! OWNED BY: introspection helper (stub API; becomes a folder with one file per database).

//! polymig — translate database migrations between ORMs and SQL dialects, and run them.
//!
//! The pipeline: `import::<format>` → [`ir`] (one neutral operation IR) →
//! [`schema`] (replayed state) → `export::sql` (per-dialect SQL). The CLI in
//! [`cli`] is a thin shell over these modules.

pub mod apply;
pub mod cli;
pub mod diagnostics;
pub mod export;
pub mod history;
pub mod host;
pub mod import;
pub mod ir;
pub mod lint;
pub mod plan;
pub mod schema;
pub mod sql_expr;

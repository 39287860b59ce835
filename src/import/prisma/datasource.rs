//! The `datasource` block as Prisma Migrate reads it: `provider` picks the dialect,
//! `relationMode = "prisma"` turns foreign keys off, `schemas`/`extensions` are listed;
//! `url`, `directUrl`, `shadowDatabaseUrl` (literals or `env("…")`) are accepted and ignored.

use super::ast::{BlockKind, Member, Value};
use super::source::Sources;
use crate::diagnostics::Diagnostic;
use crate::ir::{Span, SqlDialect};

/// What the datasource says.
#[derive(Debug, Clone, Default)]
pub struct Datasource {
    /// `provider = "postgresql"` as written.
    pub provider: Option<String>,
    /// The dialect it maps to.
    pub dialect: Option<SqlDialect>,
    /// `relationMode = "prisma"`: relations are emulated, no foreign keys.
    pub emulated_relations: bool,
    /// `schemas = ["public", "audit"]`.
    pub schemas: Vec<String>,
    /// `extensions = [pgcrypto, postgis(version: "3")]`.
    pub extensions: Vec<String>,
    /// Where the block starts.
    pub span: Option<Span>,
}

/// The dialect of a `provider` string; `Err` for providers Prisma has but polymig does not run.
pub fn provider_dialect(provider: &str) -> Result<SqlDialect, String> {
    match provider {
        "postgresql" | "postgres" => Ok(SqlDialect::Postgres),
        "mysql" => Ok(SqlDialect::Mysql),
        "sqlite" => Ok(SqlDialect::Sqlite),
        "cockroachdb" | "sqlserver" | "mongodb" => {
            Err(format!("provider `{provider}` is not one of polymig's databases (PostgreSQL, MySQL, SQLite)"))
        }
        other => Err(format!("unknown provider `{other}`")),
    }
}

/// Read the (first) datasource block; a second one is an error, as in Prisma.
pub fn read(src: &Sources, diags: &mut Vec<Diagnostic>) -> Datasource {
    let mut ds = Datasource::default();
    for (file, block) in src.blocks().filter(|(_, b)| b.kind == BlockKind::Datasource) {
        let span = file.span(block.loc);
        if ds.span.is_some() {
            diags.push(Diagnostic::error("prisma-datasource", "only one datasource block is allowed").at(span));
            continue;
        }
        ds.span = Some(span.clone());
        for m in &block.members {
            let Member::Property(p) = m else {
                if let Member::BlockAttribute(a) = m {
                    diags.push(
                        Diagnostic::error(
                            "prisma-datasource",
                            format!("`@@{}` is not allowed in a datasource", a.name),
                        )
                        .at(file.span(a.loc)),
                    );
                }
                continue;
            };
            let pspan = file.span(p.loc);
            match (p.key.as_str(), &p.value) {
                ("provider", Value::String(s)) => {
                    match provider_dialect(s) {
                        Ok(d) => ds.dialect = Some(d),
                        Err(e) => diags.push(Diagnostic::error("prisma-provider", e).at(pspan)),
                    }
                    ds.provider = Some(s.clone());
                }
                ("relationMode" | "referentialIntegrity", Value::String(s)) => match s.as_str() {
                    "prisma" => ds.emulated_relations = true,
                    "foreignKeys" => ds.emulated_relations = false,
                    other => diags.push(
                        Diagnostic::error(
                            "prisma-datasource",
                            format!("relationMode `{other}` is not `prisma` or `foreignKeys`"),
                        )
                        .at(pspan),
                    ),
                },
                ("schemas", Value::Array(items)) => {
                    ds.schemas = items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
                }
                ("extensions", Value::Array(items)) => {
                    ds.extensions = items
                        .iter()
                        .filter_map(|v| match v {
                            Value::Ident(n) | Value::Call(n, _) => Some(n.clone()),
                            _ => None,
                        })
                        .collect();
                }
                ("url" | "directUrl" | "shadowDatabaseUrl", Value::String(_)) => {}
                ("url" | "directUrl" | "shadowDatabaseUrl", Value::Call(f, _)) if f == "env" => {}
                (key, _) => diags.push(
                    Diagnostic::warning(
                        "prisma-datasource",
                        format!("datasource property `{key}` is not understood; ignored"),
                    )
                    .at(pspan),
                ),
            }
        }
        if ds.provider.is_none() {
            diags.push(Diagnostic::error("prisma-datasource", "the datasource has no `provider`").at(span));
        }
    }
    ds
}

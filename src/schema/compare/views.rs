//! Views, compared by what both sides state reliably: name, materialized flag and the list of
//! output columns.
//!
//! PostgreSQL and MariaDB keep no view text: they print the query back from its parse tree
//! (`select sales.id, sum(sales.amount) as total …`), so matching it with the query a migration
//! wrote would take a heuristic. Their view queries are therefore **not compared**; the column
//! list stands in for them. SQLite stores the text as written, so there the canonical query is
//! compared too.
//!
//! A replayed view without a written column list gets the columns its query names: an alias,
//! a column reference (its last part), or `*` over one plain table (that table's columns, from
//! the schema being normalized). When some output column has no such name (an unaliased
//! expression, which each database names its own way), the list stays unknown and
//! [`super::differences`] compares that view by name and materialized flag only.

use sqlparser::ast::{Expr, Ident, ObjectNamePart, Query, SelectItem, SetExpr, TableFactor};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

use super::canon::canonical_expr;
use crate::ir::{QName, SqlDialect};
use crate::schema::Schema;

/// Derive missing column lists, then keep the query only where it is compared (SQLite).
pub(super) fn normalize_views(schema: &mut Schema, dialect: SqlDialect) {
    let derived: Vec<(String, Vec<String>)> = schema
        .views
        .iter()
        .filter(|(_, v)| v.columns.is_empty())
        .filter_map(|(k, v)| Some((k.clone(), query_columns(&v.query, schema, dialect)?)))
        .collect();
    for (key, columns) in derived {
        if let Some(view) = schema.views.get_mut(&key) {
            view.columns = columns;
        }
    }
    for view in schema.views.values_mut() {
        view.query = match dialect {
            SqlDialect::Sqlite => canonical_expr(view.query.trim().trim_end_matches(';')),
            _ => String::new(),
        };
        if dialect != SqlDialect::Postgres {
            view.materialized = false;
        }
    }
}

/// The output columns `query` names, when every one has a name all databases agree on.
fn query_columns(query: &str, schema: &Schema, dialect: SqlDialect) -> Option<Vec<String>> {
    let mut parser = Parser::new(&PostgreSqlDialect {}).try_with_sql(query).ok()?;
    let query = parser.parse_query().ok()?;
    body_columns(&query, schema, dialect)
}

fn body_columns(query: &Query, schema: &Schema, dialect: SqlDialect) -> Option<Vec<String>> {
    let mut body = query.body.as_ref();
    loop {
        body = match body {
            SetExpr::Query(q) => q.body.as_ref(),
            SetExpr::SetOperation { left, .. } => left.as_ref(),
            _ => break,
        };
    }
    let SetExpr::Select(select) = body else { return None };
    let mut out = Vec::new();
    for item in &select.projection {
        match item {
            SelectItem::ExprWithAlias { alias, .. } => out.push(fold(alias, dialect)),
            SelectItem::UnnamedExpr(Expr::Identifier(id)) => out.push(fold(id, dialect)),
            SelectItem::UnnamedExpr(Expr::CompoundIdentifier(ids)) => out.push(fold(ids.last()?, dialect)),
            SelectItem::Wildcard(_) => {
                let [from] = select.from.as_slice() else { return None };
                let TableFactor::Table { name, .. } = &from.relation else { return None };
                if !from.joins.is_empty() {
                    return None;
                }
                let parts: Vec<String> = name
                    .0
                    .iter()
                    .map(|p| match p {
                        ObjectNamePart::Identifier(id) => Some(fold(id, dialect)),
                        ObjectNamePart::Function(_) => None,
                    })
                    .collect::<Option<_>>()?;
                let qname = match parts.as_slice() {
                    [name] => QName::new(name.clone()),
                    [.., s, name] => QName::qualified(s.clone(), name.clone()),
                    [] => return None,
                };
                out.extend(schema.table(&qname)?.columns.iter().map(|c| c.name.clone()));
            }
            _ => return None,
        }
    }
    Some(out)
}

/// A name as the database stores it: PostgreSQL folds unquoted names to lower case.
fn fold(id: &Ident, dialect: SqlDialect) -> String {
    match (dialect, id.quote_style) {
        (SqlDialect::Postgres, None) => id.value.to_lowercase(),
        _ => id.value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Column, DataType};
    use crate::schema::{Table, View};
    use pretty_assertions::assert_eq;

    fn schema_with(query: &str) -> Schema {
        let mut s = Schema::default();
        let mut t = Table::new(QName::new("sales"));
        t.columns = vec![Column::new("id", DataType::int(32)), Column::new("Region", DataType::Text)];
        s.tables.insert("sales".into(), t);
        let v = View { name: QName::new("v"), columns: vec![], query: query.into(), materialized: true };
        s.views.insert("v".into(), v);
        s
    }

    fn columns(query: &str, dialect: SqlDialect) -> Vec<String> {
        let mut s = schema_with(query);
        normalize_views(&mut s, dialect);
        s.views["v"].columns.clone()
    }

    #[test]
    fn columns_come_from_aliases_references_and_stars() {
        let pg = SqlDialect::Postgres;
        assert_eq!(
            columns("SELECT id, s.Region, sum(amount) AS Total FROM sales s GROUP BY 1, 2", pg),
            ["id", "region", "total"]
        );
        assert_eq!(columns("SELECT id AS \"Key\" FROM sales", SqlDialect::Mysql), ["Key"]);
        assert_eq!(columns("SELECT * FROM sales", SqlDialect::Mysql), ["id", "Region"]);
        assert_eq!(columns("SELECT a FROM x UNION SELECT b FROM y", pg), ["a"]);
    }

    #[test]
    fn unnamed_expressions_leave_the_list_unknown() {
        assert!(columns("SELECT region, sum(amount) FROM sales GROUP BY region", SqlDialect::Postgres).is_empty());
        assert!(columns("SELECT * FROM sales JOIN x ON true", SqlDialect::Postgres).is_empty());
        assert!(columns("not a query", SqlDialect::Postgres).is_empty());
    }

    #[test]
    fn queries_are_compared_on_sqlite_only() {
        let mut s = schema_with("SELECT  id FROM \"sales\"");
        normalize_views(&mut s, SqlDialect::Sqlite);
        assert_eq!((s.views["v"].query.as_str(), s.views["v"].materialized), ("select id from sales", false));
        let mut s = schema_with("SELECT id FROM sales");
        normalize_views(&mut s, SqlDialect::Postgres);
        assert_eq!((s.views["v"].query.as_str(), s.views["v"].materialized), ("", true));
    }
}

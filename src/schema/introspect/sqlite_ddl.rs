//! Reading SQLite's stored `CREATE` statements (`sqlite_master.sql`) for what its pragmas do not
//! tell: constraint names, CHECK expressions, AUTOINCREMENT, generated-column expressions,
//! collations, DEFERRABLE, index expressions and predicates, view queries.

use super::lex::{Token, matching_paren, slice, split_commas, strip_outer_parens, tokenize};
use crate::ir::{Deferrable, GeneratedColumn, IndexKey, IndexPart, SqlDialect};

const D: SqlDialect = SqlDialect::Sqlite;

/// What `CREATE TABLE t (…)` says beyond the pragmas.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct TableDdl {
    /// Column definitions in order.
    pub columns: Vec<ColumnDdl>,
    /// Table and (lifted) column constraints in the order written.
    pub constraints: Vec<ConstraintDdl>,
}

/// One column definition.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct ColumnDdl {
    pub name: String,
    pub collation: Option<String>,
    pub generated: Option<GeneratedColumn>,
    pub autoincrement: bool,
}

/// One constraint, column-level ones with `columns == [that column]`.
#[derive(Debug, PartialEq)]
pub(crate) struct ConstraintDdl {
    pub name: Option<String>,
    pub kind: DdlKind,
}

/// The kind of a [`ConstraintDdl`].
#[derive(Debug, PartialEq)]
pub(crate) enum DdlKind {
    PrimaryKey(Vec<String>),
    Unique(Vec<String>),
    Check(String),
    ForeignKey { columns: Vec<String>, ref_table: String, deferrable: Option<Deferrable> },
}

/// Parse a stored `CREATE TABLE` statement; `None` when it has no column list (`AS SELECT`).
pub(crate) fn parse_table(sql: &str) -> Option<TableDdl> {
    let tokens = tokenize(sql, D);
    let open = tokens.iter().position(|t| t.is("("))?;
    let close = matching_paren(&tokens, open)?;
    let mut ddl = TableDdl::default();
    for item in split_commas(&tokens[open + 1..close]) {
        let Some(first) = item.first() else { continue };
        let table_level = ["constraint", "primary", "unique", "check", "foreign"].iter().any(|k| first.is_kw(k));
        if table_level {
            table_constraint(sql, item, &mut ddl.constraints);
        } else {
            ddl.columns.push(column(sql, item, &mut ddl.constraints));
        }
    }
    Some(ddl)
}

/// The identifiers inside the parentheses starting at `tokens[open]`, with the index after `)`.
fn ident_list(tokens: &[Token], open: usize) -> (Vec<String>, usize) {
    let Some(close) = tokens.get(open).filter(|t| t.is("(")).and_then(|_| matching_paren(tokens, open)) else {
        return (Vec::new(), open);
    };
    let names = split_commas(&tokens[open + 1..close])
        .into_iter()
        .filter_map(|part| part.first().filter(|t| t.is_ident() || t.kind == super::lex::Kind::Str))
        .map(|t| t.value.clone())
        .collect();
    (names, close + 1)
}

/// The text inside the parentheses starting at `tokens[open]`, with the index after `)`.
fn paren_text(sql: &str, tokens: &[Token], open: usize) -> (String, usize) {
    match tokens.get(open).filter(|t| t.is("(")).and_then(|_| matching_paren(tokens, open)) {
        Some(close) => (slice(sql, &tokens[open + 1..close]).to_string(), close + 1),
        None => (String::new(), open + 1),
    }
}

/// `[NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]` anywhere in `tokens`.
fn deferrable(tokens: &[Token]) -> Option<Deferrable> {
    let at = tokens.iter().position(|t| t.is_kw("deferrable"))?;
    if at > 0 && tokens[at - 1].is_kw("not") {
        return None;
    }
    let deferred = tokens.get(at + 1).is_some_and(|t| t.is_kw("initially"))
        && tokens.get(at + 2).is_some_and(|t| t.is_kw("deferred"));
    Some(if deferred { Deferrable::Deferred } else { Deferrable::Immediate })
}

fn table_constraint(sql: &str, item: &[Token], out: &mut Vec<ConstraintDdl>) {
    let mut i = 0;
    let mut name = None;
    if item[0].is_kw("constraint") {
        name = item.get(1).map(|t| t.value.clone());
        i = 2;
    }
    let Some(head) = item.get(i) else { return };
    let kind = if head.is_kw("primary") {
        DdlKind::PrimaryKey(ident_list(item, i + 2).0)
    } else if head.is_kw("unique") {
        DdlKind::Unique(ident_list(item, i + 1).0)
    } else if head.is_kw("check") {
        DdlKind::Check(strip_outer_parens(&paren_text(sql, item, i + 1).0, D))
    } else if head.is_kw("foreign") {
        let (columns, next) = ident_list(item, i + 2);
        let ref_table = item.get(next + 1).map(|t| t.value.clone()).unwrap_or_default();
        DdlKind::ForeignKey { columns, ref_table, deferrable: deferrable(&item[next..]) }
    } else {
        return;
    };
    out.push(ConstraintDdl { name, kind });
}

/// Keywords that end a column's type name.
const COLUMN_CLAUSES: [&str; 11] =
    ["constraint", "primary", "not", "null", "unique", "check", "default", "collate", "references", "generated", "as"];

fn column(sql: &str, item: &[Token], out: &mut Vec<ConstraintDdl>) -> ColumnDdl {
    let mut col = ColumnDdl { name: item[0].value.clone(), ..ColumnDdl::default() };
    let mut i = 1;
    while i < item.len() && !COLUMN_CLAUSES.iter().any(|k| item[i].is_kw(k)) {
        i = if item[i].is("(") { matching_paren(item, i).map_or(item.len(), |c| c + 1) } else { i + 1 };
    }
    let cols = vec![col.name.clone()];
    let mut name: Option<String> = None;
    while i < item.len() {
        let t = &item[i];
        if t.is_kw("constraint") {
            name = item.get(i + 1).map(|t| t.value.clone());
            i += 2;
            continue;
        }
        if t.is_kw("primary") {
            out.push(ConstraintDdl { name: name.take(), kind: DdlKind::PrimaryKey(cols.clone()) });
        } else if t.is_kw("unique") {
            out.push(ConstraintDdl { name: name.take(), kind: DdlKind::Unique(cols.clone()) });
        } else if t.is_kw("autoincrement") {
            col.autoincrement = true;
        } else if t.is_kw("check") {
            let (text, next) = paren_text(sql, item, i + 1);
            out.push(ConstraintDdl { name: name.take(), kind: DdlKind::Check(strip_outer_parens(&text, D)) });
            i = next;
            continue;
        } else if t.is_kw("collate") {
            col.collation = item.get(i + 1).map(|t| t.value.clone());
            i += 2;
            continue;
        } else if t.is_kw("references") {
            let ref_table = item.get(i + 1).map(|t| t.value.clone()).unwrap_or_default();
            let end = item[i + 1..].iter().position(|t| t.is_kw("constraint")).map_or(item.len(), |p| p + i + 1);
            let deferrable = deferrable(&item[i..end]);
            out.push(ConstraintDdl {
                name: name.take(),
                kind: DdlKind::ForeignKey { columns: cols.clone(), ref_table, deferrable },
            });
            i = end;
            continue;
        } else if t.is_kw("as") {
            let (expr, next) = paren_text(sql, item, i + 1);
            let stored = item.get(next).is_some_and(|t| t.is_kw("stored"));
            col.generated = Some(GeneratedColumn { expr: strip_outer_parens(&expr, D), stored });
            i = next;
            continue;
        } else if t.is_kw("default") {
            // DEFAULT value | DEFAULT (expr) | DEFAULT -1: the pragma reports it; skip it here.
            i += 1;
            if item.get(i).is_some_and(|t| t.is("-") || t.is("+")) {
                i += 1;
            }
            i = match item.get(i) {
                Some(t) if t.is("(") => matching_paren(item, i).map_or(item.len(), |c| c + 1),
                Some(_) => i + 1,
                None => i,
            };
            continue;
        }
        i += 1;
    }
    col
}

/// What `CREATE [UNIQUE] INDEX name ON t (parts) [WHERE …]` says.
#[derive(Debug, PartialEq)]
pub(crate) struct IndexDdl {
    pub parts: Vec<IndexPart>,
    pub predicate: Option<String>,
}

/// Parse a stored `CREATE INDEX` statement.
pub(crate) fn parse_index(sql: &str) -> Option<IndexDdl> {
    let tokens = tokenize(sql, D);
    let on = tokens.iter().position(|t| t.is_kw("on"))?;
    let open = on + tokens[on..].iter().position(|t| t.is("("))?;
    let close = matching_paren(&tokens, open)?;
    let parts = split_commas(&tokens[open + 1..close]).into_iter().map(|p| index_part(sql, p)).collect();
    let predicate = tokens
        .get(close + 1)
        .filter(|t| t.is_kw("where"))
        .map(|_| slice(sql, &tokens[close + 2..]).trim_end_matches(';').trim().to_string());
    Some(IndexDdl { parts, predicate })
}

fn index_part(sql: &str, tokens: &[Token]) -> IndexPart {
    let mut end = tokens.len();
    let mut desc = false;
    if let Some(last) = tokens.last().filter(|t| t.is_kw("asc") || t.is_kw("desc")) {
        desc = last.is_kw("desc");
        end -= 1;
    }
    let mut collation = None;
    if end >= 2 && tokens[end - 2].is_kw("collate") {
        collation = Some(tokens[end - 1].value.clone());
        end -= 2;
    }
    let key = match &tokens[..end] {
        [t] if t.is_ident() => IndexKey::Column(t.value.clone()),
        expr => IndexKey::Expression(strip_outer_parens(slice(sql, expr), D)),
    };
    IndexPart { key, desc, collation, ..IndexPart::column("") }
}

/// `CREATE VIEW name [(cols)] AS query` → (cols, query).
pub(crate) fn parse_view(sql: &str) -> Option<(Vec<String>, String)> {
    let tokens = tokenize(sql, D);
    let view = tokens.iter().position(|t| t.is_kw("view"))?;
    let as_at = view + tokens[view..].iter().position(|t| t.is_kw("as"))?;
    let columns = tokens[..as_at].iter().position(|t| t.is("(")).map(|o| ident_list(&tokens, o).0).unwrap_or_default();
    let query = slice(sql, &tokens[as_at + 1..]).trim_end_matches(';').trim().to_string();
    Some((columns, query))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_constraints_and_column_details() {
        let sql = r#"CREATE TABLE "posts" (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title varchar(200) NOT NULL COLLATE NOCASE DEFAULT ('x') CHECK (length(title) > 0),
            author_id integer CONSTRAINT fk_author REFERENCES users (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
            slug text GENERATED ALWAYS AS (lower(title)) STORED,
            CONSTRAINT uq_slug UNIQUE (slug, author_id),
            CHECK (id > 0)
        )"#;
        let ddl = parse_table(sql).unwrap();
        assert_eq!(ddl.columns.len(), 4);
        assert!(ddl.columns[0].autoincrement);
        assert_eq!(ddl.columns[1].collation.as_deref(), Some("NOCASE"));
        assert_eq!(ddl.columns[3].generated, Some(GeneratedColumn { expr: "lower(title)".into(), stored: true }));
        assert_eq!(
            ddl.constraints,
            vec![
                ConstraintDdl { name: None, kind: DdlKind::PrimaryKey(vec!["id".into()]) },
                ConstraintDdl { name: None, kind: DdlKind::Check("length(title) > 0".into()) },
                ConstraintDdl {
                    name: Some("fk_author".into()),
                    kind: DdlKind::ForeignKey {
                        columns: vec!["author_id".into()],
                        ref_table: "users".into(),
                        deferrable: Some(Deferrable::Deferred)
                    }
                },
                ConstraintDdl {
                    name: Some("uq_slug".into()),
                    kind: DdlKind::Unique(vec!["slug".into(), "author_id".into()])
                },
                ConstraintDdl { name: None, kind: DdlKind::Check("id > 0".into()) },
            ]
        );
    }

    #[test]
    fn indexes_and_views() {
        let idx =
            parse_index("CREATE INDEX ix ON t (lower(name) DESC, \"b\" COLLATE nocase) WHERE b IS NOT NULL").unwrap();
        assert_eq!(idx.parts[0].key, IndexKey::Expression("lower(name)".into()));
        assert!(idx.parts[0].desc);
        assert_eq!(idx.parts[1].key, IndexKey::Column("b".into()));
        assert_eq!(idx.parts[1].collation.as_deref(), Some("nocase"));
        assert_eq!(idx.predicate.as_deref(), Some("b IS NOT NULL"));
        let (cols, q) = parse_view("CREATE VIEW v (a, b) AS SELECT 1, 2;").unwrap();
        assert_eq!(cols, vec!["a".to_string(), "b".to_string()]);
        assert_eq!(q, "SELECT 1, 2");
    }
}

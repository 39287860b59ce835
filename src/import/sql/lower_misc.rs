//! Views, extensions and `COMMENT ON`.

use sqlparser::tokenizer::Token;

use super::cursor::{Cursor, LResult};
use super::toks::{Tok, expr_text, split_top, text};
use crate::diagnostics::Severity;
use crate::ir::{Comment, CommentTarget, CreateExtension, CreateView, DropExtension, DropView, Operation, QName};

/// ```sql
/// CREATE [OR REPLACE] [ALGORITHM = x] [DEFINER = u] [SQL SECURITY x] [MATERIALIZED] VIEW
///   [IF NOT EXISTS] name [(cols)] [WITH (…)] AS query [WITH … CHECK OPTION | WITH [NO] DATA]
/// ```
/// → `CreateView` with the query exactly as written.
pub(crate) fn create_view(cur: &mut Cursor) -> LResult<Vec<Operation>> {
    cur.expect("CREATE")?;
    let or_replace = cur.eat_seq(&["OR", "REPLACE"]);
    mysql_view_prefix(cur)?;
    if cur.eat("TEMPORARY") || cur.eat("TEMP") {
        return cur.not_modelled("temporary views are not part of the schema");
    }
    if cur.is("RECURSIVE") {
        return cur.verbatim("CREATE RECURSIVE VIEW is not modelled");
    }
    let materialized = cur.eat("MATERIALIZED");
    cur.expect("VIEW")?;
    if cur.eat_seq(&["IF", "NOT", "EXISTS"]) {
        cur.ignored("IF NOT EXISTS on CREATE VIEW");
    }
    let name = cur.qname()?;
    let mut columns = Vec::new();
    if *cur.peek() == Token::LParen {
        let group = cur.group()?;
        let toks = cur.toks(group);
        for item in split_top(&toks, &Token::Comma) {
            match item {
                [Tok { token: Token::Word(w), .. }] => columns.push(cur.flavor.fold(&w.value, w.quote_style.is_some())),
                _ => return cur.expected("a column name"),
            }
        }
    }
    if cur.is("WITH") {
        cur.advance();
        let options = cur.group()?;
        let text = cur.text(options);
        cur.ignored(format!("view options ({text})"));
    }
    cur.expect("AS")?;
    let rest = cur.rest();
    let (query, suffix) = {
        let toks = cur.toks(rest);
        let (body, suffix) = view_body(cur.source(), &toks);
        (expr_text(cur.source(), body, cur.flavor.dialect), suffix)
    };
    if let Some((severity, clause)) = suffix {
        cur.note(severity, "sql-clause-ignored", format!("`{clause}` is not represented in the IR; ignored"));
    }
    if query.is_empty() {
        return cur.expected("a query");
    }
    Ok(vec![CreateView { name, columns, query, materialized, or_replace }.into()])
}

/// MySQL's `ALGORITHM = x`, `DEFINER = user@host`, `SQL SECURITY x` (ignored).
fn mysql_view_prefix(cur: &mut Cursor) -> LResult<()> {
    loop {
        let start = cur.pos();
        if cur.eat("ALGORITHM") {
            cur.expect_tok(&Token::Eq)?;
            cur.advance();
        } else if cur.eat("DEFINER") {
            cur.expect_tok(&Token::Eq)?;
            while !cur.at_end() && !cur.is("SQL") && !cur.is("VIEW") {
                cur.advance();
            }
        } else if cur.eat_seq(&["SQL", "SECURITY"]) {
            cur.advance();
        } else {
            return Ok(());
        }
        let text = cur.text(start..cur.pos());
        cur.ignored(format!("`{text}`"));
    }
}

/// Clauses that may follow a view's query but are not part of it.
const VIEW_SUFFIXES: &[&[&str]] = &[
    &["WITH", "CASCADED", "CHECK", "OPTION"],
    &["WITH", "LOCAL", "CHECK", "OPTION"],
    &["WITH", "CHECK", "OPTION"],
    &["WITH", "NO", "DATA"],
    &["WITH", "DATA"],
];

/// The query without a trailing `WITH [CASCADED|LOCAL] CHECK OPTION` or `WITH [NO] DATA`, and
/// the clause that was cut off.
fn view_body<'s, 't>(src: &str, toks: &'s [Tok<'t>]) -> (&'s [Tok<'t>], Option<(Severity, String)>) {
    let n = toks.len();
    for suffix in VIEW_SUFFIXES {
        let len = suffix.len();
        if n > len && toks[n - len..].iter().zip(suffix.iter()).all(|(t, w)| t.is_word(w)) {
            let clause = text(src, &toks[n - len..]).to_string();
            let severity = if suffix[1] == "NO" { Severity::Warning } else { Severity::Info };
            return (&toks[..n - len], Some((severity, clause)));
        }
    }
    (toks, None)
}

/// `DROP [MATERIALIZED] VIEW [IF EXISTS] a [, b…] [CASCADE]` → one `DropView` each.
pub(crate) fn drop_view(cur: &mut Cursor) -> LResult<Vec<Operation>> {
    cur.expect("DROP")?;
    let materialized = cur.eat("MATERIALIZED");
    cur.expect("VIEW")?;
    let (names, if_exists) = cur.drop_names(Cursor::qname)?;
    let cascade = cur.drop_end()?;
    Ok(names.into_iter().map(|name| DropView { name, materialized, if_exists, cascade }.into()).collect())
}

/// `CREATE EXTENSION [IF NOT EXISTS] name [WITH] [SCHEMA s] [VERSION v] [CASCADE]`.
pub(crate) fn create_extension(cur: &mut Cursor) -> LResult<Vec<Operation>> {
    cur.expect("CREATE")?;
    cur.expect("EXTENSION")?;
    let if_not_exists = cur.eat_seq(&["IF", "NOT", "EXISTS"]);
    let name = cur.ident()?;
    cur.eat("WITH");
    let (mut schema, mut version) = (None, None);
    loop {
        if cur.eat("SCHEMA") {
            schema = Some(cur.ident()?);
        } else if cur.eat("VERSION") {
            version = Some(word_or_string(cur)?);
        } else if cur.eat("CASCADE") {
            cur.ignored("CASCADE on CREATE EXTENSION");
        } else {
            break;
        }
    }
    cur.expect_end()?;
    Ok(vec![CreateExtension { name, if_not_exists, schema, version }.into()])
}

fn word_or_string(cur: &mut Cursor) -> LResult<String> {
    let value = match cur.peek() {
        Token::SingleQuotedString(s) => s.clone(),
        Token::Word(w) => w.value.clone(),
        Token::Number(n, _) => n.clone(),
        _ => return cur.expected("a version"),
    };
    cur.advance();
    Ok(value)
}

/// `DROP EXTENSION [IF EXISTS] a [, b…] [CASCADE]` → one `DropExtension` each.
pub(crate) fn drop_extension(cur: &mut Cursor) -> LResult<Vec<Operation>> {
    cur.expect("DROP")?;
    cur.expect("EXTENSION")?;
    let (names, if_exists) = cur.drop_names(Cursor::ident)?;
    let cascade = cur.drop_end()?;
    Ok(names.into_iter().map(|name| DropExtension { name, if_exists, cascade }.into()).collect())
}

/// `COMMENT ON TABLE t IS '…' | NULL` and `COMMENT ON COLUMN [s.]t.c IS '…' | NULL`.
pub(crate) fn comment_on(cur: &mut Cursor) -> LResult<Vec<Operation>> {
    cur.expect("COMMENT")?;
    cur.expect("ON")?;
    let target = if cur.eat("TABLE") {
        CommentTarget::Table { table: cur.qname()? }
    } else if cur.eat("COLUMN") {
        let name = cur.sub(|p| p.parse_object_name(false))?.0;
        let mut parts: Vec<String> = name.0.iter().filter_map(|p| p.as_ident()).map(|i| cur.fold(i)).collect();
        let column = parts.pop().filter(|_| !parts.is_empty());
        let Some(column) = column else {
            return cur.expected("table.column");
        };
        let table = match parts.as_slice() {
            [.., schema, table] => QName::qualified(schema.clone(), table.clone()),
            [table] => QName::new(table.clone()),
            [] => return cur.expected("table.column"),
        };
        CommentTarget::Column { table, column }
    } else {
        return cur.not_modelled("COMMENT ON objects other than tables and columns is not modelled");
    };
    cur.expect("IS")?;
    let text = if cur.eat("NULL") { None } else { Some(cur.sub(|p| p.parse_literal_string())?.0) };
    cur.expect_end()?;
    Ok(vec![Comment { target, text }.into()])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sql::statement::{lower_for_test, ops_of};
    use crate::ir::SqlDialect;
    use pretty_assertions::assert_eq;

    fn view(sql: &str, dialect: SqlDialect) -> CreateView {
        match ops_of(sql, dialect).remove(0) {
            Operation::CreateView(v) => v,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn view_queries_are_verbatim_in_the_canonical_spelling() {
        let v = view(
            "CREATE OR REPLACE VIEW Active (id, Name) AS\n  SELECT id, name\n  FROM users WHERE NOT deleted",
            SqlDialect::Postgres,
        );
        assert_eq!(
            v,
            CreateView {
                name: QName::new("active"),
                columns: vec!["id".into(), "name".into()],
                query: "SELECT id, name\n  FROM users WHERE NOT deleted".into(),
                materialized: false,
                or_replace: true,
            }
        );
        let v = view("CREATE MATERIALIZED VIEW IF NOT EXISTS mv AS SELECT * FROM t WITH NO DATA", SqlDialect::Postgres);
        assert_eq!((v.query.as_str(), v.materialized), ("SELECT * FROM t", true));
        let v = view(
            "CREATE ALGORITHM=MERGE DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `v` AS select `a` from `t` \
             WITH CASCADED CHECK OPTION",
            SqlDialect::Mysql,
        );
        assert_eq!((v.name, v.query), (QName::new("v"), "select \"a\" from \"t\"".into()));
        let v = view("CREATE VIEW IF NOT EXISTS v AS SELECT 1", SqlDialect::Sqlite);
        assert_eq!(v.query, "SELECT 1");
    }

    #[test]
    fn drop_views() {
        assert_eq!(
            ops_of("DROP MATERIALIZED VIEW IF EXISTS a, b CASCADE", SqlDialect::Postgres),
            [
                Operation::DropView(DropView {
                    name: QName::new("a"),
                    materialized: true,
                    if_exists: true,
                    cascade: true
                }),
                Operation::DropView(DropView {
                    name: QName::new("b"),
                    materialized: true,
                    if_exists: true,
                    cascade: true
                }),
            ]
        );
        assert_eq!(
            ops_of("DROP VIEW v", SqlDialect::Mysql),
            [Operation::DropView(DropView {
                name: QName::new("v"),
                materialized: false,
                if_exists: false,
                cascade: false
            })]
        );
    }

    #[test]
    fn extensions() {
        assert_eq!(
            ops_of(
                "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" WITH SCHEMA public VERSION '1.1'",
                SqlDialect::Postgres
            ),
            [Operation::CreateExtension(CreateExtension {
                name: "uuid-ossp".into(),
                if_not_exists: true,
                schema: Some("public".into()),
                version: Some("1.1".into()),
            })]
        );
        assert_eq!(
            ops_of("DROP EXTENSION IF EXISTS hstore, citext CASCADE", SqlDialect::Postgres),
            [
                Operation::DropExtension(DropExtension { name: "hstore".into(), if_exists: true, cascade: true }),
                Operation::DropExtension(DropExtension { name: "citext".into(), if_exists: true, cascade: true }),
            ]
        );
    }

    #[test]
    fn comments() {
        assert_eq!(
            ops_of("COMMENT ON TABLE s.Users IS 'people''s data'", SqlDialect::Postgres),
            [Operation::Comment(Comment {
                target: CommentTarget::Table { table: QName::qualified("s", "users") },
                text: Some("people's data".into())
            })]
        );
        assert_eq!(
            ops_of("COMMENT ON COLUMN s.t.c IS NULL", SqlDialect::Postgres),
            [Operation::Comment(Comment {
                target: CommentTarget::Column { table: QName::qualified("s", "t"), column: "c".into() },
                text: None
            })]
        );
        assert_eq!(
            ops_of("COMMENT ON COLUMN t.c IS 'x'", SqlDialect::Postgres),
            [Operation::Comment(Comment {
                target: CommentTarget::Column { table: QName::new("t"), column: "c".into() },
                text: Some("x".into())
            })]
        );
        let l = lower_for_test("COMMENT ON INDEX i IS 'x'", SqlDialect::Postgres);
        assert!(matches!(l.ops.as_slice(), [Operation::Sql(_)]));
    }
}

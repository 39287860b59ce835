//! SQL expression text between dialects.
//!
//! The IR keeps expressions (CHECK bodies, index expressions and predicates,
//! generated columns, raw defaults, `USING` clauses, view queries) as text in
//! one **canonical spelling**: the ANSI one, which PostgreSQL and SQLite also
//! read. Quoted identifiers are double-quoted (`"order"`, with `"` doubled
//! inside) and strings single-quoted (`'it''s'`). Importers convert the source
//! spelling to it with [`to_canonical`]; exporters convert it to the target's
//! with [`from_canonical`], which also reports constructs the target reads
//! differently (`||` is logical OR in MySQL; `::` casts exist only in PostgreSQL).
//!
//! The conversion works on sqlparser's tokens, so quotes inside strings and
//! comments are never touched. Text that does not tokenize is returned as is.

use sqlparser::dialect::{Dialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::tokenizer::{Token, Tokenizer};

use crate::ir::SqlDialect;

/// sqlparser's dialect for `d`.
pub(crate) fn parser_dialect(d: SqlDialect) -> Box<dyn Dialect> {
    match d {
        SqlDialect::Postgres => Box::new(PostgreSqlDialect {}),
        SqlDialect::Mysql => Box::new(MySqlDialect {}),
        SqlDialect::Sqlite => Box::new(SQLiteDialect {}),
    }
}

fn tokens(text: &str, d: SqlDialect) -> Option<Vec<Token>> {
    let dialect = parser_dialect(d);
    Tokenizer::new(dialect.as_ref(), text).with_unescape(true).tokenize().ok()
}

fn double_quoted(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

fn single_quoted(s: &str, backslash_escapes: bool) -> String {
    let s = if backslash_escapes { s.replace('\\', "\\\\") } else { s.to_string() };
    format!("'{}'", s.replace('\'', "''"))
}

/// Rewrite an expression written in `source`'s spelling into the canonical one.
///
/// MySQL: `` `col` `` → `"col"`, `"text"` → `'text'`, backslash escapes resolved;
/// SQLite: `` `col` `` and `[col]` → `"col"`. PostgreSQL text is already canonical.
pub fn to_canonical(text: &str, source: SqlDialect) -> String {
    if source == SqlDialect::Postgres {
        return text.to_string();
    }
    let Some(toks) = tokens(text, source) else { return text.to_string() };
    let mut out = String::with_capacity(text.len() + 8);
    for t in &toks {
        match t {
            Token::Word(w) if w.quote_style.is_some() => out.push_str(&double_quoted(&w.value)),
            Token::DoubleQuotedString(s) | Token::SingleQuotedString(s) => out.push_str(&single_quoted(s, false)),
            other => out.push_str(&other.to_string()),
        }
    }
    out
}

/// Rewrite a canonical expression for `target`. Returns the text and the notes
/// on constructs the target would read differently or not at all (empty when the
/// conversion is exact).
///
/// For MySQL, `a || b || c` becomes `CONCAT(a, b, c)` (in MySQL `||` is logical
/// OR). The operands of `||` extend to the nearest operator of lower precedence
/// (comparisons, `AND`/`OR`/`NOT`, `BETWEEN`, `IN`, `LIKE`, `IS`, commas, `CASE`
/// keywords, clause keywords of a query), as in PostgreSQL's grammar.
pub fn from_canonical(text: &str, target: SqlDialect) -> (String, Vec<String>) {
    let mut notes = Vec::new();
    let Some(toks) = tokens(text, SqlDialect::Postgres) else { return (text.to_string(), notes) };
    if target != SqlDialect::Mysql {
        if target == SqlDialect::Sqlite && toks.iter().any(|t| matches!(t, Token::DoubleColon)) {
            notes.push("SQLite has no `::` casts".to_string());
        }
        return (text.to_string(), notes);
    }
    let out = match group(&toks) {
        Some(nodes) => emit_mysql(&nodes, &mut notes),
        // Unbalanced parentheses: token by token, `||` left as it is and reported.
        None => toks.iter().map(|t| mysql_token(t, &mut notes)).collect(),
    };
    notes.sort();
    notes.dedup();
    (out, notes)
}

/// A token, or a parenthesised group of nodes.
enum Node<'a> {
    Tok(&'a Token),
    Group(Vec<Node<'a>>),
}

/// Nest tokens by parentheses; `None` when they do not balance.
fn group(toks: &[Token]) -> Option<Vec<Node<'_>>> {
    let mut stack: Vec<Vec<Node<'_>>> = vec![Vec::new()];
    for t in toks {
        match t {
            Token::LParen => stack.push(Vec::new()),
            Token::RParen => {
                let inner = stack.pop()?;
                stack.last_mut()?.push(Node::Group(inner));
            }
            other => stack.last_mut()?.push(Node::Tok(other)),
        }
    }
    if stack.len() == 1 { stack.pop() } else { None }
}

/// Tokens that bind looser than `||` and so end its operands.
fn is_boundary(n: &Node<'_>) -> bool {
    const WORDS: &[&str] = &[
        "AND", "OR", "NOT", "BETWEEN", "IN", "LIKE", "ILIKE", "IS", "SIMILAR", "ESCAPE", "CASE", "WHEN", "THEN",
        "ELSE", "END", "AS", "SELECT", "FROM", "WHERE", "GROUP", "ORDER", "BY", "HAVING", "LIMIT", "OFFSET", "ON",
        "JOIN", "UNION", "DISTINCT", "ALL", "ANY", "SOME", "EXISTS",
    ];
    match n {
        Node::Group(_) => false,
        Node::Tok(t) => match t {
            Token::Comma
            | Token::Eq
            | Token::DoubleEq
            | Token::Neq
            | Token::Lt
            | Token::Gt
            | Token::LtEq
            | Token::GtEq
            | Token::Spaceship
            | Token::SemiColon => true,
            Token::Word(w) => w.quote_style.is_none() && WORDS.iter().any(|k| w.value.eq_ignore_ascii_case(k)),
            _ => false,
        },
    }
}

fn is_concat(n: &Node<'_>) -> bool {
    matches!(n, Node::Tok(Token::StringConcat))
}

fn is_space(n: &Node<'_>) -> bool {
    matches!(n, Node::Tok(Token::Whitespace(_)))
}

fn emit_mysql(nodes: &[Node<'_>], notes: &mut Vec<String>) -> String {
    let mut out = String::new();
    let mut run: Vec<&Node<'_>> = Vec::new();
    for n in nodes {
        if is_boundary(n) {
            out.push_str(&emit_run(&run, notes));
            run.clear();
            out.push_str(&emit_node(n, notes));
        } else {
            run.push(n);
        }
    }
    out.push_str(&emit_run(&run, notes));
    out
}

/// A run between boundaries: `CONCAT(…)` when it holds `||`, else as written.
fn emit_run(run: &[&Node<'_>], notes: &mut Vec<String>) -> String {
    if !run.iter().any(|n| is_concat(n)) {
        return run.iter().map(|n| emit_node(n, notes)).collect();
    }
    let lead = run.iter().take_while(|n| is_space(n)).count();
    let trail = run[lead..].iter().rev().take_while(|n| is_space(n)).count();
    let core = &run[lead..run.len() - trail];
    let operands: Vec<String> = core
        .split(|n| is_concat(n))
        .map(|op| op.iter().map(|n| emit_node(n, notes)).collect::<String>().trim().to_string())
        .collect();
    let spaces = |ns: &[&Node<'_>], notes: &mut Vec<String>| ns.iter().map(|n| emit_node(n, notes)).collect::<String>();
    format!(
        "{}CONCAT({}){}",
        spaces(&run[..lead], notes),
        operands.join(", "),
        spaces(&run[run.len() - trail..], notes)
    )
}

fn emit_node(n: &Node<'_>, notes: &mut Vec<String>) -> String {
    match n {
        Node::Tok(t) => mysql_token(t, notes),
        Node::Group(inner) => format!("({})", emit_mysql(inner, notes)),
    }
}

fn mysql_token(t: &Token, notes: &mut Vec<String>) -> String {
    match t {
        Token::Word(w) if w.quote_style.is_some() => format!("`{}`", w.value.replace('`', "``")),
        Token::SingleQuotedString(s) => single_quoted(s, true),
        Token::StringConcat => {
            notes.push("`||` is logical OR in MySQL, not string concatenation".to_string());
            "||".to_string()
        }
        Token::DoubleColon => {
            notes.push("MySQL has no `::` casts".to_string());
            "::".to_string()
        }
        other => other.to_string(),
    }
}

/// The columns of `columns` a canonical expression reads (in `columns`' order), and the
/// expression with each such reference prefixed by `row.` (`NEW`, `OLD`, an alias), for trigger
/// bodies: `concat_ws(' ', first_name, "last_name")` with `row = "NEW"` →
/// `concat_ws(' ', NEW.first_name, NEW."last_name")`. A name followed by `(` (a function) or
/// preceded by `.` (already qualified) is not a column reference. Unquoted names match
/// case-insensitively, quoted ones exactly. `None` when the text does not tokenize.
pub fn column_refs(canonical: &str, columns: &[String], row: &str) -> Option<(Vec<String>, String)> {
    let toks = Tokenizer::new(&PostgreSqlDialect {}, canonical).tokenize().ok()?;
    let (mut found, mut out) = (Vec::new(), String::with_capacity(canonical.len() + 16));
    let significant = |i: usize, step: isize| {
        let mut j = i as isize + step;
        while j >= 0 && (j as usize) < toks.len() && matches!(toks[j as usize], Token::Whitespace(_)) {
            j += step;
        }
        (j >= 0).then(|| toks.get(j as usize)).flatten()
    };
    for (i, t) in toks.iter().enumerate() {
        let column = match t {
            Token::Word(w) if w.keyword == sqlparser::keywords::Keyword::NoKeyword || w.quote_style.is_some() => {
                columns
                    .iter()
                    .find(|c| if w.quote_style.is_some() { **c == w.value } else { c.eq_ignore_ascii_case(&w.value) })
            }
            _ => None,
        };
        let call = matches!(significant(i, 1), Some(Token::LParen));
        let qualified = matches!(significant(i, -1), Some(Token::Period));
        match column {
            Some(c) if !call && !qualified => {
                if !found.contains(c) {
                    found.push(c.clone());
                }
                out.push_str(row);
                out.push('.');
                out.push_str(&t.to_string());
            }
            _ => match t {
                Token::SingleQuotedString(v) => out.push_str(&single_quoted(v, false)),
                _ => out.push_str(&t.to_string()),
            },
        }
    }
    found.sort_by_key(|c| columns.iter().position(|x| x == c));
    Some((found, out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn mysql_spelling_becomes_canonical() {
        assert_eq!(
            to_canonical("`order` > 0 AND name <> \"it's\"", SqlDialect::Mysql),
            "\"order\" > 0 AND name <> 'it''s'"
        );
        assert_eq!(to_canonical("`a\"b` = 'x\\'y'", SqlDialect::Mysql), "\"a\"\"b\" = 'x''y'");
    }

    #[test]
    fn sqlite_brackets_and_backticks_become_double_quotes() {
        assert_eq!(to_canonical("[select] + `from` + \"to\"", SqlDialect::Sqlite), "\"select\" + \"from\" + \"to\"");
    }

    #[test]
    fn postgres_is_canonical_already() {
        let e = "\"order\" > 0 AND note <> 'a\\b' -- `x`";
        assert_eq!(to_canonical(e, SqlDialect::Postgres), e);
    }

    #[test]
    fn canonical_to_mysql_requotes_and_escapes_backslashes() {
        let (s, notes) = from_canonical("\"order\" > 0 AND path <> 'C:\\tmp' AND \"a`b\" = 'it''s'", SqlDialect::Mysql);
        assert_eq!(s, "`order` > 0 AND path <> 'C:\\\\tmp' AND `a``b` = 'it''s'");
        assert!(notes.is_empty());
    }

    #[test]
    fn concatenation_becomes_concat_on_mysql() {
        let mysql = |e: &str| from_canonical(e, SqlDialect::Mysql);
        assert_eq!(mysql("'rect ' || id"), ("CONCAT('rect ', id)".to_string(), vec![]));
        assert_eq!(mysql("a || b || \"c\"").0, "CONCAT(a, b, `c`)");
        assert_eq!(mysql("x = a || 'b' AND y > 1").0, "x = CONCAT(a, 'b') AND y > 1");
        assert_eq!(mysql("lower(a || b) || c").0, "CONCAT(lower(CONCAT(a, b)), c)");
        assert_eq!(mysql("n + 1 || 'x'").0, "CONCAT(n + 1, 'x')", "arithmetic binds tighter than ||");
        assert_eq!(
            mysql("SELECT first || ' ' || last AS name FROM people").0,
            "SELECT CONCAT(first, ' ', last) AS name FROM people"
        );
        assert_eq!(mysql("f(a || b, c)").0, "f(CONCAT(a, b), c)");
    }

    #[test]
    fn constructs_mysql_reads_differently_are_reported() {
        let (s, notes) = from_canonical("(a || b", SqlDialect::Mysql);
        assert_eq!(s, "(a || b", "unbalanced text is left alone");
        assert_eq!(notes, ["`||` is logical OR in MySQL, not string concatenation"]);
        assert_eq!(from_canonical("created::date", SqlDialect::Mysql).1, ["MySQL has no `::` casts"]);
        let (_, notes) = from_canonical("created::date", SqlDialect::Sqlite);
        assert_eq!(notes, ["SQLite has no `::` casts"]);
    }

    #[test]
    fn comments_and_strings_keep_their_quotes() {
        let (s, _) = from_canonical("a = '\"x\"' /* \"y\" */", SqlDialect::Mysql);
        assert_eq!(s, "a = '\"x\"' /* \"y\" */");
        assert_eq!(from_canonical("lower(\"Email\")", SqlDialect::Sqlite).0, "lower(\"Email\")");
    }

    #[test]
    fn untokenizable_text_is_returned_unchanged() {
        assert_eq!(to_canonical("'unterminated", SqlDialect::Mysql), "'unterminated");
        assert_eq!(from_canonical("'unterminated", SqlDialect::Mysql).0, "'unterminated");
    }

    #[test]
    fn column_references_are_found_and_qualified() {
        let cols = vec!["first_name".to_string(), "last_name".to_string(), "lower".to_string()];
        let (found, text) =
            column_refs("concat_ws(' ', \"last_name\", FIRST_NAME, lower(t.first_name), 'it''s')", &cols, "NEW")
                .unwrap();
        assert_eq!(found, ["first_name", "last_name"]);
        assert_eq!(text, "concat_ws(' ', NEW.\"last_name\", NEW.FIRST_NAME, lower(t.first_name), 'it''s')");
    }
}

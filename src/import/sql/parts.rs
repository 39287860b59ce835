//! Index key parts: `(lower(email) text_pattern_ops DESC NULLS LAST, name(10), (a + b))`.
//!
//! Each comma-separated part is a column, a parenthesised expression or a function call
//! (kept verbatim), then an optional MySQL prefix length `(10)`, `COLLATE x`, an operator class,
//! `ASC|DESC` and `NULLS FIRST|LAST`.

use sqlparser::tokenizer::Token;

use super::cursor::{LResult, LowerError};
use super::dialect::Flavor;
use super::toks::{Tok, expr_text, group_end, split_top, text};
use crate::ir::{IndexKey, IndexPart};

/// Parse the inside of a key-part list.
pub(crate) fn parse_parts(toks: &[Tok], src: &str, flavor: Flavor) -> LResult<Vec<IndexPart>> {
    if toks.is_empty() {
        return Err(LowerError::Parse("Expected: at least one key part, found: )".into()));
    }
    split_top(toks, &Token::Comma).into_iter().map(|part| parse_part(part, src, flavor)).collect()
}

fn parse_part(toks: &[Tok], src: &str, flavor: Flavor) -> LResult<IndexPart> {
    let bad = |what: &str| -> LResult<IndexPart> {
        Err(LowerError::Parse(format!("Expected: {what} in key part, found: `{}`", text(src, toks))))
    };
    let Some(first) = toks.first() else {
        return bad("a column or expression");
    };
    let mut part = IndexPart::column("");
    let mut i;
    if first.is(&Token::LParen) {
        let Some(close) = group_end(toks, 0) else { return bad(")") };
        part.key = IndexKey::Expression(expr_text(src, &toks[1..close], flavor.dialect));
        i = close + 1;
    } else if let Token::Word(w) = first.token {
        let column = flavor.fold(&w.value, w.quote_style.is_some());
        match toks.get(1) {
            Some(t) if t.is(&Token::LParen) => {
                let Some(close) = group_end(toks, 1) else { return bad(")") };
                let inner = &toks[2..close];
                match inner {
                    [Tok { token: Token::Number(n, _), .. }] if flavor.has_prefix_lengths() => {
                        part.key = IndexKey::Column(column);
                        part.length = n.parse().ok();
                    }
                    _ => part.key = IndexKey::Expression(expr_text(src, &toks[..=close], flavor.dialect)),
                }
                i = close + 1;
            }
            _ => {
                part.key = IndexKey::Column(column);
                i = 1;
            }
        }
    } else {
        return bad("a column or expression");
    }
    while let Some(t) = toks.get(i) {
        if t.is_word("ASC") {
            part.desc = false;
        } else if t.is_word("DESC") {
            part.desc = true;
        } else if t.is_word("NULLS") && toks.get(i + 1).is_some_and(|n| n.is_word("FIRST") || n.is_word("LAST")) {
            part.nulls_first = Some(toks[i + 1].is_word("FIRST"));
            i += 1;
        } else if t.is_word("COLLATE") {
            let Some(Tok { token: Token::Word(w), .. }) = toks.get(i + 1) else { return bad("a collation") };
            part.collation = Some(w.value.clone());
            i += 1;
        } else if matches!(t.token, Token::Word(_)) && part.opclass.is_none() {
            // Operator class, possibly schema-qualified and with parameters.
            let start = i;
            while toks.get(i + 1).is_some_and(|n| n.is(&Token::Period))
                && toks.get(i + 2).is_some_and(|n| matches!(n.token, Token::Word(_)))
            {
                i += 2;
            }
            if toks.get(i + 1).is_some_and(|n| n.is(&Token::LParen)) {
                i = group_end(toks, i + 1).unwrap_or(toks.len() - 1);
            }
            part.opclass = Some(text(src, &toks[start..=i]).to_string());
        } else {
            return bad("ASC, DESC, NULLS, COLLATE or an operator class");
        }
        i += 1;
    }
    Ok(part)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sql::lex::lex;
    use crate::import::sql::toks::significant;
    use crate::ir::SqlDialect;
    use pretty_assertions::assert_eq;

    fn parts(sql: &str, dialect: SqlDialect) -> LResult<Vec<IndexPart>> {
        let flavor = Flavor::of(dialect);
        let lexed = lex(sql, flavor);
        parse_parts(&significant(&lexed), sql, flavor)
    }

    fn expr(e: &str) -> IndexPart {
        IndexPart { key: IndexKey::Expression(e.into()), ..IndexPart::column("") }
    }

    #[test]
    fn columns_fold_like_identifiers() {
        assert_eq!(
            parts("Email, \"Name\"", SqlDialect::Postgres).unwrap(),
            [IndexPart::column("email"), IndexPart::column("Name")]
        );
        assert_eq!(parts("`Email`", SqlDialect::Mysql).unwrap(), [IndexPart::column("Email")]);
    }

    #[test]
    fn order_nulls_collation_and_opclass() {
        let got = parts("name COLLATE \"C\" text_pattern_ops DESC NULLS LAST", SqlDialect::Postgres).unwrap();
        assert_eq!(
            got,
            [IndexPart {
                desc: true,
                nulls_first: Some(false),
                collation: Some("C".into()),
                opclass: Some("text_pattern_ops".into()),
                ..IndexPart::column("name")
            }]
        );
        let got = parts("tags public.gin_trgm_ops(siglen=32)", SqlDialect::Postgres).unwrap();
        assert_eq!(got[0].opclass.as_deref(), Some("public.gin_trgm_ops(siglen=32)"));
    }

    #[test]
    fn expressions_are_verbatim() {
        assert_eq!(
            parts("lower(email), (a + b) DESC", SqlDialect::Postgres).unwrap(),
            [expr("lower(email)"), IndexPart { desc: true, ..expr("a + b") }]
        );
        assert_eq!(parts("((lower(x)))", SqlDialect::Mysql).unwrap(), [expr("(lower(x))")]);
        assert_eq!(parts("(lower(`Email`))", SqlDialect::Mysql).unwrap(), [expr("lower(\"Email\")")]);
        assert_eq!(parts("lower([Email])", SqlDialect::Sqlite).unwrap(), [expr("lower(\"Email\")")]);
    }

    #[test]
    fn mysql_prefix_lengths() {
        assert_eq!(
            parts("name(10) DESC, b", SqlDialect::Mysql).unwrap(),
            [IndexPart { length: Some(10), desc: true, ..IndexPart::column("name") }, IndexPart::column("b")]
        );
        assert_eq!(parts("name(10)", SqlDialect::Postgres).unwrap(), [expr("name(10)")]);
    }

    #[test]
    fn garbage_is_a_parse_error() {
        assert!(parts("", SqlDialect::Postgres).is_err());
        assert!(parts("a + b", SqlDialect::Postgres).is_err());
        assert!(parts("'x'", SqlDialect::Postgres).is_err());
    }
}

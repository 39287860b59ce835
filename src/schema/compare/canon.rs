//! Canonical expression text, so that what a database prints can be compared with what a
//! migration wrote (`(price >= (0)::numeric)` and `price>=0` both become `price >= 0`).

use crate::ir::SqlDialect;
use crate::schema::introspect::lex::{Kind, Token, matching_paren, tokenize};

/// A canonical spelling of an expression, for comparing what a database prints with what a
/// migration wrote: comments and layout dropped, words and identifiers lower-cased and unquoted,
/// `::type` casts removed (`'a'::text` → `'a'`, `(0)::numeric` → `0`), parentheses around a
/// single token and around the whole expression removed, `!=` → `<>`, `==` → `=`, and
/// PostgreSQL's `= ANY (ARRAY[…])` read back as `IN (…)`.
pub(crate) fn canonical_expr(text: &str, dialect: SqlDialect) -> String {
    let tokens = tokenize(text, dialect);
    // 1. Drop casts: `::` and the type name after it (words, `(n)`, `[]`).
    let mut kept: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].is("::") {
            i += 1;
            while i < tokens.len() && matches!(tokens[i].kind, Kind::Word | Kind::Quoted) {
                i += 1;
                if tokens.get(i).is_some_and(|t| t.is("(")) {
                    i = matching_paren(&tokens, i).map_or(tokens.len(), |c| c + 1);
                }
                while tokens.get(i).is_some_and(|t| t.is("[")) && tokens.get(i + 1).is_some_and(|t| t.is("]")) {
                    i += 2;
                }
                if tokens.get(i).is_some_and(|t| t.is(".")) {
                    i += 1;
                }
            }
            continue;
        }
        kept.push(tokens[i].clone());
        i += 1;
    }
    // 2. `= ANY (ARRAY[a, b])` → `IN (a, b)`.
    let mut out: Vec<Token> = Vec::with_capacity(kept.len());
    let mut i = 0;
    while i < kept.len() {
        let any_array = kept[i].is("=")
            && kept.get(i + 1).is_some_and(|t| t.is_kw("any"))
            && kept.get(i + 2).is_some_and(|t| t.is("("))
            && kept.get(i + 3).is_some_and(|t| t.is_kw("array"))
            && kept.get(i + 4).is_some_and(|t| t.is("["));
        if any_array && let Some(close) = matching_paren(&kept, i + 2) {
            let inner = &kept[i + 5..close.saturating_sub(1).max(i + 5)];
            out.push(Token { kind: Kind::Word, value: "in".into(), ..kept[i].clone() });
            out.push(kept[i + 2].clone());
            out.extend(inner.iter().cloned());
            out.push(kept[close].clone());
            i = close + 1;
            continue;
        }
        out.push(kept[i].clone());
        i += 1;
    }
    // 3. `(x)` → `x` for a single token (not a call's argument list).
    let mut changed = true;
    while changed {
        changed = false;
        for j in 0..out.len().saturating_sub(2) {
            let call = j > 0 && is_callee(&out[j - 1]);
            if out[j].is("(") && out[j + 2].is(")") && !call && !out[j + 1].is("(") {
                out.remove(j + 2);
                out.remove(j);
                changed = true;
                break;
            }
        }
    }
    // 4. Outer parentheses around everything.
    while out.first().is_some_and(|t| t.is("(")) && matching_paren(&out, 0) == Some(out.len() - 1) {
        out.remove(out.len() - 1);
        out.remove(0);
    }
    render(&out)
}

fn render(tokens: &[Token]) -> String {
    let mut s = String::new();
    let mut prev: Option<&Token> = None;
    for t in tokens {
        let piece = match t.kind {
            Kind::Word => t.value.to_lowercase(),
            Kind::Quoted if is_plain_ident(&t.value) => t.value.to_lowercase(),
            Kind::Quoted => format!("\"{}\"", t.value.replace('"', "\"\"")),
            Kind::Str => format!("'{}'", t.value.replace('\'', "''")),
            Kind::Num => t.value.to_lowercase(),
            Kind::Punct => match t.value.as_str() {
                "!=" => "<>".to_string(),
                "==" => "=".to_string(),
                p => p.to_string(),
            },
        };
        let glue = match prev {
            None => false,
            Some(p) => {
                p.is("(")
                    || p.is(".")
                    || p.is("[")
                    || t.is(")")
                    || t.is(",")
                    || t.is(".")
                    || t.is("]")
                    || (t.is("(") && is_callee(p))
                    || t.is("[")
            }
        };
        if !glue && prev.is_some() {
            s.push(' ');
        }
        s.push_str(&piece);
        prev = Some(t);
    }
    s
}

/// True when `(` after `t` opens a call's argument list (an identifier that is not an operator keyword).
fn is_callee(t: &Token) -> bool {
    const KEYWORDS: [&str; 19] = [
        "and", "or", "not", "in", "exists", "any", "all", "some", "when", "then", "else", "case", "between", "like",
        "is", "on", "as", "select", "where",
    ];
    t.kind == Kind::Quoted || (t.kind == Kind::Word && !KEYWORDS.iter().any(|k| t.value.eq_ignore_ascii_case(k)))
}

fn is_plain_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_') && chars.all(|c| c.is_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_expressions() {
        let pg = SqlDialect::Postgres;
        assert_eq!(canonical_expr("(price >= (0)::numeric)", pg), "price >= 0");
        assert_eq!(canonical_expr("price>=0", pg), "price >= 0");
        assert_eq!(canonical_expr("lower((email)::text)", pg), "lower(email)");
        assert_eq!(canonical_expr("`age` > 0", SqlDialect::Mysql), "age > 0");
        assert_eq!(
            canonical_expr("(status)::text = ANY (ARRAY['a'::character varying, 'b'::text])", pg),
            "status in ('a', 'b')"
        );
        assert_eq!(canonical_expr("status IN ('a','b')", pg), "status in ('a', 'b')");
        assert_eq!(canonical_expr("a != b AND \"Odd Name\" IS NULL", pg), "a <> b and \"Odd Name\" is null");
        assert_eq!(canonical_expr("(a > 0) AND (b > 0)", pg), "(a > 0) and (b > 0)");
    }
}

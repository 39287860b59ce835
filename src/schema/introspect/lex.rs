//! A small SQL tokenizer for the text databases hand back: SQLite's stored `CREATE` statements,
//! default expressions, check clauses and type names.
//!
//! It keeps byte offsets so callers can cut verbatim slices (`CHECK (a > 0)` → `a > 0`), and
//! knows the quoting rules of each dialect: `"x"` is an identifier on PostgreSQL and SQLite but a
//! string on MySQL, where strings also take backslash escapes.

use crate::ir::SqlDialect;

/// What a [`Token`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An unquoted word: keyword or identifier (`select`, `users`, `_x1`).
    Word,
    /// A quoted identifier: `"a b"`, `` `a` ``, `[a]`.
    Quoted,
    /// A string literal: `'it''s'`, `E'\n'`.
    Str,
    /// A number: `1`, `-` is separate, `1.5e3`, `0x1f`.
    Num,
    /// Punctuation or an operator: `(`, `,`, `::`, `<=`.
    Punct,
}

/// One token with its place in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// Its kind.
    pub kind: Kind,
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset after the last character.
    pub end: usize,
    /// The value: unescaped for strings and quoted identifiers, the raw text otherwise.
    pub value: String,
}

impl Token {
    /// True for the unquoted word `kw` (ASCII case-insensitive).
    pub fn is_kw(&self, kw: &str) -> bool {
        self.kind == Kind::Word && self.value.eq_ignore_ascii_case(kw)
    }

    /// True for the punctuation `p`.
    pub fn is(&self, p: &str) -> bool {
        self.kind == Kind::Punct && self.value == p
    }

    /// True for a word or a quoted identifier.
    pub fn is_ident(&self) -> bool {
        matches!(self.kind, Kind::Word | Kind::Quoted)
    }
}

/// Split `sql` into tokens, skipping whitespace and comments. Never fails: an unterminated
/// quote runs to the end of the text.
pub(crate) fn tokenize(sql: &str, dialect: SqlDialect) -> Vec<Token> {
    let chars: Vec<(usize, char)> = sql.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let offset = |i: usize| chars.get(i).map_or(sql.len(), |&(o, _)| o);
    let mysql = dialect == SqlDialect::Mysql;
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = at(i) {
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if (c == '-' && at(i + 1) == Some('-')) || (c == '#' && mysql) {
            while at(i).is_some_and(|c| c != '\n') {
                i += 1;
            }
            continue;
        }
        if c == '/' && at(i + 1) == Some('*') {
            i += 2;
            while at(i).is_some() && !(at(i) == Some('*') && at(i + 1) == Some('/')) {
                i += 1;
            }
            i = (i + 2).min(chars.len());
            continue;
        }
        let (kind, value) = if c == '\'' || (c == '"' && mysql) {
            let (v, next) = quoted(&chars, i, c, mysql);
            i = next;
            (Kind::Str, v)
        } else if (c == 'E' || c == 'e') && at(i + 1) == Some('\'') {
            let (v, next) = quoted(&chars, i + 1, '\'', true);
            i = next;
            (Kind::Str, v)
        } else if c == '"' || c == '`' {
            let (v, next) = quoted(&chars, i, c, false);
            i = next;
            (Kind::Quoted, v)
        } else if c == '[' && dialect == SqlDialect::Sqlite {
            let mut v = String::new();
            i += 1;
            while let Some(c) = at(i) {
                i += 1;
                if c == ']' {
                    break;
                }
                v.push(c);
            }
            (Kind::Quoted, v)
        } else if c.is_ascii_digit() || (c == '.' && at(i + 1).is_some_and(|d| d.is_ascii_digit())) {
            i += 1;
            while let Some(d) = at(i) {
                let exp_sign = (d == '+' || d == '-') && matches!(at(i - 1), Some('e' | 'E'));
                if d.is_ascii_alphanumeric() || d == '.' || exp_sign {
                    i += 1;
                } else {
                    break;
                }
            }
            (Kind::Num, sql[offset(start)..offset(i)].to_string())
        } else if c.is_alphanumeric() || c == '_' || c == '$' {
            while at(i).is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                i += 1;
            }
            (Kind::Word, sql[offset(start)..offset(i)].to_string())
        } else {
            const TWO: [&str; 9] = ["::", "<=", ">=", "<>", "!=", "||", "==", "->", "=>"];
            let pair: String = [Some(c), at(i + 1)].into_iter().flatten().collect();
            i += if TWO.contains(&pair.as_str()) { 2 } else { 1 };
            (Kind::Punct, sql[offset(start)..offset(i)].to_string())
        };
        out.push(Token { kind, start: offset(start), end: offset(i), value });
    }
    out
}

/// Read a quoted run starting at `chars[i] == q`; doubled quotes escape, and so does a backslash
/// when `backslash` is set. Returns the unescaped value and the index after the closing quote.
fn quoted(chars: &[(usize, char)], i: usize, q: char, backslash: bool) -> (String, usize) {
    let mut v = String::new();
    let mut j = i + 1;
    while let Some(&(_, c)) = chars.get(j) {
        if c == q {
            if chars.get(j + 1).map(|&(_, c)| c) == Some(q) {
                v.push(q);
                j += 2;
                continue;
            }
            return (v, j + 1);
        }
        if c == '\\'
            && backslash
            && let Some(&(_, e)) = chars.get(j + 1)
        {
            v.push(match e {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                '0' => '\0',
                'Z' => '\u{1a}',
                other => other,
            });
            j += 2;
            continue;
        }
        v.push(c);
        j += 1;
    }
    (v, j)
}

/// Index of the token closing the parenthesis opened at `tokens[open]`, if any.
pub(crate) fn matching_paren(tokens: &[Token], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        if t.is("(") {
            depth += 1;
        } else if t.is(")") {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// Split `tokens` at top-level commas (commas not inside parentheses).
pub(crate) fn split_commas(tokens: &[Token]) -> Vec<&[Token]> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut from = 0;
    for (i, t) in tokens.iter().enumerate() {
        if t.is("(") {
            depth += 1;
        } else if t.is(")") {
            depth -= 1;
        } else if t.is(",") && depth == 0 {
            parts.push(&tokens[from..i]);
            from = i + 1;
        }
    }
    if from < tokens.len() {
        parts.push(&tokens[from..]);
    }
    parts
}

/// The verbatim text covered by `tokens` (from the first token's start to the last one's end).
pub(crate) fn slice<'a>(sql: &'a str, tokens: &[Token]) -> &'a str {
    match (tokens.first(), tokens.last()) {
        (Some(a), Some(b)) => &sql[a.start..b.end],
        _ => "",
    }
}

/// `text` without parentheses that wrap all of it: `((a > 0))` → `a > 0`.
pub(crate) fn strip_outer_parens(text: &str, dialect: SqlDialect) -> String {
    let mut text = text.trim().to_string();
    loop {
        let tokens = tokenize(&text, dialect);
        let wrapped = tokens.first().is_some_and(|t| t.is("("))
            && matching_paren(&tokens, 0) == Some(tokens.len() - 1)
            && tokens.len() >= 2;
        if !wrapped {
            return text;
        }
        text = text[tokens[0].end..tokens[tokens.len() - 1].start].trim().to_string();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(sql: &str, d: SqlDialect) -> Vec<(Kind, String)> {
        tokenize(sql, d).into_iter().map(|t| (t.kind, t.value)).collect()
    }

    #[test]
    fn strings_identifiers_and_comments() {
        let v = values(
            r#"'it''s' "a""b" -- c
            /* d */ x1 1.5e-3 ::"#,
            SqlDialect::Postgres,
        );
        assert_eq!(
            v,
            vec![
                (Kind::Str, "it's".into()),
                (Kind::Quoted, "a\"b".into()),
                (Kind::Word, "x1".into()),
                (Kind::Num, "1.5e-3".into()),
                (Kind::Punct, "::".into()),
            ]
        );
    }

    #[test]
    fn mysql_quotes_and_escapes() {
        let v = values(r#"'a\'b' "c" `d`"#, SqlDialect::Mysql);
        assert_eq!(v, vec![(Kind::Str, "a'b".into()), (Kind::Str, "c".into()), (Kind::Quoted, "d".into())]);
        assert_eq!(values("[a b]", SqlDialect::Sqlite), vec![(Kind::Quoted, "a b".into())]);
        assert_eq!(values(r"E'x\ny'", SqlDialect::Postgres), vec![(Kind::Str, "x\ny".into())]);
    }

    #[test]
    fn parens_and_commas() {
        let sql = "a int, b numeric(10, 2), CHECK (a > 0)";
        let toks = tokenize(sql, SqlDialect::Sqlite);
        let parts = split_commas(&toks);
        assert_eq!(parts.len(), 3);
        assert_eq!(slice(sql, parts[1]), "b numeric(10, 2)");
        assert_eq!(strip_outer_parens("((a > 0))", SqlDialect::Postgres), "a > 0");
        assert_eq!(strip_outer_parens("(a) + (b)", SqlDialect::Postgres), "(a) + (b)");
    }
}

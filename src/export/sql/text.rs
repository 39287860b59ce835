//! Small lexical helpers over SQL text the IR keeps verbatim (defaults, checks,
//! index expressions): literals, parentheses, identifier mentions.

/// True for a plain numeric literal (`-1`, `2.5`, `1e3`), safe to paste unquoted.
pub(crate) fn is_number(s: &str) -> bool {
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let digits = mantissa.replacen('.', "", 1);
    let mantissa_ok = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    mantissa_ok && exp_ok
}

/// True when `e` is one parenthesised expression: `(a + b)` but not `(a) + (b)`.
pub(crate) fn is_parenthesized(e: &str) -> bool {
    let e = e.trim();
    if !e.starts_with('(') || !e.ends_with(')') {
        return false;
    }
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, c) in e.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' | '`' => quote = Some(c),
                '(' => depth += 1,
                ')' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 && i + 1 < e.len() {
                        return false;
                    }
                }
                _ => {}
            },
        }
    }
    depth == 0
}

/// `(expr)` unless already parenthesised.
pub(crate) fn parenthesize(e: &str) -> String {
    if is_parenthesized(e) { e.trim().to_string() } else { format!("({})", e.trim()) }
}

/// True when the SQL expression `expr` names the identifier `ident` (quoted or not, any case).
pub(crate) fn mentions(expr: &str, ident: &str) -> bool {
    let lower = ident.to_lowercase();
    let mut chars = expr.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\'' => {
                for (_, c2) in chars.by_ref() {
                    if c2 == '\'' {
                        break;
                    }
                }
            }
            '"' | '`' => {
                let mut word = String::new();
                while let Some((_, c2)) = chars.next() {
                    if c2 == c {
                        if chars.peek().is_some_and(|&(_, c3)| c3 == c) {
                            chars.next();
                        } else {
                            break;
                        }
                    }
                    word.push(c2);
                }
                if word.to_lowercase() == lower {
                    return true;
                }
            }
            c if c.is_alphanumeric() || c == '_' => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, c2)) = chars.peek() {
                    if c2.is_alphanumeric() || c2 == '_' || c2 == '$' {
                        end = j + c2.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                if expr[i..end].to_lowercase() == lower {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// True when `sql` ends inside a line comment (`-- …`, MySQL `# …`), so that a `;` appended to
/// it would be commented out. Quotes and block comments are skipped; when in doubt (a backslash
/// before a quote, which only MySQL reads as an escape) the answer is true.
pub(crate) fn ends_in_line_comment(sql: &str) -> bool {
    ends_in_comment(sql, false) || ends_in_comment(sql, true)
}

fn ends_in_comment(sql: &str, backslash_escapes: bool) -> bool {
    let mut chars = sql.chars().peekable();
    let mut in_comment = false;
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' | '`' => {
                while let Some(c2) = chars.next() {
                    if c2 == '\\' && backslash_escapes && c == '\'' {
                        chars.next();
                    } else if c2 == c {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for c2 in chars.by_ref() {
                    if prev == '*' && c2 == '/' {
                        break;
                    }
                    prev = c2;
                }
            }
            '-' if chars.peek() == Some(&'-') => in_comment = true,
            '#' => in_comment = true,
            _ => {}
        }
        if in_comment {
            in_comment = false;
            let mut ended = false;
            for c2 in chars.by_ref() {
                if c2 == '\n' || c2 == '\r' {
                    ended = true;
                    break;
                }
            }
            if !ended {
                return true;
            }
        }
    }
    false
}

/// The digits of a hex blob literal `x'00ff'` / `X'00FF'`.
pub(crate) fn hex_literal(e: &str) -> Option<&str> {
    let e = e.trim();
    let digits = e.strip_prefix(['x', 'X'])?.strip_prefix('\'')?.strip_suffix('\'')?;
    digits.bytes().all(|b| b.is_ascii_hexdigit()).then_some(digits)
}

/// `'…'` with only doubled quotes inside.
pub(crate) fn is_string_literal(s: &str) -> bool {
    s.len() >= 2 && s.starts_with('\'') && s.ends_with('\'') && !s[1..s.len() - 1].replace("''", "").contains('\'')
}

/// True when `sql` is a compound statement with `;` inside its body (`… BEGIN …; END`), which
/// the `mysql` client splits unless the delimiter is changed.
pub(crate) fn has_compound_body(sql: &str) -> bool {
    if !mentions(sql, "begin") {
        return false;
    }
    let mut chars = sql.trim_end().trim_end_matches(';').chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' | '`' => {
                for c2 in chars.by_ref() {
                    if c2 == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                for c2 in chars.by_ref() {
                    if c2 == '\n' {
                        break;
                    }
                }
            }
            ';' => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_recognised() {
        for ok in ["0", "-1", "2.5", "+3", "1e10", "1.5E-3", ".5"] {
            assert!(is_number(ok), "{ok}");
        }
        for bad in ["", "-", "1e", "0x1F", "1;DROP", "1.2.3", "e5"] {
            assert!(!is_number(bad), "{bad}");
        }
    }

    #[test]
    fn parentheses_are_detected() {
        assert!(is_parenthesized("(a + b)"));
        assert!(is_parenthesized(" ((x)) "));
        assert!(!is_parenthesized("(a) + (b)"));
        assert!(!is_parenthesized("now()"));
        assert!(is_parenthesized("(')')"));
        assert_eq!(parenthesize("lower('X')"), "(lower('X'))");
        assert_eq!(parenthesize("(1)"), "(1)");
    }

    #[test]
    fn mentions_finds_identifiers_not_substrings_or_strings() {
        assert!(mentions("price > 0", "price"));
        assert!(mentions("\"Price\" > 0", "price"));
        assert!(mentions("`a``b` > 0", "a`b"));
        assert!(!mentions("`a``b` > 0", "a"));
        assert!(!mentions("unit_price > 0", "price"));
        assert!(!mentions("status <> 'price'", "price"));
        assert!(mentions("lower(email) = email", "EMAIL"));
    }

    #[test]
    fn line_comments_at_the_end_are_found_outside_strings() {
        assert!(ends_in_line_comment("SELECT 1 -- done"));
        assert!(ends_in_line_comment("SELECT 1\n# MySQL comment"));
        assert!(!ends_in_line_comment("INSERT INTO t VALUES ('a -- b')"));
        assert!(!ends_in_line_comment("SELECT 1 -- first\nFROM t"));
        assert!(!ends_in_line_comment("SELECT \"a--b\", `c#d` /* -- */ FROM t"));
        assert!(ends_in_line_comment("SELECT 'C:\\' -- the backslash may escape the quote"));
    }

    #[test]
    fn compound_bodies_are_detected() {
        assert!(has_compound_body("CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1; END"));
        assert!(!has_compound_body("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)"));
        assert!(!has_compound_body("CREATE TRIGGER t AFTER INSERT ON x FOR EACH ROW SET @a = 'BEGIN;';"));
        assert!(is_string_literal("'it''s'"));
        assert_eq!(hex_literal(" X'00fF' "), Some("00fF"));
        assert_eq!(hex_literal("x'0g'"), None);
        assert_eq!(hex_literal("'00'"), None);
        assert!(!is_string_literal("'a' || 'b'"));
    }
}

//! A small tokenizer for the raw SQL the IR keeps verbatim (`Sql` operations), enough for rules
//! that look for statement shapes like `REINDEX … CONCURRENTLY` or `TRUNCATE … CASCADE`.

/// One token of raw SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// A keyword or bare identifier, upper-cased: `ALTER`, `USERS`.
    Word(String),
    /// A quoted identifier, unquoted and case kept: `"Users"` → `Users`.
    Quoted(String),
    /// A string literal's value.
    Str(String),
    /// A number.
    Num(String),
    /// Any other character: `(`, `=`, `;`, `<`.
    Sym(char),
}

/// Tokenize SQL, dropping comments and whitespace.
pub fn tokens(sql: &str) -> Vec<Tok> {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '-' && chars.get(i + 1) == Some(&'-') || c == '#' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
        } else if c == '\'' || c == '"' || c == '`' {
            let mut s = String::new();
            i += 1;
            while i < chars.len() {
                if chars[i] == c && chars.get(i + 1) == Some(&c) {
                    s.push(c);
                    i += 2;
                } else if chars[i] == c {
                    i += 1;
                    break;
                } else {
                    s.push(chars[i]);
                    i += 1;
                }
            }
            out.push(if c == '\'' { Tok::Str(s) } else { Tok::Quoted(s) });
        } else if let Some(tag) = dollar_tag(&chars[i..]) {
            // PostgreSQL dollar quoting (`$$ … $$`, `$fn$ … $fn$`): a function body is one string.
            let body = i + tag;
            let mut end = body;
            while end < chars.len() && chars[end..].get(..tag) != Some(&chars[i..i + tag]) {
                end += 1;
            }
            out.push(Tok::Str(chars[body..end].iter().collect()));
            i = (end + tag).min(chars.len());
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
            out.push(Tok::Num(chars[start..i].iter().collect()));
        } else if c.is_alphanumeric() || c == '_' || c == '$' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$') {
                i += 1;
            }
            out.push(Tok::Word(chars[start..i].iter().collect::<String>().to_uppercase()));
        } else {
            out.push(Tok::Sym(c));
            i += 1;
        }
    }
    out
}

/// Length of the dollar-quote tag opening `chars` (`$$` → 2, `$fn$` → 4); `None` for `$1` or no tag.
fn dollar_tag(chars: &[char]) -> Option<usize> {
    if chars.first() != Some(&'$') || chars.get(1).is_some_and(char::is_ascii_digit) {
        return None;
    }
    let len = chars[1..].iter().position(|c| !(c.is_alphanumeric() || *c == '_'))?;
    (chars[1 + len] == '$').then_some(len + 2)
}

/// Raw SQL split into statements (at `;`), each as tokens. The body of a
/// `CREATE TRIGGER|FUNCTION|PROCEDURE|EVENT … BEGIN … END` (SQLite, MySQL) keeps its inner `;`.
pub fn statements(sql: &str) -> Vec<Vec<Tok>> {
    let toks = tokens(sql);
    let (mut out, mut cur, mut depth) = (Vec::new(), Vec::new(), 0usize);
    for (i, t) in toks.iter().enumerate() {
        if *t == Tok::Sym(';') && depth == 0 {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Tok::Word(w) = t
            && routine(&cur)
        {
            let closes_other = || matches!(toks.get(i + 1), Some(Tok::Word(n)) if ["IF", "LOOP", "WHILE", "REPEAT"].contains(&n.as_str()));
            match w.as_str() {
                "BEGIN" | "CASE" if !cur.last().is_some_and(|p| word_is(p, "END")) => depth += 1,
                "END" if !closes_other() => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        cur.push(t.clone());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The statement so far creates a routine or trigger whose body may hold `;`.
fn routine(cur: &[Tok]) -> bool {
    cur.first().is_some_and(|t| word_is(t, "CREATE"))
        && cur.iter().any(|t| ["TRIGGER", "FUNCTION", "PROCEDURE", "EVENT"].iter().any(|w| word_is(t, w)))
}

/// Helpers over one statement's tokens.
pub trait Stmt {
    /// The statement starts with these words.
    fn starts(&self, words: &[&str]) -> bool;
    /// The statement contains these words in a row.
    fn has(&self, words: &[&str]) -> bool;
    /// Position of the first run of these words.
    fn find(&self, words: &[&str]) -> Option<usize>;
    /// The name (word or quoted identifier, schema-qualified parts joined by `.`) at `i`, lower-cased
    /// when unquoted.
    fn name_at(&self, i: usize) -> Option<String>;
}

fn word_is(t: &Tok, w: &str) -> bool {
    matches!(t, Tok::Word(x) if x == w)
}

impl Stmt for [Tok] {
    fn starts(&self, words: &[&str]) -> bool {
        self.len() >= words.len() && words.iter().zip(self).all(|(w, t)| word_is(t, w))
    }

    fn has(&self, words: &[&str]) -> bool {
        self.find(words).is_some()
    }

    fn find(&self, words: &[&str]) -> Option<usize> {
        (0..self.len()).find(|&i| self[i..].starts(words))
    }

    fn name_at(&self, mut i: usize) -> Option<String> {
        let mut name = String::new();
        loop {
            match self.get(i)? {
                Tok::Word(w) => name.push_str(&w.to_lowercase()),
                Tok::Quoted(q) => name.push_str(q),
                _ => return None,
            }
            if self.get(i + 1) == Some(&Tok::Sym('.')) {
                name.push('.');
                i += 2;
            } else {
                return Some(name);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_strings_are_not_words() {
        let s = statements("-- REINDEX\nUPDATE t SET a = 'CONCURRENTLY'; /* x */ DROP TABLE \"T\"");
        assert_eq!(s.len(), 2);
        assert!(s[0].starts(&["UPDATE"]) && !s[0].has(&["CONCURRENTLY"]) && !s[0].has(&["REINDEX"]));
        assert_eq!(s[1].name_at(2).as_deref(), Some("T"));
    }

    #[test]
    fn a_dollar_quoted_function_body_is_one_string() {
        let sql = "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN NEW.a := 1; RETURN NEW; END $fn$; \
                   SELECT $1, $$x$$";
        let s = statements(sql);
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(s[0].has(&["AS"]) && !s[0].has(&["BEGIN"]) && !s[1].starts(&["END"]));
        assert!(s[0].contains(&Tok::Str(" BEGIN NEW.a := 1; RETURN NEW; END ".into())));
        assert!(s[1].contains(&Tok::Str("x".into())));
    }

    #[test]
    fn a_trigger_body_keeps_its_statements() {
        let sql = "CREATE TRIGGER t AFTER INSERT ON a FOR EACH ROW BEGIN IF NEW.x IS NULL THEN UPDATE b SET y = 1; \
                   ELSE UPDATE b SET y = CASE WHEN 1 THEN 2 END; END IF; CASE NEW.x WHEN 1 THEN DELETE FROM b; END CASE; END; \
                   BEGIN; COMMIT";
        let s = statements(sql);
        assert_eq!(s.len(), 3, "{s:?}");
        assert!(s[0].starts(&["CREATE", "TRIGGER"]) && s[0].has(&["END", "CASE"]));
        assert!(s[1].starts(&["BEGIN"]) && s[2].starts(&["COMMIT"]));
    }
}

//! Script → statements, on sqlparser's tokens.
//!
//! A statement ends at a `;` token, so `;` inside strings, quoted identifiers, `$$`/`$tag$` bodies
//! and comments never splits. Bodies of `CREATE TRIGGER|FUNCTION|PROCEDURE|EVENT … BEGIN … END`
//! (SQLite, MySQL, PostgreSQL `BEGIN ATOMIC`) keep their inner `;`. MySQL `DELIMITER` directives
//! hand the text to [`super::delimiter`] until `DELIMITER ;`. Each statement's range starts at its
//! first character that is neither whitespace nor comment and ends after its last token.

use std::ops::Range;

use sqlparser::tokenizer::Token;

use super::delimiter::{self, Directive};
use super::dialect::Flavor;
use super::lex::{self, LexError, is_trivia};

/// Statements found in a text, and the lexing error that stopped the split, if any.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Split {
    /// Byte ranges of the statements, without their terminators.
    pub statements: Vec<Range<usize>>,
    /// An unterminated string or comment; statements before it are kept.
    pub error: Option<LexError>,
}

/// Split `original` into statements. `lexable` is the same text with MySQL hint delimiters
/// blanked ([`lex::mask_hints`]); offsets are the same in both.
pub(crate) fn split(original: &str, lexable: &str, flavor: Flavor) -> Split {
    let mut out = Split::default();
    let mut from = 0;
    let mut delimiter = String::from(";");
    while from < lexable.len() {
        let next = if delimiter == ";" {
            split_tokens(lexable, from, flavor, &mut out)
        } else {
            delimiter::split_custom(lexable, from, &delimiter, &mut out)
        };
        match next {
            Some(Directive { resume, delimiter: d }) => {
                from = resume;
                delimiter = d;
            }
            None => break,
        }
    }
    if original.len() == lexable.len() && original != lexable {
        for range in &mut out.statements {
            *range = widen_over_hints(range.clone(), original.as_bytes(), lexable.as_bytes());
        }
    }
    out
}

/// Split `text[from..]` at `;` tokens until the end or a `DELIMITER` directive.
fn split_tokens(text: &str, from: usize, flavor: Flavor, out: &mut Split) -> Option<Directive> {
    let lexed = lex::lex(&text[from..], flavor);
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut block = Block::default();
    for (token, range) in lexed.tokens.iter().map(|t| &t.token).zip(&lexed.ranges) {
        let range = range.start + from..range.end + from;
        if is_trivia(token) {
            continue;
        }
        if start.is_none() {
            if flavor.has_delimiter_directive() && is_word(token, "DELIMITER") {
                return Some(delimiter::directive(text, range.end));
            }
            if *token == Token::SemiColon {
                continue;
            }
            start = Some(range.start);
            block = Block::default();
        }
        block.feed(token);
        if *token == Token::SemiColon && block.depth == 0 {
            if let Some(s) = start.take() {
                out.statements.push(s..end);
            }
            continue;
        }
        end = range.end;
    }
    match lexed.error {
        Some(mut e) => {
            e.offset += from;
            out.error = Some(e);
        }
        None => {
            if let Some(s) = start {
                out.statements.push(s..end);
            }
        }
    }
    None
}

/// Tracks `BEGIN … END` nesting inside routine and trigger bodies.
#[derive(Debug, Default)]
struct Block {
    /// Content tokens seen so far in this statement.
    seen: usize,
    /// Whether this statement is `CREATE … TRIGGER|FUNCTION|PROCEDURE|EVENT` (None: not known yet).
    compound: Option<bool>,
    /// Open `BEGIN`/`CASE` blocks.
    depth: u32,
    /// The previous token was `END` (so `END IF` / `END LOOP` can be undone).
    after_end: bool,
}

/// Words naming the object of a `CREATE`; the first one met decides whether bodies nest.
const OBJECT_WORDS: &[&str] = &[
    "TABLE",
    "INDEX",
    "VIEW",
    "TYPE",
    "SEQUENCE",
    "SCHEMA",
    "DATABASE",
    "EXTENSION",
    "DOMAIN",
    "ROLE",
    "USER",
    "POLICY",
    "RULE",
    "UNIQUE",
    "MATERIALIZED",
    "TRIGGER",
    "FUNCTION",
    "PROCEDURE",
    "EVENT",
];

impl Block {
    fn feed(&mut self, token: &Token) {
        self.seen += 1;
        if self.compound.is_none() {
            if self.seen == 1 && !is_word(token, "CREATE") || self.seen > 16 {
                self.compound = Some(false);
            } else if let Some(w) = OBJECT_WORDS.iter().find(|w| is_word(token, w)) {
                self.compound = Some(matches!(*w, "TRIGGER" | "FUNCTION" | "PROCEDURE" | "EVENT"));
            }
        }
        if self.compound != Some(true) {
            return;
        }
        let after_end = std::mem::take(&mut self.after_end);
        if after_end && ["IF", "LOOP", "WHILE", "REPEAT"].iter().any(|w| is_word(token, w)) {
            // `END IF` closes an IF, not the BEGIN counted by the `END` just before.
            self.depth += 1;
        } else if after_end && is_word(token, "CASE") {
            // `END CASE` closes the CASE statement the `END` already counted.
        } else if is_word(token, "BEGIN") || is_word(token, "CASE") {
            self.depth += 1;
        } else if is_word(token, "END") {
            self.depth = self.depth.saturating_sub(1);
            self.after_end = true;
        }
    }
}

/// True when `token` is the unquoted word `word` (any case).
pub(crate) fn is_word(token: &Token, word: &str) -> bool {
    matches!(token, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word))
}

/// Grow a statement range over adjacent blanked hint delimiters (`/*!40101` … `*/`).
fn widen_over_hints(range: Range<usize>, original: &[u8], masked: &[u8]) -> Range<usize> {
    let (mut start, mut end) = (range.start, range.end);
    let mut k = start;
    while k > 0 && masked[k - 1].is_ascii_whitespace() {
        k -= 1;
        if original[k] != masked[k] {
            start = k;
        }
    }
    let mut k = end;
    while k < masked.len() && masked[k].is_ascii_whitespace() {
        if original[k] != masked[k] {
            end = k + 1;
        }
        k += 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::SqlDialect;
    use pretty_assertions::assert_eq;

    fn texts(text: &str, dialect: SqlDialect) -> Vec<String> {
        let flavor = Flavor::of(dialect);
        let masked = lex::mask_hints(text, flavor);
        let split = split(text, &masked, flavor);
        assert_eq!(split.error, None);
        split.statements.into_iter().map(|r| text[r].to_string()).collect()
    }

    #[test]
    fn splits_at_semicolons_and_trims_comments() {
        let text = "-- header\nCREATE TABLE a (x int); /* c */ INSERT INTO a VALUES (1)\n-- trailing\n;\n\nSELECT 1";
        assert_eq!(
            texts(text, SqlDialect::Postgres),
            ["CREATE TABLE a (x int)", "INSERT INTO a VALUES (1)", "SELECT 1"]
        );
    }

    #[test]
    fn semicolons_in_strings_identifiers_and_comments_do_not_split() {
        let text = "INSERT INTO t VALUES ('a;b', \"c;d\"); -- x; y\nSELECT /* ; */ 1;";
        assert_eq!(texts(text, SqlDialect::Postgres), ["INSERT INTO t VALUES ('a;b', \"c;d\")", "SELECT /* ; */ 1"]);
    }

    #[test]
    fn dollar_quoted_bodies_keep_their_semicolons() {
        let text = "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;\n\
                    DO $body$ BEGIN PERFORM 1; END $body$;";
        assert_eq!(texts(text, SqlDialect::Postgres).len(), 2);
        assert!(texts(text, SqlDialect::Postgres)[1].ends_with("END $body$"));
    }

    #[test]
    fn empty_statements_are_skipped() {
        assert_eq!(texts(";;\n; SELECT 1;;", SqlDialect::Postgres), ["SELECT 1"]);
        assert_eq!(texts("-- only a comment\n", SqlDialect::Postgres), Vec::<String>::new());
    }

    #[test]
    fn sqlite_trigger_body_is_one_statement() {
        let text = "CREATE TRIGGER trg AFTER INSERT ON t BEGIN\n  UPDATE t SET n = CASE WHEN n > 0 THEN 1 ELSE 0 END;\n  \
                    INSERT INTO log VALUES (1);\nEND;\nSELECT 2;";
        let got = texts(text, SqlDialect::Sqlite);
        assert_eq!(got.len(), 2);
        assert!(got[0].starts_with("CREATE TRIGGER") && got[0].ends_with("END"));
    }

    #[test]
    fn mysql_compound_body_with_end_if() {
        let text = "CREATE DEFINER=`root`@`localhost` TRIGGER trg BEFORE INSERT ON t FOR EACH ROW BEGIN\n\
                    IF NEW.a IS NULL THEN SET NEW.a = 1; END IF;\nEND;\nSELECT 1;";
        let got = texts(text, SqlDialect::Mysql);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].ends_with("END"));
    }

    #[test]
    fn mysql_case_statement_and_loops_in_a_procedure() {
        let text = "CREATE PROCEDURE p() BEGIN\n  CASE x WHEN 1 THEN SELECT 1; ELSE SELECT 2; END CASE;\n  \
                    l: LOOP LEAVE l; END LOOP l;\n  REPEAT SET x = x + 1; UNTIL x > 3 END REPEAT;\nEND;\nSELECT 3;";
        let got = texts(text, SqlDialect::Mysql);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[1], "SELECT 3");
    }

    #[test]
    fn postgres_begin_atomic_body() {
        let text = "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 1 END; END;\n\
                    SELECT 2;";
        assert_eq!(texts(text, SqlDialect::Postgres).len(), 2);
    }

    #[test]
    fn nested_block_comments_and_escape_strings() {
        let text = "/* a /* b ; */ c ; */ SELECT E'x\\';y' -- ; \n;\nSELECT 2";
        assert_eq!(texts(text, SqlDialect::Postgres), ["SELECT E'x\\';y'", "SELECT 2"]);
    }

    #[test]
    fn begin_transaction_is_its_own_statement() {
        let text = "BEGIN;\nCREATE TABLE a (x int);\nCOMMIT;";
        assert_eq!(texts(text, SqlDialect::Sqlite), ["BEGIN", "CREATE TABLE a (x int)", "COMMIT"]);
    }

    #[test]
    fn create_table_named_like_a_routine_word_does_not_nest() {
        let text = "CREATE TABLE event (begin_at int, trigger text);\nSELECT 1;";
        assert_eq!(texts(text, SqlDialect::Mysql).len(), 2);
    }

    #[test]
    fn mysql_hint_comment_statement_keeps_its_delimiters() {
        let text = "/*!40101 SET NAMES utf8 */;\nCREATE TABLE t (a int) /*!50100 ENGINE=InnoDB */;";
        assert_eq!(
            texts(text, SqlDialect::Mysql),
            ["/*!40101 SET NAMES utf8 */", "CREATE TABLE t (a int) /*!50100 ENGINE=InnoDB */"]
        );
    }

    #[test]
    fn mysql_delimiter_directive() {
        let text = "CREATE TABLE t (a int);\nDELIMITER $$\nCREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND$$\n\
                    CREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1$$\nDELIMITER ;\nSELECT 3;";
        assert_eq!(
            texts(text, SqlDialect::Mysql),
            [
                "CREATE TABLE t (a int)",
                "CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND",
                "CREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1",
                "SELECT 3",
            ]
        );
    }

    #[test]
    fn unterminated_string_keeps_statements_before_it() {
        let text = "SELECT 1;\nSELECT 'abc;\nSELECT 2;";
        let flavor = Flavor::of(SqlDialect::Postgres);
        let split = split(text, text, flavor);
        assert_eq!(split.statements.len(), 1);
        assert_eq!(&text[split.statements[0].clone()], "SELECT 1");
        let err = split.error.unwrap();
        assert_eq!((err.offset, err.code()), (17, "unterminated-string"));
    }

    #[test]
    fn crlf_text_splits_with_exact_ranges() {
        let text = "CREATE TABLE a (x int);\r\n\r\nCREATE TABLE b (y int);\r\n";
        assert_eq!(texts(text, SqlDialect::Postgres), ["CREATE TABLE a (x int)", "CREATE TABLE b (y int)"]);
    }
}

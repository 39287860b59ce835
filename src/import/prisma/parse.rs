//! The Prisma schema parser, written with nom (grammar: `grammars/prisma.ebnf`).
//!
//! Tokens (identifiers, strings, numbers, trivia) are nom parsers; blocks and members are
//! sequenced by hand so every failure names what was expected at one position. A block that
//! does not parse is skipped to the next top-level keyword and a member that does not parse
//! to the end of its line, so one mistake gives one diagnostic and the rest is still read.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char, digit1, none_of, one_of};
use nom::combinator::{opt, recognize};
use nom::multi::many0;
use nom::sequence::pair;
use nom::{IResult, Parser};

use super::ast::*;

/// A syntax error: what was expected, at the position (remaining length) where it was not found.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    /// Where.
    pub loc: Loc,
    /// What was expected and what was found.
    pub message: String,
}

type Res<'a, T> = Result<(&'a str, T), SyntaxError>;

fn err<T>(at: &str, expected: &str) -> Result<T, SyntaxError> {
    let found: String = at.chars().take_while(|c| *c != '\n').take(24).collect();
    let found = if found.trim().is_empty() {
        if at.is_empty() { "end of file".to_string() } else { "end of line".to_string() }
    } else {
        format!("`{}`", found.trim_end())
    };
    Err(SyntaxError { loc: Loc(at.len()), message: format!("expected {expected}, found {found}") })
}

/// Parse a whole file; the errors are every block or member that could not be read.
pub fn parse_file(text: &str) -> (SchemaFile, Vec<SyntaxError>) {
    let mut file = SchemaFile::default();
    let mut errors = Vec::new();
    let mut rest = text;
    loop {
        let (r, doc) = trivia(rest, true);
        rest = r;
        if rest.is_empty() {
            break;
        }
        match block(rest, doc, &mut errors) {
            Ok((r, b)) => {
                file.blocks.push(b);
                rest = r;
            }
            Err(e) => {
                errors.push(e);
                rest = skip_to_next_block(rest);
            }
        }
    }
    (file, errors)
}

// ---- tokens ----

/// `[A-Za-z_][A-Za-z0-9_-]*`.
fn ident(i: &str) -> IResult<&str, &str> {
    recognize(pair(
        take_while1(|c: char| c.is_ascii_alphabetic() || c == '_'),
        take_while(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
    ))
    .parse(i)
}

/// `ident { "." ident }`.
fn path(i: &str) -> IResult<&str, &str> {
    recognize(pair(ident, many0(pair(char('.'), ident)))).parse(i)
}

/// `-?[0-9]+(\.[0-9]+)?`.
fn number(i: &str) -> IResult<&str, &str> {
    recognize((opt(char('-')), digit1, opt(pair(char('.'), digit1)))).parse(i)
}

/// A double-quoted string with `\"`, `\\`, `\n`, `\t` and `\uXXXX` escapes.
fn string(i: &str) -> Res<'_, String> {
    let Ok((mut rest, _)) = char::<&str, nom::error::Error<&str>>('"').parse(i) else {
        return err(i, "a string");
    };
    let mut out = String::new();
    loop {
        if let Ok((r, s)) = recognize(many0(none_of::<&str, &str, nom::error::Error<&str>>("\"\\\n"))).parse(rest) {
            out.push_str(s);
            rest = r;
        }
        if let Some(r) = rest.strip_prefix('"') {
            return Ok((r, out));
        }
        if let Ok((r, e)) = pair(char::<&str, nom::error::Error<&str>>('\\'), one_of("\"\\/nrtu")).parse(rest) {
            match e.1 {
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'u' => {
                    let hex: String = r.chars().take(4).collect();
                    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        Some(c) if hex.len() == 4 => out.push(c),
                        _ => return err(rest, "four hex digits after `\\u`"),
                    }
                    rest = &r[4..];
                    continue;
                }
                c => out.push(c),
            }
            rest = r;
            continue;
        }
        return err(rest, "a closing `\"`");
    }
}

/// Spaces and tabs (not newlines).
fn blanks(i: &str) -> &str {
    let r: IResult<&str, &str> = take_while(|c| c == ' ' || c == '\t').parse(i);
    r.map_or(i, |(r, _)| r)
}

/// Whitespace, newlines and comments; with `collect_doc`, the `///` lines just before what follows.
fn trivia(mut i: &str, collect_doc: bool) -> (&str, Option<String>) {
    let mut doc: Vec<String> = Vec::new();
    loop {
        let r: IResult<&str, &str> = take_while(|c: char| c.is_whitespace()).parse(i);
        let (r, ws) = r.unwrap_or((i, ""));
        if ws.contains("\n\n") {
            doc.clear();
        }
        i = r;
        let comment: IResult<&str, (&str, &str)> =
            pair(alt((tag("///"), tag("//"))), take_while(|c| c != '\n')).parse(i);
        match comment {
            Ok((r, (slashes, text))) => {
                if collect_doc && slashes == "///" {
                    doc.push(text.strip_prefix(' ').unwrap_or(text).trim_end().to_string());
                }
                i = r;
            }
            Err(_) => break,
        }
    }
    (i, (!doc.is_empty()).then(|| doc.join("\n")))
}

/// Trivia inside parentheses and brackets (newlines allowed, comments skipped).
fn sp(i: &str) -> &str {
    trivia(i, false).0
}

fn skip_to_next_block(i: &str) -> &str {
    let mut rest = i;
    // Always advance at least one line, then stop at a line that opens a block.
    loop {
        rest = match rest.find('\n') {
            Some(n) => &rest[n + 1..],
            None => return "",
        };
        if let Ok((_, word)) = ident(rest)
            && keyword(word).is_some()
        {
            return rest;
        }
    }
}

fn skip_line(i: &str) -> &str {
    match i.find('\n') {
        Some(n) => &i[n..],
        None => "",
    }
}

fn keyword(word: &str) -> Option<BlockKind> {
    Some(match word {
        "datasource" => BlockKind::Datasource,
        "generator" => BlockKind::Generator,
        "model" => BlockKind::Model,
        "view" => BlockKind::View,
        "enum" => BlockKind::Enum,
        "type" => BlockKind::Type,
        _ => return None,
    })
}

// ---- blocks ----

fn block<'a>(i: &'a str, doc: Option<String>, errors: &mut Vec<SyntaxError>) -> Res<'a, Block> {
    let loc = Loc(i.len());
    let Ok((rest, word)) = ident(i) else {
        return err(i, "`model`, `enum`, `view`, `type`, `datasource` or `generator`");
    };
    let Some(kind) = keyword(word) else {
        return err(i, "`model`, `enum`, `view`, `type`, `datasource` or `generator`");
    };
    let rest = blanks(rest);
    let Ok((rest, name)) = ident(rest) else {
        return err(rest, &format!("a name after `{word}`"));
    };
    let rest = blanks(rest);
    let Some(mut rest) = rest.strip_prefix('{') else {
        return err(rest, &format!("`{{` after `{word} {name}`"));
    };
    let mut members = Vec::new();
    loop {
        let (r, member_doc) = trivia(rest, true);
        rest = r;
        if let Some(r) = rest.strip_prefix('}') {
            return Ok((r, Block { kind, name: name.to_string(), loc, doc, members }));
        }
        if rest.is_empty() {
            return err(rest, &format!("`}}` closing `{word} {name}`"));
        }
        if ident(rest).is_ok_and(|(r, w)| keyword(w).is_some() && blanks(r).starts_with(|c: char| c.is_alphabetic()))
            && line_opens_block(rest)
        {
            return err(rest, &format!("`}}` closing `{word} {name}`"));
        }
        match member(rest, kind, member_doc) {
            Ok((r, m)) => {
                members.push(m);
                let r = blanks(r);
                let r = trivia_line_end(r);
                if !(r.is_empty() || r.starts_with('\n') || r.starts_with('\r') || r.starts_with('}')) {
                    errors.push(err::<()>(r, "the end of the line").unwrap_err());
                    rest = skip_line(r);
                } else {
                    rest = r;
                }
            }
            Err(e) => {
                errors.push(e);
                rest = skip_line(rest);
            }
        }
    }
}

/// A trailing `// comment` on a member's line.
fn trivia_line_end(i: &str) -> &str {
    if i.starts_with("//") { skip_line(i) } else { i }
}

fn line_opens_block(i: &str) -> bool {
    let line = i.split('\n').next().unwrap_or("");
    line.trim_end().ends_with('{')
}

fn member(i: &str, kind: BlockKind, doc: Option<String>) -> Res<'_, Member> {
    if i.starts_with("@@") {
        let (r, a) = attribute(i, 2)?;
        return Ok((r, Member::BlockAttribute(a)));
    }
    match kind {
        BlockKind::Datasource | BlockKind::Generator => property(i).map(|(r, p)| (r, Member::Property(p))),
        BlockKind::Enum => {
            let loc = Loc(i.len());
            let Ok((rest, name)) = ident(i) else { return err(i, "an enum value or `@@map`") };
            let (rest, attributes) = attributes(rest)?;
            Ok((rest, Member::EnumValue(EnumValue { name: name.to_string(), attributes, loc })))
        }
        BlockKind::Model | BlockKind::View | BlockKind::Type => field(i, doc).map(|(r, f)| (r, Member::Field(f))),
    }
}

fn property(i: &str) -> Res<'_, Property> {
    let loc = Loc(i.len());
    let Ok((rest, key)) = ident(i) else { return err(i, "a property (`key = value`)") };
    let rest = blanks(rest);
    let Some(rest) = rest.strip_prefix('=') else { return err(rest, &format!("`=` after `{key}`")) };
    let (rest, value) = value(blanks(rest))?;
    Ok((rest, Property { key: key.to_string(), value, loc }))
}

fn field(i: &str, doc: Option<String>) -> Res<'_, Field> {
    let loc = Loc(i.len());
    let Ok((rest, name)) = ident(i) else { return err(i, "a field (`name Type`) or a block attribute (`@@…`)") };
    let rest = blanks(rest);
    let Ok((after, type_name)) = ident(rest) else { return err(rest, &format!("a type for field `{name}`")) };
    let (rest, field_type) = if type_name == "Unsupported" {
        let r = sp(after);
        let Some(r) = r.strip_prefix('(') else { return err(r, "`(` after `Unsupported`") };
        let (r, s) = string(sp(r))?;
        let r = sp(r);
        let Some(r) = r.strip_prefix(')') else { return err(r, "`)` closing `Unsupported(`") };
        (r, FieldType::Unsupported(s))
    } else {
        (after, FieldType::Named(type_name.to_string()))
    };
    let (rest, arity) = if let Some(r) = rest.strip_prefix("[]") {
        (r, Arity::List)
    } else if let Some(r) = rest.strip_prefix('?') {
        (r, Arity::Optional)
    } else {
        (rest, Arity::Required)
    };
    let (rest, attributes) = attributes(rest)?;
    Ok((rest, Field { name: name.to_string(), field_type, arity, attributes, doc, loc }))
}

/// Field or enum-value attributes on the rest of the line.
fn attributes(mut i: &str) -> Res<'_, Vec<Attribute>> {
    let mut out = Vec::new();
    loop {
        let r = blanks(i);
        if r.starts_with("@@") {
            return err(r, "a field attribute (`@…`); block attributes (`@@…`) go on their own line");
        }
        if !r.starts_with('@') {
            return Ok((i, out));
        }
        let (r, a) = attribute(r, 1)?;
        out.push(a);
        i = r;
    }
}

/// `@name[(args)]` (`at` = 1) or `@@name[(args)]` (`at` = 2).
fn attribute(i: &str, at: usize) -> Res<'_, Attribute> {
    let loc = Loc(i.len());
    let rest = &i[at..];
    let Ok((rest, name)) = path(rest) else { return err(rest, "an attribute name after `@`") };
    let (rest, args) = if rest.starts_with('(') { args(rest)? } else { (rest, Vec::new()) };
    Ok((rest, Attribute { name: name.to_string(), args, loc }))
}

/// `( [arg {, arg} [,]] )`.
fn args(i: &str) -> Res<'_, Vec<Arg>> {
    let mut rest = sp(&i[1..]);
    let mut out = Vec::new();
    loop {
        if let Some(r) = rest.strip_prefix(')') {
            return Ok((r, out));
        }
        let loc = Loc(rest.len());
        let (r, name) = named(rest);
        let (r, value) = value(sp(r))?;
        out.push(Arg { name, value, loc });
        rest = sp(r);
        if let Some(r) = rest.strip_prefix(',') {
            rest = sp(r);
        } else if !rest.starts_with(')') {
            return err(rest, "`,` or `)` in the argument list");
        }
    }
}

/// `name:` before an argument, if present.
fn named(i: &str) -> (&str, Option<String>) {
    if let Ok((r, n)) = ident(i) {
        let r2 = sp(r);
        if let Some(r3) = r2.strip_prefix(':') {
            return (r3, Some(n.to_string()));
        }
    }
    (i, None)
}

/// `string | number | array | call | ident`.
fn value(i: &str) -> Res<'_, Value> {
    if i.starts_with('"') {
        let (r, s) = string(i)?;
        return Ok((r, Value::String(s)));
    }
    if let Ok((r, n)) = number(i) {
        return Ok((r, Value::Number(n.to_string())));
    }
    if let Some(r) = i.strip_prefix('[') {
        let mut rest = sp(r);
        let mut items = Vec::new();
        loop {
            if let Some(r) = rest.strip_prefix(']') {
                return Ok((r, Value::Array(items)));
            }
            let (r, v) = value(rest)?;
            items.push(v);
            rest = sp(r);
            if let Some(r) = rest.strip_prefix(',') {
                rest = sp(r);
            } else if !rest.starts_with(']') {
                return err(rest, "`,` or `]` in the list");
            }
        }
    }
    if let Ok((r, p)) = path(i) {
        if r.starts_with('(') {
            let (r, args) = args(r)?;
            let args = args.into_iter().map(|a| CallArg { name: a.name, value: a.value }).collect();
            return Ok((r, Value::Call(p.to_string(), args)));
        }
        return Ok((r, Value::Ident(p.to_string())));
    }
    err(i, "a value (string, number, list, function call or name)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_models_attributes_and_docs() {
        let src = "/// people\nmodel User {\n  id Int @id @default(autoincrement()) // pk\n  name String? @db.VarChar(200)\n  tags String[]\n  geo Unsupported(\"circle\")?\n  @@index([name(sort: Desc), id], map: \"ix\")\n}\n";
        let (f, errors) = parse_file(src);
        assert!(errors.is_empty(), "{errors:?}");
        let b = &f.blocks[0];
        assert_eq!((b.kind, b.name.as_str(), b.doc.as_deref()), (BlockKind::Model, "User", Some("people")));
        assert_eq!(b.members.len(), 5);
        let Member::Field(id) = &b.members[0] else { panic!() };
        assert_eq!(id.attributes[1].args[0].value, Value::Call("autoincrement".into(), vec![]));
        let Member::Field(geo) = &b.members[3] else { panic!() };
        assert_eq!((geo.field_type.clone(), geo.arity), (FieldType::Unsupported("circle".into()), Arity::Optional));
        let Member::BlockAttribute(ix) = &b.members[4] else { panic!() };
        assert_eq!(ix.arg("map", false), Some(&Value::String("ix".into())));
    }

    #[test]
    fn one_bad_member_gives_one_error_and_the_rest_is_read() {
        let src = "model A {\n  id Int @id\n  broken\n  name String\n}\nenum E {\n  X\n  Y\n}\n";
        let (f, errors) = parse_file(src);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].message, "expected a type for field `broken`, found end of line");
        assert_eq!(f.blocks.len(), 2);
        assert_eq!(f.blocks[0].members.len(), 2);
    }

    #[test]
    fn string_escapes() {
        assert_eq!(string(r#""a\"b\\c\u00e9""#).unwrap().1, "a\"b\\cé");
    }
}

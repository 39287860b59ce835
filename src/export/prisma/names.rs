//! Prisma naming conventions: models in PascalCase (`blog_posts` → `BlogPosts`), fields in
//! camelCase (`created_at` → `createdAt`), with `@@map`/`@map` back to the database names;
//! identifiers start with a letter and hold letters, digits and `_`.

use std::collections::BTreeSet;

fn words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

fn start_with_letter(s: String, prefix: &str) -> String {
    if s.starts_with(|c: char| c.is_ascii_alphabetic()) { s } else { format!("{prefix}{s}") }
}

/// `blog_posts` → `BlogPosts`.
pub fn pascal(name: &str) -> String {
    start_with_letter(words(name).iter().map(|w| capitalize(w)).collect(), "M")
}

/// `created_at` → `createdAt`; a name that is already camelCase stays.
pub fn camel(name: &str) -> String {
    let ws = words(name);
    let mut out = String::new();
    for (i, w) in ws.iter().enumerate() {
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                out.push(f.to_ascii_lowercase());
                out.push_str(c.as_str());
            }
        } else {
            out.push_str(&capitalize(w));
        }
    }
    start_with_letter(out, "f")
}

/// `name`, or `name2`, `name3`… when `taken` already has it; the result is added to `taken`.
pub fn unique(name: String, taken: &mut BTreeSet<String>) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{name}{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

/// A Prisma string literal: `"it's \"x\""`.
pub fn string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventions() {
        assert_eq!(pascal("blog_posts"), "BlogPosts");
        assert_eq!(pascal("User"), "User");
        assert_eq!(pascal("1table"), "M1table");
        assert_eq!(camel("created_at"), "createdAt");
        assert_eq!(camel("authorId"), "authorId");
        assert_eq!(string("a\"b"), "\"a\\\"b\"");
    }
}

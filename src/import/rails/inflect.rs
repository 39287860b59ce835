//! The English inflections ActiveRecord uses for names it derives:
//! `t.references :category` → table `categories`, `add_foreign_key :posts, :people`
//! → column `person_id`. A hand-written subset of ActiveSupport's default
//! inflections (irregulars, uncountables and the common suffix rules), applied to
//! the last word of a snake_case name.

const UNCOUNTABLE: &[&str] =
    &["equipment", "information", "rice", "money", "species", "series", "fish", "sheep", "jeans", "police"];

const IRREGULAR: &[(&str, &str)] = &[
    ("person", "people"),
    ("man", "men"),
    ("child", "children"),
    ("sex", "sexes"),
    ("move", "moves"),
    ("zombie", "zombies"),
];

/// `IssueStatus` → `issue_status`, `HTMLPage` → `html_page` (ActiveSupport's `underscore` of
/// a class name without its modules).
pub fn underscore(class: &str) -> String {
    let class = class.rsplit("::").next().unwrap_or(class);
    let chars: Vec<char> = class.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            if prev.is_ascii_lowercase() || prev.is_ascii_digit() || (prev.is_ascii_uppercase() && next_lower) {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// The table ActiveRecord derives for model class `class` when the model does not set
/// `self.table_name`: `IssueStatus` → `issue_statuses`, `Admin::UserGroup` → `user_groups`.
pub fn model_table(class: &str) -> String {
    pluralize(&underscore(class))
}

/// Split `blog_post` into `("blog_", "post")`.
fn last_word(word: &str) -> (&str, &str) {
    match word.rfind(|c: char| !c.is_ascii_alphanumeric()) {
        Some(i) => word.split_at(i + 1),
        None => ("", word),
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// `post` → `posts`, `category` → `categories`, `person` → `people`.
pub fn pluralize(word: &str) -> String {
    let (head, w) = last_word(word);
    let lower = w.to_ascii_lowercase();
    if w.is_empty() || UNCOUNTABLE.contains(&lower.as_str()) {
        return word.to_string();
    }
    for (s, p) in IRREGULAR {
        if lower.ends_with(s) && (lower.len() == s.len() || *s == "person" || *s == "child") {
            return format!("{head}{}{}", &w[..w.len() - s.len()], p);
        }
        if lower == *p {
            return word.to_string();
        }
    }
    let stem = |n: usize| &w[..w.len() - n];
    let plural = if lower == "ox" || lower == "oxen" {
        "oxen".to_string()
    } else if let Some(x) = ["quiz"].iter().find(|s| lower.ends_with(*s)) {
        {
            let _ = x;
            format!("{w}zes")
        }
    } else if lower.ends_with("mouse") || lower.ends_with("louse") {
        format!("{}ice", stem(4))
    } else if lower.ends_with("matrix") || lower.ends_with("vertex") || lower.ends_with("index") {
        format!("{}ices", stem(2))
    } else if lower.ends_with("octopus") || lower.ends_with("virus") {
        format!("{}i", stem(2))
    } else if lower.ends_with("alias") || lower.ends_with("status") || lower.ends_with("bus") {
        format!("{w}es")
    } else if lower.ends_with("axis") || lower.ends_with("testis") {
        format!("{}es", stem(2))
    } else if lower.ends_with("sis") {
        format!("{}ses", stem(3))
    } else if lower.ends_with("buffalo") || lower.ends_with("tomato") {
        format!("{w}es")
    } else if lower.ends_with("tum") || lower.ends_with("ium") {
        format!("{}a", stem(2))
    } else if lower.ends_with("hive") {
        format!("{w}s")
    } else if lower.ends_with("fe") && !lower.ends_with("ffe") {
        format!("{}ves", stem(2))
    } else if (lower.ends_with("lf") || lower.ends_with("rf")) && lower.len() > 2 {
        format!("{}ves", stem(1))
    } else if lower.ends_with('y') && (lower.ends_with("quy") || !lower[..lower.len() - 1].ends_with(is_vowel)) {
        format!("{}ies", stem(1))
    } else if ["x", "ch", "ss", "sh"].iter().any(|s| lower.ends_with(s)) {
        format!("{w}es")
    } else if lower.ends_with('s') {
        w.to_string()
    } else {
        format!("{w}s")
    };
    format!("{head}{plural}")
}

/// `posts` → `post`, `categories` → `category`, `people` → `person`.
pub fn singularize(word: &str) -> String {
    let (head, w) = last_word(word);
    let lower = w.to_ascii_lowercase();
    if w.is_empty() || UNCOUNTABLE.contains(&lower.as_str()) {
        return word.to_string();
    }
    for (s, p) in IRREGULAR {
        if lower.ends_with(p) && (lower.len() == p.len() || *p == "people" || *p == "children") {
            return format!("{head}{}{}", &w[..w.len() - p.len()], s);
        }
        if lower == *s {
            return word.to_string();
        }
    }
    let stem = |n: usize| &w[..w.len() - n];
    let single = if lower == "oxen" {
        "ox".to_string()
    } else if lower.ends_with("quizzes") {
        stem(3).to_string()
    } else if lower.ends_with("matrices") {
        format!("{}ix", stem(4))
    } else if lower.ends_with("vertices") || lower.ends_with("indices") {
        format!("{}ex", stem(4))
    } else if lower.ends_with("mice") || lower.ends_with("lice") {
        format!("{}ouse", stem(3))
    } else if lower.ends_with("octopi") || lower.ends_with("viri") {
        format!("{}us", stem(1))
    } else if lower.ends_with("aliases") || lower.ends_with("statuses") || lower.ends_with("buses") {
        stem(2).to_string()
    } else if lower.ends_with("alias") || lower.ends_with("status") || lower.ends_with("bus") {
        w.to_string()
    } else if lower.ends_with("axes") || lower.ends_with("testes") || lower.ends_with("crises") {
        format!("{}is", stem(2))
    } else if lower.ends_with("ses")
        && ["analy", "ba", "diagno", "parenthe", "progno", "synop", "the"]
            .iter()
            .any(|p| lower.ends_with(&format!("{p}ses")))
    {
        format!("{}sis", stem(3))
    } else if lower.ends_with("news") || lower.ends_with("ss") {
        w.to_string()
    } else if lower.ends_with("movies") {
        stem(1).to_string()
    } else if lower.ends_with("series") {
        w.to_string()
    } else if lower.ends_with("ies") && lower.len() > 3 {
        format!("{}y", stem(3))
    } else if lower.ends_with("hives") || lower.ends_with("tives") {
        stem(1).to_string()
    } else if lower.ends_with("lves") || lower.ends_with("rves") {
        format!("{}f", stem(3))
    } else if lower.ends_with("ves") && lower.len() > 3 {
        format!("{}fe", stem(3))
    } else if ["xes", "ches", "sses", "shes"].iter().any(|s| lower.ends_with(s)) {
        stem(2).to_string()
    } else if lower.ends_with("shoes") || lower.ends_with("oes") {
        stem(if lower.ends_with("shoes") { 1 } else { 2 }).to_string()
    } else if lower.ends_with("ta") || lower.ends_with("ia") {
        format!("{}um", stem(1))
    } else if lower.ends_with('s') {
        stem(1).to_string()
    } else {
        w.to_string()
    };
    format!("{head}{single}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_and_singulars_follow_activesupport() {
        for (s, p) in [
            ("post", "posts"),
            ("category", "categories"),
            ("person", "people"),
            ("sales_person", "sales_people"),
            ("status", "statuses"),
            ("address", "addresses"),
            ("box", "boxes"),
            ("key", "keys"),
            ("child", "children"),
            ("blog_post", "blog_posts"),
            ("wife", "wives"),
            ("half", "halves"),
            ("analysis", "analyses"),
            ("matrix", "matrices"),
            ("series", "series"),
            ("datum", "data"),
            ("tomato", "tomatoes"),
            ("mouse", "mice"),
        ] {
            assert_eq!(pluralize(s), p, "pluralize {s}");
            assert_eq!(singularize(p), s, "singularize {p}");
        }
        assert_eq!(singularize("users"), "user");
        assert_eq!(singularize("news"), "news");
    }

    #[test]
    fn model_classes_name_their_tables_like_activerecord() {
        for (class, table) in [
            ("Board", "boards"),
            ("IssueStatus", "issue_statuses"),
            ("Admin::UserGroup", "user_groups"),
            ("HTMLPage", "html_pages"),
            ("Person", "people"),
            ("OAuth2Token", "o_auth2_tokens"),
        ] {
            assert_eq!(model_table(class), table, "{class}");
        }
    }
}

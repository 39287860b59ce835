//! The names ActiveRecord gives indexes and constraints when a migration names none, so the
//! exporter writes `name:` only where the IR's name differs from them.
//!
//! | object | ActiveRecord's name |
//! |---|---|
//! | index | `index_<table>_on_<col>_and_<col>` |
//! | foreign key | `fk_rails_<first 10 hex of SHA-256("<table>_<column>_fk")>` |
//! | check | `chk_rails_<first 10 hex of SHA-256("<table>_<expression>_chk")>` |
//! | primary key | `<table>_pkey` (PostgreSQL; it cannot be named) |

use sha2::{Digest, Sha256};

fn hashed(identifier: &str) -> String {
    let digest = Sha256::digest(identifier.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect::<String>()[..10].to_string()
}

/// `add_index :users, [:a, :b]` → `index_users_on_a_and_b`.
pub fn index(table: &str, columns: &[&str]) -> String {
    format!("index_{table}_on_{}", columns.join("_and_"))
}

/// `add_foreign_key :posts, :users` (column `user_id`) → `fk_rails_<hash>`.
pub fn foreign_key(table: &str, column: &str) -> String {
    format!("fk_rails_{}", hashed(&format!("{table}_{column}_fk")))
}

/// `add_check_constraint :t, "price > 0"` → `chk_rails_<hash>`.
pub fn check(table: &str, expression: &str) -> String {
    format!("chk_rails_{}", hashed(&format!("{table}_{expression}_chk")))
}

/// The table `t.references :author, foreign_key: true` points at: Rails pluralizes the name.
/// Only the regular English plurals are modelled; `None` means "write `to_table:`".
pub fn plural(word: &str) -> Option<String> {
    const UNSURE: &[&str] = &[
        "person",
        "man",
        "woman",
        "child",
        "datum",
        "data",
        "news",
        "info",
        "information",
        "equipment",
        "series",
        "species",
        "sheep",
        "fish",
        "money",
        "rice",
        "police",
        "ox",
        "mouse",
        "louse",
        "quiz",
        "matrix",
        "vertex",
        "index",
        "axis",
        "status",
        "alias",
        "bus",
        "octopus",
        "virus",
        "crisis",
        "analysis",
        "basis",
        "medium",
        "movie",
        "shoe",
        "tooth",
        "foot",
        "goose",
        "leaf",
        "life",
        "wife",
        "knife",
        "half",
        "self",
        "shelf",
        "wolf",
        "thief",
        "potato",
        "tomato",
        "hero",
        "echo",
        "cow",
        "zombie",
        "criterion",
        "phenomenon",
    ];
    let last = word.rsplit('_').next().unwrap_or(word);
    if word.is_empty() || UNSURE.contains(&last) || !word.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
        return None;
    }
    let ends = |s: &str| last.ends_with(s);
    if ends("s") || ends("x") || ends("z") || ends("ch") || ends("sh") || ends("o") || ends("f") || ends("fe") {
        return None;
    }
    if let Some(stem) = word.strip_suffix('y') {
        return if stem.ends_with(['a', 'e', 'i', 'o', 'u']) {
            Some(format!("{word}s"))
        } else {
            Some(format!("{stem}ies"))
        };
    }
    Some(format!("{word}s"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_activerecord() {
        // Values printed by ActiveRecord 6.1 (`connection.foreign_key_name` / `check_constraint_name`).
        assert_eq!(index("users", &["email"]), "index_users_on_email");
        assert_eq!(index("posts", &["title", "author_id"]), "index_posts_on_title_and_author_id");
        assert_eq!(foreign_key("posts", "author_id"), "fk_rails_04d13ef8c7");
        assert_eq!(check("t", "price > 0"), "chk_rails_af369610b7");
        assert_eq!(plural("author").as_deref(), Some("authors"));
        assert_eq!(plural("category").as_deref(), Some("categories"));
        assert_eq!(plural("day").as_deref(), Some("days"));
        assert_eq!(plural("person"), None);
        assert_eq!(plural("address"), None);
    }
}

//! TypeORM's `DefaultNamingStrategy` names for constraints and indexes the
//! QueryRunner API creates without a name: a prefix and the SHA-1 (hex) of
//! `<table>_<sorted columns>[_<where>]`, cut to 27 (`PK_`, `UQ_`, `FK_`) or 26
//! (`IDX_`, `REL_`, `CHK_`, `XCL_`) characters. The table name is the last segment of a
//! dotted path.

use sha1::{Digest, Sha1};

fn hex_sha1(input: &str) -> String {
    Sha1::digest(input.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn key(table: &str, columns: &[String]) -> String {
    let table = table.rsplit('.').next().unwrap_or(table);
    let mut cols = columns.to_vec();
    cols.sort();
    format!("{}_{}", table.replacen('.', "_", 1), cols.join("_"))
}

fn named(prefix: &str, input: &str, len: usize) -> String {
    let h = hex_sha1(input);
    format!("{prefix}{}", &h[..len])
}

/// `PK_<sha1(table_cols)[..27]>`.
pub fn primary_key(table: &str, columns: &[String]) -> String {
    named("PK_", &key(table, columns), 27)
}

/// `UQ_<sha1(table_cols)[..27]>`.
pub fn unique(table: &str, columns: &[String]) -> String {
    named("UQ_", &key(table, columns), 27)
}

/// `FK_<sha1(table_cols)[..27]>`.
pub fn foreign_key(table: &str, columns: &[String]) -> String {
    named("FK_", &key(table, columns), 27)
}

/// `IDX_<sha1(table_cols[_where])[..26]>`.
pub fn index(table: &str, columns: &[String], predicate: Option<&str>) -> String {
    let mut k = key(table, columns);
    if let Some(w) = predicate.filter(|w| !w.is_empty()) {
        k.push('_');
        k.push_str(w);
    }
    named("IDX_", &k, 26)
}

/// `CHK_<sha1(table_expression)[..26]>`.
pub fn check(table: &str, expression: &str) -> String {
    let table = table.rsplit('.').next().unwrap_or(table);
    named("CHK_", &format!("{table}_{expression}"), 26)
}

/// `XCL_<sha1(table_expression)[..26]>`.
pub fn exclusion(table: &str, expression: &str) -> String {
    let table = table.rsplit('.').next().unwrap_or(table);
    named("XCL_", &format!("{table}_{expression}"), 26)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    /// Names computed by TypeORM 1.1.1's DefaultNamingStrategy for the same inputs.
    #[test]
    fn matches_typeorm() {
        assert_eq!(primary_key("authors", &s(&["id"])), "PK_d2ed02fabd9b52847ccb85e6b88");
        assert_eq!(unique("authors", &s(&["email"])), "UQ_ea066641108f693660071dfa790");
        assert_eq!(foreign_key("posts", &s(&["author_id"])), "FK_312c63be865c81b922e39c2475e");
        assert_eq!(index("posts", &s(&["title"]), None), "IDX_2d82eb2bb2ddd7a6bfac8804d8");
        assert_eq!(check("t", "a > 0"), "CHK_9e33dd8c4d92028d3498e4e512");
        assert_eq!(primary_key("public.t", &s(&["b", "a"])), primary_key("t", &s(&["a", "b"])));
    }
}

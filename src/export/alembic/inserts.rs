//! SQL that is nothing but literal INSERTs into one table, with the same columns each time (what
//! the Alembic importer makes of `op.bulk_insert`), written back as `op.bulk_insert(sa.table(…), [
//! {…}, …])`, so the revision runs on every database instead of carrying PostgreSQL-quoted SQL:
//!
//! ```text
//! INSERT INTO "settings" ("id", "name") VALUES (1, 'theme');   →   op.bulk_insert(
//!                                                                       sa.table("settings", sa.column("id"), sa.column("name")),
//!                                                                       [{"id": 1, "name": "theme"}],
//!                                                                   )
//! ```

use super::py::{Call, string};

/// One parsed `INSERT INTO t (cols) VALUES (literals);`.
struct Insert {
    schema: Option<String>,
    table: String,
    columns: Vec<String>,
    values: Vec<String>,
}

/// `op.bulk_insert(…)` for `sql` (lines indented relative to the call), or `None` when it is anything else.
pub fn bulk_insert(sql: &str) -> Option<String> {
    let rows: Vec<Insert> = sql.lines().map(parse).collect::<Option<_>>()?;
    let first = rows.first()?;
    let same = |r: &Insert| r.schema == first.schema && r.table == first.table && r.columns == first.columns;
    if !rows.iter().all(same) {
        return None;
    }
    let mut table = Call::new("sa.table").str(&first.table);
    for c in &first.columns {
        table = table.arg(format!("sa.column({})", string(c)));
    }
    let table = table.kw_str("schema", first.schema.as_deref());
    let pad = " ".repeat(8);
    let dicts: Vec<String> = rows
        .iter()
        .map(|r| {
            let pairs: Vec<String> =
                r.columns.iter().zip(&r.values).map(|(c, v)| format!("{}: {v}", string(c))).collect();
            format!("{pad}{{{}}},\n", pairs.join(", "))
        })
        .collect();
    let list = format!("[\n{}    ]", dicts.concat());
    Some(Call::new("op.bulk_insert").arg(table.render(4)).arg(list).render(0))
}

/// One statement; `None` unless it has exactly the importer's shape.
fn parse(line: &str) -> Option<Insert> {
    let mut s = Cursor(line.trim().strip_prefix("INSERT INTO ")?);
    let mut name = s.ident()?;
    let mut schema = None;
    if s.eat(".") {
        schema = Some(name);
        name = s.ident()?;
    }
    let columns = s.list(Cursor::ident, " (")?;
    s.0 = s.0.strip_prefix(" VALUES")?;
    let values = s.list(Cursor::literal, " (")?;
    (s.0 == ";" && columns.len() == values.len() && !columns.is_empty()).then_some(Insert {
        schema,
        table: name,
        columns,
        values,
    })
}

/// What is left of the statement.
struct Cursor<'a>(&'a str);

impl Cursor<'_> {
    fn eat(&mut self, p: &str) -> bool {
        match self.0.strip_prefix(p) {
            Some(rest) => {
                self.0 = rest;
                true
            }
            None => false,
        }
    }

    /// `open` item, item, … `)`.
    fn list(&mut self, item: fn(&mut Self) -> Option<String>, open: &str) -> Option<Vec<String>> {
        if !self.eat(open) {
            return None;
        }
        let mut out = vec![item(self)?];
        while self.eat(", ") {
            out.push(item(self)?);
        }
        self.eat(")").then_some(out)
    }

    /// `"name"` with `""` for a quote.
    fn ident(&mut self) -> Option<String> {
        self.quoted('"')
    }

    fn quoted(&mut self, q: char) -> Option<String> {
        let rest = self.0.strip_prefix(q)?;
        let mut out = String::new();
        let mut chars = rest.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != q {
                out.push(c);
            } else if rest[i + 1..].starts_with(q) {
                out.push(q);
                chars.next();
            } else {
                self.0 = &rest[i + 1..];
                return Some(out);
            }
        }
        None
    }

    /// A literal as Python source: `'text'`, a number, `true`/`false`, `NULL`.
    fn literal(&mut self) -> Option<String> {
        if self.0.starts_with('\'') {
            return self.quoted('\'').map(|s| string(&s));
        }
        let end = self.0.find([',', ')']).unwrap_or(self.0.len());
        let word = &self.0[..end];
        let py = match word {
            "true" | "TRUE" => "True".to_string(),
            "false" | "FALSE" => "False".to_string(),
            "NULL" => "None".to_string(),
            n if !n.is_empty() && n.parse::<f64>().is_ok() && !n.contains(['e', 'E', 'i', 'n', 'N']) => n.to_string(),
            _ => return None,
        };
        self.0 = &self.0[end..];
        Some(py)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_become_bulk_insert() {
        let sql = "INSERT INTO \"s\".\"t\" (\"id\", \"a\"\"b\") VALUES (1, 'it''s');\nINSERT INTO \"s\".\"t\" (\"id\", \"a\"\"b\") VALUES (-2.5, NULL);";
        let out = bulk_insert(sql).expect("bulk insert");
        assert!(out.contains(r#"sa.table("t", sa.column("id"), sa.column("a\"b"), schema="s")"#), "{out}");
        assert!(out.contains(r#"{"id": 1, "a\"b": "it's"},"#), "{out}");
        assert!(out.contains(r#"{"id": -2.5, "a\"b": None},"#), "{out}");
    }

    #[test]
    fn anything_else_stays_sql() {
        assert!(bulk_insert("INSERT INTO t (id) VALUES (1);").is_none());
        assert!(bulk_insert("INSERT INTO \"t\" (\"id\") VALUES (now());").is_none());
        assert!(bulk_insert("INSERT INTO \"t\" (\"id\") VALUES (1);\nINSERT INTO \"t\" (\"x\") VALUES (1);").is_none());
        assert!(bulk_insert("INSERT INTO \"t\" (\"id\") VALUES (1); DROP TABLE t;").is_none());
    }
}

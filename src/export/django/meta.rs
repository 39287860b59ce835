//! `Meta` constraints and indexes: `models.UniqueConstraint`, `models.CheckConstraint` with a
//! `models.Q` condition, `models.Index`. Each always carries `name=`, the name polymig's SQL
//! gives the object on the target database, so the real schema keeps polymig's names.

use super::py::{self, Call};
use super::registry::Model;
use crate::ir::{Deferrable, Index, IndexKey, SqlDialect};

/// `models.UniqueConstraint(fields=[…], name="…")` over columns of `model`.
pub fn unique(
    model: &Model,
    columns: &[String],
    name: &str,
    nulls_not_distinct: bool,
    deferrable: Option<Deferrable>,
    d: SqlDialect,
) -> Result<Call, String> {
    if nulls_not_distinct && d != SqlDialect::Postgres {
        return Err("NULLS NOT DISTINCT exists on PostgreSQL only".into());
    }
    if deferrable.is_some() && d != SqlDialect::Postgres {
        return Err("deferrable unique constraints exist on PostgreSQL only".into());
    }
    let fields = field_names(model, columns)?;
    let deferrable = deferrable.map(|d| match d {
        Deferrable::Deferred => "models.Deferrable.DEFERRED".to_string(),
        Deferrable::Immediate => "models.Deferrable.IMMEDIATE".to_string(),
    });
    Ok(Call::new("models.UniqueConstraint")
        .kw("fields", py::list(&fields.iter().map(|f| py::string(f)).collect::<Vec<_>>(), 0))
        .kw("name", py::string(name))
        .kw_opt("nulls_distinct", nulls_not_distinct.then(|| "False".to_string()))
        .kw_opt("deferrable", deferrable))
}

/// `models.CheckConstraint(condition=models.Q(…), name="…")` when the expression is a
/// conjunction of simple comparisons of a column with a literal (`"n" >= 0 AND "m" IS NOT NULL`).
pub fn check(model: &Model, expr: &str, name: &str) -> Result<Call, String> {
    let q = condition(model, expr).ok_or_else(|| format!("CHECK ({expr}) is not a simple Q condition"))?;
    Ok(Call::new("models.CheckConstraint").kw("condition", q).kw("name", py::string(name)))
}

/// `models.Index(fields=["a", "-b"], name="…")` for a plain B-tree index on columns.
pub fn index(model: &Model, idx: &Index, name: &str, d: SqlDialect) -> Result<Call, String> {
    if idx.unique {
        return Err("Django's Index is never unique".into());
    }
    if idx.predicate.is_some() || !idx.include.is_empty() || idx.nulls_not_distinct {
        return Err("partial and covering indexes are written in SQL".into());
    }
    if idx.method.as_deref().is_some_and(|m| !m.eq_ignore_ascii_case("btree")) {
        return Err("index methods other than B-tree are written in SQL".into());
    }
    let mut fields = Vec::new();
    let opclasses: Vec<String> = idx.parts.iter().filter_map(|p| p.opclass.as_deref().map(py::string)).collect();
    // Django's `opclasses=` (PostgreSQL) needs one per field.
    if !opclasses.is_empty() && (opclasses.len() != idx.parts.len() || d != SqlDialect::Postgres) {
        return Err("operator classes on some columns only, or outside PostgreSQL, are written in SQL".into());
    }
    for p in &idx.parts {
        let IndexKey::Column(c) = &p.key else { return Err("expression indexes are written in SQL".into()) };
        if p.length.is_some() || p.collation.is_some() || p.nulls_first.is_some() {
            return Err("prefix lengths, collations and NULLS order are written in SQL".into());
        }
        let f = model.field(c).ok_or_else(|| format!("no field for column {c}"))?;
        fields.push(py::string(&if p.desc { format!("-{f}") } else { f.to_string() }));
    }
    let call = Call::new("models.Index").kw("fields", py::list(&fields, 0)).kw("name", py::string(name));
    Ok(if opclasses.is_empty() { call } else { call.kw("opclasses", py::list(&opclasses, 0)) })
}

fn field_names(model: &Model, columns: &[String]) -> Result<Vec<String>, String> {
    columns
        .iter()
        .map(|c| model.field(c).map(str::to_string).ok_or_else(|| format!("no field for column {c}")))
        .collect()
}

/// `models.Q(("n__gte", 0), ("m__isnull", False))` for `n >= 0 AND m IS NOT NULL`.
fn condition(model: &Model, expr: &str) -> Option<String> {
    let toks = tokens(expr)?;
    let mut parts = Vec::new();
    for clause in toks.split(|t| matches!(t, Tok::Word(w) if w.eq_ignore_ascii_case("and"))) {
        parts.push(comparison(model, clause)?);
    }
    (!parts.is_empty()).then(|| format!("models.Q({})", parts.join(", ")))
}

fn comparison(model: &Model, toks: &[Tok]) -> Option<String> {
    let field = |t: &Tok| match t {
        Tok::Ident(c) | Tok::Word(c) => model.field(c).map(str::to_string),
        _ => None,
    };
    let lookup = |f: String, l: &str, v: String| Some(format!("({}, {v})", py::string(&format!("{f}__{l}"))));
    match toks {
        [col, Tok::Word(is), Tok::Word(null)] if is.eq_ignore_ascii_case("is") && null.eq_ignore_ascii_case("null") => {
            lookup(field(col)?, "isnull", "True".into())
        }
        [col, Tok::Word(is), Tok::Word(not), Tok::Word(null)]
            if is.eq_ignore_ascii_case("is")
                && not.eq_ignore_ascii_case("not")
                && null.eq_ignore_ascii_case("null") =>
        {
            lookup(field(col)?, "isnull", "False".into())
        }
        [col, Tok::Op(op), value] => {
            let l = match op.as_str() {
                "=" => "exact",
                ">" => "gt",
                ">=" => "gte",
                "<" => "lt",
                "<=" => "lte",
                _ => return None,
            };
            let v = match value {
                Tok::Number(n) => n.clone(),
                Tok::Str(s) => py::string(s),
                Tok::Word(w) if w.eq_ignore_ascii_case("true") => "True".into(),
                Tok::Word(w) if w.eq_ignore_ascii_case("false") => "False".into(),
                _ => return None,
            };
            lookup(field(col)?, l, v)
        }
        [Tok::Open, inner @ .., Tok::Close] => comparison(model, inner),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Word(String),
    Number(String),
    Str(String),
    Op(String),
    Open,
    Close,
}

/// A small tokenizer for canonical SQL conditions; `None` on anything unexpected.
fn tokens(s: &str) -> Option<Vec<Tok>> {
    let cs: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' {
            let mut v = String::new();
            i += 1;
            loop {
                match cs.get(i)? {
                    '"' if cs.get(i + 1) == Some(&'"') => {
                        v.push('"');
                        i += 2;
                    }
                    '"' => break,
                    ch => {
                        v.push(*ch);
                        i += 1;
                    }
                }
            }
            i += 1;
            out.push(Tok::Ident(v));
        } else if c == '\'' {
            let mut v = String::new();
            i += 1;
            loop {
                match cs.get(i)? {
                    '\'' if cs.get(i + 1) == Some(&'\'') => {
                        v.push('\'');
                        i += 2;
                    }
                    '\'' => break,
                    ch => {
                        v.push(*ch);
                        i += 1;
                    }
                }
            }
            i += 1;
            out.push(Tok::Str(v));
        } else if c.is_ascii_digit() || (c == '-' && cs.get(i + 1).is_some_and(char::is_ascii_digit)) {
            let start = i;
            i += 1;
            while i < cs.len() && (cs[i].is_ascii_digit() || cs[i] == '.') {
                i += 1;
            }
            out.push(Tok::Number(cs[start..i].iter().collect()));
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < cs.len() && (cs[i].is_alphanumeric() || cs[i] == '_') {
                i += 1;
            }
            out.push(Tok::Word(cs[start..i].iter().collect()));
        } else if c == '(' || c == ')' {
            out.push(if c == '(' { Tok::Open } else { Tok::Close });
            i += 1;
        } else if "<>=!".contains(c) {
            let start = i;
            while i < cs.len() && "<>=!".contains(cs[i]) {
                i += 1;
            }
            out.push(Tok::Op(cs[start..i].iter().collect()));
        } else {
            return None;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn model() -> Model {
        let fields = [("view_count", "view_count"), ("author_id", "author")]
            .iter()
            .map(|(c, f)| (c.to_string(), f.to_string()))
            .collect();
        Model { name: "Posts".into(), fields, known: BTreeMap::new(), state_exact: true }
    }

    #[test]
    fn simple_checks_become_q_objects() {
        let m = model();
        assert_eq!(condition(&m, "\"view_count\" >= 0").unwrap(), "models.Q((\"view_count__gte\", 0))");
        assert_eq!(
            condition(&m, "view_count < 10 AND author_id IS NOT NULL").unwrap(),
            "models.Q((\"view_count__lt\", 10), (\"author__isnull\", False))"
        );
        assert!(condition(&m, "view_count + 1 > 0").is_none());
        assert!(condition(&m, "length(title) > 0").is_none());
    }
}

//! A schema state → a formatted `schema.prisma`: enums, one model per table (fields with
//! `@map`, `@db.*`, defaults, `@id`/`@unique`, `@@id`/`@@unique`/`@@index` with `map:` where the
//! name is not Prisma's default), relations rebuilt from foreign keys with both sides, and a
//! `// polymig:` note for what Prisma cannot express (checks, partial and expression indexes,
//! generated columns, `ON UPDATE`, views, extensions).

use std::collections::{BTreeMap, BTreeSet};

use super::names::{camel, pascal, string, unique};
use super::types::field_type;
use crate::import::prisma::naming as prisma_naming;
use crate::ir::{ConstraintKind, DataType, DefaultExpr, FkAction, Index, IndexKey, SqlDialect};
use crate::schema::{Schema, Table};

/// One field line: `name Type attributes`.
struct Line {
    name: String,
    ty: String,
    attrs: Vec<String>,
}

/// A model being written.
struct Model {
    name: String,
    table: String,
    schema: Option<String>,
    doc: Option<String>,
    lines: Vec<Line>,
    block: Vec<String>,
    notes: Vec<String>,
    taken: BTreeSet<String>,
    /// Column name → field name.
    fields: BTreeMap<String, String>,
    ignored: bool,
}

/// Render `schema` as a `schema.prisma` for `dialect`; the notes list what was left out.
pub fn render(schema: &Schema, dialect: SqlDialect) -> (String, Vec<String>) {
    let d = dialect;
    let mut taken = BTreeSet::new();
    let mut notes = Vec::new();
    // Enums: PostgreSQL types by key, MySQL inline enums by (table, column).
    let mut enum_names: BTreeMap<String, String> = BTreeMap::new();
    let mut enums_out = String::new();
    for (key, e) in &schema.enums {
        let name = unique(pascal(&e.name.name), &mut taken);
        enums_out.push_str(&render_enum(&name, &e.name.name, &e.values, e.name.schema.as_deref()));
        enum_names.insert(key.clone(), name);
    }
    let mut models: BTreeMap<String, Model> = BTreeMap::new();
    for (key, t) in &schema.tables {
        let name = unique(pascal(&t.name.name), &mut taken);
        models.insert(
            key.clone(),
            Model {
                name,
                table: t.name.name.clone(),
                schema: t.name.schema.clone().filter(|_| d != SqlDialect::Sqlite),
                doc: t.comment.clone(),
                lines: Vec::new(),
                block: Vec::new(),
                notes: Vec::new(),
                taken: BTreeSet::new(),
                fields: BTreeMap::new(),
                ignored: false,
            },
        );
    }
    for (key, t) in &schema.tables {
        let mut inline = Vec::new();
        let model = models.get_mut(key).expect("model");
        scalars(model, t, d, &enum_names, &mut inline);
        for (name, values) in inline {
            let ename = unique(name, &mut taken);
            enums_out.push_str(&render_enum(&ename, &ename, &values, None));
            if let Some(line) = model.lines.iter_mut().find(|l| l.ty == "__enum__" || l.ty == "__enum__?") {
                line.ty = line.ty.replace("__enum__", &ename);
            }
        }
        keys_and_indexes(model, t, d);
    }
    super::relations::add(schema, d, &mut models_view(&mut models));
    for v in schema.views.values() {
        notes.push(format!("view {} is not written: Prisma Migrate does not create views", v.name));
    }
    for x in &schema.extensions {
        notes.push(format!(
            "extension {x} is not written (Prisma's `extensions` needs the postgresqlExtensions preview)"
        ));
    }
    let mut out = String::new();
    out.push_str(&datasource(schema, d));
    out.push_str("\ngenerator client {\n  provider = \"prisma-client-js\"\n}\n");
    for n in &notes {
        out.push_str(&format!("\n// polymig: {n}\n"));
    }
    out.push_str(&enums_out);
    for m in models.values() {
        out.push_str(&render_model(m));
    }
    let mut all = notes;
    for m in models.values() {
        all.extend(m.notes.iter().map(|n| format!("{}: {n}", m.name)));
    }
    (out, all)
}

/// The models as relations sees them.
pub(super) struct ModelsView<'a> {
    models: &'a mut BTreeMap<String, Model>,
}

fn models_view(models: &mut BTreeMap<String, Model>) -> ModelsView<'_> {
    ModelsView { models }
}

impl ModelsView<'_> {
    /// The model name of a table key.
    pub fn name(&self, key: &str) -> Option<String> {
        self.models.get(key).map(|m| m.name.clone())
    }

    /// The field name of a column.
    pub fn field(&self, key: &str, column: &str) -> Option<String> {
        self.models.get(key)?.fields.get(column).cloned()
    }

    /// Whether the model carries `@@ignore`.
    pub fn ignored(&self, key: &str) -> bool {
        self.models.get(key).is_some_and(|m| m.ignored)
    }

    /// Add a relation field to a model, with a name not yet used there.
    pub fn add_field(&mut self, key: &str, wanted: String, ty: String, attrs: Vec<String>) {
        if let Some(m) = self.models.get_mut(key) {
            let name = unique(wanted, &mut m.taken);
            m.lines.push(Line { name, ty, attrs });
        }
    }

    /// Add a `// polymig:` note to a model.
    pub fn note(&mut self, key: &str, note: String) {
        if let Some(m) = self.models.get_mut(key) {
            m.notes.push(note);
        }
    }
}

fn datasource(schema: &Schema, d: SqlDialect) -> String {
    let provider = match d {
        SqlDialect::Postgres => "postgresql",
        SqlDialect::Mysql => "mysql",
        SqlDialect::Sqlite => "sqlite",
    };
    let schemas: BTreeSet<&str> = schema
        .tables
        .values()
        .filter(|_| d != SqlDialect::Sqlite)
        .filter_map(|t| t.name.schema.as_deref())
        .chain(schema.enums.values().filter(|_| d == SqlDialect::Postgres).filter_map(|e| e.name.schema.as_deref()))
        .collect();
    let mut out = format!("datasource db {{\n  provider = \"{provider}\"\n");
    if !schemas.is_empty() {
        let mut list: Vec<String> = schemas.iter().map(|s| string(s)).collect();
        if !schemas.contains("public") && schema.tables.values().any(|t| t.name.schema.is_none()) {
            list.insert(0, string("public"));
        }
        out.push_str(&format!("  schemas  = [{}]\n", list.join(", ")));
    }
    out.push_str("}\n");
    out
}

fn render_enum(name: &str, db_name: &str, values: &[String], schema: Option<&str>) -> String {
    let mut out = format!("\nenum {name} {{\n");
    let mut taken = BTreeSet::new();
    for v in values {
        let ident = unique(enum_ident(v), &mut taken);
        if ident == *v {
            out.push_str(&format!("  {ident}\n"));
        } else {
            out.push_str(&format!("  {ident} @map({})\n", string(v)));
        }
    }
    if name != db_name || schema.is_some() {
        out.push('\n');
    }
    if name != db_name {
        out.push_str(&format!("  @@map({})\n", string(db_name)));
    }
    if let Some(s) = schema {
        out.push_str(&format!("  @@schema({})\n", string(s)));
    }
    out.push_str("}\n");
    out
}

fn enum_ident(v: &str) -> String {
    let s: String = v.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    if s.starts_with(|c: char| c.is_ascii_alphabetic()) { s } else { format!("V{s}") }
}

fn scalars(
    m: &mut Model,
    t: &Table,
    d: SqlDialect,
    enums: &BTreeMap<String, String>,
    inline: &mut Vec<(String, Vec<String>)>,
) {
    for c in &t.columns {
        let name = unique(camel(&c.name), &mut m.taken);
        m.fields.insert(c.name.clone(), name.clone());
        let enum_name = |dt: &DataType| match dt {
            DataType::Enum { name: Some(n), .. } => enums.get(&n.key()).cloned(),
            DataType::Enum { name: None, .. } if d == SqlDialect::Mysql => Some("__enum__".to_string()),
            _ => None,
        };
        let ft = field_type(&c.data_type, d, &enum_name);
        if let DataType::Enum { name: None, values } = &c.data_type
            && d == SqlDialect::Mysql
        {
            inline.push((format!("{}{}", m.name, pascal(&c.name)), values.clone()));
        }
        let in_pk = t.primary_key().is_some_and(|pk| pk.columns().iter().any(|x| x == &c.name));
        if c.nullable && in_pk {
            m.notes.push(format!("column {}: nullability — a primary key column is written as required", c.name));
        }
        let mut ty = ft.name.clone();
        if ft.list {
            ty.push_str("[]");
        } else if c.nullable && !in_pk {
            ty.push('?');
        }
        let mut attrs = Vec::new();
        if let Some(a) = c.auto_increment
            && c.data_type.is_integer()
        {
            if matches!(a, crate::ir::AutoIncrement::IdentityAlways | crate::ir::AutoIncrement::IdentityByDefault)
                && d == SqlDialect::Postgres
            {
                m.notes.push(format!(
                    "column {}: auto increment — an identity column is written as autoincrement() (SERIAL)",
                    c.name
                ));
            }
            if d == SqlDialect::Sqlite {
                m.notes.push(format!(
                    "column {}: auto increment — Prisma decides AUTOINCREMENT itself on SQLite (Int keys only); rowids are assigned either way",
                    c.name
                ));
            }
            attrs.push("@default(autoincrement())".to_string());
        } else if ft.list && c.default.is_some() {
            m.notes.push(format!("column {}: default — the default of a list column is not written", c.name));
        } else if let Some(def) = &c.default
            && let Some(text) = default(def, &ft.name, &c.data_type, enums)
        {
            attrs.push(format!("@default({text})"));
        }
        if name != c.name {
            attrs.push(format!("@map({})", string(&c.name)));
        }
        if let Some(n) = &ft.native {
            attrs.push(format!("@{n}"));
        }
        if c.comment.is_some() {
            m.notes.push(format!("column {}: comment — Prisma does not migrate comments", c.name));
        }
        if c.on_update.is_some() {
            m.notes.push(format!(
                "column {}: on update — ON UPDATE is not expressible (@updatedAt is client-side)",
                c.name
            ));
        }
        if let Some(g) = &c.generated {
            m.notes.push(format!("column {}: generated — GENERATED ALWAYS AS ({}) is not expressible", c.name, g.expr));
        }
        if c.collation.is_some() {
            m.notes.push(format!(
                "column {}: collation — COLLATE {} is not expressible",
                c.name,
                c.collation.as_deref().unwrap_or("")
            ));
        }
        m.lines.push(Line { name, ty, attrs });
    }
}

fn default(def: &DefaultExpr, ty: &str, dt: &DataType, enums: &BTreeMap<String, String>) -> Option<String> {
    let is_enum =
        matches!(dt, DataType::Enum { .. }) && (enums.values().any(|e| e == ty) || ty.starts_with("__enum__"));
    Some(match def {
        DefaultExpr::Null => return None,
        DefaultExpr::Bool(b) => b.to_string(),
        DefaultExpr::Number(n) if ty == "Boolean" => (n != "0").to_string(),
        DefaultExpr::Number(n) => n.clone(),
        DefaultExpr::String(s) if ty == "Boolean" && matches!(s.as_str(), "true" | "false" | "1" | "0") => {
            (s == "true" || s == "1").to_string()
        }
        DefaultExpr::String(s) if matches!(ty, "Int" | "BigInt" | "Float" | "Decimal") && s.parse::<f64>().is_ok() => {
            s.clone()
        }
        DefaultExpr::String(s) if is_enum => enum_ident(s),
        DefaultExpr::String(s) => string(s),
        DefaultExpr::CurrentTimestamp if ty == "DateTime" => "now()".into(),
        DefaultExpr::CurrentTimestamp => "dbgenerated(\"CURRENT_TIMESTAMP\")".into(),
        DefaultExpr::CurrentDate => "dbgenerated(\"CURRENT_DATE\")".into(),
        DefaultExpr::CurrentTime => "dbgenerated(\"CURRENT_TIME\")".into(),
        DefaultExpr::Sql(s) => format!("dbgenerated({})", string(s)),
    })
}

fn keys_and_indexes(m: &mut Model, t: &Table, d: SqlDialect) {
    let field = |m: &Model, c: &str| m.fields.get(c).cloned().unwrap_or_else(|| camel(c));
    let tname = t.name.name.clone();
    let mut has_key = false;
    for c in &t.constraints {
        match &c.kind {
            ConstraintKind::PrimaryKey { columns } => {
                has_key = true;
                let default = prisma_naming::primary_key(d, &tname);
                let map = c.name.as_ref().filter(|n| d == SqlDialect::Postgres && **n != default);
                let map = map.map(|n| format!("map: {}", string(n)));
                if let [col] = columns.as_slice() {
                    let f = field(m, col);
                    if let Some(l) = m.lines.iter_mut().find(|l| l.name == f) {
                        l.attrs.insert(0, map.map_or("@id".into(), |x| format!("@id({x})")));
                    }
                } else {
                    let fs: Vec<String> = columns.iter().map(|c| field(m, c)).collect();
                    let extra = map.map_or(String::new(), |x| format!(", {x}"));
                    m.block.push(format!("@@id([{}]{extra})", fs.join(", ")));
                }
            }
            ConstraintKind::Unique { columns, .. } => {
                has_key |= columns.iter().all(|c| t.column(c).is_some_and(|c| !c.nullable));
                let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
                let index = c.name.clone().unwrap_or_else(|| prisma_naming::unique(d, &tname, &refs));
                let subject = match (d, c.name.as_deref()) {
                    (SqlDialect::Sqlite, _) | (_, None) => format!("UNIQUE ({})", columns.join(", ")),
                    (_, Some(n)) => n.to_string(),
                };
                m.notes
                    .push(format!("constraint {subject} — a UNIQUE constraint is written as the unique index {index}"));
                m.notes.push(format!("index {index} — a UNIQUE constraint is written as this unique index"));
                unique_attr(m, &tname, d, c.name.as_deref(), columns);
            }
            ConstraintKind::Check { expr } => {
                // SQLite keeps no constraint names: the comparison names it by its body there.
                let subject = match (d, c.name.as_deref()) {
                    (SqlDialect::Sqlite, _) | (_, None) => format!("CHECK ({expr})"),
                    (_, Some(n)) => n.to_string(),
                };
                m.notes.push(format!("constraint {subject} — CHECK ({expr}) is not expressible"));
            }
            ConstraintKind::ForeignKey(_) => {}
        }
    }
    for ix in &t.indexes {
        index_attr(m, &tname, d, ix, &mut has_key, t);
    }
    if t.comment.is_some() {
        m.notes.push("comment — Prisma does not migrate table comments".into());
    }
    if d == SqlDialect::Sqlite
        && let Some(ConstraintKind::PrimaryKey { columns }) = t.primary_key().map(|p| &p.kind)
        && let [col] = columns.as_slice()
        && t.column(col).is_some_and(|c| c.data_type == DataType::int(32) && c.auto_increment.is_none())
    {
        m.notes.push(format!("column {col}: auto increment — Prisma makes a single Int id AUTOINCREMENT on SQLite"));
    }
    if !has_key {
        m.ignored = true;
        m.block.push("@@ignore".into());
        m.notes.push("no primary key or unique column: Prisma Client cannot use the model (@@ignore)".into());
    }
}

fn unique_attr(m: &mut Model, tname: &str, d: SqlDialect, name: Option<&str>, columns: &[String]) {
    let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
    let default = prisma_naming::unique(d, tname, &refs);
    let map = name.filter(|n| *n != default).map(|n| format!("map: {}", string(n)));
    let fields: Vec<String> = columns.iter().map(|c| m.fields.get(c).cloned().unwrap_or_else(|| camel(c))).collect();
    if let [f] = fields.as_slice()
        && let Some(l) = m.lines.iter_mut().find(|l| l.name == *f)
        && !l.attrs.iter().any(|a| a.starts_with("@unique"))
    {
        l.attrs.push(map.map_or("@unique".into(), |x| format!("@unique({x})")));
        return;
    }
    let extra = map.map_or(String::new(), |x| format!(", {x}"));
    m.block.push(format!("@@unique([{}]{extra})", fields.join(", ")));
}

fn index_attr(m: &mut Model, tname: &str, d: SqlDialect, ix: &Index, has_key: &mut bool, t: &Table) {
    let label = ix.name.clone().unwrap_or_default();
    if ix.predicate.is_some()
        || ix.parts.iter().any(|p| matches!(p.key, IndexKey::Expression(_)))
        || !ix.include.is_empty()
    {
        m.notes.push(format!("index {label} — partial, expression and INCLUDE indexes are not expressible"));
        return;
    }
    let cols: Vec<&str> = ix.column_names();
    if ix.nulls_not_distinct || ix.parts.iter().any(|p| p.nulls_first.is_some() || p.collation.is_some()) {
        m.notes.push(format!(
            "index {label} — NULLS NOT DISTINCT, NULLS FIRST/LAST and COLLATE in indexes are not expressible"
        ));
    }
    if ix.unique && ix.parts.iter().all(|p| !p.desc && p.length.is_none() && p.opclass.is_none()) && ix.method.is_none()
    {
        *has_key |= cols.iter().all(|c| t.column(c).is_some_and(|c| !c.nullable));
        let cols: Vec<String> = cols.iter().map(|c| c.to_string()).collect();
        unique_attr(m, tname, d, ix.name.as_deref(), &cols);
        return;
    }
    let parts: Vec<String> = ix
        .parts
        .iter()
        .map(|p| {
            let IndexKey::Column(c) = &p.key else { unreachable!() };
            let f = m.fields.get(c).cloned().unwrap_or_else(|| camel(c));
            let mut args = Vec::new();
            if p.desc {
                args.push("sort: Desc".to_string());
            }
            if let Some(l) = p.length.filter(|_| d == SqlDialect::Mysql) {
                args.push(format!("length: {l}"));
            }
            if let Some(o) = &p.opclass {
                args.push(format!("ops: raw({})", string(o)));
            }
            if args.is_empty() { f } else { format!("{f}({})", args.join(", ")) }
        })
        .collect();
    let default =
        if ix.unique { prisma_naming::unique(d, tname, &cols) } else { prisma_naming::index(d, tname, &cols) };
    let mut extra = String::new();
    if let Some(n) = ix.name.as_ref().filter(|n| **n != default) {
        extra.push_str(&format!(", map: {}", string(n)));
    }
    if ix.method.as_deref() == Some("fulltext") && d != SqlDialect::Mysql {
        m.notes.push(format!("index {label} — full-text indexes are MySQL only in Prisma"));
        return;
    }
    let attr = match ix.method.as_deref() {
        Some("fulltext") => "@@fulltext",
        _ if ix.unique => "@@unique",
        _ => "@@index",
    };
    if let Some(mth) = ix.method.as_deref().filter(|m| *m != "fulltext" && *m != "btree") {
        let ty = match mth {
            "hash" => "Hash",
            "gist" => "Gist",
            "gin" => "Gin",
            "spgist" => "SpGist",
            "brin" => "Brin",
            other => {
                m.notes.push(format!("index {label} — method {other} is not expressible"));
                return;
            }
        };
        extra.push_str(&format!(", type: {ty}"));
    }
    m.block.push(format!("{attr}([{}]{extra})", parts.join(", ")));
}

/// Relation actions Prisma applies when none is written.
pub(super) fn default_actions(optional: bool) -> (FkAction, FkAction) {
    (if optional { FkAction::SetNull } else { FkAction::Restrict }, FkAction::Cascade)
}

fn render_model(m: &Model) -> String {
    let mut out = String::from("\n");
    for n in &m.notes {
        out.push_str(&format!("// polymig: {n}\n"));
    }
    if let Some(doc) = &m.doc {
        for l in doc.lines() {
            out.push_str(&format!("/// {l}\n"));
        }
    }
    out.push_str(&format!("model {} {{\n", m.name));
    let wn = m.lines.iter().map(|l| l.name.len()).max().unwrap_or(0);
    let wt = m.lines.iter().map(|l| l.ty.len()).max().unwrap_or(0);
    for l in &m.lines {
        let line = if l.attrs.is_empty() {
            format!("  {:wn$} {}", l.name, l.ty)
        } else {
            format!("  {:wn$} {:wt$} {}", l.name, l.ty, l.attrs.join(" "))
        };
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let mut block = m.block.clone();
    if m.name != m.table {
        block.push(format!("@@map({})", string(&m.table)));
    }
    if let Some(s) = &m.schema {
        block.push(format!("@@schema({})", string(s)));
    }
    if !block.is_empty() {
        out.push('\n');
        for b in block {
            out.push_str(&format!("  {b}\n"));
        }
    }
    out.push_str("}\n");
    out
}

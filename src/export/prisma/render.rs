//! A schema state → a formatted `schema.prisma`: enums, one model per table (fields with
//! `@map`, `@db.*`, defaults, `@id`/`@unique`, `@@id`/`@@unique`/`@@index` with `map:` where the
//! name is not Prisma's default), relations rebuilt from foreign keys with both sides, and a
//! `// polymig:` note for what Prisma cannot express (checks, partial and expression indexes,
//! generated columns, `ON UPDATE`, views, extensions).

use std::collections::{BTreeMap, BTreeSet};

#[path = "defaults.rs"]
mod defaults;
#[path = "keys.rs"]
mod keys;

use super::names::{camel, pascal, string, unique};
use super::types::field_type;
use crate::ir::{DataType, FkAction, SqlDialect};
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
        let schema = e.name.schema.as_deref().filter(|_| d == SqlDialect::Postgres);
        enums_out.push_str(&render_enum(&name, &e.name.name, &e.values, schema));
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
        scalars(model, t, d, &enum_names, schema, &mut inline);
        for (name, values) in inline {
            let ename = unique(name, &mut taken);
            enums_out.push_str(&render_enum(&ename, &ename, &values, None));
            if let Some(line) = model.lines.iter_mut().find(|l| l.ty == "__enum__" || l.ty == "__enum__?") {
                line.ty = line.ty.replace("__enum__", &ename);
            }
        }
        keys::keys_and_indexes(model, t, d);
    }
    super::relations::add(schema, d, &mut models_view(&mut models));
    for v in schema.views.values() {
        notes.push(format!("view {} is not written: Prisma Migrate does not create views", v.name));
    }
    let extensions = d == SqlDialect::Postgres && !schema.extensions.is_empty();
    let mut out = String::new();
    out.push_str(&datasource(schema, d));
    out.push_str("\ngenerator client {\n  provider = \"prisma-client-js\"\n");
    if extensions {
        // Prisma's `extensions` list is behind this preview feature.
        out.push_str("  previewFeatures = [\"postgresqlExtensions\"]\n");
    }
    out.push_str("}\n");
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
    if d == SqlDialect::Postgres && !schema.extensions.is_empty() {
        let list: Vec<String> = schema
            .extensions
            .iter()
            .map(|x| {
                let ident = enum_ident(x);
                if ident == *x { ident } else { format!("{ident}(map: {})", string(x)) }
            })
            .collect();
        out.push_str(&format!("  extensions = [{}]\n", list.join(", ")));
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
    schema: &Schema,
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
        if let Some(n) = &ft.note {
            m.notes.push(format!("column {}: type — {n}", c.name));
        }
        if let (DataType::Enum { values, name }, SqlDialect::Sqlite) = (&c.data_type, d) {
            // polymig's SQLite export checks the values; Prisma's enum is plain TEXT there.
            let named = name.as_ref().and_then(|n| schema.enums.get(&n.key())).map(|e| &e.values);
            let values = if values.is_empty() { named.unwrap_or(values) } else { values };
            let list: Vec<String> = values.iter().map(|v| format!("'{}'", v.replace('\'', "''"))).collect();
            let check = crate::schema::compare::canonical_expr(&format!("{} IN ({})", c.name, list.join(", ")));
            m.notes.push(format!("constraint CHECK ({check}) — Prisma does not check enum values on SQLite"));
        }
        let in_pk = t.primary_key().is_some_and(|pk| pk.columns().iter().any(|x| x == &c.name));
        if c.nullable && in_pk {
            m.notes.push(format!("column {}: nullability — a primary key column is written as required", c.name));
        }
        if ft.list && !c.nullable {
            m.notes.push(format!("column {}: nullability — Prisma creates list columns without NOT NULL", c.name));
        }
        if let (DataType::Enum { name: None, .. }, SqlDialect::Postgres) = (&c.data_type, d) {
            let check = crate::schema::naming::truncate(&format!("{}_{}_check", t.name.name, c.name));
            m.notes.push(format!(
                "constraint {check} — the CHECK polymig gives an inline enum column is not expressible (a String field)"
            ));
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
            // polymig's PostgreSQL SQL makes every style but `serial` an identity column.
            if a != crate::ir::AutoIncrement::Serial && d == SqlDialect::Postgres {
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
            && let Some(text) = defaults::default(def, &ft.name, &c.data_type, enums, d)
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

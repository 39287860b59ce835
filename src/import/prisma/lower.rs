//! Prisma schema → polymig [`Schema`] state, as Prisma Migrate would create it for one provider:
//! enums, then one table per `model` (columns, primary key, unique and plain indexes); the
//! relations are added by [`super::relations`].

use std::collections::BTreeMap;

use super::ast::{Arity, Attribute, Block, BlockKind, Field, FieldType, Member, Value};
use super::datasource::Datasource;
use super::defaults::{self, Default};
use super::naming;
use super::source::{SourceFile, Sources};
use super::types;
use crate::diagnostics::Diagnostic;
use crate::ir::{Column, Constraint, ConstraintKind, DataType, Index, IndexPart, QName, SqlDialect};
use crate::schema::{EnumType, Schema, Table};

/// An enum with its database names.
#[derive(Debug, Clone)]
pub struct EnumInfo {
    /// The type's database name (`@@map`, `@@schema`).
    pub db_name: QName,
    /// Prisma value name → database value (`@map`).
    pub values: Vec<(String, String)>,
}

/// A model with the names Migrate uses for it.
#[derive(Debug, Clone)]
pub struct ModelInfo<'a> {
    /// The file it is in.
    pub file: &'a SourceFile,
    /// Its block.
    pub block: &'a Block,
    /// The table (`@@map`, `@@schema`).
    pub table: QName,
}

impl ModelInfo<'_> {
    /// The model's fields.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.block.members.iter().filter_map(|m| if let Member::Field(f) = m { Some(f) } else { None })
    }

    /// The model's block attributes (`@@id`, `@@index`, …).
    pub fn block_attributes(&self) -> impl Iterator<Item = &Attribute> {
        self.block.members.iter().filter_map(|m| if let Member::BlockAttribute(a) = m { Some(a) } else { None })
    }

    /// The column name of field `name` (`@map`), if it is a field of this model.
    pub fn column_of(&self, name: &str) -> Option<String> {
        self.fields().find(|f| f.name == name).map(column_name)
    }
}

/// The column name of a field: `@map("…")` or the field name.
pub fn column_name(f: &Field) -> String {
    attr(&f.attributes, "map").and_then(|a| a.arg("name", true)).and_then(Value::as_str).unwrap_or(&f.name).to_string()
}

/// The attribute called `name`.
pub fn attr<'a>(attrs: &'a [Attribute], name: &str) -> Option<&'a Attribute> {
    attrs.iter().find(|a| a.name == name)
}

/// Everything the lowering knows about the schema's names.
pub struct Context<'a> {
    /// The target database.
    pub dialect: SqlDialect,
    /// The datasource.
    pub ds: Datasource,
    /// Enums by Prisma name.
    pub enums: BTreeMap<String, EnumInfo>,
    /// Models by Prisma name.
    pub models: BTreeMap<String, ModelInfo<'a>>,
    /// Problems found.
    pub diags: Vec<Diagnostic>,
}

impl<'a> Context<'a> {
    /// Collect the names of enums and models; report views, composite types and duplicates.
    pub fn new(src: &'a Sources, dialect: SqlDialect, ds: Datasource, mut diags: Vec<Diagnostic>) -> Self {
        let mut enums = BTreeMap::new();
        let mut models = BTreeMap::new();
        for (file, block) in src.blocks() {
            let span = file.span(block.loc);
            let attrs: Vec<Attribute> = block
                .members
                .iter()
                .filter_map(|m| if let Member::BlockAttribute(a) = m { Some(a.clone()) } else { None })
                .collect();
            let db_name = |diags: &mut Vec<Diagnostic>| {
                let name = attr(&attrs, "map")
                    .and_then(|a| a.arg("name", true))
                    .and_then(Value::as_str)
                    .unwrap_or(&block.name);
                let schema = attr(&attrs, "schema").and_then(|a| a.arg("name", true)).and_then(Value::as_str);
                match schema {
                    Some(s) if ds.schemas.is_empty() => {
                        diags.push(
                            Diagnostic::error(
                                "prisma-schema-attribute",
                                format!("`@@schema(\"{s}\")` needs `schemas = [...]` in the datasource"),
                            )
                            .at(span.clone()),
                        );
                        QName::new(name)
                    }
                    Some(s) if dialect == SqlDialect::Postgres => QName::qualified(s, name),
                    Some(s) => QName::qualified(s, name),
                    None => QName::new(name),
                }
            };
            let duplicate = enums.contains_key(&block.name) || models.contains_key(&block.name);
            if duplicate && matches!(block.kind, BlockKind::Model | BlockKind::Enum | BlockKind::View) {
                diags
                    .push(Diagnostic::error("prisma-duplicate", format!("`{}` is defined twice", block.name)).at(span));
                continue;
            }
            match block.kind {
                BlockKind::Enum => {
                    let values = block
                        .members
                        .iter()
                        .filter_map(|m| match m {
                            Member::EnumValue(v) => {
                                let db = attr(&v.attributes, "map")
                                    .and_then(|a| a.arg("name", true))
                                    .and_then(Value::as_str)
                                    .unwrap_or(&v.name);
                                Some((v.name.clone(), db.to_string()))
                            }
                            _ => None,
                        })
                        .collect();
                    let db_name = db_name(&mut diags);
                    enums.insert(block.name.clone(), EnumInfo { db_name, values });
                }
                BlockKind::Model => {
                    let table = db_name(&mut diags);
                    models.insert(block.name.clone(), ModelInfo { file, block, table });
                }
                BlockKind::View => diags.push(
                    Diagnostic::warning(
                        "prisma-view",
                        format!("view `{}` is not created by Prisma Migrate (views are introspected, not migrated); left out", block.name),
                    )
                    .at(span),
                ),
                BlockKind::Type => diags.push(
                    Diagnostic::error(
                        "prisma-composite-type",
                        format!("composite type `{}`: `type` blocks are MongoDB only; no SQL database has them", block.name),
                    )
                    .at(span)
                    .help("turn it into a model with a relation, or a Json field"),
                ),
                BlockKind::Datasource | BlockKind::Generator => {}
            }
        }
        Context { dialect, ds, enums, models, diags }
    }

    /// The whole state: enums, tables, then relations.
    pub fn lower(mut self) -> (Schema, Vec<Diagnostic>) {
        let mut schema = Schema::default();
        if self.dialect == SqlDialect::Postgres {
            schema.extensions.extend(self.ds.extensions.iter().cloned());
            for e in self.enums.values() {
                let values = e.values.iter().map(|(_, db)| db.clone()).collect();
                schema.enums.insert(e.db_name.key(), EnumType { name: e.db_name.clone(), values });
            }
        }
        let names: Vec<String> = self.models.keys().cloned().collect();
        for name in &names {
            let model = self.models[name].clone();
            let table = self.table(&model);
            schema.tables.insert(table.name.key(), table);
        }
        super::relations::add(&mut self, &mut schema);
        (schema, self.diags)
    }

    fn error(&mut self, file: &SourceFile, loc: super::ast::Loc, code: &str, msg: String) {
        self.diags.push(Diagnostic::error(code, msg).at(file.span(loc)));
    }

    /// The type a scalar field's column gets, or `None` for a relation field.
    pub fn column_type(&mut self, file: &SourceFile, f: &Field) -> Option<DataType> {
        let base = match &f.field_type {
            FieldType::Unsupported(sql) => DataType::native(sql.clone(), Some(self.dialect)),
            FieldType::Named(n) if self.models.contains_key(n) => return None,
            FieldType::Named(n) => {
                if let Some(e) = self.enums.get(n) {
                    let values: Vec<String> = e.values.iter().map(|(_, db)| db.clone()).collect();
                    types::enum_type(&e.db_name, &values, self.dialect)
                } else if let Some(t) = types::scalar(n, self.dialect) {
                    t
                } else {
                    self.error(
                        file,
                        f.loc,
                        "prisma-unknown-type",
                        format!("field `{}`: type `{n}` is neither a scalar, an enum nor a model; left out", f.name),
                    );
                    return None;
                }
            }
        };
        let native = f.attributes.iter().find(|a| a.name.starts_with("db."));
        let base = match native {
            Some(a) => {
                let nums: Vec<u32> = a
                    .args
                    .iter()
                    .filter_map(|x| match &x.value {
                        Value::Number(n) => n.parse().ok(),
                        _ => None,
                    })
                    .collect();
                match types::native(&a.name[3..], &nums, self.dialect) {
                    Ok(t) => t,
                    Err(e) => {
                        self.error(file, a.loc, "prisma-native-type", e);
                        base
                    }
                }
            }
            None => base,
        };
        Some(if f.arity == Arity::List {
            if self.dialect != SqlDialect::Postgres {
                self.error(
                    file,
                    f.loc,
                    "prisma-scalar-list",
                    format!("field `{}`: lists of scalars need PostgreSQL", f.name),
                );
            }
            DataType::Array { of: Box::new(base) }
        } else {
            base
        })
    }

    fn table(&mut self, m: &ModelInfo<'a>) -> Table {
        let mut t = Table::new(m.table.clone());
        let d = self.dialect;
        let tname = m.table.name.clone();
        for f in m.fields() {
            let Some(data_type) = self.column_type(m.file, f) else { continue };
            let mut col = Column::new(column_name(f), data_type);
            col.nullable = f.arity != Arity::Required;
            if let Some(a) = attr(&f.attributes, "default")
                && let Some(v) = a.arg("value", true)
            {
                let values = match &f.field_type {
                    FieldType::Named(n) => self.enums.get(n).map(|e| e.values.clone()).unwrap_or_default(),
                    FieldType::Unsupported(_) => Vec::new(),
                };
                let lookup = |v: &str| values.iter().find(|(p, _)| p == v).map(|(_, db)| db.clone());
                match defaults::lower(v, &col.data_type, d, &lookup) {
                    Ok(Default::Db(e)) => col.default = Some(e),
                    // SQLite auto-increments only an `INTEGER PRIMARY KEY`: Prisma drops it on BigInt.
                    Ok(Default::Auto(_)) if d == SqlDialect::Sqlite && col.data_type == DataType::int(64) => {}
                    Ok(Default::Auto(a)) => col.auto_increment = Some(a),
                    Ok(Default::Client) => {}
                    Err(e) => self.error(m.file, a.loc, "prisma-default", format!("field `{}`: {e}", f.name)),
                }
            }
            if let Some(a) = attr(&f.attributes, "id") {
                self.check_pk_name(m.file, a);
                let name = map_arg(a).unwrap_or_else(|| naming::primary_key(d, &tname));
                t.constraints.push(pk(d, name, vec![col.name.clone()]));
            }
            if let Some(a) = attr(&f.attributes, "unique") {
                let name = map_arg(a).unwrap_or_else(|| naming::unique(d, &tname, &[&col.name]));
                let mut part = IndexPart::column(col.name.clone());
                index_part_options(
                    &mut part,
                    &a.args.iter().map(|x| (x.name.clone(), x.value.clone())).collect::<Vec<_>>(),
                );
                t.indexes.push(index(&m.table, name, vec![part], true));
            }
            for a in &f.attributes {
                if !KNOWN_FIELD_ATTRIBUTES.contains(&a.name.as_str()) && !a.name.starts_with("db.") {
                    self.diags.push(
                        Diagnostic::warning(
                            "prisma-unknown-attribute",
                            format!("`@{}` is not a Prisma field attribute; ignored", a.name),
                        )
                        .at(m.file.span(a.loc)),
                    );
                }
            }
            t.columns.push(col);
        }
        for a in m.block_attributes() {
            self.block_attribute(m, a, &mut t);
        }
        // Prisma's SQLite connector writes a single `Int @id` as `INTEGER PRIMARY KEY AUTOINCREMENT`,
        // with or without `@default(autoincrement())`.
        if d == SqlDialect::Sqlite
            && let Some(ConstraintKind::PrimaryKey { columns }) = t.primary_key().map(|p| p.kind.clone())
            && let [col] = columns.as_slice()
            && let Some(c) = t.column_mut(col)
            && c.data_type == DataType::int(32)
        {
            c.auto_increment = Some(crate::ir::AutoIncrement::AutoIncrement);
        }
        t
    }

    /// Prisma refuses `@id(map: …)` where the database does not keep primary key names.
    fn check_pk_name(&mut self, file: &SourceFile, a: &Attribute) {
        if map_arg(a).is_some() && self.dialect != SqlDialect::Postgres {
            let msg =
                format!("{} does not keep primary key names: `map:` is not allowed on `@{}`", self.dialect, a.name);
            self.error(file, a.loc, "prisma-named-constraint", msg);
        }
    }

    fn block_attribute(&mut self, m: &ModelInfo<'a>, a: &Attribute, t: &mut Table) {
        let d = self.dialect;
        let tname = m.table.name.clone();
        let parts = || -> Result<Vec<IndexPart>, String> {
            let Some(Value::Array(items)) = a.arg("fields", true) else {
                return Err(format!("`@@{}` needs a list of fields", a.name));
            };
            items
                .iter()
                .map(|v| {
                    let (field, opts) = match v {
                        Value::Ident(f) => (f.as_str(), Vec::new()),
                        Value::Call(f, args) => {
                            (f.as_str(), args.iter().map(|x| (x.name.clone(), x.value.clone())).collect())
                        }
                        _ => return Err("index fields are field names".to_string()),
                    };
                    let col =
                        m.column_of(field).ok_or_else(|| format!("`{field}` is not a field of `{}`", m.block.name))?;
                    let mut part = IndexPart::column(col);
                    index_part_options(&mut part, &opts);
                    Ok(part)
                })
                .collect()
        };
        let result = match a.name.as_str() {
            "id" | "unique" | "index" | "fulltext" => parts().map(|parts| {
                let cols: Vec<String> = parts.iter().map(|p| p.key_name()).collect();
                let refs: Vec<&str> = cols.iter().map(String::as_str).collect();
                match a.name.as_str() {
                    "id" => {
                        self.check_pk_name(m.file, a);
                        let name = map_arg(a).unwrap_or_else(|| naming::primary_key(d, &tname));
                        t.constraints.push(pk(d, name, cols.clone()));
                    }
                    "unique" => {
                        let name = map_arg(a).unwrap_or_else(|| naming::unique(d, &tname, &refs));
                        t.indexes.push(index(&m.table, name, parts, true));
                    }
                    _ => {
                        let name = map_arg(a).unwrap_or_else(|| naming::index(d, &tname, &refs));
                        let mut ix = index(&m.table, name, parts, false);
                        ix.method = if a.name == "fulltext" { Some("fulltext".into()) } else { method(a) };
                        t.indexes.push(ix);
                    }
                }
            }),
            "map" | "schema" | "ignore" => Ok(()),
            other => Err(format!("`@@{other}` is not a Prisma model attribute; ignored")),
        };
        if let Err(e) = result {
            self.error(m.file, a.loc, "prisma-attribute", e);
        }
    }
}

const KNOWN_FIELD_ATTRIBUTES: &[&str] = &["id", "unique", "default", "map", "relation", "updatedAt", "ignore"];

/// `map: "name"` of an attribute.
pub fn map_arg(a: &Attribute) -> Option<String> {
    a.arg("map", false).and_then(Value::as_str).map(str::to_string)
}

/// A primary key; MySQL always names it `PRIMARY`.
pub fn pk(dialect: SqlDialect, name: String, columns: Vec<String>) -> Constraint {
    let name = if dialect == SqlDialect::Mysql { "PRIMARY".to_string() } else { name };
    Constraint { name: Some(name), kind: ConstraintKind::PrimaryKey { columns } }
}

fn index(table: &QName, name: String, parts: Vec<IndexPart>, unique: bool) -> Index {
    Index {
        name: Some(name),
        table: table.clone(),
        parts,
        unique,
        method: None,
        predicate: None,
        include: Vec::new(),
        nulls_not_distinct: false,
    }
}

/// `type: Hash` → `hash` (`BTree`, the default, is no method).
fn method(a: &Attribute) -> Option<String> {
    match a.arg("type", false).and_then(Value::as_ident)? {
        "BTree" => None,
        "SpGist" => Some("spgist".into()),
        other => Some(other.to_ascii_lowercase()),
    }
}

/// `sort: Desc`, `length: 10`, `ops: raw("…")` on one index field.
fn index_part_options(part: &mut IndexPart, opts: &[(Option<String>, Value)]) {
    for (name, v) in opts {
        match (name.as_deref(), v) {
            (Some("sort"), Value::Ident(s)) => part.desc = s == "Desc",
            (Some("length"), Value::Number(n)) => part.length = n.parse().ok(),
            (Some("ops"), Value::Call(f, args)) if f == "raw" => {
                part.opclass = args.first().and_then(|a| a.value.as_str()).map(str::to_string)
            }
            (Some("ops"), Value::Ident(o)) => part.opclass = Some(opclass(o)),
            _ => {}
        }
    }
}

/// `JsonbPathOps` → `jsonb_path_ops`: Prisma's operator class names are the SQL ones in CamelCase.
fn opclass(name: &str) -> String {
    let base = name.strip_suffix("Ops").unwrap_or(name);
    let mut out = String::new();
    let mut prev: Option<char> = None;
    for c in base.chars() {
        if c.is_ascii_uppercase() && prev.is_some_and(|p| !p.is_ascii_digit()) {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
        prev = Some(c);
    }
    out.replace("min_max", "minmax") + "_ops"
}

trait KeyName {
    fn key_name(&self) -> String;
}

impl KeyName for IndexPart {
    fn key_name(&self) -> String {
        match &self.key {
            crate::ir::IndexKey::Column(c) => c.clone(),
            crate::ir::IndexKey::Expression(e) => e.clone(),
        }
    }
}

//! Django's project state, as the importer keeps it across a history: every app's models
//! (model → table, field → column), so later `AlterField`, `RemoveField`, `RenameModel` and
//! foreign-key targets resolve like `django.db.migrations.state.ProjectState` does.

use std::collections::BTreeMap;

use crate::ir::{ConstraintKind, DefaultExpr, Operation};

/// `(app_label, model_name_lower)`: the key Django uses for models (`("auth", "user")`).
pub type ModelKey = (String, String);

/// One field of a model: `("title", models.CharField(max_length=200))`.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Attribute name (`author`).
    pub name: String,
    /// Field class, last path segment (`CharField`, `ForeignKey`).
    pub class: String,
    /// `db_column=`, when given.
    pub db_column: Option<String>,
    /// `null=True`.
    pub null: bool,
    /// `blank=True`.
    pub blank: bool,
    /// `unique=True` (implied by `primary_key` and `OneToOneField`).
    pub unique: bool,
    /// `primary_key=True`.
    pub primary_key: bool,
    /// `db_index=` (ForeignKey and SlugField default to True).
    pub db_index: bool,
    /// `max_length=`.
    pub max_length: Option<u32>,
    /// `max_digits=`.
    pub max_digits: Option<u32>,
    /// `decimal_places=`.
    pub decimal_places: Option<u32>,
    /// `db_default=` (the only default that reaches the database).
    pub db_default: Option<DefaultExpr>,
    /// `default=`, when a literal (Django's temporary default when adding a NOT NULL column).
    pub default: Option<DefaultExpr>,
    /// `auto_now` / `auto_now_add`.
    pub auto_now: bool,
    /// `db_comment=`.
    pub db_comment: Option<String>,
    /// `db_collation=`.
    pub db_collation: Option<String>,
    /// ForeignKey / OneToOneField / ManyToManyField target and options.
    pub remote: Option<Remote>,
    /// `ArrayField(base_field)`: the element field.
    pub base_field: Option<Box<Field>>,
    /// `ArrayField(size=)`.
    pub size: Option<u32>,
    /// Why the field class is not understood (unknown third-party class), if so.
    pub unknown: Option<String>,
}

/// What a relation field points at.
#[derive(Debug, Clone, PartialEq)]
pub struct Remote {
    /// The target model (resolved app label, lower-case model name).
    pub model: ModelKey,
    /// `to_field=`: the target field name (default: its primary key).
    pub to_field: Option<String>,
    /// `db_constraint=False` creates no FOREIGN KEY.
    pub db_constraint: bool,
    /// ManyToManyField `through=` (a model key), when given.
    pub through: Option<ModelKey>,
    /// ManyToManyField `db_table=`.
    pub m2m_db_table: Option<String>,
    /// `related_name="…+"`: no reverse relation, so Django's `RenameModel` leaves the field alone.
    pub hidden: bool,
}

impl Field {
    /// A field of `class` with Django's defaults.
    pub fn new(name: &str, class: &str) -> Field {
        Field {
            name: name.to_string(),
            class: class.to_string(),
            db_column: None,
            null: false,
            blank: false,
            unique: false,
            primary_key: false,
            db_index: false,
            max_length: None,
            max_digits: None,
            decimal_places: None,
            db_default: None,
            default: None,
            auto_now: false,
            db_comment: None,
            db_collation: None,
            remote: None,
            base_field: None,
            size: None,
            unknown: None,
        }
    }

    /// `ForeignKey` or `OneToOneField` (a column `<name>_id`).
    pub fn is_fk(&self) -> bool {
        self.remote.is_some() && !self.is_m2m()
    }

    /// `ManyToManyField` (no column: a join table).
    pub fn is_m2m(&self) -> bool {
        self.class == "ManyToManyField"
    }

    /// The column name: `db_column`, `<name>_id` for relations, else the name.
    pub fn column(&self) -> String {
        match &self.db_column {
            Some(c) => c.clone(),
            None if self.is_fk() => format!("{}_id", self.name),
            None => self.name.clone(),
        }
    }

    /// True when the field is a database column (not a ManyToManyField).
    pub fn has_column(&self) -> bool {
        !self.is_m2m()
    }

    /// AutoField, BigAutoField, SmallAutoField.
    pub fn is_auto(&self) -> bool {
        matches!(self.class.as_str(), "AutoField" | "BigAutoField" | "SmallAutoField")
    }
}

/// One model of the state.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Name as written (`Post`).
    pub name: String,
    /// Database table.
    pub table: String,
    /// Fields in order.
    pub fields: Vec<Field>,
    /// `managed=False` or `proxy=True`: no DDL.
    pub unmanaged: bool,
    /// `unique_together`, as field names.
    pub unique_together: Vec<Vec<String>>,
    /// `index_together`, as field names.
    pub index_together: Vec<Vec<String>>,
    /// `db_table=` was given (RenameModel keeps it).
    pub explicit_table: bool,
    /// `Meta.indexes` / `Meta.constraints` by name (for RemoveIndex / RemoveConstraint).
    pub named: Vec<Named>,
    /// SQLite: the table name the field indexes were named after, when the table was renamed
    /// since (Django's next table remake renames them after the current table).
    pub index_table: Option<String>,
    /// The fields whose indexes were named after `index_table`.
    pub stale_fields: Vec<String>,
}

impl Model {
    /// A managed model on a table named explicitly (`db_table`), with no options yet.
    pub fn on_table(name: impl Into<String>, table: impl Into<String>, fields: Vec<Field>) -> Model {
        Model {
            name: name.into(),
            table: table.into(),
            fields,
            unmanaged: false,
            unique_together: Vec::new(),
            index_together: Vec::new(),
            explicit_table: true,
            named: Vec::new(),
            index_table: None,
            stale_fields: Vec::new(),
        }
    }
}

/// A named index or constraint of a model.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    /// Its name.
    pub name: String,
    /// Field names it covers.
    pub fields: Vec<String>,
    /// What Django made of it on the backend.
    pub created: Created,
}

/// How Django created a named index or constraint on the backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Created {
    /// A constraint in the table (`UNIQUE`, `CHECK`).
    Constraint,
    /// An index (`models.Index`, a conditional or expression UniqueConstraint).
    Index,
    /// Nothing: the backend lacks the feature. `remakes`: SQLite remakes the table anyway when
    /// it is added or removed.
    Nothing {
        /// SQLite remakes the table.
        remakes: bool,
    },
}

impl Model {
    /// The field named `name`.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// The primary-key field.
    pub fn pk(&self) -> Option<&Field> {
        self.fields.iter().find(|f| f.primary_key)
    }
}

/// All models, per app.
#[derive(Debug, Clone, Default)]
pub struct State {
    /// Models by key.
    pub models: BTreeMap<ModelKey, Model>,
    /// The foreign-key constraints the migrations created, `(table, column)` → name, kept across
    /// table and column renames: Django names a foreign key when it creates it and later finds it
    /// by introspection, so after a rename its name no longer follows the current table.
    pub fk_names: BTreeMap<Column, String>,
}

/// `(table, column)`.
type Column = (String, String);

/// Move the entries whose key `f` maps to a new key.
fn rekey(names: &mut BTreeMap<Column, String>, f: &dyn Fn(&Column) -> Option<Column>) {
    let moved: Vec<_> = names.keys().filter_map(|k| f(k).map(|n| (k.clone(), n))).collect();
    for (old, new) in moved {
        if let Some(v) = names.remove(&old) {
            names.insert(new, v);
        }
    }
}

impl State {
    /// The model `key`.
    pub fn get(&self, key: &ModelKey) -> Option<&Model> {
        self.models.get(key)
    }

    /// The model `key`, mutably.
    pub fn get_mut(&mut self, key: &ModelKey) -> Option<&mut Model> {
        self.models.get_mut(key)
    }

    /// Keep [`State::fk_names`] in step with an operation the editor emits.
    pub fn track(&mut self, op: &Operation) {
        let fks = |table: &str, cons: &[crate::ir::Constraint]| -> Vec<(Column, String)> {
            cons.iter()
                .filter_map(|c| match (&c.kind, &c.name) {
                    (ConstraintKind::ForeignKey(fk), Some(name)) if fk.columns.len() == 1 => {
                        Some(((table.to_string(), fk.columns[0].clone()), name.clone()))
                    }
                    _ => None,
                })
                .collect()
        };
        match op {
            Operation::CreateTable(ct) => self.fk_names.extend(fks(&ct.table.name, &ct.constraints)),
            Operation::AddColumn(ac) => self.fk_names.extend(fks(&ac.table.name, &ac.constraints)),
            Operation::AddConstraint(ac) => {
                self.fk_names.extend(fks(&ac.table.name, std::slice::from_ref(&ac.constraint)))
            }
            Operation::DropConstraint(dc) => self.fk_names.retain(|(t, _), n| !(*t == dc.table.name && *n == dc.name)),
            Operation::DropColumn(dc) => self.fk_names.retain(|(t, c), _| !(*t == dc.table.name && *c == dc.column)),
            Operation::DropTable(dt) => self.fk_names.retain(|(t, _), _| *t != dt.table.name),
            Operation::RenameTable(rt) => {
                rekey(&mut self.fk_names, &|(t, c)| (*t == rt.from.name).then(|| (rt.to.name.clone(), c.clone())))
            }
            Operation::RenameColumn(rc) => rekey(&mut self.fk_names, &|(t, c)| {
                (*t == rc.table.name && *c == rc.from).then(|| (t.clone(), rc.to.clone()))
            }),
            _ => {}
        }
    }

    /// A model outside the imported history that Django projects nearly always have
    /// (`auth.User`, `auth.Group`, `auth.Permission`, `contenttypes.ContentType`): their
    /// table and `AutoField` primary key, so foreign keys to them resolve.
    pub fn builtin(key: &ModelKey) -> Option<Model> {
        let table = match (key.0.as_str(), key.1.as_str()) {
            ("auth", "user") => "auth_user",
            ("auth", "group") => "auth_group",
            ("auth", "permission") => "auth_permission",
            ("contenttypes", "contenttype") => "django_content_type",
            ("sites", "site") => "django_site",
            _ => return None,
        };
        let mut id = Field::new("id", "AutoField");
        id.primary_key = true;
        id.unique = true;
        Some(Model::on_table(key.1.clone(), table, vec![id]))
    }
}

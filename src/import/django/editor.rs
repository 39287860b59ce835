//! The DDL Django's schema editor (`BaseDatabaseSchemaEditor` and its PostgreSQL, MySQL and
//! SQLite subclasses) runs for a model or a field, as IR: columns with their inline
//! `PRIMARY KEY`/`UNIQUE`/`CHECK`, foreign keys named `<table>_<col>_<hash>_fk_<to>_<col>`
//! (`DEFERRABLE INITIALLY DEFERRED` on PostgreSQL and SQLite, inline on SQLite, added after
//! the table elsewhere), an index per indexed column (none for MySQL foreign keys: InnoDB makes
//! its own), PostgreSQL's `_like` indexes, and `unique_together` / `index_together`.
//!
//! Statements Django defers to the end of the migration (`deferred_sql`) go to
//! [`Editor::deferred`]; the caller appends them after the migration's last operation.

use super::names::{index_name, truncate_name};
use super::state::{Field, Model, ModelKey, Remote, State};
use super::types::{column_check, column_type, like_opclass, rel_type};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::{
    AddConstraint, AutoIncrement, Column, Constraint, ConstraintKind, CreateIndex, CreateTable, DataType, Deferrable,
    DropConstraint, DropIndex, ForeignKey, Index, IndexPart, Op, Operation, QName, Span, SqlDialect,
};

/// Emits the DDL of one migration.
pub struct Editor<'s> {
    /// The backend (`None`: PostgreSQL's spelling, portable IR).
    pub d: Option<SqlDialect>,
    /// The project state, as of the operation being imported.
    pub state: &'s mut State,
    /// Operations emitted now.
    pub out: Vec<Op>,
    /// Operations Django defers to the end of the migration.
    pub deferred: Vec<Op>,
    /// Span of the operation being imported.
    pub span: Span,
    /// `DEFAULT_AUTO_FIELD` (the primary key of auto-created join tables).
    pub default_auto_field: String,
    /// Notes for the migration (what Django leaves out on this backend).
    pub notes: Vec<Diagnostic>,
}

impl Editor<'_> {
    fn dialect(&self) -> SqlDialect {
        self.d.unwrap_or(SqlDialect::Postgres)
    }

    pub(crate) fn emit(&mut self, op: impl Into<Operation>) {
        let op = Op::new(op, self.span.clone());
        self.state.track(&op.kind);
        self.out.push(op);
    }

    pub(crate) fn defer(&mut self, op: impl Into<Operation>) {
        let op = Op::new(op, self.span.clone());
        self.state.track(&op.kind);
        self.deferred.push(op);
    }

    /// The name of the foreign key on `table.column` as the database has it: the one recorded
    /// when it was created, else the one Django would give it now (`computed`).
    pub fn fk_name(&self, table: &str, column: &str, computed: String) -> String {
        self.state.fk_names.get(&(table.to_string(), column.to_string())).cloned().unwrap_or(computed)
    }

    /// An informational note at the current operation (`django-backend-skips`: Django creates
    /// nothing for it on this backend).
    pub(crate) fn note(&mut self, code: &str, message: String) {
        self.notes.push(Diagnostic::new(Severity::Info, code, message).at(self.span.clone()));
    }

    /// The model `key`, from the state or Django's well-known models.
    pub fn model(&self, key: &ModelKey) -> Result<Model, String> {
        self.state
            .get(key)
            .cloned()
            .or_else(|| State::builtin(key))
            .ok_or_else(|| format!("model {}.{} is not in the migration state", key.0, key.1))
    }

    /// The field a relation points at (its `to_field` or the target's primary key), with the target's table.
    pub fn target(&self, remote: &Remote) -> Result<(String, Field), String> {
        let model = self.model(&remote.model)?;
        let field = match &remote.to_field {
            Some(name) => model.field(name).cloned(),
            None => model.pk().cloned(),
        };
        let field =
            field.ok_or_else(|| format!("{}.{} has no primary key in the state", remote.model.0, remote.model.1))?;
        Ok((model.table, field))
    }

    /// The column type of `f` (relations take their target's type).
    pub fn field_type(&self, f: &Field) -> Result<DataType, String> {
        if let Some(why) = &f.unknown {
            return Err(why.clone());
        }
        match &f.remote {
            Some(remote) if f.is_fk() => {
                let (_, target) = self.target(remote)?;
                // a child model's `<parent>_ptr` key: follow it to the parent's key type
                if target.is_fk() { self.field_type(&target) } else { rel_type(&target, self.d) }
            }
            _ => column_type(f, self.d),
        }
    }

    /// `"col" type [NOT NULL] [identity] [DEFAULT …]` and the constraints written on the column
    /// (`PRIMARY KEY`, `UNIQUE`, `CHECK`; the foreign key on SQLite).
    pub fn column(&self, table: &str, f: &Field) -> Result<(Column, Vec<Constraint>), String> {
        let name = f.column();
        let mut col = Column::new(&name, self.field_type(f)?);
        col.nullable = f.null && !f.primary_key;
        if f.is_auto() {
            col.auto_increment = Some(match self.dialect() {
                SqlDialect::Postgres => AutoIncrement::IdentityByDefault,
                _ => AutoIncrement::AutoIncrement,
            });
        }
        col.default = f.db_default.clone();
        col.comment = f.db_comment.clone().filter(|_| self.dialect() != SqlDialect::Sqlite);
        col.collation = f.db_collation.clone();
        let mut cons = Vec::new();
        if f.primary_key {
            cons.push(Constraint { name: None, kind: ConstraintKind::PrimaryKey { columns: vec![name.clone()] } });
        } else if f.unique {
            cons.push(Constraint {
                name: None,
                kind: ConstraintKind::Unique {
                    columns: vec![name.clone()],
                    nulls_not_distinct: false,
                    deferrable: None,
                },
            });
        }
        if let Some(expr) = column_check(f, &name, self.d) {
            cons.push(Constraint { name: None, kind: ConstraintKind::Check { expr } });
        }
        if self.dialect() == SqlDialect::Sqlite
            && let Some(fk) = self.foreign_key(table, f)?
        {
            cons.push(fk);
        }
        Ok((col, cons))
    }

    /// The FOREIGN KEY of a relation field (`None` without one: `db_constraint=False`, M2M).
    pub fn foreign_key(&self, table: &str, f: &Field) -> Result<Option<Constraint>, String> {
        let Some(remote) = f.remote.as_ref().filter(|r| f.is_fk() && r.db_constraint) else { return Ok(None) };
        let (to_table, target) = self.target(remote)?;
        let col = f.column();
        let to_col = target.column();
        let name = index_name(table, &[&col], &format!("_fk_{to_table}_{to_col}"), self.d);
        let deferrable = (self.dialect() != SqlDialect::Mysql).then_some(Deferrable::Deferred);
        Ok(Some(Constraint {
            name: Some(name),
            kind: ConstraintKind::ForeignKey(ForeignKey {
                columns: vec![col],
                ref_table: QName::new(to_table),
                ref_columns: vec![to_col],
                on_delete: None,
                on_update: None,
                deferrable,
            }),
        }))
    }

    /// Django's `_field_indexes_sql`: the `db_index` index (not for unique fields, nor for MySQL
    /// foreign keys) and PostgreSQL's `_like` index for indexed or unique varchar/text columns.
    pub fn field_indexes(&self, table: &str, f: &Field) -> Result<Vec<Index>, String> {
        let mut out = Vec::new();
        let col = f.column();
        let mysql_fk =
            self.dialect() == SqlDialect::Mysql && f.is_fk() && f.remote.as_ref().is_some_and(|r| r.db_constraint);
        if f.db_index && !f.unique && !mysql_fk && !self.mysql_limited(f) {
            out.push(plain_index(index_name(table, &[&col], "", self.d), table, std::slice::from_ref(&col)));
        }
        if self.dialect() == SqlDialect::Postgres
            && (f.db_index || f.unique)
            && let Some(opclass) = like_opclass(&self.field_type(f)?)
        {
            let mut idx = plain_index(index_name(table, &[&col], "_like", self.d), table, &[col]);
            idx.parts[0].opclass = Some(opclass.to_string());
            out.push(idx);
        }
        Ok(out)
    }

    /// MySQL cannot index `longtext`/`longblob`/`json` columns without a prefix; Django skips them.
    fn mysql_limited(&self, f: &Field) -> bool {
        self.dialect() == SqlDialect::Mysql && matches!(f.class.as_str(), "TextField" | "BinaryField" | "JSONField")
    }

    /// Columns of `fields` (field names) in `model`.
    pub fn columns(&self, model: &Model, fields: &[String]) -> Result<Vec<String>, String> {
        fields
            .iter()
            .map(|n| model.field(n).map(Field::column).ok_or_else(|| format!("{} has no field `{n}`", model.name)))
            .collect()
    }

    /// `unique_together` entry → `ALTER TABLE … ADD CONSTRAINT <table>_<cols>_<hash>_uniq UNIQUE (…)`
    /// (SQLite: `CREATE UNIQUE INDEX` of that name).
    pub fn unique_together(&self, model: &Model, fields: &[String]) -> Result<Operation, String> {
        let cols = self.columns(model, fields)?;
        let refs: Vec<&str> = cols.iter().map(String::as_str).collect();
        let name = index_name(&model.table, &refs, "_uniq", self.d);
        if self.dialect() == SqlDialect::Sqlite {
            let mut index = plain_index(name, &model.table, &cols);
            index.unique = true;
            return Ok(CreateIndex { index, concurrently: false, if_not_exists: false }.into());
        }
        Ok(AddConstraint {
            table: QName::new(&model.table),
            constraint: Constraint {
                name: Some(name),
                kind: ConstraintKind::Unique { columns: cols, nulls_not_distinct: false, deferrable: None },
            },
            not_valid: false,
        }
        .into())
    }

    /// Dropping a `unique_together` entry (after MySQL's missing foreign-key index, see
    /// [`Editor::missing_fk_index`]).
    pub fn drop_unique_together(&mut self, model: &Model, fields: &[String]) -> Result<(), String> {
        self.missing_fk_index(model, fields)?;
        let cols = self.columns(model, fields)?;
        let refs: Vec<&str> = cols.iter().map(String::as_str).collect();
        let name = index_name(named_after(model, fields), &refs, "_uniq", self.d);
        let table = QName::new(&model.table);
        if self.dialect() == SqlDialect::Sqlite {
            self.emit(DropIndex { name: QName::new(name), table: Some(table), if_exists: false, concurrently: false });
        } else {
            self.emit(DropConstraint { table, name, if_exists: false, cascade: false });
        }
        Ok(())
    }

    /// MySQL (`_create_missing_fk_index`): before dropping a composed index whose first field is
    /// a foreign key, Django creates the plain index InnoDB needs for that key.
    pub fn missing_fk_index(&mut self, model: &Model, fields: &[String]) -> Result<(), String> {
        if self.dialect() != SqlDialect::Mysql {
            return Ok(());
        }
        let Some(first) = fields.first().and_then(|f| model.field(f.trim_start_matches('-'))) else { return Ok(()) };
        if first.class != "ForeignKey" || !first.remote.as_ref().is_some_and(|r| r.db_constraint) {
            return Ok(());
        }
        let col = first.column();
        let index = plain_index(index_name(&model.table, &[&col], "", self.d), &model.table, &[col]);
        self.emit(CreateIndex { index, concurrently: false, if_not_exists: false });
        Ok(())
    }

    /// SQLite: after Django's table remake (`_remake_table`), the field indexes and
    /// `unique_together` are named after the current table (after a rename polymig's rebuild keeps
    /// the old names, so they are renamed here), and `index_together` indexes are gone.
    pub fn sqlite_remade(&mut self, key: &ModelKey) -> Result<(), String> {
        if self.dialect() != SqlDialect::Sqlite {
            return Ok(());
        }
        let Some(model) = self.state.get(key).cloned() else { return Ok(()) };
        // Django ≥ 5.1 models have no `index_together`: the remake loses those indexes
        for fields in &model.index_together {
            let index = self.index_together(&model, fields)?;
            // a creation still deferred is dropped with the old table (`delete_model`)
            let pending = self
                .deferred
                .iter()
                .position(|op| matches!(&op.kind, Operation::CreateIndex(c) if c.index.name == index.name));
            match pending {
                Some(at) => {
                    self.deferred.remove(at);
                }
                None => {
                    let name = QName::new(index.name.unwrap_or_default());
                    self.emit(DropIndex {
                        name,
                        table: Some(QName::new(&model.table)),
                        if_exists: false,
                        concurrently: false,
                    });
                }
            }
        }
        if let Some(m) = self.state.get_mut(key) {
            m.index_together.clear();
        }
        let Some(old_table) = model.index_table.clone() else { return Ok(()) };
        let mut old_model = model.clone();
        old_model.table = old_table;
        let table = QName::new(&model.table);
        let mut fresh = Vec::new();
        for f in model.fields.iter().filter(|f| f.has_column() && model.stale_fields.contains(&f.name)) {
            for (old, new) in
                self.field_indexes(&old_model.table, f)?.into_iter().zip(self.field_indexes(&model.table, f)?)
            {
                self.emit(DropIndex {
                    name: QName::new(old.name.unwrap_or_default()),
                    table: Some(table.clone()),
                    if_exists: false,
                    concurrently: false,
                });
                fresh.push(new);
            }
        }
        for fields in &model.unique_together {
            let cols = self.columns(&model, fields)?;
            let refs: Vec<&str> = cols.iter().map(String::as_str).collect();
            let old = index_name(&old_model.table, &refs, "_uniq", self.d);
            self.emit(DropIndex {
                name: QName::new(old),
                table: Some(table.clone()),
                if_exists: false,
                concurrently: false,
            });
            let mut index = plain_index(index_name(&model.table, &refs, "_uniq", self.d), &model.table, &cols);
            index.unique = true;
            fresh.push(index);
        }
        for index in fresh {
            self.emit(CreateIndex { index, concurrently: false, if_not_exists: false });
        }
        if let Some(m) = self.state.get_mut(key) {
            m.index_table = None;
            m.stale_fields.clear();
        }
        Ok(())
    }

    /// `index_together` entry → `CREATE INDEX <table>_<cols>_<hash>_idx`.
    pub fn index_together(&self, model: &Model, fields: &[String]) -> Result<Index, String> {
        let cols = self.columns(model, fields)?;
        let refs: Vec<&str> = cols.iter().map(String::as_str).collect();
        Ok(plain_index(index_name(&model.table, &refs, "_idx", self.d), &model.table, &cols))
    }

    /// The `index_together` index over `fields` as the database has it (see [`named_after`]).
    pub fn existing_index_together(&self, model: &Model, fields: &[String]) -> Result<Index, String> {
        let cols = self.columns(model, fields)?;
        let refs: Vec<&str> = cols.iter().map(String::as_str).collect();
        Ok(plain_index(index_name(named_after(model, fields), &refs, "_idx", self.d), &model.table, &cols))
    }

    /// `schema_editor.create_model(model)`: the table, then (deferred) unique_together, foreign
    /// keys, the unique indexes of `Meta.constraints` (the unique ones in `indexes`), the field
    /// indexes and `Meta.indexes`; then the auto-created join tables of its ManyToManyFields.
    pub fn create_model(&mut self, model: &Model, extra: Vec<Constraint>, indexes: Vec<Index>) -> Result<(), String> {
        if model.unmanaged {
            return Ok(());
        }
        let mut columns = Vec::new();
        let mut constraints = Vec::new();
        let mut deferred: Vec<Operation> = Vec::new();
        for fields in &model.unique_together {
            deferred.push(self.unique_together(model, fields)?);
        }
        for f in model.fields.iter().filter(|f| f.has_column()) {
            let (col, cons) = self.column(&model.table, f)?;
            columns.push(col);
            constraints.extend(cons);
            if self.dialect() != SqlDialect::Sqlite
                && let Some(fk) = self.foreign_key(&model.table, f)?
            {
                deferred
                    .push(AddConstraint { table: QName::new(&model.table), constraint: fk, not_valid: false }.into());
            }
        }
        constraints.extend(extra);
        let (unique_indexes, indexes): (Vec<Index>, Vec<Index>) = indexes.into_iter().partition(|i| i.unique);
        deferred.extend(
            unique_indexes
                .into_iter()
                .map(|index| CreateIndex { index, concurrently: false, if_not_exists: false }.into()),
        );
        let table = QName::new(&model.table);
        self.emit(CreateTable { table, columns, constraints, if_not_exists: false, comment: None });
        for op in deferred {
            self.defer(op);
        }
        for f in model.fields.iter().filter(|f| f.has_column()) {
            for index in self.field_indexes(&model.table, f)? {
                self.defer(CreateIndex { index, concurrently: false, if_not_exists: false });
            }
        }
        for fields in &model.index_together {
            let index = self.index_together(model, fields)?;
            self.defer(CreateIndex { index, concurrently: false, if_not_exists: false });
        }
        for index in indexes {
            self.defer(CreateIndex { index, concurrently: false, if_not_exists: false });
        }
        for f in model.fields.iter().filter(|f| f.is_m2m()) {
            if let Some(through) = self.through_model(model, f)? {
                self.create_model(&through, Vec::new(), Vec::new())?;
            }
        }
        Ok(())
    }

    /// The join table Django creates for a ManyToManyField without `through`: `<table>_<field>`
    /// with `id`, `<model>_id`, `<target>_id` (`from_<m>_id`/`to_<m>_id` when self-referencing),
    /// unique together.
    pub fn through_model(&self, model: &Model, f: &Field) -> Result<Option<Model>, String> {
        let Some(remote) = f.remote.as_ref().filter(|r| r.through.is_none()) else { return Ok(None) };
        let target = self.model(&remote.model)?;
        let table = remote
            .m2m_db_table
            .clone()
            .unwrap_or_else(|| truncate_name(&format!("{}_{}", model.table, f.name), self.d));
        let (mut from, mut to) = (model.name.to_ascii_lowercase(), remote.model.1.clone());
        if from == to {
            (from, to) = (format!("from_{from}"), format!("to_{to}"));
        }
        let own_key = self
            .state
            .models
            .iter()
            .find(|(_, m)| m.table == model.table)
            .map(|(k, _)| k.clone())
            .ok_or_else(|| format!("model {} is not in the state", model.name))?;
        let mut id = Field::new("id", &self.default_auto_field);
        id.primary_key = true;
        id.unique = true;
        let fk = |name: &str, key: ModelKey| {
            let mut f = Field::new(name, "ForeignKey");
            f.db_index = true;
            f.remote = Some(Remote {
                model: key,
                to_field: None,
                db_constraint: true,
                through: None,
                m2m_db_table: None,
                hidden: true,
            });
            f
        };
        let _ = target;
        let fields = vec![id, fk(&from, own_key), fk(&to, remote.model.clone())];
        let mut through = Model::on_table(format!("{}_{}", model.name, f.name), table, fields);
        through.unique_together = vec![vec![from, to]];
        Ok(Some(through))
    }
}

/// The table a composed index or unique constraint over `fields` was named after: the table as
/// it was before a rename when all the fields predate it (Django never renames them; it finds
/// them by their columns), else the current one.
pub fn named_after<'m>(model: &'m Model, fields: &[String]) -> &'m str {
    match &model.index_table {
        Some(old) if fields.iter().all(|f| model.stale_fields.iter().any(|s| s.eq_ignore_ascii_case(f))) => old,
        _ => &model.table,
    }
}

/// `CREATE INDEX name ON table (cols)`.
pub fn plain_index(name: String, table: &str, cols: &[String]) -> Index {
    Index {
        name: Some(name),
        table: QName::new(table),
        parts: cols.iter().map(IndexPart::column).collect(),
        unique: false,
        method: None,
        predicate: None,
        include: Vec::new(),
        nulls_not_distinct: false,
    }
}

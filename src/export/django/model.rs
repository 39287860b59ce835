//! Fields of a table as Django sees them: which columns are `ForeignKey`s, their field names,
//! and Django's own name for a foreign key constraint (so an IR that came from Django keeps its
//! constraints inside the field instead of raw SQL).

use md5::{Digest, Md5};

use super::Ctx;
use super::fields::{self, Field, Relation};
use super::registry::Model;
use crate::ir::{Column, ConstraintKind, Deferrable, FkAction, ForeignKey, QName, SqlDialect};
use crate::schema::Table;

/// The single-column foreign key on `column` of `table` that Django can hold as a `ForeignKey`
/// field: the target is a model, the referenced column is its primary key or `to_field`, and the
/// column has the referenced column's type.
pub fn relation(
    ctx: &Ctx,
    table: &Table,
    column: &Column,
    self_model: Option<&Model>,
) -> Option<(Relation, ForeignKey)> {
    let fk = table.constraints.iter().find_map(|c| match &c.kind {
        ConstraintKind::ForeignKey(fk) if fk.columns.len() == 1 && fk.columns[0] == column.name => Some((c, fk)),
        _ => None,
    })?;
    let (constraint, fk) = fk;
    let self_ref = fk.ref_table.key() == table.name.key();
    let target_table = if self_ref { table } else { ctx.state.table(&fk.ref_table)? };
    let target_model = if self_ref { self_model? } else { ctx.models.get(&fk.ref_table)? };
    let pk = target_table.primary_key()?.columns().to_vec();
    let ref_col = fk.ref_columns.first().cloned().or_else(|| (pk.len() == 1).then(|| pk[0].clone()))?;
    if fk.ref_columns.len() > 1 {
        return None;
    }
    let target_col = target_table.column(&ref_col)?;
    if target_col.data_type != column.data_type {
        return None;
    }
    let to_field =
        if pk.len() == 1 && pk[0] == ref_col { None } else { Some(target_model.field(&ref_col)?.to_string()) };
    let db_constraint = constraint.name.as_deref()
        == Some(django_fk_name(&table.name, &column.name, &fk.ref_table, &ref_col, ctx.dialect).as_str())
        && fk.on_update.is_none_or(|a| a == FkAction::NoAction)
        && fk.on_delete.is_none_or(|a| a == FkAction::NoAction)
        && fk.deferrable
            == match ctx.dialect {
                SqlDialect::Mysql => None,
                _ => Some(Deferrable::Deferred),
            };
    let to = format!("{}.{}", ctx.app, target_model.name.to_ascii_lowercase());
    Some((Relation { to, to_field, on_delete: fk.on_delete, db_constraint }, fk.clone()))
}

/// The field for `column` of `table` in `model` (registering a new field name when needed).
pub fn field_of(ctx: &Ctx, table: &Table, column: &Column, model: &mut Model) -> (String, Field, Option<Relation>) {
    let pk = table.primary_key().map(|p| p.columns().to_vec()).unwrap_or_default();
    let is_pk = pk.len() == 1 && pk[0] == column.name;
    let rel = relation(ctx, table, column, Some(model)).map(|(r, _)| r);
    let name = match model.field(&column.name) {
        Some(n) => n.to_string(),
        None => {
            let n = model.new_field_name(&column.name, rel.is_some());
            model.fields.insert(column.name.clone(), n.clone());
            n
        }
    };
    let default_column = if rel.is_some() { format!("{name}_id") } else { name.clone() };
    let positive = rel.is_none() && positive_check(ctx, table, &column.name).is_some();
    let f = fields::field(column, ctx.dialect, is_pk, rel.as_ref(), &default_column, positive);
    (name, f, rel)
}

/// The name of the check `"col" >= 0` a `Positive*Field` creates for `column`, when `table`
/// has it under the name the database gives an inline column check.
pub fn positive_check(ctx: &Ctx, table: &Table, column: &str) -> Option<String> {
    let col = table.column(column)?;
    if !matches!(col.data_type, crate::ir::DataType::Integer { .. }) {
        return None;
    }
    let quoted = format!("\"{column}\" >= 0");
    let bare = format!("{column} >= 0");
    table.constraints.iter().find_map(|c| match &c.kind {
        ConstraintKind::Check { expr } if expr.trim() == quoted || expr.trim() == bare => {
            let name = c.name.clone()?;
            let default = match ctx.dialect {
                SqlDialect::Postgres => format!("{}_{column}_check", table.name.name),
                // SQLite keeps no constraint names; MariaDB names an inline column check after the column.
                SqlDialect::Sqlite => name.clone(),
                SqlDialect::Mysql => return None,
            };
            (name == default).then_some(name)
        }
        _ => None,
    })
}

/// Django's name for the foreign key constraint of `table.column` → `to_table.to_column`:
/// `<table>_<column>_<md5 hash>_fk_<to_table>_<to_column>`, shortened to the backend's limit
/// the way `BaseDatabaseSchemaEditor._create_index_name` does.
pub fn django_fk_name(table: &QName, column: &str, to_table: &QName, to_column: &str, d: SqlDialect) -> String {
    let suffix = format!("_fk_{}_{}", to_table.name, to_column);
    create_index_name(&table.name, &[column], &suffix, d)
}

/// `BaseDatabaseSchemaEditor._create_index_name(table, columns, suffix)`.
pub fn create_index_name(table: &str, columns: &[&str], suffix: &str, d: SqlDialect) -> String {
    let max = match d {
        SqlDialect::Postgres => 63,
        SqlDialect::Mysql => 64,
        SqlDialect::Sqlite => 200,
    };
    let mut parts = vec![table];
    parts.extend_from_slice(columns);
    let mut hash_part = format!("{}{suffix}", names_digest(&parts, 8));
    let name = format!("{table}_{}_{hash_part}", columns.join("_"));
    if name.len() <= max {
        return name;
    }
    if hash_part.len() > max / 3 {
        hash_part = hash_part.chars().take(max / 3).collect();
    }
    let other = (max - hash_part.len()) / 2 - 1;
    let cut = |s: &str| s.chars().take(other).collect::<String>();
    let mut name = format!("{}_{}_{hash_part}", cut(table), cut(&columns.join("_")));
    if name.starts_with('_') || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.pop();
        name.insert(0, 'D');
    }
    name
}

/// `django.db.backends.utils.names_digest`: MD5 over the parts, first `length` hex digits.
fn names_digest(parts: &[&str], length: usize) -> String {
    let mut h = Md5::new();
    for p in parts {
        h.update(p.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect::<String>().chars().take(length).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_key_names_follow_django() {
        // From Django 5.2's sqlmigrate for `Post.author = ForeignKey(User)` in app `blog`.
        let n =
            django_fk_name(&QName::new("blog_post"), "author_id", &QName::new("auth_user"), "id", SqlDialect::Postgres);
        // django.db.backends.utils.names_digest("blog_post", "author_id", length=8) == "dd7a8485"
        assert_eq!(n, "blog_post_author_id_dd7a8485_fk_auth_user_id");
    }
}

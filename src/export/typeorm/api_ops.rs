//! One IR operation → QueryRunner API calls, or `None` when the API has no portable
//! spelling for it (the caller then writes per-driver SQL). The IR → TypeORM type table
//! lives here too ([`column_type`]).

use crate::ir::{
    AutoIncrement, Column, Constraint, ConstraintKind, DataType, DefaultExpr, ForeignKey, Index, IndexKey, Operation,
    QName,
};
use crate::schema::Schema;

use super::ts::string as s;

/// TypeORM type name and its `length`/`precision`/`scale` for an IR type with one spelling that
/// every driver accepts; `None` for the others (binary, json, uuid, enums, arrays, native types).
fn column_type(t: &DataType) -> Option<Vec<(&'static str, String)>> {
    let ty = |name: &str| vec![("type", s(name))];
    Some(match t {
        DataType::Boolean => ty("boolean"),
        DataType::Integer { bits, unsigned } => {
            let mut v = ty(match bits {
                8 => "tinyint",
                16 => "smallint",
                24 => "mediumint",
                64 => "bigint",
                _ => "integer",
            });
            if *unsigned {
                v.push(("unsigned", "true".into()));
            }
            v
        }
        DataType::Decimal { precision, scale } => {
            let mut v = ty("decimal");
            v.extend(precision.map(|p| ("precision", p.to_string())));
            v.extend(scale.map(|x| ("scale", x.to_string())));
            v
        }
        DataType::Float { bits: 32 } => ty("real"),
        DataType::Float { .. } => ty("double precision"),
        DataType::Char { length } => {
            let mut v = ty("char");
            v.extend(length.map(|l| ("length", s(&l.to_string()))));
            v
        }
        DataType::Varchar { length: Some(l) } => vec![("type", s("varchar")), ("length", s(&l.to_string()))],
        DataType::Text => ty("text"),
        DataType::Date => ty("date"),
        DataType::Time { tz: false, precision } => {
            let mut v = ty("time");
            v.extend(precision.map(|p| ("precision", p.to_string())));
            v
        }
        // No portable spelling: TypeORM passes `timestamp` through, which on MySQL/MariaDB is the
        // time-zone-converting TIMESTAMP (1970–2038), not a DATETIME; per-driver SQL says it right.
        _ => return None,
    })
}

/// A default as TypeORM's raw-SQL `default` option; `None` for expressions that are dialect-specific.
fn default_value(d: &DefaultExpr) -> Option<String> {
    Some(match d {
        DefaultExpr::Null => return Some(s("NULL")),
        DefaultExpr::Bool(b) => b.to_string(),
        DefaultExpr::Number(n) => n.clone(),
        DefaultExpr::String(v) => s(&format!("'{}'", v.replace('\'', "''"))),
        DefaultExpr::CurrentTimestamp => s("CURRENT_TIMESTAMP"),
        DefaultExpr::CurrentDate => s("CURRENT_DATE"),
        DefaultExpr::CurrentTime => s("CURRENT_TIME"),
        _ => return None,
    })
}

fn object(pairs: &[(&str, String)]) -> String {
    let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("{{ {} }}", body.join(", "))
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|i| s(i)).collect::<Vec<_>>().join(", "))
}

/// `{ name: "id", type: "integer", isPrimary: true, … }`, or `None` when the column needs SQL.
/// An unnamed primary key keeps the database's default name (PostgreSQL `<table>_pkey`) instead
/// of TypeORM's `PK_<hash>`.
fn column(c: &Column, primary: Option<&Constraint>, table: &QName) -> Option<String> {
    let mut o = vec![("name", s(&c.name))];
    o.extend(column_type(&c.data_type)?);
    if let Some(pk) = primary.filter(|pk| pk.columns().contains(&c.name)) {
        o.push(("isPrimary", "true".into()));
        let name = pk.name.clone().unwrap_or_else(|| format!("{}_pkey", table.name));
        o.push(("primaryKeyConstraintName", s(&name)));
    }
    if let Some(a) = c.auto_increment {
        if !matches!(c.data_type, DataType::Integer { .. }) || a == AutoIncrement::IdentityAlways {
            return None;
        }
        o.push(("isGenerated", "true".into()));
        o.push(("generationStrategy", s("increment")));
    }
    o.push(("isNullable", c.nullable.to_string()));
    if let Some(d) = &c.default {
        o.push(("default", default_value(d)?));
    }
    if let Some(g) = &c.generated {
        o.push(("asExpression", s(&g.expr)));
        o.push(("generatedType", s(if g.stored { "STORED" } else { "VIRTUAL" })));
    }
    if c.on_update.is_some() || c.comment.is_some() || c.collation.is_some() {
        return None;
    }
    Some(object(&o))
}

fn fk_object(name: &Option<String>, fk: &ForeignKey) -> Option<String> {
    if fk.ref_columns.is_empty() || fk.deferrable.is_some() {
        return None;
    }
    let mut o = Vec::new();
    if let Some(n) = name {
        o.push(("name", s(n)));
    }
    o.push(("columnNames", list(&fk.columns)));
    o.push(("referencedTableName", s(&table_path(&fk.ref_table))));
    o.push(("referencedColumnNames", list(&fk.ref_columns)));
    o.extend(fk.on_delete.map(|a| ("onDelete", s(a.sql()))));
    o.extend(fk.on_update.map(|a| ("onUpdate", s(a.sql()))));
    Some(object(&o))
}

fn index_object(i: &Index) -> Option<String> {
    let mut cols = Vec::new();
    for p in &i.parts {
        match (&p.key, p.desc, &p.opclass, p.length, &p.collation, p.nulls_first) {
            (IndexKey::Column(c), false, None, None, None, None) => cols.push(c.clone()),
            _ => return None,
        }
    }
    if !i.include.is_empty() || i.nulls_not_distinct || i.method.is_some() {
        return None;
    }
    let mut o = Vec::new();
    if let Some(n) = &i.name {
        o.push(("name", s(n)));
    }
    o.push(("columnNames", list(&cols)));
    if i.unique {
        o.push(("isUnique", "true".into()));
    }
    if let Some(w) = &i.predicate {
        o.push(("where", s(w)));
    }
    Some(object(&o))
}

fn table_path(t: &QName) -> String {
    match &t.schema {
        Some(sc) => format!("{sc}.{}", t.name),
        None => t.name.clone(),
    }
}

/// True when TypeORM's `renameColumn` would also rename a key, unique, index or foreign key on the
/// column, because it has TypeORM's default name for its columns (`PK_`/`UQ_`/`IDX_`/`FK_<hash>`):
/// the IR holds those renames as operations of their own, so the rename is written as SQL.
fn renames_default_names(before: &Schema, table: &QName, column: &str) -> bool {
    use crate::import::typeorm::naming;
    let Some(t) = before.table(table) else { return false };
    let t_name = table_path(table);
    let constraint = t.constraints.iter().any(|c| {
        let cols = c.columns();
        let default = match &c.kind {
            ConstraintKind::PrimaryKey { .. } => naming::primary_key(&t_name, cols),
            ConstraintKind::Unique { .. } => naming::unique(&t_name, cols),
            ConstraintKind::ForeignKey(_) => naming::foreign_key(&t_name, cols),
            _ => return false,
        };
        cols.iter().any(|x| x == column)
            && c.name.as_deref().is_some_and(|n| n == default || n == naming::index(&t_name, cols, None))
    });
    let index = t.indexes.iter().any(|i| {
        let cols: Vec<String> = i.column_names().iter().map(|c| c.to_string()).collect();
        cols.iter().any(|x| x == column)
            && i.name.as_deref() == Some(naming::index(&t_name, &cols, i.predicate.as_deref()).as_str())
    });
    constraint || index
}

/// True when the column has a PostgreSQL enum type, which TypeORM's `dropColumn` drops with it.
fn drops_enum_type(before: &Schema, table: &QName, column: &str) -> bool {
    let col = before.table(table).and_then(|t| t.column(column));
    col.is_some_and(|c| matches!(&c.data_type, DataType::Enum { name: Some(_), .. }))
}

/// The API calls for `op` (with `before`, the schema before it), and the `typeorm` imports they
/// use; `None` when the operation needs per-driver SQL.
pub fn render(op: &Operation, before: &Schema) -> Option<(Vec<String>, Vec<&'static str>)> {
    let qr = "await queryRunner";
    Some(match op {
        Operation::CreateTable(ct) => {
            if ct.comment.is_some() {
                return None;
            }
            let pk = ct.constraints.iter().find(|c| matches!(c.kind, ConstraintKind::PrimaryKey { .. }));
            let cols: Option<Vec<String>> = ct.columns.iter().map(|c| column(c, pk, &ct.table)).collect();
            let mut parts =
                vec![format!("name: {}", s(&table_path(&ct.table))), format!("columns: [{}]", cols?.join(", "))];
            let (mut uniques, mut fks) = (Vec::new(), Vec::new());
            for c in &ct.constraints {
                match &c.kind {
                    ConstraintKind::PrimaryKey { .. } => {}
                    ConstraintKind::Unique { columns, nulls_not_distinct: false, deferrable: None } => {
                        let mut o = c.name.iter().map(|n| ("name", s(n))).collect::<Vec<_>>();
                        o.push(("columnNames", list(columns)));
                        uniques.push(object(&o));
                    }
                    ConstraintKind::ForeignKey(fk) => fks.push(fk_object(&c.name, fk)?),
                    // TypeORM leaves checks out on MySQL, and would need the check's name for the others.
                    _ => return None,
                }
            }
            if !uniques.is_empty() {
                parts.push(format!("uniques: [{}]", uniques.join(", ")));
            }
            if !fks.is_empty() {
                parts.push(format!("foreignKeys: [{}]", fks.join(", ")));
            }
            let ine = if ct.if_not_exists { ", true" } else { "" };
            (vec![format!("{qr}.createTable(new Table({{ {} }}){ine});", parts.join(", "))], vec!["Table"])
        }
        Operation::DropTable(dt) if !dt.cascade => {
            let ie = if dt.if_exists { ", true" } else { "" };
            (vec![format!("{qr}.dropTable({}{ie});", s(&table_path(&dt.table)))], vec![])
        }
        Operation::RenameTable(rt) => {
            (vec![format!("{qr}.renameTable({}, {});", s(&table_path(&rt.from)), s(&rt.to.name))], vec![])
        }
        Operation::AddColumn(ac) if ac.constraints.is_empty() && !ac.if_not_exists => {
            let col = column(&ac.column, None, &ac.table)?;
            let call = format!("{qr}.addColumn({}, new TableColumn({col}));", s(&table_path(&ac.table)));
            (vec![call], vec!["TableColumn"])
        }
        Operation::DropColumn(dc)
            if !dc.if_exists && !dc.cascade && !drops_enum_type(before, &dc.table, &dc.column) =>
        {
            (vec![format!("{qr}.dropColumn({}, {});", s(&table_path(&dc.table)), s(&dc.column))], vec![])
        }
        Operation::RenameColumn(rc) if !renames_default_names(before, &rc.table, &rc.from) => {
            (vec![format!("{qr}.renameColumn({}, {}, {});", s(&table_path(&rc.table)), s(&rc.from), s(&rc.to))], vec![])
        }
        Operation::CreateIndex(ci) if !ci.if_not_exists && !ci.concurrently => {
            let o = index_object(&ci.index)?;
            (
                vec![format!("{qr}.createIndex({}, new TableIndex({o}));", s(&table_path(&ci.index.table)))],
                vec!["TableIndex"],
            )
        }
        Operation::DropIndex(di) if !di.if_exists && !di.concurrently => {
            let table = match &di.table {
                Some(t) => t.clone(),
                None => before.table_of_index(&di.name.name)?.name.clone(),
            };
            (vec![format!("{qr}.dropIndex({}, {});", s(&table_path(&table)), s(&di.name.name))], vec![])
        }
        Operation::AddConstraint(ac) if !ac.not_valid => match &ac.constraint.kind {
            ConstraintKind::ForeignKey(fk) => {
                let o = fk_object(&ac.constraint.name, fk)?;
                let call = format!("{qr}.createForeignKey({}, new TableForeignKey({o}));", s(&table_path(&ac.table)));
                (vec![call], vec!["TableForeignKey"])
            }
            _ => return None,
        },
        Operation::DropConstraint(dc) if !dc.if_exists && !dc.cascade => {
            let kind = &before.table(&dc.table)?.constraint(&dc.name)?.kind;
            match kind {
                ConstraintKind::ForeignKey(_) => {
                    (vec![format!("{qr}.dropForeignKey({}, {});", s(&table_path(&dc.table)), s(&dc.name))], vec![])
                }
                _ => return None,
            }
        }
        Operation::Sql(raw) if raw.dialect.is_none() => {
            (vec![format!("{qr}.query({});", super::ts::template(raw.sql.trim().trim_end_matches(';')))], vec![])
        }
        Operation::Opaque(o) => {
            let mut lines = vec![format!("// polymig: not translated ({}), kept verbatim:", o.reason)];
            lines.extend(o.source.lines().map(|l| format!("// {l}")));
            lines.push(format!(
                "throw new Error({});",
                s(&format!("polymig could not translate this step: {}", o.reason))
            ));
            (lines, vec![])
        }
        _ => return None,
    })
}

/// Unique and check constraints, which TypeORM's MySQL driver refuses ("MySql does not support
/// unique constraints"): the API calls for the other drivers, to be switched with MySQL's SQL.
/// Raw SQL there would leave TypeORM's cached copy of the table stale for later API calls.
pub fn render_not_mysql(op: &Operation, before: &Schema) -> Option<(Vec<String>, Vec<&'static str>)> {
    let qr = "await queryRunner";
    let (table, kind, name) = match op {
        Operation::AddConstraint(ac) if !ac.not_valid => (&ac.table, &ac.constraint.kind, ac.constraint.name.clone()?),
        Operation::DropConstraint(dc) if !dc.if_exists && !dc.cascade => {
            let kind = &before.table(&dc.table)?.constraint(&dc.name)?.kind;
            let verb = match kind {
                ConstraintKind::Unique { .. } => "dropUniqueConstraint",
                ConstraintKind::Check { .. } => "dropCheckConstraint",
                _ => return None,
            };
            return Some((vec![format!("{qr}.{verb}({}, {});", s(&table_path(&dc.table)), s(&dc.name))], vec![]));
        }
        _ => return None,
    };
    let t = s(&table_path(table));
    match kind {
        ConstraintKind::Unique { columns, nulls_not_distinct: false, deferrable: None } => {
            let o = object(&[("name", s(&name)), ("columnNames", list(columns))]);
            Some((vec![format!("{qr}.createUniqueConstraint({t}, new TableUnique({o}));")], vec!["TableUnique"]))
        }
        ConstraintKind::Check { expr } => {
            let o = object(&[("name", s(&name)), ("expression", s(expr))]);
            Some((vec![format!("{qr}.createCheckConstraint({t}, new TableCheck({o}));")], vec!["TableCheck"]))
        }
        _ => None,
    }
}

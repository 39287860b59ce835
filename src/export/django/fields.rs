//! IR columns → Django model fields, and whether Django's schema editor would create exactly
//! the column polymig's SQL creates on the target database.
//!
//! | IR type | field | exact on |
//! |---|---|---|
//! | `Integer{16,32,64}` (+ auto-increment primary key) | `SmallIntegerField`/`IntegerField`/`BigIntegerField` (`SmallAutoField`/`AutoField`/`BigAutoField`) | all (PostgreSQL: identity `BY DEFAULT` only) |
//! | `Boolean`, `Date`, `Float{64}`, `Decimal{p,s}` | `BooleanField`, `DateField`, `FloatField`, `DecimalField(max_digits, decimal_places)` | all |
//! | `Varchar{n}` / `Varchar{}` | `CharField(max_length=n)` / `CharField()` | all / PostgreSQL |
//! | `Text`, `Binary{}` | `TextField`, `BinaryField` | not MySQL (`longtext`, `longblob`) |
//! | `Timestamp` | `DateTimeField` | PostgreSQL `timestamptz`, MySQL `datetime(6)` |
//! | `Time` | `TimeField` | PostgreSQL `time`, MySQL `time(6)`, SQLite |
//! | `Interval`, `Json{binary}` | `DurationField`, `JSONField` | PostgreSQL |
//! | `Uuid` | `UUIDField` | PostgreSQL, SQLite |
//!
//! Other types get the nearest field for Django's state and are created by raw SQL.
//! `null=True` for nullable columns; `db_default=` for SQL defaults (literals, or
//! `RawSQL("CURRENT_TIMESTAMP", [])` for expressions, which Django writes as `DEFAULT (…)`);
//! `db_column=` when the column is not the field's default column; `db_comment=`,
//! `db_collation=`. Unique and check constraints and indexes are never field options (Django
//! would add its own `_like` indexes on PostgreSQL): they are `Meta` constraints and indexes.

use super::py::{self, Call};
use crate::ir::{AutoIncrement, Column, DataType, DefaultExpr, FkAction, SqlDialect};

/// A field for Django's state, and why Django would not create the column polymig creates.
#[derive(Debug, Clone)]
pub struct Field {
    /// `models.CharField(max_length=255)`.
    pub call: Call,
    /// Why Django's DDL for it would differ from polymig's (`None`: identical).
    pub inexact: Option<String>,
}

/// A foreign key a field stands for: `models.ForeignKey(to=…, on_delete=…, db_constraint=…)`.
#[derive(Debug, Clone)]
pub struct Relation {
    /// `"app.users"`.
    pub to: String,
    /// `to_field=` when the referenced column is not the target's primary key.
    pub to_field: Option<String>,
    /// The IR's `ON DELETE`, mapped to Django's Python-side emulation.
    pub on_delete: Option<FkAction>,
    /// Whether Django creates the constraint itself (its name, `DEFERRABLE INITIALLY DEFERRED`, no actions).
    pub db_constraint: bool,
}

/// The field for `col` on `d`. `primary_key`: the single-column primary key; `default_column`:
/// the column Django derives from the field name (`db_column=` is written when it differs);
/// `positive`: the column has the `"col" >= 0` check Django's `Positive*Field`
/// creates (plus `UNSIGNED` on MySQL), which the field then stands for.
pub fn field(
    col: &Column,
    d: SqlDialect,
    primary_key: bool,
    rel: Option<&Relation>,
    default_column: &str,
    positive: bool,
) -> Field {
    let (class, mut kwargs, mut inexact) = match (&col.data_type, positive) {
        (DataType::Integer { bits, unsigned }, true)
            if *unsigned == (d == SqlDialect::Mysql) && col.auto_increment.is_none() =>
        {
            match bits {
                16 => ("PositiveSmallIntegerField", vec![], None),
                32 => ("PositiveIntegerField", vec![], None),
                _ => ("PositiveBigIntegerField", vec![], None),
            }
        }
        _ => type_field(&col.data_type, col.auto_increment, primary_key, d),
    };
    let mut call = match rel {
        Some(r) => {
            let mut c = Call::new("models.ForeignKey")
                .kw("on_delete", on_delete(r.on_delete))
                .kw("to", py::string(&r.to))
                .kw_opt("to_field", r.to_field.as_deref().map(py::string));
            if !r.db_constraint {
                c = c.kw("db_constraint", "False");
            }
            c.kw("db_index", "False")
        }
        None => {
            let mut c = Call::new(format!("models.{class}"));
            for (k, v) in kwargs.drain(..) {
                c = c.kw(k, v);
            }
            c
        }
    };
    if col.name != default_column {
        call = call.kw("db_column", py::string(&col.name));
    }
    if primary_key {
        call = call.kw("primary_key", "True").kw("serialize", "False");
    } else if col.nullable {
        call = call.kw("null", "True");
    }
    if let Some(def) = &col.default {
        match db_default(def, d) {
            Ok(Some(v)) => call = call.kw("db_default", v),
            Ok(None) => {}
            Err(why) => inexact = inexact.or(Some(why)),
        }
    }
    if let Some(c) = &col.comment {
        call = call.kw("db_comment", py::string(c));
    }
    if let Some(c) = &col.collation {
        call = call.kw("db_collation", py::string(c));
    }
    if col.on_update.is_some() {
        inexact = inexact.or(Some("Django has no ON UPDATE for a column".into()));
    }
    if col.generated.is_some() {
        inexact = inexact.or(Some("generated columns are written in SQL".into()));
    }
    if col.auto_increment.is_some() && !primary_key {
        inexact = inexact.or(Some("Django's auto fields must be the primary key".into()));
    }
    Field { call, inexact }
}

/// `django.db.models.deletion.CASCADE` for an IR `ON DELETE` (`DO_NOTHING` when the database decides).
fn on_delete(a: Option<FkAction>) -> &'static str {
    match a {
        Some(FkAction::Cascade) => "django.db.models.deletion.CASCADE",
        Some(FkAction::SetNull) => "django.db.models.deletion.SET_NULL",
        Some(FkAction::SetDefault) => "django.db.models.deletion.SET_DEFAULT",
        Some(FkAction::Restrict) => "django.db.models.deletion.RESTRICT",
        Some(FkAction::NoAction) | None => "django.db.models.deletion.DO_NOTHING",
    }
}

type Kwargs = Vec<(&'static str, String)>;

/// The field class and arguments for a type, and why Django's column would differ on `d`.
fn type_field(
    t: &DataType,
    auto: Option<AutoIncrement>,
    primary_key: bool,
    d: SqlDialect,
) -> (&'static str, Kwargs, Option<String>) {
    use SqlDialect::{Mysql, Postgres, Sqlite};
    let only = |ok: bool, what: &str| (!ok).then(|| format!("Django's {what} is another type on {}", d.as_str()));
    match t {
        DataType::Integer { bits, unsigned } => {
            let auto_ok = match (auto, d) {
                (None, _) => true,
                (Some(_), _) if !primary_key => false,
                (Some(AutoIncrement::IdentityByDefault), Postgres) => true,
                (Some(_), Postgres) => false,
                (Some(_), _) => true,
            };
            let class = match (bits, auto.is_some() && primary_key) {
                (16, true) => "SmallAutoField",
                (16, false) | (8, _) => "SmallIntegerField",
                (32, true) | (24, true) => "AutoField",
                (32, false) | (24, false) => "IntegerField",
                (_, true) => "BigAutoField",
                (_, false) => "BigIntegerField",
            };
            let why = if *unsigned || !matches!(bits, 16 | 32 | 64) {
                Some("Django has no unsigned, 8-bit or 24-bit integer field".to_string())
            } else if !auto_ok {
                Some("Django's auto fields are `GENERATED BY DEFAULT AS IDENTITY` on PostgreSQL".to_string())
            } else {
                None
            };
            (class, vec![], why)
        }
        DataType::Boolean => ("BooleanField", vec![], None),
        DataType::Decimal { precision: Some(p), scale } => (
            "DecimalField",
            vec![("decimal_places", scale.unwrap_or(0).to_string()), ("max_digits", p.to_string())],
            None,
        ),
        DataType::Decimal { .. } => (
            "DecimalField",
            vec![("decimal_places", "0".into()), ("max_digits", "65".into())],
            Some("DecimalField needs max_digits".into()),
        ),
        DataType::Float { bits } => {
            ("FloatField", vec![], (*bits != 64).then(|| "FloatField is double precision".into()))
        }
        // Django's GenericIPAddressField: `inet` on PostgreSQL, `char(39)` elsewhere.
        DataType::Char { length: Some(39) } if d != Postgres => ("GenericIPAddressField", vec![], None),
        DataType::Native { sql, .. } if d == Postgres && sql.eq_ignore_ascii_case("inet") => {
            ("GenericIPAddressField", vec![], None)
        }
        DataType::Char { length } => (
            "CharField",
            vec![("max_length", length.unwrap_or(1).to_string())],
            Some("Django has no fixed-length char field".into()),
        ),
        DataType::Varchar { length: Some(n) } => ("CharField", vec![("max_length", n.to_string())], None),
        DataType::Varchar { length: None } => ("CharField", vec![], only(d == Postgres, "unbounded CharField")),
        DataType::Text => ("TextField", vec![], only(d != Mysql, "TextField (longtext)")),
        DataType::Binary { length: None, fixed: false } => ("BinaryField", vec![], only(d != Mysql, "BinaryField")),
        DataType::Binary { .. } => ("BinaryField", vec![], Some("BinaryField has no length".into())),
        DataType::Date => ("DateField", vec![], None),
        DataType::Time { tz, precision } => {
            let ok = !tz
                && match d {
                    Postgres => matches!(precision, None | Some(6)),
                    Mysql => *precision == Some(6),
                    Sqlite => true,
                };
            ("TimeField", vec![], only(ok, "TimeField"))
        }
        DataType::Timestamp { tz, precision } => {
            let ok = match d {
                Postgres => *tz && matches!(precision, None | Some(6)),
                Mysql => !tz && *precision == Some(6),
                // Django's `datetime` has NUMERIC affinity; polymig's `timestamp` is read as text.
                Sqlite => false,
            };
            ("DateTimeField", vec![], only(ok, "DateTimeField"))
        }
        DataType::Interval => ("DurationField", vec![], only(d == Postgres, "DurationField")),
        DataType::Uuid => ("UUIDField", vec![], only(d != Mysql, "UUIDField")),
        DataType::Json { binary } => ("JSONField", vec![], only(d == Postgres && *binary, "JSONField")),
        DataType::Enum { .. } => ("TextField", vec![], Some("Django has no enum type".into())),
        DataType::Array { .. } => ("TextField", vec![], Some("arrays are written in SQL".into())),
        DataType::Native { sql, .. } => ("TextField", vec![], Some(format!("Django has no field for `{sql}`"))),
    }
}

/// `db_default=` for a default: `Ok(None)` for `DEFAULT NULL`, `Err(why)` when Django cannot say it.
fn db_default(def: &DefaultExpr, d: SqlDialect) -> Result<Option<String>, String> {
    let raw = |sql: &str| format!("django.db.models.expressions.RawSQL({}, [])", py::string(sql));
    Ok(Some(match def {
        DefaultExpr::Null => return Ok(None),
        DefaultExpr::Bool(b) => py::boolean(*b).to_string(),
        DefaultExpr::Number(n) if n.parse::<i64>().is_ok() || n.parse::<f64>().is_ok_and(f64::is_finite) => n.clone(),
        DefaultExpr::Number(n) => return Err(format!("the default {n} is no Python number")),
        DefaultExpr::String(s) => py::string(s),
        DefaultExpr::CurrentTimestamp => raw("CURRENT_TIMESTAMP"),
        DefaultExpr::CurrentDate => raw("CURRENT_DATE"),
        DefaultExpr::CurrentTime => raw("CURRENT_TIME"),
        DefaultExpr::Sql(e) => {
            let (sql, problems) = crate::sql_expr::from_canonical(e, d);
            if sql.contains('%') || !problems.is_empty() {
                return Err("the default expression is written in SQL".into());
            }
            raw(&sql)
        }
    }))
}

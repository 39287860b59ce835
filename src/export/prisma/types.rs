//! IR column types → Prisma field types and `@db.*` attributes, per provider: the inverse of
//! `import::prisma::types`. A type that is the scalar's default for the provider gets no
//! `@db.*` (`text` on PostgreSQL is `String`, `varchar(191)` on MySQL is `String`); one Prisma
//! cannot describe becomes `Unsupported("…")`.

use crate::ir::{DataType, SqlDialect};

/// A field type: the scalar (or enum) name, `@db.*` (without the `@`), and whether it is a list.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldType {
    /// `String`, `Int`, `Role`, or `Unsupported("circle")`.
    pub name: String,
    /// `db.VarChar(200)`.
    pub native: Option<String>,
    /// PostgreSQL arrays: `Int[]`.
    pub list: bool,
}

fn t(name: &str, native: Option<String>) -> FieldType {
    FieldType { name: name.to_string(), native, list: false }
}

fn unsupported(sql: &str) -> FieldType {
    t(&format!("Unsupported({})", super::names::string(sql)), None)
}

/// The Prisma type of a column of `dt`; `enum_name` names enum types.
pub fn field_type(dt: &DataType, dialect: SqlDialect, enum_name: &dyn Fn(&DataType) -> Option<String>) -> FieldType {
    use SqlDialect::*;
    let db = |s: String| Some(format!("db.{s}"));
    let sqlite = dialect == Sqlite;
    match dt {
        DataType::Boolean => t("Boolean", None),
        DataType::Integer { bits, unsigned } => {
            let base = if *bits == 64 { "BigInt" } else { "Int" };
            let native = match (dialect, bits, unsigned) {
                (Sqlite, ..) => None,
                (Mysql, 8, false) => db("TinyInt".into()),
                (Mysql, 24, false) => db("MediumInt".into()),
                (Mysql, b, true) => {
                    let n = match b {
                        8 => "TinyInt",
                        16 => "SmallInt",
                        24 => "MediumInt",
                        64 => "BigInt",
                        _ => "Int",
                    };
                    db(format!("Unsigned{n}"))
                }
                (_, 8 | 16, _) => db("SmallInt".into()),
                _ => None,
            };
            t(base, native)
        }
        DataType::Decimal { precision, scale } => {
            let native = match (precision, scale) {
                _ if sqlite => None,
                (Some(65), Some(30)) => None,
                (Some(p), s) => db(format!("Decimal({p}, {})", s.unwrap_or(0))),
                (None, _) if dialect == Postgres => return unsupported("numeric"),
                (None, _) => None,
            };
            t("Decimal", native)
        }
        DataType::Float { bits } => {
            let native = match (dialect, bits) {
                (Sqlite, _) | (Postgres | Mysql, 64) => None,
                (Postgres, _) => db("Real".into()),
                (Mysql, _) => db("Float".into()),
            };
            t("Float", native)
        }
        DataType::Char { length } => t("String", (!sqlite).then(|| format!("db.Char({})", length.unwrap_or(1)))),
        DataType::Varchar { length } => {
            let native = match (dialect, length) {
                (Sqlite, _) | (Mysql, Some(191)) => None,
                (_, Some(n)) => db(format!("VarChar({n})")),
                (Postgres, None) => db("VarChar".into()),
                (Mysql, None) => db("Text".into()),
            };
            t("String", native)
        }
        DataType::Text => t("String", (dialect == Mysql).then(|| "db.Text".to_string())),
        DataType::Binary { length, fixed } => {
            let native = match (dialect, length, fixed) {
                (Mysql, Some(n), true) => db(format!("Binary({n})")),
                (Mysql, Some(n), false) => db(format!("VarBinary({n})")),
                (Mysql, None, _) => db("Blob".into()),
                _ => None,
            };
            t("Bytes", native)
        }
        DataType::Date => t("DateTime", (!sqlite).then(|| "db.Date".to_string())),
        DataType::Time { tz, precision } => {
            let name = if *tz && dialect == Postgres { "Timetz" } else { "Time" };
            t("DateTime", (!sqlite).then(|| format!("db.{name}({})", precision.unwrap_or(6))))
        }
        DataType::Timestamp { tz, precision } => {
            let native = match (dialect, tz, precision) {
                (Sqlite, ..) => None,
                (Postgres, false, Some(3)) | (Mysql, false, Some(3)) => None,
                (Postgres, false, p) => db(format!("Timestamp({})", p.unwrap_or(6))),
                (Postgres, true, p) => db(format!("Timestamptz({})", p.unwrap_or(6))),
                (Mysql, false, p) => db(format!("DateTime({})", p.unwrap_or(0))),
                (Mysql, true, p) => db(format!("Timestamp({})", p.unwrap_or(0))),
            };
            t("DateTime", native)
        }
        DataType::Interval => unsupported("interval"),
        DataType::Uuid => match dialect {
            Postgres => t("String", db("Uuid".into())),
            Mysql => t("String", db("Char(36)".into())),
            Sqlite => t("String", None),
        },
        DataType::Json { binary } => t("Json", (dialect == Postgres && !binary).then(|| "db.Json".to_string())),
        DataType::Enum { .. } => match enum_name(dt) {
            Some(n) => t(&n, None),
            None => t("String", None),
        },
        DataType::Array { of } if dialect == Postgres => {
            let mut inner = field_type(of, dialect, enum_name);
            if inner.name.starts_with("Unsupported") {
                return unsupported(&format!("{}[]", native_sql(of)));
            }
            inner.list = true;
            inner
        }
        DataType::Array { of } => unsupported(&format!("{}[]", native_sql(of))),
        DataType::Native { sql, .. } => native(sql, dialect),
    }
}

fn native_sql(dt: &DataType) -> String {
    match dt {
        DataType::Native { sql, .. } => sql.clone(),
        other => format!("{other:?}").to_ascii_lowercase(),
    }
}

/// Native type names Prisma knows by another spelling.
fn native(sql: &str, dialect: SqlDialect) -> FieldType {
    let upper = sql.to_ascii_uppercase();
    match (dialect, upper.as_str()) {
        (SqlDialect::Sqlite, "DATETIME") => t("DateTime", None),
        (SqlDialect::Sqlite, "JSONB" | "JSON") => t("Json", None),
        (SqlDialect::Sqlite, "BLOB") => t("Bytes", None),
        (SqlDialect::Mysql, "LONGBLOB") => t("Bytes", None),
        (SqlDialect::Mysql, "TINYTEXT" | "MEDIUMTEXT" | "LONGTEXT") => {
            t("String", Some(format!("db.{}", pascal_native(&upper))))
        }
        (SqlDialect::Mysql, "TINYBLOB" | "MEDIUMBLOB" | "BLOB") => {
            t("Bytes", Some(format!("db.{}", pascal_native(&upper))))
        }
        (SqlDialect::Mysql, "YEAR") => t("Int", Some("db.Year".into())),
        (SqlDialect::Postgres, "XML" | "INET" | "CITEXT" | "MONEY" | "OID") => {
            let base = if upper == "MONEY" {
                "Decimal"
            } else if upper == "OID" {
                "Int"
            } else {
                "String"
            };
            t(base, Some(format!("db.{}", pascal_native(&upper))))
        }
        _ => unsupported(sql),
    }
}

fn pascal_native(upper: &str) -> String {
    let lower = upper.to_ascii_lowercase();
    let mut out = String::new();
    for part in ["tiny", "medium", "long"] {
        if let Some(rest) = lower.strip_prefix(part) {
            out.push_str(&super::names::pascal(part));
            out.push_str(&super::names::pascal(rest));
            return out;
        }
    }
    super::names::pascal(&lower)
}

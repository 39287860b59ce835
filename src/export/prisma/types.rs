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
    /// Why the type is not the column's exact type (a `// polymig:` note), when it is not.
    pub note: Option<String>,
}

fn t(name: &str, native: Option<String>) -> FieldType {
    FieldType { name: name.to_string(), native, list: false, note: None }
}

/// A SQLite column Prisma can only declare as `name`, the type polymig's own SQLite export uses.
fn sqlite_as(name: &str, why: String) -> FieldType {
    FieldType { note: Some(why), ..t(name, None) }
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
            // PostgreSQL has no unsigned types: polymig's SQL widens them one step (8 → smallint,
            // 16 and 24 → integer, 32 → bigint).
            let wide = *bits == 64 || (dialect == Postgres && *unsigned && *bits > 24);
            let base = if wide { "BigInt" } else { "Int" };
            let native = match (dialect, bits, unsigned) {
                (Sqlite, ..) => None,
                (Postgres, 8, true) => db("SmallInt".into()),
                (Postgres, _, true) => None,
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
        DataType::Interval if sqlite => sqlite_as("String", "interval is stored as text on SQLite".into()),
        DataType::Interval => unsupported("interval"),
        DataType::Uuid => match dialect {
            Postgres => t("String", db("Uuid".into())),
            Mysql => t("String", db("Char(36)".into())),
            Sqlite => t("String", None),
        },
        DataType::Json { .. } if sqlite => {
            sqlite_as("Json", "Prisma declares every Json column JSONB on SQLite".into())
        }
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
        DataType::Array { of } if sqlite => {
            sqlite_as("Json", format!("{}[] is stored as a JSON array on SQLite", native_sql(of)))
        }
        DataType::Array { of } => unsupported(&format!("{}[]", native_sql(of))),
        DataType::Native { sql, .. } if !sqlite && sql.trim().is_empty() => {
            FieldType { note: Some("a column without a type (SQLite: any value) is text".into()), ..t("String", None) }
        }
        DataType::Native { sql, .. } if sqlite && !sqlite_type_name(sql) => {
            sqlite_as("String", format!("{sql} is not a SQLite type name: stored as text"))
        }
        DataType::Native { sql, .. } => native(sql, dialect),
    }
}

/// The SQL spelling of an array's element type, for notes and `Unsupported("…[]")`.
fn native_sql(dt: &DataType) -> String {
    let len = |n: &Option<u32>| n.map_or(String::new(), |n| format!("({n})"));
    match dt {
        DataType::Native { sql, .. } => sql.clone(),
        DataType::Boolean => "boolean".into(),
        DataType::Integer { bits: 8 | 16, .. } => "smallint".into(),
        DataType::Integer { bits: 64, .. } => "bigint".into(),
        DataType::Integer { .. } => "integer".into(),
        DataType::Decimal { .. } => "numeric".into(),
        DataType::Float { bits: 32 } => "real".into(),
        DataType::Float { .. } => "double precision".into(),
        DataType::Char { length } => format!("char{}", len(length)),
        DataType::Varchar { length } => format!("varchar{}", len(length)),
        DataType::Text => "text".into(),
        DataType::Binary { .. } => "bytea".into(),
        DataType::Date => "date".into(),
        DataType::Time { tz, .. } => if *tz { "timetz" } else { "time" }.into(),
        DataType::Timestamp { tz, .. } => if *tz { "timestamptz" } else { "timestamp" }.into(),
        DataType::Interval => "interval".into(),
        DataType::Uuid => "uuid".into(),
        DataType::Json { binary } => if *binary { "jsonb" } else { "json" }.into(),
        DataType::Enum { name: Some(n), .. } => n.name.clone(),
        DataType::Enum { .. } => "text".into(),
        DataType::Array { of } => format!("{}[]", native_sql(of)),
    }
}

/// A type name SQLite accepts (a name, optionally with one or two numbers): polymig's SQLite
/// export writes others as `text`.
fn sqlite_type_name(sql: &str) -> bool {
    let sql = sql.trim();
    let (name, args) = sql.split_once('(').unwrap_or((sql, ""));
    let numbers = args.trim_end_matches(')').split(',').all(|a| {
        let a = a.trim().trim_start_matches(['+', '-']);
        a.is_empty() || a.parse::<f64>().is_ok()
    });
    sql.is_empty() || name.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '_') && numbers
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ft(dt: DataType, d: SqlDialect) -> FieldType {
        field_type(&dt, d, &|_| None)
    }

    #[test]
    fn postgres_widens_unsigned_integers_like_polymigs_sql() {
        let int = |bits, unsigned| DataType::Integer { bits, unsigned };
        assert_eq!(ft(int(8, true), SqlDialect::Postgres), t("Int", Some("db.SmallInt".into())));
        assert_eq!(ft(int(24, true), SqlDialect::Postgres), t("Int", None));
        assert_eq!(ft(int(32, true), SqlDialect::Postgres), t("BigInt", None));
        assert_eq!(ft(int(32, true), SqlDialect::Mysql), t("Int", Some("db.UnsignedInt".into())));
    }

    #[test]
    fn sqlite_types_prisma_cannot_declare_say_why() {
        let arr = ft(DataType::Array { of: Box::new(DataType::int(32)) }, SqlDialect::Sqlite);
        assert_eq!(
            (arr.name.as_str(), arr.note.as_deref()),
            ("Json", Some("integer[] is stored as a JSON array on SQLite"))
        );
        let set = ft(DataType::Native { sql: "set('a','b')".into(), dialect: None }, SqlDialect::Sqlite);
        assert_eq!(set.name, "String");
        assert!(set.note.is_some_and(|n| n.contains("not a SQLite type name")));
        let year = ft(DataType::Native { sql: "year(4)".into(), dialect: None }, SqlDialect::Sqlite);
        assert_eq!(year, t("Unsupported(\"year(4)\")", None));
        let untyped = ft(DataType::Native { sql: String::new(), dialect: None }, SqlDialect::Postgres);
        assert_eq!(untyped.name, "String");
        assert!(ft(DataType::Interval, SqlDialect::Sqlite).note.is_some());
    }
}

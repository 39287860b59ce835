//! Tests of what PostgreSQL makes of input written for MySQL and SQLite: native types, booleans,
//! collations, index methods, inline enums, `MODIFY` defaults, blob literals, `ON UPDATE`.

use super::super::testutil::*;
use crate::ir::*;
use crate::schema::Schema;
use pretty_assertions::assert_eq;

const PG: SqlDialect = SqlDialect::Postgres;

fn t(name: &str) -> QName {
    QName::new(name)
}

#[test]
fn foreign_native_types_translate_or_warn() {
    let ct = op(CreateTable {
        table: t("t"),
        columns: vec![
            col("a", DataType::native("MEDIUMTEXT", Some(SqlDialect::Mysql))),
            col("b", DataType::native("geometry", Some(SqlDialect::Mysql))),
            col("c", DataType::native("tsvector", Some(SqlDialect::Postgres))),
            col("d", DataType::Integer { bits: 8, unsigned: true }),
        ],
        constraints: vec![],
        if_not_exists: false,
        comment: None,
    });
    let out = render(PG, &Schema::default(), None, &ct);
    assert_eq!(
        out.sql,
        "CREATE TABLE \"t\" (\n  \"a\" text,\n  \"b\" geometry,\n  \"c\" tsvector,\n  \"d\" smallint\n);"
    );
    assert_eq!(out.codes(), ["lossy-export"]);
}

#[test]
fn mysql_style_booleans_and_collations_are_adapted() {
    let ct = op(CreateTable {
        table: t("t"),
        columns: vec![
            Column { default: Some(DefaultExpr::Number("1".into())), ..req("on", DataType::Boolean) },
            Column { default: Some(DefaultExpr::Bool(false)), ..req("n", DataType::int(16)) },
            Column { collation: Some("utf8mb4_bin".into()), ..col("a", DataType::Text) },
            Column { collation: Some("C".into()), ..col("b", DataType::Text) },
        ],
        constraints: vec![],
        if_not_exists: false,
        comment: None,
    });
    let out = render(PG, &Schema::default(), None, &ct);
    assert_eq!(
        out.sql,
        "CREATE TABLE \"t\" (\n  \"on\" boolean NOT NULL DEFAULT TRUE,\n  \"n\" smallint NOT NULL DEFAULT 0,\n  \"a\" text,\n  \"b\" text COLLATE \"C\"\n);"
    );
    assert_eq!(out.codes(), ["lossy-export"]);
}

#[test]
fn blob_literal_defaults_become_bytea_and_on_update_is_lossy() {
    let ct = op(CreateTable {
        table: t("t"),
        columns: vec![
            Column {
                default: Some(DefaultExpr::Sql("x'00ff'".into())),
                ..col("b", DataType::Binary { length: None, fixed: false })
            },
            Column {
                on_update: Some(DefaultExpr::CurrentTimestamp),
                ..col("at", DataType::Timestamp { tz: false, precision: None })
            },
            col("digest", DataType::Binary { length: Some(16), fixed: true }),
        ],
        constraints: vec![],
        if_not_exists: false,
        comment: None,
    });
    let out = render(PG, &Schema::default(), None, &ct);
    assert_eq!(
        out.sql,
        "CREATE TABLE \"t\" (\n  \"b\" bytea DEFAULT '\\x00ff'::bytea,\n  \"at\" timestamp,\n  \"digest\" bytea\n);"
    );
    assert_eq!(out.codes(), ["lossy-export"]);
    assert!(out.diags[0].message.contains("no ON UPDATE"), "{}", out.diags[0].message);
}

#[test]
fn changing_an_inline_enum_replaces_its_check() {
    let sizes = |v: &[&str]| DataType::Enum { name: None, values: v.iter().map(|s| s.to_string()).collect() };
    let mut state = Schema::default();
    state.tables.insert("shirts".into(), table("shirts", vec![col("size", sizes(&["s", "m"]))], vec![]));
    let widen = op(AlterColumn {
        table: t("shirts"),
        column: "size".into(),
        data_type: Some(sizes(&["s", "m", "l"])),
        using: None,
        nullable: None,
        default: None,
        comment: None,
    });
    assert_eq!(
        render(PG, &state, None, &widen).sql,
        r#"ALTER TABLE "shirts" DROP CONSTRAINT IF EXISTS "shirts_size_check", ALTER COLUMN "size" TYPE text, ADD CONSTRAINT "shirts_size_check" CHECK ("size" IN ('s', 'm', 'l'));"#
    );
}

#[test]
fn drop_default_is_skipped_when_the_column_has_none() {
    let mut state = Schema::default();
    let id = Column { auto_increment: Some(AutoIncrement::AutoIncrement), ..req("id", DataType::int(32)) };
    state.tables.insert("p".into(), table("p", vec![id, col("n", DataType::int(32))], vec![]));
    let modify = |column: &str| {
        op(AlterColumn {
            table: t("p"),
            column: column.into(),
            data_type: Some(DataType::int(64)),
            using: None,
            nullable: Some(false),
            default: Some(Change::Drop),
            comment: None,
        })
    };
    assert_eq!(
        render(PG, &state, None, &modify("id")).sql,
        r#"ALTER TABLE "p" ALTER COLUMN "id" TYPE bigint, ALTER COLUMN "id" SET NOT NULL;"#
    );
    state.tables.get_mut("p").unwrap().column_mut("n").unwrap().default = Some(DefaultExpr::Number("0".into()));
    assert!(render(PG, &state, None, &modify("n")).sql.ends_with(r#"ALTER COLUMN "n" DROP DEFAULT;"#));
}

#[test]
fn fulltext_nocase_and_untyped_columns_are_lossy() {
    let index = Index {
        name: Some("docs_body_ft".into()),
        table: t("docs"),
        parts: vec![IndexPart { collation: Some("NOCASE".into()), ..IndexPart::column("body") }],
        unique: false,
        method: Some("FULLTEXT".into()),
        predicate: None,
        include: vec![],
        nulls_not_distinct: false,
    };
    let out =
        render(PG, &Schema::default(), None, &op(CreateIndex { index, concurrently: false, if_not_exists: false }));
    assert_eq!(out.sql, r#"CREATE INDEX "docs_body_ft" ON "docs" ("body");"#);
    assert_eq!(out.codes(), ["lossy-export", "lossy-export"]);
    let ct = op(CreateTable {
        table: t("t"),
        columns: vec![
            col("anything", DataType::native("", Some(SqlDialect::Sqlite))),
            Column { collation: Some("BINARY".into()), ..col("b", DataType::Text) },
        ],
        constraints: vec![],
        if_not_exists: false,
        comment: None,
    });
    let out = render(PG, &Schema::default(), None, &ct);
    assert_eq!(out.sql, "CREATE TABLE \"t\" (\n  \"anything\" text,\n  \"b\" text COLLATE \"C\"\n);");
    assert_eq!(out.codes(), ["lossy-export"]);
}

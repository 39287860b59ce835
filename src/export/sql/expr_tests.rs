//! Expressions (kept in the canonical spelling of `crate::sql_expr`) in every place they are
//! emitted, on every dialect, and the statement terminator after a trailing line comment.

use super::testutil::*;
use crate::ir::*;
use crate::schema::Schema;
use pretty_assertions::assert_eq;

const PG: SqlDialect = SqlDialect::Postgres;
const MY: SqlDialect = SqlDialect::Mysql;
const LITE: SqlDialect = SqlDialect::Sqlite;

fn t(name: &str) -> QName {
    QName::new(name)
}

/// `t ("order" int CHECK ("order" > 0), label text DEFAULT (lower('A')), tag text GENERATED 'rect ' || "order")`.
fn table_with_expressions() -> CreateTable {
    CreateTable {
        table: t("t"),
        columns: vec![
            col("order", DataType::int(32)),
            Column {
                default: Some(DefaultExpr::Sql("lower('It''s')".into())),
                ..col("label", DataType::varchar(Some(9)))
            },
            Column {
                generated: Some(GeneratedColumn { expr: "'rect ' || \"order\"".into(), stored: true }),
                ..col("tag", DataType::Text)
            },
        ],
        constraints: vec![Constraint { name: None, kind: ConstraintKind::Check { expr: "\"order\" > 0".into() } }],
        if_not_exists: false,
        comment: None,
    }
}

#[test]
fn expressions_are_respelled_for_mysql_and_what_it_reads_differently_is_lossy() {
    let out = render(MY, &Schema::default(), None, &op(table_with_expressions()));
    assert_eq!(
        out.sql,
        "CREATE TABLE `t` (\n  `order` int,\n  `label` varchar(9) DEFAULT (lower('It''s')),\n  `tag` text GENERATED ALWAYS AS ('rect ' || `order`) STORED,\n  CHECK (`order` > 0)\n);"
    );
    let messages: Vec<&str> = out.diags.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["expression `'rect ' || \"order\"`: `||` is logical OR in MySQL, not string concatenation"]);
    assert_eq!(out.diags[0].span, Some(at()));
}

#[test]
fn postgres_and_sqlite_keep_the_canonical_spelling() {
    let pg = render(PG, &Schema::default(), None, &op(table_with_expressions()));
    assert!(pg.sql.contains(r#""tag" text GENERATED ALWAYS AS ('rect ' || "order") STORED"#), "{}", pg.sql);
    assert!(pg.sql.contains(r#"CHECK ("order" > 0)"#), "{}", pg.sql);
    assert!(pg.diags.is_empty());
    let lite = render(LITE, &Schema::default(), None, &op(table_with_expressions()));
    assert!(lite.sql.contains(r#""label" varchar(9) DEFAULT (lower('It''s'))"#), "{}", lite.sql);
    assert!(lite.diags.is_empty());
}

#[test]
fn index_expressions_predicates_views_and_using_are_respelled() {
    let index = Index {
        name: Some("live".into()),
        table: t("t"),
        parts: vec![IndexPart::column("a")],
        unique: false,
        method: None,
        predicate: Some("\"state\" <> 'gone'".into()),
        include: vec![],
        nulls_not_distinct: false,
    };
    let lite =
        render(LITE, &Schema::default(), None, &op(CreateIndex { index, concurrently: false, if_not_exists: false }));
    assert_eq!(lite.sql, r#"CREATE INDEX "live" ON "t" ("a") WHERE "state" <> 'gone';"#);
    let view = CreateView {
        name: t("v"),
        columns: vec![],
        query: "SELECT \"a b\", 'x\\y' FROM t;".into(),
        materialized: false,
        or_replace: false,
    };
    assert_eq!(sql(MY, view), r"CREATE VIEW `v` AS SELECT `a b`, 'x\\y' FROM t;");
    let cast = op(AlterColumn {
        table: t("t"),
        column: "c".into(),
        data_type: Some(DataType::Text),
        using: Some("\"c\"::text".into()),
        nullable: None,
        default: None,
        comment: None,
    });
    let pg = render(PG, &Schema::default(), None, &cast);
    assert_eq!(pg.sql, r#"ALTER TABLE "t" ALTER COLUMN "c" TYPE text USING "c"::text;"#);
}

#[test]
fn sqlite_reports_postgres_casts_in_defaults() {
    let ct = op(CreateTable {
        table: t("t"),
        columns: vec![Column {
            default: Some(DefaultExpr::Sql("'{}'::json".into())),
            ..col("j", DataType::Json { binary: false })
        }],
        constraints: vec![],
        if_not_exists: false,
        comment: None,
    });
    let out = render(LITE, &Schema::default(), None, &ct);
    assert_eq!(out.codes(), ["lossy-export"]);
    assert!(out.diags[0].message.contains("SQLite has no `::` casts"), "{}", out.diags[0].message);
}

#[test]
fn a_trailing_line_comment_gets_the_semicolon_on_its_own_line_but_not_a_string() {
    let raw = |sql: &str| RawSql { sql: sql.into(), down: None, dialect: None, no_transaction: false };
    assert_eq!(sql(PG, raw("INSERT INTO t VALUES ('a -- b')")), "INSERT INTO t VALUES ('a -- b');");
    assert_eq!(sql(PG, raw("DELETE FROM t -- all")), "DELETE FROM t -- all\n;");
    assert_eq!(sql(MY, raw("DELETE FROM t # all")), "DELETE FROM t # all\n;");
}

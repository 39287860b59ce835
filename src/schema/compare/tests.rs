use pretty_assertions::assert_eq;

use super::*;
use crate::ir::{ForeignKey, GeneratedColumn, IndexPart, QName};
use crate::schema::{EnumType, View};

fn col(name: &str, ty: DataType) -> Column {
    Column::new(name, ty)
}

fn table(name: &str, columns: Vec<Column>, constraints: Vec<Constraint>) -> Table {
    Table { columns, constraints, ..Table::new(QName::new(name)) }
}

fn schema(tables: Vec<Table>) -> Schema {
    Schema { tables: tables.into_iter().map(|t| (t.name.key(), t)).collect(), ..Schema::default() }
}

fn pk(cols: &[&str]) -> Constraint {
    Constraint {
        name: None,
        kind: ConstraintKind::PrimaryKey { columns: cols.iter().map(|c| c.to_string()).collect() },
    }
}

fn named(name: &str, kind: ConstraintKind) -> Constraint {
    Constraint { name: Some(name.into()), kind }
}

fn fk(cols: &[&str], ref_table: &str, ref_cols: &[&str]) -> ForeignKey {
    ForeignKey {
        columns: cols.iter().map(|c| c.to_string()).collect(),
        ref_table: QName::new(ref_table),
        ref_columns: ref_cols.iter().map(|c| c.to_string()).collect(),
        on_delete: None,
        on_update: None,
        deferrable: None,
    }
}

fn index(name: &str, parts: Vec<IndexPart>, unique: bool) -> Index {
    Index {
        name: Some(name.into()),
        table: QName::new("t"),
        parts,
        unique,
        method: None,
        predicate: None,
        include: vec![],
        nulls_not_distinct: false,
    }
}

#[test]
fn mysql_folds_booleans_uuids_json_and_defaults() {
    let mut a = col("flag", DataType::Boolean);
    a.default = Some(DefaultExpr::Bool(true));
    let mut b = col("flag", DataType::int(8));
    b.default = Some(DefaultExpr::Number("1".into()));
    let left = schema(vec![table(
        "t",
        vec![a, col("id", DataType::Uuid), col("doc", DataType::Json { binary: true })],
        vec![],
    )]);
    let right = schema(vec![table(
        "t",
        vec![b, col("id", DataType::Char { length: Some(36) }), col("doc", DataType::Json { binary: false })],
        vec![],
    )]);
    let d = SqlDialect::Mysql;
    assert_eq!(differences(&normalize(&left, d), &normalize(&right, d)), Vec::<String>::new());
    // PostgreSQL tells all three apart.
    let d = SqlDialect::Postgres;
    assert_eq!(
        differences(&normalize(&left, d), &normalize(&right, d)),
        vec![
            "table t: column doc: type: jsonb vs json",
            "table t: column flag: type: boolean vs int16",
            "table t: column flag: default: true vs 1",
            "table t: column id: type: uuid vs char(36)",
        ]
    );
}

#[test]
fn sqlite_collapses_types_to_storage_families_and_drops_constraint_names() {
    let left = schema(vec![table(
        "t",
        vec![
            col("a", DataType::Varchar { length: Some(10) }),
            col("b", DataType::Boolean),
            col("c", DataType::Timestamp { tz: true, precision: None }),
            col("d", DataType::native("MEDIUMINT", None)),
        ],
        vec![named("t_pkey", ConstraintKind::PrimaryKey { columns: vec!["a".into()] })],
    )]);
    let right = schema(vec![table(
        "t",
        vec![
            col("a", DataType::Text),
            col("b", DataType::int(64)),
            col("c", DataType::Text),
            col("d", DataType::int(32)),
        ],
        vec![pk(&["a"])],
    )]);
    let n = normalize(&left, SqlDialect::Sqlite);
    assert_eq!(n.tables["t"].columns[0].data_type, DataType::native("text", Some(SqlDialect::Sqlite)));
    assert_eq!(n.tables["t"].constraints[0].name, None);
    assert!(differences(&n, &normalize(&right, SqlDialect::Sqlite)).is_empty());
}

#[test]
fn invented_names_and_restrict_on_mysql() {
    let cols = vec![col("age", DataType::int(32)), col("org_id", DataType::int(32))];
    let mut restrict = fk(&["org_id"], "orgs", &[]);
    restrict.on_delete = Some(FkAction::Restrict);
    let left = schema(vec![
        table("orgs", vec![col("id", DataType::int(32))], vec![pk(&["id"])]),
        table(
            "u",
            cols.clone(),
            vec![
                named("age", ConstraintKind::Check { expr: "`age` > 0".into() }),
                named("u_ibfk_1", ConstraintKind::ForeignKey(restrict)),
            ],
        ),
    ]);
    let right = schema(vec![
        table("orgs", vec![col("id", DataType::int(32))], vec![named("PRIMARY", pk(&["id"]).kind)]),
        table(
            "u",
            cols,
            vec![
                named("CONSTRAINT_1", ConstraintKind::Check { expr: "(age > 0)".into() }),
                named("u_ibfk_1", ConstraintKind::ForeignKey(fk(&["org_id"], "orgs", &["id"]))),
            ],
        ),
    ]);
    let d = SqlDialect::Mysql;
    assert_eq!(differences(&normalize(&left, d), &normalize(&right, d)), Vec::<String>::new());
}

#[test]
fn mysql_unique_index_is_a_unique_constraint() {
    let mut left = table("t", vec![col("a", DataType::int(32))], vec![]);
    left.indexes.push(index("a_uq", vec![IndexPart::column("a")], true));
    let right = table(
        "t",
        vec![col("a", DataType::int(32))],
        vec![named(
            "a_uq",
            ConstraintKind::Unique { columns: vec!["a".into()], nulls_not_distinct: false, deferrable: None },
        )],
    );
    let (l, r) = (schema(vec![left]), schema(vec![right]));
    assert!(differences(&normalize(&l, SqlDialect::Mysql), &normalize(&r, SqlDialect::Mysql)).is_empty());
    assert_eq!(
        differences(&normalize(&l, SqlDialect::Postgres), &normalize(&r, SqlDialect::Postgres)),
        vec!["table t: constraint a_uq: only in second", "table t: index a_uq: only in first"]
    );
}

#[test]
fn postgres_expressions_defaults_and_index_parts() {
    let mut a = col("price", DataType::Decimal { precision: Some(10), scale: Some(2) });
    a.default = Some(DefaultExpr::String("1.50".into()));
    let mut g = col("total", DataType::int(8));
    g.generated = Some(GeneratedColumn { expr: "(price * 2)".into(), stored: true });
    let mut left = table("t", vec![a, g], vec![named("c", ConstraintKind::Check { expr: "price >= 0".into() })]);
    let mut part = IndexPart { key: IndexKey::Expression("(lower((name)::text))".into()), ..IndexPart::column("") };
    part.nulls_first = Some(false);
    left.indexes.push(index("i", vec![part], false));
    let mut b = col("price", DataType::Decimal { precision: Some(10), scale: Some(2) });
    b.default = Some(DefaultExpr::Number("1.5".into()));
    let mut g2 = col("total", DataType::int(16));
    g2.generated = Some(GeneratedColumn { expr: "price*2".into(), stored: true });
    let mut right =
        table("t", vec![b, g2], vec![named("c", ConstraintKind::Check { expr: "(price >= (0)::numeric)".into() })]);
    right.indexes.push(Index {
        method: Some("btree".into()),
        ..index(
            "i",
            vec![IndexPart { key: IndexKey::Expression("lower(name)".into()), ..IndexPart::column("") }],
            false,
        )
    });
    let d = SqlDialect::Postgres;
    assert_eq!(
        differences(&normalize(&schema(vec![left]), d), &normalize(&schema(vec![right]), d)),
        Vec::<String>::new()
    );
}

#[test]
fn differences_are_listed_one_per_line_in_order() {
    let mut a = schema(vec![
        table("a", vec![col("id", DataType::int(32)), col("x", DataType::Text)], vec![pk(&["id"])]),
        table("gone", vec![], vec![]),
    ]);
    a.enums.insert("mood".into(), EnumType { name: QName::new("mood"), values: vec!["happy".into()] });
    a.views.insert(
        "v".into(),
        View { name: QName::new("v"), columns: vec![], query: "select 1".into(), materialized: false },
    );
    a.extensions.insert("pgcrypto".into());
    let mut x = col("x", DataType::Text);
    x.nullable = false;
    x.default = Some(DefaultExpr::String("d".into()));
    let mut b = schema(vec![table(
        "a",
        vec![x, col("id", DataType::int(64)), col("y", DataType::Text)],
        vec![named("a_pkey", pk(&["id"]).kind)],
    )]);
    b.enums.insert("mood".into(), EnumType { name: QName::new("mood"), values: vec!["happy".into(), "sad".into()] });
    b.views.insert(
        "v".into(),
        View { name: QName::new("v"), columns: vec![], query: "select 2".into(), materialized: true },
    );
    assert_eq!(
        differences(&a, &b),
        vec![
            "table a: column id: type: int32 vs int64",
            "table a: column x: nullability: NULL vs NOT NULL",
            "table a: column x: default: none vs 'd'",
            "table a: column y: only in second",
            "table a: column order: id, x vs x, id",
            "table a: constraint PRIMARY KEY (id): named unnamed vs a_pkey",
            "table gone: only in first",
            "enum mood: values: 'happy' vs 'happy', 'sad'",
            "view v: materialized: false vs true",
            "view v: query: select 1 vs select 2",
            "extension pgcrypto: only in first",
        ]
    );
}

#[test]
fn foreign_keys_default_to_the_referenced_primary_key() {
    let orgs = table("orgs", vec![col("id", DataType::int(32))], vec![pk(&["id"])]);
    let mut no_action = fk(&["org_id"], "orgs", &[]);
    no_action.on_delete = Some(FkAction::NoAction);
    let left = schema(vec![orgs.clone(), table("u", vec![], vec![named("f", ConstraintKind::ForeignKey(no_action))])]);
    let right = schema(vec![
        orgs,
        table("u", vec![], vec![named("f", ConstraintKind::ForeignKey(fk(&["org_id"], "orgs", &["id"])))]),
    ]);
    for d in SqlDialect::ALL {
        assert_eq!(differences(&normalize(&left, d), &normalize(&right, d)), Vec::<String>::new(), "{d}");
    }
}

#[test]
fn numbers_are_spelled_minimally() {
    assert_eq!(canonical_number("+1.50"), "1.5");
    assert_eq!(canonical_number("007"), "7");
    assert_eq!(canonical_number("-0.0"), "0");
    assert_eq!(canonical_number("0.25"), "0.25");
    assert_eq!(canonical_number("1e3"), "1e3");
}

#[test]
fn postgres_reads_public_as_unqualified_and_keeps_one_array_dimension() {
    let users = table("users", vec![col("id", DataType::int(32))], vec![pk(&["id"])]);
    let mut qualified = users.clone();
    qualified.name = QName::qualified("public", "users");
    let mut events = table(
        "events",
        vec![col("user_id", DataType::int(32))],
        vec![named("f", ConstraintKind::ForeignKey(fk(&["user_id"], "users", &["id"])))],
    );
    events.name = QName::qualified("audit", "events");
    let mut events_public = events.clone();
    if let ConstraintKind::ForeignKey(f) = &mut events_public.constraints[0].kind {
        f.ref_table = QName::qualified("public", "users");
    }
    let arr = |of: DataType| DataType::Array { of: Box::new(of) };
    let mut a = schema(vec![qualified, events_public, table("m", vec![col("x", arr(arr(DataType::int(32))))], vec![])]);
    a.enums.insert("public.mood".into(), EnumType { name: QName::qualified("public", "mood"), values: vec![] });
    let mut b = schema(vec![users, events, table("m", vec![col("x", arr(DataType::int(32)))], vec![])]);
    b.enums.insert("mood".into(), EnumType { name: QName::new("mood"), values: vec![] });
    let d = SqlDialect::Postgres;
    assert_eq!(differences(&normalize(&a, d), &normalize(&b, d)), Vec::<String>::new());
    assert!(!differences(&normalize(&a, SqlDialect::Mysql), &normalize(&b, SqlDialect::Mysql)).is_empty());
}

#[test]
fn numeric_scale_binary_year_and_clock_defaults() {
    let dec = |p, s| DataType::Decimal { precision: Some(p), scale: s };
    let mut now = col("at", DataType::Timestamp { tz: true, precision: None });
    now.default = Some(DefaultExpr::Sql("now()".into()));
    let mut ts = col("at", DataType::Timestamp { tz: true, precision: None });
    ts.default = Some(DefaultExpr::CurrentTimestamp);
    let mut later = col("later", DataType::Timestamp { tz: true, precision: None });
    later.default = Some(DefaultExpr::Sql("now() + interval '1 day'".into()));
    let mut later2 = later.clone();
    later2.default = Some(DefaultExpr::Sql("(now() + '1 day'::interval)".into()));
    let a = schema(vec![table(
        "t",
        vec![col("n", dec(8, None)), col("b", DataType::Binary { length: Some(16), fixed: true }), now, later],
        vec![],
    )]);
    let b = schema(vec![table(
        "t",
        vec![col("n", dec(8, Some(0))), col("b", DataType::Binary { length: None, fixed: false }), ts, later2],
        vec![],
    )]);
    let d = SqlDialect::Postgres;
    assert_eq!(differences(&normalize(&a, d), &normalize(&b, d)), Vec::<String>::new());
    let year = |sql: &str| schema(vec![table("t", vec![col("y", DataType::native(sql, None))], vec![])]);
    let my = SqlDialect::Mysql;
    assert_eq!(differences(&normalize(&year("year"), my), &normalize(&year("year(4)"), my)), Vec::<String>::new());
}

#[test]
fn checks_written_with_between_match_what_postgresql_stores() {
    let check = |expr: &str| {
        schema(vec![table(
            "p",
            vec![col("jersey", DataType::int(32))],
            vec![named("c", ConstraintKind::Check { expr: expr.into() })],
        )])
    };
    let d = SqlDialect::Postgres;
    let written = normalize(&check("jersey BETWEEN 0 AND 99"), d);
    assert_eq!(
        differences(&written, &normalize(&check("((jersey >= 0) AND (jersey <= 99))"), d)),
        Vec::<String>::new()
    );
    assert_eq!(
        differences(&written, &normalize(&check("jersey >= 0 AND jersey <= 100"), d)),
        [
            "table p: constraint c: CHECK ((jersey >= 0) AND (jersey <= 99)) vs CHECK ((jersey >= 0) AND (jersey <= 100))"
        ]
    );
}

#[test]
fn on_update_is_compared_on_mysql_only() {
    let mut stamped = col("at", DataType::Timestamp { tz: true, precision: None });
    stamped.on_update = Some(DefaultExpr::CurrentTimestamp);
    let a = schema(vec![table("t", vec![stamped], vec![])]);
    let b = schema(vec![table("t", vec![col("at", DataType::Timestamp { tz: true, precision: None })], vec![])]);
    let my = SqlDialect::Mysql;
    assert_eq!(
        differences(&normalize(&a, my), &normalize(&b, my)),
        ["table t: column at: on update: CURRENT_TIMESTAMP vs none"]
    );
    let pg = SqlDialect::Postgres;
    assert_eq!(differences(&normalize(&a, pg), &normalize(&b, pg)), Vec::<String>::new());
}

#[test]
fn views_compare_by_name_and_columns_where_servers_rewrite_the_query() {
    let view = |query: &str, columns: &[&str]| {
        let mut s = schema(vec![table("sales", vec![col("id", DataType::int(32))], vec![])]);
        let columns = columns.iter().map(|c| c.to_string()).collect();
        s.views.insert("v".into(), View { name: QName::new("v"), columns, query: query.into(), materialized: false });
        s
    };
    let written = view("SELECT id, region, amount FROM sales WHERE amount > 500", &[]);
    let deparsed = view(
        "SELECT sales.id, sales.region, sales.amount FROM sales WHERE sales.amount > 500",
        &["id", "region", "amount"],
    );
    let other = view("SELECT id, region FROM sales", &["id", "region"]);
    for d in [SqlDialect::Postgres, SqlDialect::Mysql] {
        assert_eq!(differences(&normalize(&written, d), &normalize(&deparsed, d)), Vec::<String>::new(), "{d}");
        assert_eq!(
            differences(&normalize(&written, d), &normalize(&other, d)),
            ["view v: columns: id, region, amount vs id, region"],
            "{d}"
        );
    }
    let lite = SqlDialect::Sqlite;
    assert_eq!(
        differences(
            &normalize(&written, lite),
            &normalize(
                &view("SELECT id, region, amount FROM sales WHERE amount > 500", &["id", "region", "amount"]),
                lite
            )
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        differences(&normalize(&written, lite), &normalize(&deparsed, lite)).len(),
        1,
        "SQLite compares the text"
    );
}

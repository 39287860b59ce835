//! Tests of replay and invert together: every operation replays, and its
//! inverse brings the state back (up, down, up gives the same state twice).

use super::*;
use crate::ir::*;
use pretty_assertions::assert_eq;

fn span() -> Span {
    Span::at("t.sql", 1, 1)
}

fn op(k: impl Into<Operation>) -> Op {
    Op::new(k, span())
}

fn col(name: &str, ty: DataType, nullable: bool) -> Column {
    Column { nullable, ..Column::new(name, ty) }
}

fn users() -> Op {
    op(CreateTable {
        table: QName::new("users"),
        columns: vec![
            col("id", DataType::int(64), false),
            col("email", DataType::varchar(Some(255)), false),
            col("age", DataType::int(32), true),
        ],
        constraints: vec![
            Constraint { name: None, kind: ConstraintKind::PrimaryKey { columns: vec!["id".into()] } },
            Constraint {
                name: None,
                kind: ConstraintKind::Unique {
                    columns: vec!["email".into()],
                    nulls_not_distinct: false,
                    deferrable: None,
                },
            },
            Constraint { name: Some("age_positive".into()), kind: ConstraintKind::Check { expr: "age > 0".into() } },
        ],
        if_not_exists: false,
        comment: None,
    })
}

fn posts() -> Op {
    op(CreateTable {
        table: QName::new("posts"),
        columns: vec![col("id", DataType::int(64), false), col("user_id", DataType::int(64), true)],
        constraints: vec![Constraint {
            name: None,
            kind: ConstraintKind::ForeignKey(ForeignKey {
                columns: vec!["user_id".into()],
                ref_table: QName::new("users"),
                ref_columns: vec!["id".into()],
                on_delete: Some(FkAction::Cascade),
                on_update: None,
                deferrable: None,
            }),
        }],
        if_not_exists: false,
        comment: None,
    })
}

fn index(name: Option<&str>, table: &str, cols: &[&str]) -> Index {
    Index {
        name: name.map(String::from),
        table: QName::new(table),
        parts: cols.iter().map(|c| IndexPart::column(*c)).collect(),
        unique: false,
        method: None,
        predicate: None,
        include: vec![],
        nulls_not_distinct: false,
    }
}

fn base() -> Schema {
    let mut s = Schema::default();
    for o in [users(), posts()] {
        replay(&mut s, &o, Some(SqlDialect::Postgres)).unwrap();
    }
    replay(
        &mut s,
        &op(CreateIndex { index: index(None, "users", &["age"]), concurrently: false, if_not_exists: false }),
        None,
    )
    .unwrap();
    s
}

fn sorted(mut s: Schema) -> Schema {
    for t in s.tables.values_mut() {
        t.columns.sort_by(|a, b| a.name.cmp(&b.name));
        t.constraints.sort_by(|a, b| a.name.cmp(&b.name));
        t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    }
    s
}

/// up, down, up: the state after down equals the state before; up again equals up.
fn round_trip(o: Op) {
    round_trip_from(base(), o)
}

/// Up, down (inverted), up again from `before`: each state as expected.
fn round_trip_from(before: Schema, o: Op) {
    let d = Some(SqlDialect::Postgres);
    let mut after = before.clone();
    replay(&mut after, &o, d).unwrap_or_else(|e| panic!("up failed: {e}"));
    let down = invert(&o, &before, d).unwrap_or_else(|e| panic!("irreversible: {}", e.reason));
    let mut back = after.clone();
    for op in &down {
        replay(&mut back, op, d).unwrap_or_else(|e| panic!("down failed: {e}"));
    }
    // Re-added columns and constraints land at the end, as in the database: compare as sets.
    assert_eq!(sorted(back.clone()), sorted(before), "down of {} did not restore the state", o.kind.name());
    let mut again = back;
    replay(&mut again, &o, d).unwrap();
    assert_eq!(sorted(again), sorted(after));
}

#[test]
fn default_names_are_given_in_the_state() {
    let s = base();
    let names: Vec<_> = s.tables["users"].constraints.iter().map(|c| c.name.clone().unwrap()).collect();
    assert_eq!(names, ["users_pkey", "users_email_key", "age_positive"]);
    assert_eq!(s.tables["posts"].constraints[0].name.as_deref(), Some("posts_user_id_fkey"));
    assert_eq!(s.tables["users"].indexes[0].name.as_deref(), Some("users_age_idx"));
}

#[test]
fn impossible_steps_are_errors_at_the_span() {
    let mut s = base();
    let e = replay(
        &mut s,
        &op(DropColumn { table: "users".into(), column: "nope".into(), if_exists: false, cascade: false }),
        None,
    )
    .unwrap_err();
    assert_eq!(e.code, "unknown-column");
    assert_eq!(e.span, Some(span()));
    assert!(e.message.contains("`nope`"), "{}", e.message);
    assert!(
        replay(
            &mut s,
            &op(DropColumn { table: "users".into(), column: "nope".into(), if_exists: true, cascade: false }),
            None
        )
        .is_ok()
    );
    assert_eq!(replay(&mut s, &users(), None).unwrap_err().code, "duplicate-table");
    let drop = op(DropTable { table: "ghost".into(), if_exists: false, cascade: false });
    assert_eq!(replay(&mut s, &drop, None).unwrap_err().code, "unknown-table");
}

#[test]
fn drop_column_drops_dependent_objects_and_its_down_restores_them() {
    let mut s = base();
    replay(
        &mut s,
        &op(DropColumn { table: "users".into(), column: "age".into(), if_exists: false, cascade: false }),
        None,
    )
    .unwrap();
    assert!(s.tables["users"].indexes.is_empty());
    assert!(s.tables["users"].constraint("age_positive").is_none());
    round_trip(op(DropColumn { table: "users".into(), column: "age".into(), if_exists: false, cascade: false }));
    round_trip(op(DropColumn { table: "users".into(), column: "id".into(), if_exists: false, cascade: true }));
}

#[test]
fn rename_table_and_column_update_references() {
    let mut s = base();
    replay(&mut s, &op(RenameTable { from: "users".into(), to: "members".into() }), None).unwrap();
    match &s.tables["posts"].constraints[0].kind {
        ConstraintKind::ForeignKey(fk) => assert_eq!(fk.ref_table, QName::new("members")),
        other => panic!("{other:?}"),
    }
    round_trip(op(RenameTable { from: "users".into(), to: "members".into() }));
    round_trip(op(RenameColumn { table: "users".into(), from: "id".into(), to: "user_id".into() }));
}

#[test]
fn every_reversible_operation_round_trips() {
    let fk = ConstraintKind::Unique { columns: vec!["age".into()], nulls_not_distinct: false, deferrable: None };
    let cases = vec![
        op(DropTable { table: "posts".into(), if_exists: false, cascade: false }),
        op(AddColumn {
            table: "users".into(),
            column: col("bio", DataType::Text, true),
            constraints: vec![],
            if_not_exists: false,
        }),
        op(AlterColumn {
            table: "users".into(),
            column: "age".into(),
            data_type: Some(DataType::int(64)),
            using: None,
            nullable: Some(false),
            default: Some(Change::Set(DefaultExpr::Number("0".into()))),
            comment: Some(Change::Set("years".into())),
        }),
        op(CreateIndex {
            index: index(Some("users_email_lower"), "users", &["email"]),
            concurrently: true,
            if_not_exists: false,
        }),
        op(DropIndex { name: "users_age_idx".into(), table: None, if_exists: false, concurrently: false }),
        op(RenameIndex { table: None, from: "users_age_idx".into(), to: "by_age".into() }),
        op(AddConstraint { table: "users".into(), constraint: Constraint { name: None, kind: fk }, not_valid: false }),
        op(DropConstraint { table: "users".into(), name: "users_email_key".into(), if_exists: false, cascade: false }),
        op(DropConstraint {
            table: "posts".into(),
            name: "posts_user_id_fkey".into(),
            if_exists: false,
            cascade: false,
        }),
        op(CreateEnum { name: "mood".into(), values: vec!["ok".into()] }),
        op(CreateView {
            name: "adults".into(),
            columns: vec![],
            query: "SELECT * FROM users WHERE age >= 18".into(),
            materialized: true,
            or_replace: false,
        }),
        op(CreateExtension { name: "pgcrypto".into(), if_not_exists: true, schema: None, version: None }),
        op(Comment {
            target: CommentTarget::Column { table: "users".into(), column: "age".into() },
            text: Some("in years".into()),
        }),
        op(RawSql {
            sql: "UPDATE users SET age = 1".into(),
            down: Some("UPDATE users SET age = NULL".into()),
            dialect: None,
            no_transaction: false,
        }),
    ];
    for o in cases {
        round_trip(o);
    }
}

#[test]
fn enum_changes_replay_and_add_value_is_irreversible() {
    let mut s = Schema::default();
    replay(&mut s, &op(CreateEnum { name: "mood".into(), values: vec!["sad".into(), "happy".into()] }), None).unwrap();
    let add = op(AlterEnum {
        name: "mood".into(),
        change: EnumChange::AddValue {
            value: "meh".into(),
            before: Some("happy".into()),
            after: None,
            if_not_exists: false,
        },
    });
    let before = s.clone();
    replay(&mut s, &add, None).unwrap();
    assert_eq!(s.enums["mood"].values, ["sad", "meh", "happy"]);
    let e = invert(&add, &before, None).unwrap_err();
    assert!(e.reason.contains("cannot remove value `meh`"), "{}", e.reason);
    let rename = op(AlterEnum {
        name: "mood".into(),
        change: EnumChange::RenameValue { from: "sad".into(), to: "blue".into() },
    });
    replay(&mut s, &rename, None).unwrap();
    assert_eq!(s.enums["mood"].values, ["blue", "meh", "happy"]);
}

#[test]
fn raw_sql_without_down_and_opaque_are_irreversible() {
    let s = base();
    let sql = op(RawSql { sql: "DELETE FROM users".into(), down: None, dialect: None, no_transaction: false });
    assert!(invert(&sql, &s, None).unwrap_err().reason.contains("no down script"));
    let opaque =
        op(Opaque { source: "RunPython(f)".into(), reason: "Python function".into(), language: "python".into() });
    assert_eq!(invert(&opaque, &s, None).unwrap_err().span, span());
}

#[test]
fn migration_down_prefers_the_explicit_down() {
    let mut m = Migration::new("1", "x");
    m.up = vec![op(AddColumn {
        table: "users".into(),
        column: col("bio", DataType::Text, true),
        constraints: vec![],
        if_not_exists: false,
    })];
    let derived = invert_migration(&m, &base(), None).unwrap();
    assert!(matches!(&derived[0].kind, Operation::DropColumn(d) if d.column == "bio"));
    let explicit =
        vec![op(RawSql { sql: "ALTER TABLE users DROP bio".into(), down: None, dialect: None, no_transaction: false })];
    m.down = Some(explicit.clone());
    assert_eq!(invert_migration(&m, &base(), None).unwrap(), explicit);
}

#[test]
fn mysql_names_unnamed_constraints_its_own_way() {
    let mut s = Schema::default();
    replay(&mut s, &users(), Some(SqlDialect::Mysql)).unwrap();
    replay(&mut s, &posts(), Some(SqlDialect::Mysql)).unwrap();
    assert_eq!(s.tables["users"].constraints[0].name.as_deref(), Some("PRIMARY"));
    assert_eq!(s.tables["users"].constraints[1].name.as_deref(), Some("email"));
    assert_eq!(s.tables["posts"].constraints[0].name.as_deref(), Some("posts_ibfk_1"));
}

#[test]
fn renaming_an_enum_label_renames_column_defaults_that_use_it() {
    let mut s = Schema::default();
    replay(&mut s, &op(CreateEnum { name: "status".into(), values: vec!["draft".into(), "live".into()] }), None)
        .unwrap();
    let status = DataType::Enum { name: Some("status".into()), values: vec![] };
    let mut with_default = col("status", status, false);
    with_default.default = Some(DefaultExpr::String("draft".into()));
    let mut text_col = col("note", DataType::Text, true);
    text_col.default = Some(DefaultExpr::String("draft".into()));
    let create = CreateTable {
        table: QName::new("posts"),
        columns: vec![with_default, text_col],
        constraints: vec![],
        if_not_exists: false,
        comment: None,
    };
    replay(&mut s, &op(create), None).unwrap();
    let rename = EnumChange::RenameValue { from: "draft".into(), to: "unpublished".into() };
    replay(&mut s, &op(AlterEnum { name: "status".into(), change: rename }), None).unwrap();
    let t = &s.tables["posts"];
    assert_eq!(t.columns[0].default, Some(DefaultExpr::String("unpublished".into())));
    assert_eq!(t.columns[1].default, Some(DefaultExpr::String("draft".into())), "other columns keep theirs");
}

#[test]
fn renaming_an_enum_type_moves_its_columns_and_inverts() {
    let mut s = Schema::default();
    replay(&mut s, &op(CreateEnum { name: "status".into(), values: vec!["a".into()] }), None).unwrap();
    let status = DataType::Enum { name: Some("status".into()), values: vec![] };
    let create = CreateTable {
        table: QName::new("posts"),
        columns: vec![col("state", status, false)],
        constraints: vec![],
        if_not_exists: false,
        comment: None,
    };
    replay(&mut s, &op(create), None).unwrap();
    let rename = op(AlterEnum { name: "status".into(), change: EnumChange::Rename { to: "status_old".into() } });
    let before = s.clone();
    replay(&mut s, &rename, None).unwrap();
    assert!(s.enums.contains_key("status_old") && !s.enums.contains_key("status"));
    let moved = DataType::Enum { name: Some("status_old".into()), values: vec![] };
    assert_eq!(s.tables["posts"].columns[0].data_type, moved);
    // The old name is free again; the new one is taken.
    replay(&mut s, &op(CreateEnum { name: "status".into(), values: vec!["b".into()] }), None).unwrap();
    let again = op(AlterEnum { name: "status".into(), change: EnumChange::Rename { to: "status_old".into() } });
    assert_eq!(replay(&mut s, &again, None).unwrap_err().code, "duplicate-type");
    round_trip_from(before, rename);
}

#[test]
fn an_empty_comment_removes_the_comment() {
    let mut s = base();
    let on_table =
        |text: &str| op(Comment { target: CommentTarget::Table { table: "users".into() }, text: Some(text.into()) });
    replay(&mut s, &on_table("people"), None).unwrap();
    assert_eq!(s.tables["users"].comment.as_deref(), Some("people"));
    replay(&mut s, &on_table(""), None).unwrap();
    assert_eq!(s.tables["users"].comment, None);
    let on_column = op(Comment {
        target: CommentTarget::Column { table: "users".into(), column: "age".into() },
        text: Some(String::new()),
    });
    replay(&mut s, &on_column, None).unwrap();
    assert_eq!(s.tables["users"].column("age").unwrap().comment, None);
}

#[test]
fn index_names_are_per_table_on_mysql_and_per_schema_elsewhere() {
    let on = |table: &str| {
        op(CreateIndex {
            index: index(Some("user_id"), table, &["user_id"]),
            concurrently: false,
            if_not_exists: false,
        })
    };
    let mut s = Schema::default();
    for t in ["a", "b"] {
        let create = CreateTable {
            table: QName::new(t),
            columns: vec![col("user_id", DataType::int(32), true)],
            constraints: vec![],
            if_not_exists: false,
            comment: None,
        };
        replay(&mut s, &op(create), None).unwrap();
    }
    let mut my = s.clone();
    replay(&mut my, &on("a"), Some(SqlDialect::Mysql)).unwrap();
    replay(&mut my, &on("b"), Some(SqlDialect::Mysql)).unwrap();
    assert!(replay(&mut my, &on("b"), Some(SqlDialect::Mysql)).is_err(), "twice on one table");
    replay(&mut s, &on("a"), Some(SqlDialect::Postgres)).unwrap();
    let e = replay(&mut s, &on("b"), Some(SqlDialect::Postgres)).unwrap_err();
    assert_eq!(e.code, "duplicate-index");
}

#[test]
fn down_of_create_table_with_index_drops_only_the_table() {
    let mut m = Migration::new("1", "posts");
    m.up = vec![
        users(),
        op(CreateIndex {
            index: index(Some("users_age_idx2"), "users", &["age"]),
            concurrently: false,
            if_not_exists: false,
        }),
        op(AddConstraint {
            table: "users".into(),
            constraint: Constraint {
                name: Some("age_u".into()),
                kind: ConstraintKind::Unique {
                    columns: vec!["age".into()],
                    nulls_not_distinct: false,
                    deferrable: None,
                },
            },
            not_valid: false,
        }),
    ];
    let down = invert_migration(&m, &Schema::default(), Some(SqlDialect::Mysql)).unwrap();
    let names: Vec<&str> = down.iter().map(|o| o.kind.name()).collect();
    assert_eq!(names, ["DropTable"], "the table takes its indexes and constraints with it");
    // An index on a table that stays is still dropped.
    let mut m2 = Migration::new("2", "idx");
    m2.up = vec![op(CreateIndex {
        index: index(Some("by_email"), "users", &["email"]),
        concurrently: false,
        if_not_exists: false,
    })];
    let down = invert_migration(&m2, &base(), None).unwrap();
    assert!(matches!(&down[0].kind, Operation::DropIndex(d) if d.name.name == "by_email"));
}

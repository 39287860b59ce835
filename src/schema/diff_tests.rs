//! Unit tests of `schema::diff`: order, renames, warnings.

use super::{DiffOptions, Rename, diff};
use crate::ir::*;
use crate::schema::{Schema, replay};

fn col(name: &str, ty: DataType, nullable: bool) -> Column {
    Column { nullable, ..Column::new(name, ty) }
}

fn int() -> DataType {
    DataType::Integer { bits: 32, unsigned: false }
}

fn text() -> DataType {
    DataType::Text
}

fn pk(cols: &[&str]) -> Constraint {
    Constraint {
        name: None,
        kind: ConstraintKind::PrimaryKey { columns: cols.iter().map(|c| c.to_string()).collect() },
    }
}

fn fk(col: &str, table: &str) -> Constraint {
    Constraint {
        name: None,
        kind: ConstraintKind::ForeignKey(ForeignKey {
            columns: vec![col.into()],
            ref_table: QName::new(table),
            ref_columns: vec!["id".into()],
            on_delete: None,
            on_update: None,
            deferrable: None,
        }),
    }
}

/// The state the operations build, in PostgreSQL naming.
fn build(ops: Vec<Operation>) -> Schema {
    let mut s = Schema::default();
    for op in ops {
        replay(&mut s, &Op::new(op, Span::file("t")), Some(SqlDialect::Postgres)).expect("replays");
    }
    s
}

fn table(name: &str, columns: Vec<Column>, constraints: Vec<Constraint>) -> Operation {
    CreateTable { table: QName::new(name), columns, constraints, if_not_exists: false, comment: None }.into()
}

/// A blog: an enum, users, posts referencing users, an index and a view.
fn blog() -> Schema {
    build(vec![
        CreateEnum { name: QName::new("status"), values: vec!["draft".into(), "live".into()] }.into(),
        table("users", vec![col("id", int(), false), col("email", text(), false)], vec![pk(&["id"])]),
        table(
            "posts",
            vec![
                col("id", int(), false),
                col("author_id", int(), true),
                col("status", DataType::Enum { name: Some(QName::new("status")), values: vec![] }, true),
            ],
            vec![pk(&["id"]), fk("author_id", "users")],
        ),
        CreateIndex {
            index: Index {
                name: Some("posts_author_idx".into()),
                table: QName::new("posts"),
                parts: vec![IndexPart::column("author_id")],
                unique: false,
                method: None,
                predicate: None,
                include: vec![],
                nulls_not_distinct: false,
            },
            concurrently: false,
            if_not_exists: false,
        }
        .into(),
        CreateView {
            name: QName::new("live_posts"),
            columns: vec![],
            query: "SELECT id FROM posts WHERE status = 'live'".into(),
            materialized: false,
            or_replace: false,
        }
        .into(),
    ])
}

fn names(ops: &[Op]) -> Vec<String> {
    ops.iter()
        .map(|o| match &o.kind {
            Operation::CreateTable(x) => format!("CreateTable {}", x.table),
            Operation::DropTable(x) => format!("DropTable {}", x.table),
            Operation::AddConstraint(x) => {
                format!("AddConstraint {}.{}", x.table, x.constraint.name.clone().unwrap_or_default())
            }
            Operation::DropConstraint(x) => format!("DropConstraint {}.{}", x.table, x.name),
            Operation::CreateIndex(x) => format!("CreateIndex {}", x.index.name.clone().unwrap_or_default()),
            Operation::CreateView(x) => format!("CreateView {}", x.name),
            Operation::DropView(x) => format!("DropView {}", x.name),
            Operation::CreateEnum(x) => format!("CreateEnum {}", x.name),
            Operation::DropEnum(x) => format!("DropEnum {}", x.name),
            other => other.name().to_string(),
        })
        .collect()
}

fn apply(from: &Schema, ops: &[Op]) -> Schema {
    let mut s = from.clone();
    for op in ops {
        replay(&mut s, op, Some(SqlDialect::Postgres)).expect("diff op replays");
    }
    s
}

#[test]
fn from_empty_creates_types_then_tables_then_keys_indexes_views() {
    let to = blog();
    let d = diff(&Schema::default(), &to, &DiffOptions::for_dialect(SqlDialect::Postgres));
    assert_eq!(
        names(&d.operations),
        [
            "CreateEnum status",
            "CreateTable users",
            "CreateTable posts",
            "AddConstraint posts.posts_author_id_fkey",
            "CreateIndex posts_author_idx",
            "CreateView live_posts",
        ]
    );
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
    assert_eq!(apply(&Schema::default(), &d.operations), to);
}

#[test]
fn to_empty_drops_dependents_first() {
    let from = blog();
    let d = diff(&from, &Schema::default(), &DiffOptions::for_dialect(SqlDialect::Postgres));
    assert_eq!(names(&d.operations), ["DropView live_posts", "DropTable posts", "DropTable users", "DropEnum status"]);
    assert_eq!(apply(&from, &d.operations), Schema::default());
}

#[test]
fn sqlite_keeps_foreign_keys_inside_create_table() {
    let d = diff(&Schema::default(), &blog(), &DiffOptions::for_dialect(SqlDialect::Sqlite));
    assert!(!names(&d.operations).iter().any(|n| n.starts_with("AddConstraint")));
    let Operation::CreateTable(posts) = &d.operations[2].kind else { panic!("posts third") };
    assert_eq!(posts.constraints.len(), 2);
}

#[test]
fn a_renamed_table_is_a_probable_rename_unless_hinted() {
    let from = blog();
    let mut to = from.clone();
    let mut users = to.tables.remove("users").expect("users");
    users.name = QName::new("accounts");
    to.tables.insert("accounts".into(), users);
    for t in to.tables.values_mut() {
        for c in &mut t.constraints {
            if let ConstraintKind::ForeignKey(fk) = &mut c.kind {
                fk.ref_table = QName::new("accounts");
            }
        }
    }
    let d = diff(&from, &to, &DiffOptions::for_dialect(SqlDialect::Postgres));
    let warning = d.diagnostics.iter().find(|d| d.code == "probable-rename").expect("probable-rename");
    assert!(warning.message.contains("`users`") && warning.message.contains("`accounts`"), "{}", warning.message);
    assert!(names(&d.operations).contains(&"DropTable users".to_string()));
    assert_eq!(apply(&from, &d.operations), to);

    let hint = Rename::Table { from: QName::new("users"), to: QName::new("accounts") };
    let opts = DiffOptions { renames: vec![hint], ..DiffOptions::for_dialect(SqlDialect::Postgres) };
    let d = diff(&from, &to, &opts);
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
    assert_eq!(names(&d.operations), ["RenameTable"]);
    assert_eq!(apply(&from, &d.operations), to);
}

#[test]
fn a_renamed_column_is_a_probable_rename_unless_hinted() {
    let from = blog();
    let mut to = from.clone();
    let users = to.tables.get_mut("users").expect("users");
    users.columns[1].name = "mail".into();
    let d = diff(&from, &to, &DiffOptions::for_dialect(SqlDialect::Postgres));
    let warning = d.diagnostics.iter().find(|d| d.code == "probable-rename").expect("probable-rename");
    assert!(warning.message.contains("users.email") && warning.message.contains("users.mail"), "{}", warning.message);
    assert_eq!(names(&d.operations), ["DropColumn", "AddColumn"]);

    let hint = Rename::Column { table: QName::new("users"), from: "email".into(), to: "mail".into() };
    let opts = DiffOptions { renames: vec![hint], ..DiffOptions::for_dialect(SqlDialect::Postgres) };
    let d = diff(&from, &to, &opts);
    assert_eq!(names(&d.operations), ["RenameColumn"]);
    assert!(d.diagnostics.is_empty());
}

#[test]
fn column_changes_are_one_alter_column() {
    let from = blog();
    let mut to = from.clone();
    let email = &mut to.tables.get_mut("users").expect("users").columns[1];
    email.nullable = true;
    email.data_type = DataType::Varchar { length: Some(320) };
    email.default = Some(DefaultExpr::String(String::new()));
    let d = diff(&from, &to, &DiffOptions::for_dialect(SqlDialect::Postgres));
    // The view reads `posts`, not `users`: it stays.
    assert_eq!(names(&d.operations), ["AlterColumn"]);
    let Operation::AlterColumn(a) = &d.operations[0].kind else { unreachable!() };
    assert_eq!((a.nullable, a.data_type.clone()), (Some(true), Some(DataType::Varchar { length: Some(320) })));
    assert_eq!(apply(&from, &d.operations), to);
}

#[test]
fn identity_changes_recreate_the_column_with_a_warning() {
    let from = blog();
    let mut to = from.clone();
    to.tables.get_mut("users").expect("users").columns[0].auto_increment = Some(AutoIncrement::IdentityAlways);
    let d = diff(&from, &to, &DiffOptions::for_dialect(SqlDialect::Postgres));
    assert!(d.diagnostics.iter().any(|d| d.code == "column-recreated"));
    // Dropping `users.id` takes the primary key and the foreign key to it; both come back.
    let ops = names(&d.operations);
    assert!(ops.contains(&"AddConstraint posts.posts_author_id_fkey".to_string()), "{ops:?}");
}

#[test]
fn enum_values_are_added_in_place() {
    let from = blog();
    let mut to = from.clone();
    to.enums.get_mut("status").expect("status").values =
        vec!["new".into(), "draft".into(), "review".into(), "live".into()];
    let d = diff(&from, &to, &DiffOptions::for_dialect(SqlDialect::Postgres));
    assert_eq!(names(&d.operations), ["AlterEnum", "AlterEnum"]);
    assert_eq!(apply(&from, &d.operations), to);
}

#[test]
fn a_view_over_a_changed_table_is_recreated() {
    let from = blog();
    let mut to = from.clone();
    to.tables.get_mut("posts").expect("posts").columns.push(col("title", text(), true));
    let d = diff(&from, &to, &DiffOptions::for_dialect(SqlDialect::Postgres));
    assert_eq!(names(&d.operations), ["DropView live_posts", "AddColumn", "CreateView live_posts"]);
}

#[test]
fn an_unused_hint_is_reported() {
    let hint = Rename::Table { from: QName::new("nope"), to: QName::new("users") };
    let opts = DiffOptions { renames: vec![hint], ..DiffOptions::default() };
    let d = diff(&Schema::default(), &blog(), &opts);
    assert!(d.diagnostics.iter().any(|d| d.code == "rename-hint-unused"));
}

#[test]
fn a_column_added_in_the_middle_is_appended_with_a_column_order_note() {
    let from = blog();
    let mut to = from.clone();
    let users = to.tables.get_mut("users").expect("users");
    users.columns.insert(1, col("nick", text(), true));
    let d = diff(&from, &to, &DiffOptions::for_dialect(SqlDialect::Postgres));
    assert_eq!(names(&d.operations), ["AddColumn"]);
    assert!(!d.diagnostics.iter().any(|x| x.is_error()), "{:?}", d.diagnostics);
    let note = d.diagnostics.iter().find(|x| x.code == "column-order").expect("column-order note");
    assert_eq!(note.severity, crate::diagnostics::Severity::Info);
    assert!(note.message.contains("id, email, nick vs id, nick, email"), "{}", note.message);
}

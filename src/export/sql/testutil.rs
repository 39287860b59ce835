//! Helpers for the exporter's tests: IR and schema states built by hand, one operation rendered.

use super::render::{Renderer, Unsupported};
use super::walk::finish;
use super::{dialect_for, ops};
use crate::diagnostics::Diagnostic;
use crate::ir::*;
use crate::schema::{Schema, Table};

/// The span every test operation carries.
pub(crate) fn at() -> Span {
    Span::at("m.sql", 3, 1)
}

/// An operation at [`at`].
pub(crate) fn op(kind: impl Into<Operation>) -> Op {
    Op::new(kind, at())
}

/// What rendering one operation gave.
#[derive(Debug)]
pub(crate) struct Out {
    /// Finished statements joined by newlines.
    pub sql: String,
    /// Warnings.
    pub diags: Vec<Diagnostic>,
    /// The error, if the operation cannot be rendered.
    pub error: Option<Unsupported>,
    /// Transactional flag of each statement.
    pub transactional: Vec<bool>,
}

impl Out {
    /// Codes of the warnings.
    pub fn codes(&self) -> Vec<&str> {
        self.diags.iter().map(|d| d.code.as_str()).collect()
    }
}

/// Render `op` for `d` against `before` (and a hand-built `after`, since replay may be a stub).
pub(crate) fn render(d: SqlDialect, before: &Schema, after: Option<Schema>, op: &Op) -> Out {
    let dialect = dialect_for(d);
    let mut r = match after {
        Some(a) => Renderer::with_after(dialect, before, op, a),
        None => Renderer::new(dialect, before, op),
    };
    let res = ops::dispatch(&mut r, &op.kind);
    let sql = r.pieces.iter().map(|p| finish(p.sql.clone(), p.comment_only)).collect::<Vec<_>>().join("\n");
    let transactional = r.pieces.iter().map(|p| p.transactional).collect();
    Out { sql, diags: r.diags, error: res.err(), transactional }
}

/// The SQL of `kind` for `d` on an empty schema; panics on an error.
pub(crate) fn sql(d: SqlDialect, kind: impl Into<Operation>) -> String {
    let out = render(d, &Schema::default(), None, &op(kind));
    assert!(out.error.is_none(), "unexpected error: {:?}", out.error);
    out.sql
}

/// A nullable column.
pub(crate) fn col(name: &str, t: DataType) -> Column {
    Column::new(name, t)
}

/// A NOT NULL column.
pub(crate) fn req(name: &str, t: DataType) -> Column {
    Column { nullable: false, ..Column::new(name, t) }
}

/// An unnamed primary key.
pub(crate) fn pk(cols: &[&str]) -> Constraint {
    Constraint {
        name: None,
        kind: ConstraintKind::PrimaryKey { columns: cols.iter().map(|c| c.to_string()).collect() },
    }
}

/// A table of the state.
pub(crate) fn table(name: &str, columns: Vec<Column>, constraints: Vec<Constraint>) -> Table {
    Table { columns, constraints, ..Table::new(QName::new(name)) }
}

/// A state holding `tables`.
pub(crate) fn schema(tables: Vec<Table>) -> Schema {
    let mut s = Schema::default();
    for t in tables {
        s.tables.insert(t.name.key(), t);
    }
    s
}

/// A named constraint.
pub(crate) fn named(name: &str, kind: ConstraintKind) -> Constraint {
    Constraint { name: Some(name.to_string()), kind }
}

/// `users (id bigint identity PK, email varchar(255) NOT NULL DEFAULT 'it''s\x', "select" text,
/// "a""b" jsonb COMMENT, active boolean DEFAULT true)` with a named unique key and a table comment.
pub(crate) fn users() -> crate::ir::CreateTable {
    use crate::ir::{AutoIncrement, DefaultExpr};
    crate::ir::CreateTable {
        table: QName::new("users"),
        columns: vec![
            Column { auto_increment: Some(AutoIncrement::IdentityByDefault), ..req("id", DataType::int(64)) },
            Column {
                default: Some(DefaultExpr::String("it's\\x".into())),
                ..req("email", DataType::varchar(Some(255)))
            },
            col("select", DataType::Text),
            Column { comment: Some("raw \"payload\"".into()), ..col("a\"b", DataType::Json { binary: true }) },
            Column { default: Some(DefaultExpr::Bool(true)), ..req("active", DataType::Boolean) },
        ],
        constraints: vec![
            pk(&["id"]),
            named(
                "users_email_key",
                ConstraintKind::Unique { columns: vec!["email".into()], nulls_not_distinct: false, deferrable: None },
            ),
        ],
        if_not_exists: false,
        comment: Some("people's accounts".into()),
    }
}

/// The state after [`users`] (constraints named as replay names them).
pub(crate) fn users_state() -> Schema {
    let ct = users();
    let mut t = table("users", ct.columns, ct.constraints);
    t.constraints[0].name = Some("users_pkey".into());
    t.comment = ct.comment;
    schema(vec![t])
}

/// A migration whose operations sit on consecutive lines of `<id>.sql`.
pub(crate) fn migration(id: &str, name: &str, up: Vec<Operation>) -> Migration {
    let mut m = Migration::new(id, name);
    m.up =
        up.into_iter().enumerate().map(|(i, k)| Op::new(k, Span::at(format!("{id}.sql"), i as u32 + 1, 1))).collect();
    m
}

/// `CREATE INDEX ON users (email)`, unnamed.
pub(crate) fn email_index(concurrently: bool) -> Operation {
    CreateIndex {
        index: Index {
            name: None,
            table: QName::new("users"),
            parts: vec![IndexPart::column("email")],
            unique: false,
            method: None,
            predicate: None,
            include: vec![],
            nulls_not_distinct: false,
        },
        concurrently,
        if_not_exists: false,
    }
    .into()
}

/// A history using every operation kind (base, changes, teardown).
pub(crate) fn every_operation() -> Vec<Migration> {
    let t = QName::new;
    let mood = DataType::Enum { name: Some(t("mood")), values: vec![] };
    let fk = ForeignKey {
        columns: vec!["user_id".into()],
        ref_table: t("users"),
        ref_columns: vec!["id".into()],
        on_delete: Some(FkAction::Cascade),
        on_update: None,
        deferrable: None,
    };
    let posts = CreateTable {
        table: t("posts"),
        columns: vec![
            Column { auto_increment: Some(AutoIncrement::Serial), ..req("id", DataType::int(32)) },
            req("user_id", DataType::int(64)),
            Column { default: Some(DefaultExpr::Sql("'draft'".into())), ..col("state", mood.clone()) },
            Column {
                default: Some(DefaultExpr::CurrentTimestamp),
                ..req("at", DataType::Timestamp { tz: false, precision: None })
            },
            col("body", DataType::Text),
        ],
        constraints: vec![pk(&["id"]), Constraint { name: None, kind: ConstraintKind::ForeignKey(fk) }],
        if_not_exists: false,
        comment: None,
    };
    let alter = |column: &str| AlterColumn {
        table: t("posts"),
        column: column.into(),
        data_type: None,
        using: None,
        nullable: None,
        default: None,
        comment: None,
    };
    let check = Constraint {
        name: Some("body_len".into()),
        kind: ConstraintKind::Check { expr: "length(body) < 1000".into() },
    };
    vec![
        migration(
            "01",
            "base",
            vec![
                CreateEnum { name: t("mood"), values: vec!["draft".into(), "live".into()] }.into(),
                users().into(),
                posts.into(),
                email_index(false),
            ],
        ),
        migration(
            "02",
            "changes",
            vec![
                AddColumn {
                    table: t("posts"),
                    column: Column {
                        default: Some(DefaultExpr::Number("0".into())),
                        ..req("votes", DataType::int(32))
                    },
                    constraints: vec![],
                    if_not_exists: false,
                }
                .into(),
                AlterColumn { data_type: Some(DataType::int(64)), ..alter("votes") }.into(),
                AlterColumn {
                    nullable: Some(true),
                    default: Some(Change::Set(DefaultExpr::Number("1".into()))),
                    ..alter("votes")
                }
                .into(),
                AlterColumn { comment: Some(Change::Set("the votes".into())), ..alter("votes") }.into(),
                RenameColumn { table: t("posts"), from: "votes".into(), to: "score".into() }.into(),
                AddConstraint { table: t("posts"), constraint: check, not_valid: true }.into(),
                ValidateConstraint { table: t("posts"), name: "body_len".into() }.into(),
                AlterEnum {
                    name: t("mood"),
                    change: EnumChange::AddValue {
                        value: "gone".into(),
                        before: None,
                        after: None,
                        if_not_exists: false,
                    },
                }
                .into(),
                Comment { target: CommentTarget::Table { table: t("posts") }, text: Some("it's posts".into()) }.into(),
                Comment {
                    target: CommentTarget::Column { table: t("posts"), column: "body".into() },
                    text: Some("text \\ body".into()),
                }
                .into(),
                RenameIndex { table: Some(t("users")), from: "users_email_idx".into(), to: "by_email".into() }.into(),
                CreateView {
                    name: t("live"),
                    columns: vec![],
                    query: "SELECT id FROM posts".into(),
                    materialized: false,
                    or_replace: true,
                }
                .into(),
            ],
        ),
        migration(
            "03",
            "teardown",
            vec![
                DropView { name: t("live"), materialized: false, if_exists: true, cascade: false }.into(),
                DropConstraint { table: t("posts"), name: "body_len".into(), if_exists: false, cascade: false }.into(),
                DropIndex { name: t("by_email"), table: None, if_exists: false, concurrently: false }.into(),
                DropColumn { table: t("posts"), column: "score".into(), if_exists: false, cascade: false }.into(),
                RenameTable { from: t("posts"), to: t("articles") }.into(),
                RawSql {
                    sql: "INSERT INTO users (email, active) VALUES ('a@b', TRUE)".into(),
                    down: None,
                    dialect: None,
                    no_transaction: false,
                }
                .into(),
                Opaque { source: "print('hi')".into(), reason: "RunPython".into(), language: "python".into() }.into(),
                DropTable { table: t("articles"), if_exists: false, cascade: false }.into(),
                DropEnum { name: t("mood"), if_exists: false, cascade: false }.into(),
            ],
        ),
    ]
}

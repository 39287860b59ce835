use super::*;
use crate::ir::{AutoIncrement, ConstraintKind, DataType, DefaultExpr, Op, Operation, QName, SqlDialect::*};

const HEADER: &str = "\"\"\"add things\n\nRevision ID: r1\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n\nrevision = 'r1'\ndown_revision = None\n\n";

fn import(body: &str, target: Option<SqlDialect>) -> Migration {
    let src = format!("{HEADER}{body}");
    import_source(&src, "versions/r1_add_things.py", &AlembicOptions { target, ..Default::default() })
        .expect("a revision")
        .1
}

fn up(body: &str, target: Option<SqlDialect>) -> Vec<Operation> {
    import(body, target).up.into_iter().map(|o| o.kind).collect()
}

fn codes(m: &Migration) -> Vec<&str> {
    m.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn revision_metadata_is_read() {
    let src = "\"\"\"merge heads\n\nRevision ID: m1\n\"\"\"\nrevision: str = 'm1'\ndown_revision = ('a', 'b')\nbranch_labels = ('feature',)\ndepends_on = 'c'\n\ndef upgrade():\n    pass\n\ndef downgrade():\n    pass\n";
    let (rev, m) = import_source(src, "versions/m1_merge.py", &AlembicOptions::default()).expect("revision");
    assert_eq!(rev.down, ["a", "b"]);
    assert_eq!(rev.branch_labels, ["feature"]);
    assert_eq!(m.id, "m1");
    assert_eq!(m.name, "merge heads");
    assert_eq!(m.dependencies, ["a", "b", "c"]);
    assert_eq!(m.down, Some(Vec::new()), "an empty downgrade() is an explicit no-op");
    assert!(import_source("x = 1\n", "env.py", &AlembicOptions::default()).is_none());
}

#[test]
fn create_table_applies_sqlalchemy_defaults_per_dialect() {
    let body = "def upgrade():\n    op.create_table('users',\n        sa.Column('id', sa.Integer, primary_key=True),\n        sa.Column('email', sa.String(255), nullable=False, unique=True),\n        sa.Column('org_id', sa.Integer, sa.ForeignKey('orgs.id', ondelete='CASCADE'), index=True),\n        sa.Column('created', sa.DateTime(timezone=True), server_default=sa.func.now()),\n        comment='people',\n    )\n";
    for (target, auto, tz) in [
        (Some(Postgres), Some(AutoIncrement::Serial), true),
        (Some(Mysql), Some(AutoIncrement::AutoIncrement), false),
        (Some(Sqlite), None, true),
        (None, Some(AutoIncrement::Serial), true),
    ] {
        let ops = up(body, target);
        let Operation::CreateTable(t) = &ops[0] else { panic!("{ops:?}") };
        assert_eq!(t.comment.as_deref(), Some("people"));
        assert!(!t.columns[0].nullable);
        assert_eq!(t.columns[0].auto_increment, auto, "{target:?}");
        assert!(!t.columns[1].nullable);
        assert!(t.columns[2].nullable);
        assert_eq!(t.columns[3].data_type, DataType::Timestamp { tz, precision: None });
        let now =
            if target == Some(Postgres) { DefaultExpr::Sql("now()".into()) } else { DefaultExpr::CurrentTimestamp };
        assert_eq!(t.columns[3].default, Some(now), "sa.func.now() as SQLAlchemy renders it");
        let kinds: Vec<&ConstraintKind> = t.constraints.iter().map(|c| &c.kind).collect();
        assert!(matches!(kinds[0], ConstraintKind::PrimaryKey { columns } if columns == &["id"]));
        assert!(matches!(kinds[1], ConstraintKind::Unique { columns, .. } if columns == &["email"]));
        assert!(matches!(kinds[2], ConstraintKind::ForeignKey(fk) if fk.ref_table == QName::new("orgs")));
        let Operation::CreateIndex(i) = &ops[1] else { panic!("{ops:?}") };
        assert_eq!(i.index.name.as_deref(), Some("ix_users_org_id"));
    }
}

#[test]
fn native_enums_follow_the_dialect() {
    let body = "def upgrade():\n    op.create_table('t', sa.Column('id', sa.Integer, primary_key=True), sa.Column('k', sa.Enum('a', 'bbb', name='kind')))\n";
    let pg = up(body, Some(Postgres));
    assert!(matches!(&pg[0], Operation::CreateEnum(e) if e.name == QName::new("kind") && e.values == ["a", "bbb"]));
    let Operation::CreateTable(t) = &pg[1] else { panic!() };
    assert_eq!(t.columns[1].data_type, DataType::Enum { name: Some(QName::new("kind")), values: Vec::new() });
    let my = up(body, Some(Mysql));
    let Operation::CreateTable(t) = &my[0] else { panic!() };
    assert_eq!(t.columns[1].data_type, DataType::Enum { name: None, values: vec!["a".into(), "bbb".into()] });
    let lite = up(body, Some(Sqlite));
    let Operation::CreateTable(t) = &lite[0] else { panic!() };
    assert_eq!(t.columns[1].data_type, DataType::varchar(Some(3)));
}

#[test]
fn alter_column_maps_each_change_and_renames_last() {
    let body = "def upgrade():\n    op.alter_column('t', 'a', existing_type=sa.String(10), type_=sa.String(20), nullable=False, server_default=None, comment='c', new_column_name='b', postgresql_using='a::varchar')\n    op.alter_column('t', 'c', server_default=sa.text(\"'x'\"))\n";
    let ops = up(body, Some(Postgres));
    let Operation::AlterColumn(a) = &ops[0] else { panic!("{ops:?}") };
    assert_eq!(a.data_type, Some(DataType::varchar(Some(20))));
    assert_eq!(a.nullable, Some(false));
    assert_eq!(a.default, Some(crate::ir::Change::Drop));
    assert_eq!(a.comment, Some(crate::ir::Change::Set("c".into())));
    assert_eq!(a.using.as_deref(), Some("a::varchar"));
    assert!(matches!(&ops[1], Operation::RenameColumn(r) if r.from == "a" && r.to == "b"));
    let Operation::AlterColumn(c) = &ops[2] else { panic!() };
    assert_eq!(c.default, Some(crate::ir::Change::Set(DefaultExpr::String("x".into()))));
    assert_eq!(c.nullable, None);
}

#[test]
fn index_dialect_options_become_branches_without_a_target() {
    let body = "def upgrade():\n    op.create_index('ix_t_a', 't', ['a'], unique=True, postgresql_where=sa.text('a IS NOT NULL'), sqlite_where=sa.text('a IS NOT NULL'))\n";
    let Operation::CreateIndex(i) = &up(body, Some(Postgres))[0] else { panic!() };
    assert_eq!(i.index.predicate.as_deref(), Some("a IS NOT NULL"));
    let Operation::CreateIndex(i) = &up(body, Some(Mysql))[0] else { panic!() };
    assert_eq!(i.index.predicate, None);
    let Operation::ByDialect(b) = &up(body, None)[0] else { panic!() };
    assert_eq!(b.branches.len(), 2);
    assert_eq!(b.branches[0].dialects, [Postgres, Sqlite]);
    assert_eq!(b.branches[1].dialects, [Mysql]);
}

#[test]
fn batch_operations_apply_to_the_named_table() {
    let body = "def upgrade():\n    with op.batch_alter_table('users', recreate='always') as batch_op:\n        batch_op.add_column(sa.Column('bio', sa.Text()))\n        batch_op.drop_column('age')\n        batch_op.create_index('ix_users_bio', ['bio'])\n        batch_op.create_foreign_key('fk_u_org', 'orgs', ['org_id'], ['id'])\n        batch_op.drop_constraint('uq_x', type_='unique')\n";
    let m = import(body, Some(Sqlite));
    let ops: Vec<&Operation> = m.up.iter().map(|o| &o.kind).collect();
    assert!(matches!(ops[0], Operation::AddColumn(a) if a.table == QName::new("users") && a.column.name == "bio"));
    assert!(matches!(ops[1], Operation::DropColumn(d) if d.table == QName::new("users") && d.column == "age"));
    assert!(matches!(ops[2], Operation::CreateIndex(i) if i.index.table == QName::new("users")));
    assert!(matches!(ops[3], Operation::AddConstraint(c) if c.table == QName::new("users")));
    assert!(matches!(ops[4], Operation::DropConstraint(c) if c.name == "uq_x"));
    assert!(codes(&m).contains(&"alembic-batch-recreate"));
}

#[test]
fn execute_folds_known_strings_and_bulk_insert_renders_inserts() {
    let body = "T = 'users'\n\ndef upgrade():\n    op.execute(f\"UPDATE {T} SET a = 1\")\n    op.get_bind().execute(sa.text('DELETE FROM x'))\n    t = sa.table('u', sa.column('id', sa.Integer), sa.column('name', sa.String))\n    op.bulk_insert(t, [{'name': \"O'Hara\", 'id': 1}, {'id': 2, 'name': None}])\n";
    let ops = up(body, Some(Postgres));
    let sqls: Vec<&str> = ops
        .iter()
        .map(|o| match o {
            Operation::Sql(s) => s.sql.as_str(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(sqls[0], "UPDATE users SET a = 1");
    assert_eq!(sqls[1], "DELETE FROM x");
    assert_eq!(
        sqls[2],
        "INSERT INTO \"u\" (\"id\", \"name\") VALUES (1, 'O''Hara');\nINSERT INTO \"u\" (\"id\", \"name\") VALUES (2, NULL);"
    );
}

#[test]
fn dialect_branches_and_helpers_are_evaluated() {
    let body = "def _ts(table):\n    op.add_column(table, sa.Column('ts', sa.DateTime()))\n\ndef upgrade():\n    for t in ('a', 'b'):\n        _ts(t)\n    if op.get_bind().dialect.name == 'postgresql':\n        op.execute('CREATE EXTENSION IF NOT EXISTS pgcrypto')\n";
    assert_eq!(up(body, Some(Sqlite)).len(), 2);
    assert_eq!(up(body, Some(Postgres)).len(), 3);
    let any = up(body, None);
    assert!(
        matches!(&any[2], Operation::ByDialect(b) if b.branches[0].dialects == [Postgres] && b.otherwise.is_empty())
    );
}

#[test]
fn data_code_and_reflection_guards_become_opaque_with_reasons() {
    let body = "def upgrade():\n    conn = op.get_bind()\n    session = sa.orm.Session(bind=conn)\n    for user in session.query(User):\n        user.name = user.name.strip()\n        op.execute('x')\n    insp = sa.inspect(conn)\n    if 'legacy' in insp.get_table_names():\n        op.drop_table('legacy')\n    op.execute(users.update().values(active=True))\n";
    let m = import(body, Some(Postgres));
    let reasons: Vec<&str> =
        m.up.iter()
            .map(|o| match &o.kind {
                Operation::Opaque(x) => x.reason.as_str(),
                other => panic!("{other:?}"),
            })
            .collect();
    assert_eq!(reasons.len(), 3, "{reasons:#?}");
    assert!(reasons[0].contains("loop not unrolled"));
    assert!(reasons[1].contains("reads the live database schema"));
    assert!(reasons[2].contains("SQLAlchemy expression"));
    assert!(m.up.iter().all(|o| o.span.line > 10));
    assert_eq!(codes(&m).iter().filter(|c| **c == "opaque-operation").count(), 3);
}

#[test]
fn broken_files_keep_what_can_be_read() {
    let body = "def upgrade():\n    op.add_column('t', sa.Column('a', sa.Integer()) +)\n    op.drop_table('old')\n\ndef downgrade():\n    op.create_table('old', sa.Column('id', sa.Integer, primary_key=True))\n";
    let m = import(body, Some(Postgres));
    assert_eq!(codes(&m).iter().filter(|c| **c == "syntax-error").count(), 1);
    assert!(matches!(&m.up[0].kind, Operation::Opaque(o) if o.reason == "syntax error"));
    assert!(matches!(&m.up[1].kind, Operation::DropTable(_)));
    assert!(m.down.as_ref().is_some_and(|d| matches!(d[0].kind, Operation::CreateTable(_))));
    // An unclosed parenthesis swallows the rest of the function: still one diagnostic and an Opaque.
    let m =
        import("def upgrade():\n    op.add_column('t', sa.Column('a', sa.Integer())\n    op.drop_table('old')\n", None);
    assert!(codes(&m).contains(&"syntax-error"));
    assert!(matches!(&m.up[0].kind, Operation::Opaque(_)), "{:?}", m.up);
    let src = format!(
        "{HEADER}def upgrade():\n    op.create_table('t', sa.Column('id', sa.Integer, primary_key=True), sa.Column('n', sa.String(5)))\n    op.execute(\"SELECT 1\")\n"
    );
    for cut in (0..src.len()).filter(|i| src.is_char_boundary(*i)).step_by(7) {
        let _ = import_source(&src[..cut], "cut.py", &AlembicOptions::default());
    }
}

#[test]
fn unknown_types_and_custom_types() {
    let body = "from myapp.types import GUID, Fancy\n\ndef upgrade():\n    op.add_column('t', sa.Column('id', GUID()))\n    op.add_column('t', sa.Column('f', Fancy()))\n";
    let m = import(body, Some(Postgres));
    assert!(matches!(&m.up[0].kind, Operation::AddColumn(a) if a.column.data_type == DataType::Uuid));
    assert!(matches!(&m.up[1].kind, Operation::Opaque(o) if o.reason.contains("myapp.types.Fancy")));
    assert!(codes(&m).contains(&"alembic-custom-type"));
}

#[test]
fn directories_are_ordered_by_the_revision_graph() {
    let dir = tempfile::tempdir().expect("tempdir");
    let versions = dir.path().join("versions");
    std::fs::create_dir(&versions).expect("mkdir");
    let file = |name: &str, rev: &str, down: &str, table: &str| {
        let text = format!(
            "from alembic import op\nimport sqlalchemy as sa\nrevision = '{rev}'\ndown_revision = {down}\n\ndef upgrade():\n    op.create_table('{table}', sa.Column('id', sa.Integer, primary_key=True))\n"
        );
        std::fs::write(versions.join(name), text).expect("write");
    };
    file("a_second.py", "bbb", "'aaa'", "two");
    file("z_first.py", "aaa", "None", "one");
    file("m_branch.py", "ccc", "'aaa'", "three");
    std::fs::write(versions.join("__init__.py"), "").expect("write");
    let opts = crate::import::ImportOptions {
        format: Some(crate::import::Format::Alembic),
        target: Some(Postgres),
        ..Default::default()
    };
    let (ms, diags) = crate::import::load(&[dir.path().to_path_buf()], &opts);
    let ids: Vec<&str> = ms.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["aaa", "bbb", "ccc"]);
    assert!(diags.iter().any(|d| d.code == "alembic-multiple-heads"), "{diags:?}");
    let first: &Op = &ms[0].up[0];
    assert_eq!(first.span.line, 7);
}

#[test]
fn type_map_option_resolves_project_types() {
    let src = format!(
        "{HEADER}from myapp.types import GUID\n\ndef upgrade():\n    op.add_column('t', sa.Column('id', GUID()))\n"
    );
    let mut opts = AlembicOptions::default();
    opts.type_map.insert("GUID".into(), "sa.CHAR(36)".into());
    let m = import_source(&src, "versions/r1.py", &opts).expect("a revision").1;
    let Operation::AddColumn(a) = &m.up[0].kind else { panic!("{:?}", m.up) };
    assert_eq!(a.column.data_type, DataType::Char { length: Some(36) });
    assert!(!codes(&m).contains(&"alembic-custom-type"));
    let m = import_source(&src, "versions/r1.py", &AlembicOptions::default()).expect("a revision").1;
    assert!(codes(&m).contains(&"alembic-custom-type"), "without a map the class name is used, with a note");
}

#[test]
fn unique_constraints_keep_deferrable_and_initially() {
    let body = "def upgrade():\n    op.create_unique_constraint('t_a_key', 't', ['a'], deferrable=True, initially='DEFERRED')\n    \
                op.create_table('u', sa.Column('b', sa.Integer), sa.UniqueConstraint('b', deferrable=True))\n    \
                op.create_unique_constraint('t_c_key', 't', ['c'])\n";
    let ops = up(body, Some(Postgres));
    let Operation::AddConstraint(a) = &ops[0] else { panic!("{ops:?}") };
    let ConstraintKind::Unique { deferrable, .. } = &a.constraint.kind else { panic!("{a:?}") };
    assert_eq!(*deferrable, Some(crate::ir::Deferrable::Deferred));
    let Operation::CreateTable(u) = &ops[1] else { panic!("{ops:?}") };
    assert!(
        u.constraints.iter().any(|c| matches!(
            &c.kind,
            ConstraintKind::Unique { deferrable: Some(crate::ir::Deferrable::Immediate), .. }
        ))
    );
    let Operation::AddConstraint(c) = &ops[2] else { panic!("{ops:?}") };
    assert!(matches!(&c.constraint.kind, ConstraintKind::Unique { deferrable: None, .. }));
}

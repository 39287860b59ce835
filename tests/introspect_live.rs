//! Live introspection: hand-written schemas on SQLite, PostgreSQL and MariaDB/MySQL, read back
//! with `polymig::schema::introspect` and checked in detail; then one schema built on all three
//! and compared with the state replay would build, through `schema::compare`.

mod support;

use polymig::ir::{
    AutoIncrement, Column, Constraint, ConstraintKind, DataType, DefaultExpr, Deferrable, FkAction, ForeignKey,
    GeneratedColumn, Index, IndexKey, IndexPart, QName, SqlDialect,
};
use polymig::schema::compare::{differences, normalize};
use polymig::schema::{Schema, Table, naming};
use pretty_assertions::assert_eq;
use support::TestDb;

fn col<'a>(t: &'a Table, name: &str) -> &'a Column {
    t.column(name).unwrap_or_else(|| panic!("column {name} missing in {}", t.name))
}

fn con<'a>(t: &'a Table, name: &str) -> &'a ConstraintKind {
    &t.constraint(name).unwrap_or_else(|| panic!("constraint {name} missing in {}: {:?}", t.name, t.constraints)).kind
}

fn idx<'a>(t: &'a Table, name: &str) -> &'a Index {
    t.index(name).unwrap_or_else(|| panic!("index {name} missing in {}: {:?}", t.name, t.indexes))
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn fk(cols: &[&str], table: QName, ref_cols: &[&str]) -> ForeignKey {
    ForeignKey {
        columns: strings(cols),
        ref_table: table,
        ref_columns: strings(ref_cols),
        on_delete: None,
        on_update: None,
        deferrable: None,
    }
}

fn part(key: IndexKey) -> IndexPart {
    IndexPart { key, ..IndexPart::column("") }
}

fn column_names(t: &Table) -> Vec<&str> {
    t.columns.iter().map(|c| c.name.as_str()).collect()
}

const SQLITE: &str = r#"
CREATE TABLE orgs (id INTEGER PRIMARY KEY AUTOINCREMENT, name varchar(100) NOT NULL DEFAULT 'it''s',
                   code char(3) COLLATE NOCASE UNIQUE);
CREATE TABLE "users" (
  id integer NOT NULL,
  org_id integer CONSTRAINT fk_org REFERENCES orgs (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  email text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  score decimal(10,2) DEFAULT 0.5 CHECK (score >= 0),
  neg int DEFAULT -1,
  created datetime DEFAULT CURRENT_TIMESTAMP,
  stamp timestamp DEFAULT (datetime('now')),
  anything,
  lower_email text GENERATED ALWAYS AS (lower(email)) VIRTUAL,
  CONSTRAINT users_pk PRIMARY KEY (id),
  CONSTRAINT email_uq UNIQUE (org_id, email),
  FOREIGN KEY (neg) REFERENCES orgs
);
CREATE TABLE plain (id INTEGER PRIMARY KEY, note text);
CREATE INDEX users_lower_email ON users (lower(email));
CREATE UNIQUE INDEX users_active_email ON users (email DESC, created) WHERE active;
CREATE VIEW active_users AS SELECT id, email FROM users WHERE active;
CREATE TABLE polymig_schema_version (version text);
CREATE TABLE _polymig_lock (id int);
"#;

#[tokio::test]
async fn sqlite_schema_in_detail() {
    let db = TestDb::sqlite();
    db.exec(SQLITE).await.expect("script");
    let s = db.introspect().await;
    assert_eq!(
        s.tables.keys().collect::<Vec<_>>(),
        ["orgs", "plain", "users"],
        "bookkeeping and sqlite_sequence skipped"
    );

    let orgs = &s.tables["orgs"];
    assert_eq!(col(orgs, "id").auto_increment, Some(AutoIncrement::AutoIncrement));
    assert_eq!(col(orgs, "name").data_type, DataType::varchar(Some(100)));
    assert_eq!(col(orgs, "name").default, Some(DefaultExpr::String("it's".into())));
    assert!(!col(orgs, "name").nullable);
    assert_eq!(col(orgs, "code").collation.as_deref(), Some("NOCASE"));
    assert_eq!(
        orgs.constraints,
        vec![
            Constraint { name: None, kind: ConstraintKind::PrimaryKey { columns: strings(&["id"]) } },
            Constraint {
                name: None,
                kind: ConstraintKind::Unique {
                    columns: strings(&["code"]),
                    nulls_not_distinct: false,
                    deferrable: None
                }
            },
        ]
    );
    // INTEGER PRIMARY KEY without AUTOINCREMENT is a plain integer key.
    assert_eq!(col(&s.tables["plain"], "id").auto_increment, None);

    let users = &s.tables["users"];
    assert_eq!(
        column_names(users),
        ["id", "org_id", "email", "active", "score", "neg", "created", "stamp", "anything", "lower_email"]
    );
    assert_eq!(col(users, "active").data_type, DataType::Boolean);
    assert_eq!(col(users, "active").default, Some(DefaultExpr::Bool(true)));
    assert_eq!(col(users, "score").data_type, DataType::Decimal { precision: Some(10), scale: Some(2) });
    assert_eq!(col(users, "score").default, Some(DefaultExpr::Number("0.5".into())));
    assert_eq!(col(users, "neg").default, Some(DefaultExpr::Number("-1".into())));
    assert_eq!(col(users, "created").data_type, DataType::Timestamp { tz: false, precision: None });
    assert_eq!(col(users, "created").default, Some(DefaultExpr::CurrentTimestamp));
    assert!(matches!(&col(users, "stamp").default, Some(DefaultExpr::Sql(s)) if s.contains("datetime('now')")));
    assert_eq!(col(users, "anything").data_type, DataType::native("", Some(SqlDialect::Sqlite)));
    assert_eq!(
        col(users, "lower_email").generated,
        Some(GeneratedColumn { expr: "lower(email)".into(), stored: false })
    );
    assert_eq!(con(users, "users_pk"), &ConstraintKind::PrimaryKey { columns: strings(&["id"]) });
    assert_eq!(
        con(users, "email_uq"),
        &ConstraintKind::Unique { columns: strings(&["org_id", "email"]), nulls_not_distinct: false, deferrable: None }
    );
    let mut fk_org = fk(&["org_id"], QName::new("orgs"), &["id"]);
    fk_org.on_delete = Some(FkAction::Cascade);
    fk_org.deferrable = Some(Deferrable::Deferred);
    assert_eq!(con(users, "fk_org"), &ConstraintKind::ForeignKey(fk_org));
    let implicit = ConstraintKind::ForeignKey(fk(&["neg"], QName::new("orgs"), &[]));
    assert!(users.constraints.iter().any(|c| c.name.is_none() && c.kind == implicit), "{:?}", users.constraints);
    let check = ConstraintKind::Check { expr: "score >= 0".into() };
    assert!(users.constraints.iter().any(|c| c.name.is_none() && c.kind == check));
    assert_eq!(users.indexes.len(), 2, "autoindexes of constraints are not indexes: {:?}", users.indexes);
    let partial = idx(users, "users_active_email");
    assert!(partial.unique);
    assert_eq!(partial.predicate.as_deref(), Some("active"));
    assert_eq!(
        partial.parts,
        vec![IndexPart { desc: true, ..IndexPart::column("email") }, IndexPart::column("created")]
    );
    assert_eq!(idx(users, "users_lower_email").parts, vec![part(IndexKey::Expression("lower(email)".into()))]);
    assert_eq!(s.views["active_users"].query, "SELECT id, email FROM users WHERE active");
    assert_eq!(s.views["active_users"].columns, ["id", "email"]);
    assert!(s.enums.is_empty() && s.extensions.is_empty());
}

const POSTGRES: &str = r#"
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE TYPE mood AS ENUM ('happy', 'sad', 'it''s');
CREATE SCHEMA audit;
CREATE TYPE audit.level AS ENUM ('low', 'high');
CREATE TABLE orgs (id serial PRIMARY KEY, name varchar(100) NOT NULL DEFAULT 'acme', code char(3) COLLATE "C" UNIQUE);
COMMENT ON TABLE orgs IS 'organisations';
COMMENT ON COLUMN orgs.name IS 'display name';
CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY,
  uid uuid NOT NULL DEFAULT gen_random_uuid(),
  org_id integer REFERENCES orgs (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  email text NOT NULL,
  handle varchar(30) DEFAULT 'x',
  score numeric(10,2) DEFAULT 0.5,
  neg integer DEFAULT -1,
  active boolean NOT NULL DEFAULT true,
  feeling mood DEFAULT 'happy',
  feelings mood[],
  tags varchar(20)[],
  data jsonb DEFAULT '{}',
  ratio real, precise double precision, small smallint GENERATED BY DEFAULT AS IDENTITY,
  bin bytea, span interval, born date, at time(3) with time zone,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated timestamp,
  vec tsvector,
  lower_email text GENERATED ALWAYS AS (lower(email)) STORED,
  CONSTRAINT users_pk PRIMARY KEY (id),
  CONSTRAINT email_uq UNIQUE (org_id, email),
  CONSTRAINT score_positive CHECK (score >= 0)
);
CREATE INDEX users_lower_email_idx ON users (lower(email));
CREATE INDEX users_active_idx ON users (created_at DESC NULLS LAST, email text_pattern_ops) INCLUDE (score) WHERE active;
CREATE UNIQUE INDEX users_uid_idx ON users USING btree (uid);
CREATE INDEX users_data_idx ON users USING gin (data);
CREATE TABLE audit.events (id bigserial PRIMARY KEY, user_id bigint REFERENCES users (id) ON UPDATE RESTRICT,
                           lvl audit.level, at date DEFAULT CURRENT_DATE);
CREATE VIEW active_users AS SELECT id, email FROM users WHERE active;
CREATE MATERIALIZED VIEW org_counts AS SELECT org_id, count(*) AS n FROM users GROUP BY org_id;
CREATE TABLE polymig_schema_version (version text);
"#;

#[tokio::test]
async fn postgres_schema_in_detail() {
    let Some(db) = TestDb::postgres() else { return };
    db.exec(POSTGRES).await.expect("script");
    let s = db.introspect().await;
    assert_eq!(s.tables.keys().collect::<Vec<_>>(), ["audit.events", "orgs", "users"]);
    assert_eq!(s.extensions.iter().collect::<Vec<_>>(), ["pgcrypto"], "plpgsql is not reported");
    assert_eq!(s.enums["mood"].values, strings(&["happy", "sad", "it's"]));
    assert_eq!(s.enums["audit.level"].name, QName::qualified("audit", "level"));

    let orgs = &s.tables["orgs"];
    assert_eq!(orgs.comment.as_deref(), Some("organisations"));
    let id = col(orgs, "id");
    assert_eq!(
        (id.data_type.clone(), id.auto_increment, id.default.clone()),
        (DataType::int(32), Some(AutoIncrement::Serial), None)
    );
    assert_eq!(col(orgs, "name").comment.as_deref(), Some("display name"));
    assert_eq!(col(orgs, "name").default, Some(DefaultExpr::String("acme".into())));
    assert_eq!(col(orgs, "name").collation, None, "the default collation is not reported");
    assert_eq!(col(orgs, "code").collation.as_deref(), Some("C"));
    assert_eq!(con(orgs, "orgs_pkey"), &ConstraintKind::PrimaryKey { columns: strings(&["id"]) });
    assert_eq!(
        con(orgs, "orgs_code_key"),
        &ConstraintKind::Unique { columns: strings(&["code"]), nulls_not_distinct: false, deferrable: None }
    );

    let users = &s.tables["users"];
    let types: Vec<(&str, DataType)> = users.columns.iter().map(|c| (c.name.as_str(), c.data_type.clone())).collect();
    let mood = || DataType::Enum { name: Some(QName::new("mood")), values: vec![] };
    assert_eq!(
        types,
        vec![
            ("id", DataType::int(64)),
            ("uid", DataType::Uuid),
            ("org_id", DataType::int(32)),
            ("email", DataType::Text),
            ("handle", DataType::varchar(Some(30))),
            ("score", DataType::Decimal { precision: Some(10), scale: Some(2) }),
            ("neg", DataType::int(32)),
            ("active", DataType::Boolean),
            ("feeling", mood()),
            ("feelings", DataType::Array { of: Box::new(mood()) }),
            ("tags", DataType::Array { of: Box::new(DataType::varchar(Some(20))) }),
            ("data", DataType::Json { binary: true }),
            ("ratio", DataType::Float { bits: 32 }),
            ("precise", DataType::Float { bits: 64 }),
            ("small", DataType::int(16)),
            ("bin", DataType::Binary { length: None, fixed: false }),
            ("span", DataType::Interval),
            ("born", DataType::Date),
            ("at", DataType::Time { tz: true, precision: Some(3) }),
            ("created_at", DataType::Timestamp { tz: true, precision: Some(3) }),
            ("updated", DataType::Timestamp { tz: false, precision: None }),
            ("vec", DataType::native("tsvector", Some(SqlDialect::Postgres))),
            ("lower_email", DataType::Text),
        ]
    );
    assert_eq!(col(users, "id").auto_increment, Some(AutoIncrement::IdentityAlways));
    assert_eq!(col(users, "small").auto_increment, Some(AutoIncrement::IdentityByDefault));
    assert!(!col(users, "id").nullable, "primary key columns are NOT NULL");
    let defaults: Vec<(&str, Option<DefaultExpr>)> =
        ["uid", "handle", "score", "neg", "active", "feeling", "data", "created_at", "updated"]
            .into_iter()
            .map(|c| (c, col(users, c).default.clone()))
            .collect();
    assert_eq!(
        defaults,
        vec![
            ("uid", Some(DefaultExpr::Sql("gen_random_uuid()".into()))),
            ("handle", Some(DefaultExpr::String("x".into()))),
            ("score", Some(DefaultExpr::Number("0.5".into()))),
            ("neg", Some(DefaultExpr::Number("-1".into()))),
            ("active", Some(DefaultExpr::Bool(true))),
            ("feeling", Some(DefaultExpr::String("happy".into()))),
            ("data", Some(DefaultExpr::String("{}".into()))),
            ("created_at", Some(DefaultExpr::CurrentTimestamp)),
            ("updated", None),
        ]
    );
    assert_eq!(
        col(users, "lower_email").generated,
        Some(GeneratedColumn { expr: "lower(email)".into(), stored: true })
    );
    assert_eq!(col(users, "lower_email").default, None);

    assert_eq!(con(users, "users_pk"), &ConstraintKind::PrimaryKey { columns: strings(&["id"]) });
    assert_eq!(
        con(users, "email_uq"),
        &ConstraintKind::Unique { columns: strings(&["org_id", "email"]), nulls_not_distinct: false, deferrable: None }
    );
    let mut fk_org = fk(&["org_id"], QName::new("orgs"), &["id"]);
    fk_org.on_delete = Some(FkAction::Cascade);
    fk_org.deferrable = Some(Deferrable::Deferred);
    assert_eq!(con(users, "users_org_id_fkey"), &ConstraintKind::ForeignKey(fk_org));
    assert!(matches!(con(users, "score_positive"), ConstraintKind::Check { expr } if expr.starts_with("score >= 0")));

    let names: Vec<&str> = users.indexes.iter().filter_map(|i| i.name.as_deref()).collect();
    assert_eq!(names, ["users_active_idx", "users_data_idx", "users_lower_email_idx", "users_uid_idx"]);
    let active = idx(users, "users_active_idx");
    assert_eq!(
        active.parts,
        vec![
            IndexPart { desc: true, nulls_first: Some(false), ..IndexPart::column("created_at") },
            IndexPart { opclass: Some("text_pattern_ops".into()), ..IndexPart::column("email") },
        ]
    );
    assert_eq!(active.include, strings(&["score"]));
    assert_eq!(active.predicate.as_deref(), Some("active"));
    assert_eq!(active.method, None);
    assert_eq!(idx(users, "users_data_idx").method.as_deref(), Some("gin"));
    assert_eq!(idx(users, "users_lower_email_idx").parts, vec![part(IndexKey::Expression("lower(email)".into()))]);
    assert!(idx(users, "users_uid_idx").unique);

    let events = s.table(&QName::qualified("audit", "events")).expect("audit.events");
    assert_eq!(events.name, QName::qualified("audit", "events"));
    assert_eq!(col(events, "id").auto_increment, Some(AutoIncrement::Serial));
    assert_eq!(col(events, "id").data_type, DataType::int(64));
    assert_eq!(
        col(events, "lvl").data_type,
        DataType::Enum { name: Some(QName::qualified("audit", "level")), values: vec![] }
    );
    assert_eq!(col(events, "at").default, Some(DefaultExpr::CurrentDate));
    let mut fk_user = fk(&["user_id"], QName::new("users"), &["id"]);
    fk_user.on_update = Some(FkAction::Restrict);
    assert_eq!(con(events, "events_user_id_fkey"), &ConstraintKind::ForeignKey(fk_user));

    assert!(!s.views["active_users"].materialized);
    assert!(s.views["active_users"].query.contains("FROM users"));
    assert!(s.views["org_counts"].materialized);
    assert_eq!(s.views["org_counts"].columns, ["org_id", "n"]);
}

const MYSQL: &str = r#"
CREATE TABLE orgs (id int AUTO_INCREMENT PRIMARY KEY, name varchar(100) NOT NULL DEFAULT 'it''s',
                   code char(3) COLLATE utf8mb4_bin) COMMENT 'organisations';
CREATE TABLE users (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  org_id int,
  email varchar(255) NOT NULL COMMENT 'login',
  active boolean NOT NULL DEFAULT true,
  tiny tinyint DEFAULT -1,
  mid mediumint unsigned,
  score decimal(10,2) DEFAULT 1.5,
  ratio float, precise double,
  doc json,
  status enum('new','old') NOT NULL DEFAULT 'new',
  bio mediumtext,
  raw varbinary(16), data blob,
  born date, at time(3), created datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  stamp timestamp NULL DEFAULT CURRENT_TIMESTAMP,
  age int CHECK (age > 0),
  double_age int GENERATED ALWAYS AS (age * 2) VIRTUAL,
  stored_age int AS (age + 1) STORED,
  PRIMARY KEY (id),
  CONSTRAINT fk_org FOREIGN KEY (org_id) REFERENCES orgs (id) ON DELETE SET NULL ON UPDATE CASCADE,
  UNIQUE KEY email_uq (email),
  CONSTRAINT age_limit CHECK (age < 200),
  KEY created_desc (created DESC, email(10)),
  FULLTEXT KEY bio_ft (bio)
);
CREATE UNIQUE INDEX org_email ON users (org_id, email);
CREATE TABLE members (user_id bigint unsigned NOT NULL, org_id int NOT NULL, PRIMARY KEY (user_id, org_id),
  FOREIGN KEY (user_id) REFERENCES users (id), FOREIGN KEY (org_id) REFERENCES orgs (id), CHECK (org_id > 0));
CREATE VIEW active_users AS SELECT id, email FROM users WHERE active;
CREATE TABLE _polymig_lock (id int);
"#;

#[tokio::test]
async fn mysql_schema_in_detail() {
    let Some(db) = TestDb::mysql() else { return };
    db.exec(MYSQL).await.expect("script");
    let s = db.introspect().await;
    assert_eq!(s.tables.keys().collect::<Vec<_>>(), ["members", "orgs", "users"]);

    let orgs = &s.tables["orgs"];
    assert_eq!(orgs.comment.as_deref(), Some("organisations"));
    assert_eq!(col(orgs, "id").auto_increment, Some(AutoIncrement::AutoIncrement));
    assert_eq!(col(orgs, "name").default, Some(DefaultExpr::String("it's".into())));
    assert_eq!(col(orgs, "name").collation, None, "the table's default collation is not reported");
    assert_eq!(col(orgs, "code").collation.as_deref(), Some("utf8mb4_bin"));
    assert_eq!(
        orgs.constraints,
        vec![Constraint {
            name: Some("PRIMARY".into()),
            kind: ConstraintKind::PrimaryKey { columns: strings(&["id"]) }
        }]
    );

    let users = &s.tables["users"];
    let types: Vec<(&str, DataType)> = users.columns.iter().map(|c| (c.name.as_str(), c.data_type.clone())).collect();
    assert_eq!(
        types,
        vec![
            ("id", DataType::Integer { bits: 64, unsigned: true }),
            ("org_id", DataType::int(32)),
            ("email", DataType::varchar(Some(255))),
            ("active", DataType::Boolean),
            ("tiny", DataType::int(8)),
            ("mid", DataType::Integer { bits: 24, unsigned: true }),
            ("score", DataType::Decimal { precision: Some(10), scale: Some(2) }),
            ("ratio", DataType::Float { bits: 32 }),
            ("precise", DataType::Float { bits: 64 }),
            ("doc", DataType::Json { binary: false }),
            ("status", DataType::Enum { name: None, values: strings(&["new", "old"]) }),
            ("bio", DataType::native("mediumtext", Some(SqlDialect::Mysql))),
            ("raw", DataType::Binary { length: Some(16), fixed: false }),
            ("data", DataType::Binary { length: None, fixed: false }),
            ("born", DataType::Date),
            ("at", DataType::Time { tz: false, precision: Some(3) }),
            ("created", DataType::Timestamp { tz: false, precision: Some(6) }),
            ("stamp", DataType::Timestamp { tz: true, precision: None }),
            ("age", DataType::int(32)),
            ("double_age", DataType::int(32)),
            ("stored_age", DataType::int(32)),
        ]
    );
    assert_eq!(col(users, "id").auto_increment, Some(AutoIncrement::AutoIncrement));
    assert_eq!(col(users, "email").comment.as_deref(), Some("login"));
    let defaults: Vec<(&str, Option<DefaultExpr>)> =
        ["org_id", "active", "tiny", "score", "status", "created", "stamp"]
            .into_iter()
            .map(|c| (c, col(users, c).default.clone()))
            .collect();
    assert_eq!(
        defaults,
        vec![
            ("org_id", None),
            ("active", Some(DefaultExpr::Number("1".into()))),
            ("tiny", Some(DefaultExpr::Number("-1".into()))),
            ("score", Some(DefaultExpr::Number("1.50".into()))),
            ("status", Some(DefaultExpr::String("new".into()))),
            ("created", Some(DefaultExpr::CurrentTimestamp)),
            ("stamp", Some(DefaultExpr::CurrentTimestamp)),
        ]
    );
    let generated = |c: &str| col(users, c).generated.clone().map(|g| (g.expr, g.stored));
    assert_eq!(generated("double_age"), Some(("\"age\" * 2".to_string(), false)), "canonical spelling");
    assert_eq!(generated("stored_age"), Some(("\"age\" + 1".to_string(), true)));

    assert_eq!(con(users, "PRIMARY"), &ConstraintKind::PrimaryKey { columns: strings(&["id"]) });
    assert_eq!(
        con(users, "email_uq"),
        &ConstraintKind::Unique { columns: strings(&["email"]), nulls_not_distinct: false, deferrable: None }
    );
    assert_eq!(
        con(users, "org_email"),
        &ConstraintKind::Unique { columns: strings(&["org_id", "email"]), nulls_not_distinct: false, deferrable: None },
        "a plain unique index is a UNIQUE constraint on MySQL"
    );
    let mut fk_org = fk(&["org_id"], QName::new("orgs"), &["id"]);
    fk_org.on_delete = Some(FkAction::SetNull);
    fk_org.on_update = Some(FkAction::Cascade);
    assert_eq!(con(users, "fk_org"), &ConstraintKind::ForeignKey(fk_org));
    assert_eq!(
        con(users, "age"),
        &ConstraintKind::Check { expr: "\"age\" > 0".into() },
        "MariaDB names inline checks after the column"
    );
    assert_eq!(con(users, "age_limit"), &ConstraintKind::Check { expr: "\"age\" < 200".into() });
    assert!(users.constraint("doc").is_none(), "MariaDB's json_valid check is folded into the Json type");

    let names: Vec<&str> = users.indexes.iter().filter_map(|i| i.name.as_deref()).collect();
    assert_eq!(names, ["bio_ft", "created_desc"], "FK-backing and unique indexes are not listed");
    assert_eq!(idx(users, "bio_ft").method.as_deref(), Some("fulltext"));
    assert_eq!(
        idx(users, "created_desc").parts,
        vec![
            IndexPart { desc: true, ..IndexPart::column("created") },
            IndexPart { length: Some(10), ..IndexPart::column("email") }
        ]
    );

    let members = &s.tables["members"];
    assert_eq!(con(members, "PRIMARY"), &ConstraintKind::PrimaryKey { columns: strings(&["user_id", "org_id"]) });
    assert_eq!(
        con(members, "members_ibfk_1"),
        &ConstraintKind::ForeignKey(fk(&["user_id"], QName::new("users"), &["id"]))
    );
    assert_eq!(
        con(members, "members_ibfk_2"),
        &ConstraintKind::ForeignKey(fk(&["org_id"], QName::new("orgs"), &["id"]))
    );
    assert_eq!(con(members, "CONSTRAINT_1"), &ConstraintKind::Check { expr: "\"org_id\" > 0".into() });
    assert!(members.indexes.is_empty(), "the index MySQL adds for a foreign key is not listed: {:?}", members.indexes);

    assert!(s.views["active_users"].query.contains("from \"users\""), "{}", s.views["active_users"].query);
    assert_eq!(s.views["active_users"].columns, ["id", "email"]);
}

#[tokio::test]
async fn mysql_on_update_and_fixed_binary() {
    let Some(db) = TestDb::mysql() else { return };
    db.exec(
        "CREATE TABLE tokens (id binary(16) NOT NULL PRIMARY KEY, code binary, seen datetime(3) \
         DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), touched timestamp NULL ON UPDATE now(), \
         plain timestamp NULL);",
    )
    .await
    .expect("script");
    let s = db.introspect().await;
    let t = &s.tables["tokens"];
    assert_eq!(col(t, "id").data_type, DataType::Binary { length: Some(16), fixed: true });
    assert_eq!(col(t, "code").data_type, DataType::Binary { length: Some(1), fixed: true });
    assert_eq!(col(t, "seen").on_update, Some(DefaultExpr::CurrentTimestamp));
    assert_eq!(col(t, "touched").on_update, Some(DefaultExpr::CurrentTimestamp));
    assert_eq!(col(t, "plain").on_update, None);
}

/// The same schema, hand-written per dialect.
fn portable_ddl(d: SqlDialect) -> String {
    let (auto, boolean) = match d {
        SqlDialect::Postgres => ("serial PRIMARY KEY", "boolean"),
        SqlDialect::Mysql => ("int AUTO_INCREMENT PRIMARY KEY", "boolean"),
        SqlDialect::Sqlite => ("INTEGER PRIMARY KEY AUTOINCREMENT", "boolean"),
    };
    format!(
        "CREATE TABLE teams (id {auto}, name varchar(80) NOT NULL, UNIQUE (name));
         CREATE TABLE players (
           id {auto},
           team_id int NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
           nick varchar(40) NOT NULL DEFAULT 'anon',
           active {boolean} NOT NULL DEFAULT true,
           rating decimal(6,2) DEFAULT 0,
           joined date,
           CHECK (rating >= 0)
         );
         CREATE INDEX players_nick_idx ON players (nick);"
    )
}

/// What replaying that DDL would build: unnamed constraints named by `naming` for `d`.
fn expected(d: SqlDialect) -> Schema {
    let mut teams = Table::new(QName::new("teams"));
    let mut id = Column::new("id", DataType::int(32));
    id.nullable = false;
    id.auto_increment =
        Some(if d == SqlDialect::Postgres { AutoIncrement::Serial } else { AutoIncrement::AutoIncrement });
    let mut name = Column::new("name", DataType::varchar(Some(80)));
    name.nullable = false;
    teams.columns = vec![id.clone(), name];
    let pk = Constraint { name: None, kind: ConstraintKind::PrimaryKey { columns: strings(&["id"]) } };
    let unique = ConstraintKind::Unique { columns: strings(&["name"]), nulls_not_distinct: false, deferrable: None };
    for c in [pk.clone(), Constraint { name: None, kind: unique }] {
        let name = naming::constraint_name(Some(d), &teams, &c);
        teams.constraints.push(Constraint { name: Some(name), ..c });
    }
    let mut players = Table::new(QName::new("players"));
    let mut team_id = Column::new("team_id", DataType::int(32));
    team_id.nullable = false;
    let mut nick = Column::new("nick", DataType::varchar(Some(40)));
    nick.nullable = false;
    nick.default = Some(DefaultExpr::String("anon".into()));
    let mut active = Column::new("active", DataType::Boolean);
    active.nullable = false;
    active.default = Some(DefaultExpr::Bool(true));
    let mut rating = Column::new("rating", DataType::Decimal { precision: Some(6), scale: Some(2) });
    rating.default = Some(DefaultExpr::Number("0".into()));
    players.columns = vec![id, team_id, nick, active, rating, Column::new("joined", DataType::Date)];
    let mut team_fk = fk(&["team_id"], QName::new("teams"), &["id"]);
    team_fk.on_delete = Some(FkAction::Cascade);
    let check = ConstraintKind::Check { expr: "rating >= 0".into() };
    for kind in [pk.kind, ConstraintKind::ForeignKey(team_fk), check] {
        let c = Constraint { name: None, kind };
        let name = naming::constraint_name(Some(d), &players, &c);
        players.constraints.push(Constraint { name: Some(name), ..c });
    }
    players.indexes.push(Index {
        name: Some("players_nick_idx".into()),
        table: QName::new("players"),
        parts: vec![IndexPart::column("nick")],
        unique: false,
        method: None,
        predicate: None,
        include: vec![],
        nulls_not_distinct: false,
    });
    let mut s = Schema::default();
    s.tables.insert("teams".into(), teams);
    s.tables.insert("players".into(), players);
    s
}

#[tokio::test]
async fn one_schema_on_every_database_matches_the_replayed_state() {
    for db in TestDb::all() {
        let d = db.dialect;
        db.exec(&portable_ddl(d)).await.unwrap_or_else(|e| panic!("{d}: {e}"));
        let live = db.introspect().await;
        let diff = differences(&normalize(&expected(d), d), &normalize(&live, d));
        assert_eq!(diff, Vec::<String>::new(), "{d}");
        // Un-normalized, the forms differ (SQLite keeps declared types; MySQL folds booleans).
        if d != SqlDialect::Postgres {
            assert!(!differences(&expected(d), &live).is_empty(), "{d}");
        }
        // A real change is still seen after normalizing.
        db.exec("ALTER TABLE players ADD COLUMN extra int").await.expect("alter");
        let changed = db.introspect().await;
        assert_eq!(
            differences(&normalize(&expected(d), d), &normalize(&changed, d)),
            vec!["table players: column extra: only in second".to_string()],
            "{d}"
        );
    }
}

fn database_exists(d: SqlDialect, name: &str) -> bool {
    let (admin, sql) = match d {
        SqlDialect::Postgres => (
            std::env::var("POLYMIG_TEST_PG_URL").unwrap_or_else(|_| support::PG_ADMIN_URL.into()),
            format!("SELECT 1 FROM pg_database WHERE datname = '{name}'"),
        ),
        _ => (
            std::env::var("POLYMIG_TEST_MYSQL_URL").unwrap_or_else(|_| support::MYSQL_ADMIN_URL.into()),
            format!("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{name}'"),
        ),
    };
    support::block_on(async move {
        use sqlx::Connection;
        let rows = match d {
            SqlDialect::Postgres => {
                let mut c = sqlx::PgConnection::connect(&admin).await.expect("admin");
                sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&mut c).await.expect("query").len()
            }
            _ => {
                let mut c = sqlx::MySqlConnection::connect(&admin).await.expect("admin");
                sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&mut c).await.expect("query").len()
            }
        };
        rows > 0
    })
}

#[test]
fn throwaway_databases_are_dropped_even_when_a_test_panics() {
    for d in [SqlDialect::Postgres, SqlDialect::Mysql] {
        let Some(db) = TestDb::for_dialect(d) else { continue };
        let name = db.name.clone();
        assert!(name.starts_with(&format!("polymig_t_{}_", std::process::id())), "{name}");
        db.exec_blocking("CREATE TABLE t (id int PRIMARY KEY)").expect("create");
        assert_eq!(db.introspect_blocking().tables.len(), 1);
        assert!(database_exists(d, &name));
        let panicked = std::thread::spawn(move || {
            let _db = db;
            panic!("test failure inside a live test");
        })
        .join();
        assert!(panicked.is_err());
        assert!(!database_exists(d, &name), "{d}: {name} was not dropped");
    }
}

#[test]
fn sqlite_file_lives_as_long_as_the_testdb() {
    let db = TestDb::sqlite();
    let path = std::path::PathBuf::from(&db.name);
    db.exec_blocking("CREATE TABLE t (a text); CREATE TABLE u (b text);").expect("script");
    assert_eq!(db.introspect_blocking().tables.keys().collect::<Vec<_>>(), ["t", "u"]);
    assert!(path.exists());
    drop(db);
    assert!(!path.exists());
}

#[tokio::test]
async fn quoted_identifiers_keep_their_exact_names() {
    for db in TestDb::all() {
        let d = db.dialect;
        let sql = match d {
            SqlDialect::Mysql => {
                "CREATE TABLE `Mixed Case` (`select` int PRIMARY KEY, `a\"b` varchar(10) UNIQUE, `c``d` int DEFAULT 3);
                 CREATE INDEX `odd idx` ON `Mixed Case` (`c``d`);"
            }
            _ => {
                r#"CREATE TABLE "Mixed Case" ("select" int PRIMARY KEY, "a""b" varchar(10) UNIQUE, "c`d" int DEFAULT 3);
                   CREATE INDEX "odd idx" ON "Mixed Case" ("c`d");"#
            }
        };
        db.exec(sql).await.unwrap_or_else(|e| panic!("{d}: {e}"));
        let s = db.introspect().await;
        let t = &s.tables["Mixed Case"];
        let cd = "c`d";
        assert_eq!(column_names(t), ["select", "a\"b", cd], "{d}");
        assert_eq!(t.primary_key().map(|c| c.columns().to_vec()), Some(strings(&["select"])), "{d}");
        assert!(
            t.constraints
                .iter()
                .any(|c| matches!(&c.kind, ConstraintKind::Unique { columns, .. } if columns == &strings(&["a\"b"]))),
            "{d}: {:?}",
            t.constraints
        );
        assert_eq!(col(t, cd).default, Some(DefaultExpr::Number("3".into())), "{d}");
        assert_eq!(idx(t, "odd idx").parts, vec![IndexPart::column(cd)], "{d}");
    }
}

#[tokio::test]
async fn postgres_nulls_not_distinct() {
    let Some(db) = TestDb::postgres() else { return };
    let version: i32 = {
        use sqlx::Connection;
        let mut c = sqlx::PgConnection::connect(&db.url).await.expect("connect");
        let v: String = sqlx::query_scalar("SHOW server_version_num").fetch_one(&mut c).await.expect("version");
        v.parse().expect("number")
    };
    if version < 150000 {
        eprintln!("skipping: NULLS NOT DISTINCT needs PostgreSQL 15 (server is {version})");
        return;
    }
    db.exec(
        "CREATE TABLE t (a int, b int, CONSTRAINT t_a_key UNIQUE NULLS NOT DISTINCT (a));
         CREATE UNIQUE INDEX t_b_idx ON t (b) NULLS NOT DISTINCT;",
    )
    .await
    .expect("script");
    let s = db.introspect().await;
    let t = &s.tables["t"];
    assert_eq!(
        con(t, "t_a_key"),
        &ConstraintKind::Unique { columns: strings(&["a"]), nulls_not_distinct: true, deferrable: None }
    );
    assert!(idx(t, "t_b_idx").nulls_not_distinct);
}

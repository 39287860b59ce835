use super::*;
use crate::host::{EvalConfig, Evaluator, Language, parse};
use crate::ir::SqlDialect::*;

/// Evaluate a Python type expression with the usual imports.
fn ty(expr: &str, target: Option<SqlDialect>) -> Result<TypeSpec, String> {
    let src = format!(
        "import sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql, mysql\nfrom sqlalchemy.dialects.postgresql import JSONB\nx = {expr}\n"
    );
    let m = parse(Language::Python, "t.py", &src);
    let ev = Evaluator::new(&m, EvalConfig::new(target));
    resolve(ev.global("x").expect("x"), target)
}

fn dt(expr: &str, target: Option<SqlDialect>) -> DataType {
    ty(expr, target).expect(expr).data_type
}

#[test]
fn generic_types_match_sqlalchemy_rendering() {
    use DataType as T;
    assert_eq!(dt("sa.Integer", None), T::int(32));
    assert_eq!(dt("sa.BigInteger()", Some(Mysql)), T::int(64));
    assert_eq!(dt("sa.String(50)", None), T::varchar(Some(50)));
    assert_eq!(dt("sa.String(length=7)", None), T::varchar(Some(7)));
    assert_eq!(dt("sa.Unicode()", None), T::varchar(None));
    assert_eq!(dt("sa.Text", None), T::Text);
    assert_eq!(dt("sa.Numeric(10, 2)", None), T::Decimal { precision: Some(10), scale: Some(2) });
    assert_eq!(dt("sa.Boolean()", Some(Sqlite)), T::Boolean);
    assert_eq!(dt("sa.LargeBinary", None), T::Binary { length: None, fixed: false });
    assert_eq!(dt("mysql.BINARY(16)", Some(Mysql)), T::Binary { length: Some(16), fixed: true });
    assert_eq!(dt("sa.JSON", None), T::Json { binary: false });
    assert_eq!(dt("JSONB", None), T::Json { binary: true });
    assert_eq!(dt("postgresql.JSONB(astext_type=sa.Text())", None), T::Json { binary: true });
    assert_eq!(dt("sa.ARRAY(sa.Integer)", None), T::Array { of: Box::new(T::int(32)) });
    assert_eq!(dt("postgresql.TSVECTOR", None), T::native("tsvector", Some(Postgres)));
    assert_eq!(dt("mysql.INTEGER(unsigned=True)", Some(Mysql)), T::Integer { bits: 32, unsigned: true });
    assert_eq!(dt("mysql.TINYINT(1)", Some(Mysql)), T::int(8));
    assert_eq!(dt("mysql.DATETIME(fsp=6)", Some(Mysql)), T::Timestamp { tz: false, precision: Some(6) });
}

#[test]
fn dialect_dependent_types() {
    use DataType as T;
    let ts = "sa.DateTime(timezone=True)";
    assert_eq!(dt(ts, Some(Postgres)), T::Timestamp { tz: true, precision: None });
    assert_eq!(dt(ts, Some(Mysql)), T::Timestamp { tz: false, precision: None });
    assert_eq!(dt("sa.Uuid()", Some(Postgres)), T::Uuid);
    assert_eq!(dt("sa.Uuid()", Some(Sqlite)), T::Char { length: Some(32) });
    assert_eq!(dt("sa.Float()", Some(Mysql)), T::Float { bits: 32 });
    assert_eq!(dt("sa.Float()", Some(Postgres)), T::Float { bits: 64 });
    assert_eq!(dt("sa.Float(precision=53)", Some(Mysql)), T::Float { bits: 64 });
    assert_eq!(dt("sa.Interval()", Some(Sqlite)), T::Timestamp { tz: false, precision: None });
    assert_eq!(dt("sa.TIMESTAMP()", Some(Mysql)), T::Timestamp { tz: true, precision: None });
    assert_eq!(dt("sa.TIMESTAMP(timezone=True)", Some(Postgres)), T::Timestamp { tz: true, precision: None });
}

#[test]
fn enums_native_and_not() {
    let spec = ty("sa.Enum('a', 'bb', name='k', native_enum=False)", Some(Postgres)).expect("enum");
    assert_eq!(spec.data_type, DataType::varchar(Some(2)));
    let spec = ty("postgresql.ENUM('x', name='k', create_type=False)", Some(Postgres)).expect("enum");
    assert!(!spec.enum_spec.expect("spec").create_type);
    let spec = ty("sa.Enum(*['p', 'q'], name='k')", Some(Mysql)).expect("enum");
    assert_eq!(spec.data_type, DataType::Enum { name: None, values: vec!["p".into(), "q".into()] });
    assert!(ty("sa.Enum(MyEnum, name='k')", None).is_err());
}

#[test]
fn collation_and_unknowns() {
    let spec = ty("sa.String(20, collation='C')", None).expect("string");
    assert_eq!(spec.collation.as_deref(), Some("C"));
    assert!(ty("'not a type'", None).is_err());
    assert!(ty("sa.Geometry()", None).is_err());
}

#[test]
fn type_map_comes_before_the_class_name_fallback() {
    let src = "from myapp.db.types import GUID, JsonBlob, UUID\nx = GUID()\ny = JsonBlob\nz = UUID(as_uuid=True)\n";
    let m = parse(Language::Python, "t.py", src);
    let ev = Evaluator::new(&m, EvalConfig::new(None));
    let map: TypeMap =
        [("myapp.db.types.GUID", "sa.String(36)"), ("JsonBlob", "postgresql.JSONB()"), ("Broken", "sa.String((")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
    let x = resolve_in(ev.global("x").unwrap(), Some(Postgres), &map).unwrap();
    assert_eq!(x.data_type, DataType::varchar(Some(36)));
    assert_eq!(x.note, None, "a mapped type needs no note");
    let y = resolve_in(ev.global("y").unwrap(), None, &map).unwrap();
    assert_eq!(y.data_type, DataType::Json { binary: true });
    // Without the map, GUID still resolves by its class name, with a note.
    let x = resolve(ev.global("x").unwrap(), None).unwrap();
    assert_eq!(x.data_type, DataType::Uuid);
    assert!(x.note.as_deref().is_some_and(|n| n.contains("by its class name")));
    // Not in the map: the class-name fallback still applies.
    let z = resolve_in(ev.global("z").unwrap(), None, &map).unwrap();
    assert_eq!(z.data_type, DataType::Uuid);
    assert!(z.note.is_some());
    // A class-name entry does not override SQLAlchemy's own types.
    let sa_map: TypeMap = [("String".to_string(), "sa.Text()".to_string())].into_iter().collect();
    let src = "import sqlalchemy as sa\nfrom myapp import Broken\ns = sa.String(5)\nb = Broken()\n";
    let m = parse(Language::Python, "t.py", src);
    let ev = Evaluator::new(&m, EvalConfig::new(None));
    assert_eq!(resolve_in(ev.global("s").unwrap(), None, &sa_map).unwrap().data_type, DataType::varchar(Some(5)));
    let err = resolve_in(ev.global("b").unwrap(), None, &map).unwrap_err();
    assert!(err.contains("not a SQLAlchemy type expression"), "{err}");
}

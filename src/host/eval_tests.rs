use crate::host::{Effect, EvalConfig, Evaluator, Language, Value, parse};
use crate::ir::SqlDialect;

/// Render a value compactly for assertions.
pub(crate) fn show(v: &Value) -> String {
    match v {
        Value::Str(s) => format!("{s:?}"),
        Value::Number(n) => n.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Nil => "nil".into(),
        Value::Symbol(s) => format!(":{s}"),
        Value::List(xs) => format!("[{}]", xs.iter().map(show).collect::<Vec<_>>().join(", ")),
        Value::Map(m) => {
            format!("{{{}}}", m.iter().map(|(k, v)| format!("{}: {}", show(k), show(v))).collect::<Vec<_>>().join(", "))
        }
        Value::Call(c) => {
            let mut args: Vec<String> = c.args.iter().map(show).collect();
            args.extend(c.kwargs.iter().map(|(k, v)| format!("{k}={}", show(v))));
            format!("{}({})", c.callee.path().unwrap_or_default(), args.join(", "))
        }
        Value::Unknown(r) => format!("?({r})"),
        other => other.path().unwrap_or_else(|| format!("{other:?}")),
    }
}

/// Render effects one per line.
pub(crate) fn describe(effects: &[Effect]) -> Vec<String> {
    let mut out = Vec::new();
    for e in effects {
        match e {
            Effect::Call(c) => {
                out.push(show(&Value::Call(c.call.clone())));
                if let Some(b) = &c.block {
                    out.push(format!("  do |{}|", b.params.join(", ")));
                    out.extend(describe(&b.effects).into_iter().map(|l| format!("    {l}")));
                }
            }
            Effect::Opaque { reason, span, .. } => out.push(format!("OPAQUE@{}: {reason}", span.line)),
            Effect::ByDialect { branches, otherwise, .. } => {
                for (ds, fx) in branches {
                    let names: Vec<&str> = ds.iter().map(|d| d.as_str()).collect();
                    out.push(format!("WHEN {}", names.join("|")));
                    out.extend(describe(fx).into_iter().map(|l| format!("  {l}")));
                }
                out.push("ELSE".into());
                out.extend(describe(otherwise).into_iter().map(|l| format!("  {l}")));
            }
        }
    }
    out
}

fn upgrade(src: &str, target: Option<SqlDialect>) -> Vec<String> {
    let m = parse(Language::Python, "m.py", src);
    let mut ev = Evaluator::new(&m, EvalConfig::new(target));
    describe(&ev.run("upgrade").expect("upgrade()"))
}

#[test]
fn constants_concatenation_and_fstrings_fold() {
    let src = r#"
TABLE = "users"
PREFIX = "ix_" + TABLE
def upgrade():
    col = "email"
    op.create_index(f"{PREFIX}_{col}", TABLE, [col], unique=True)
    op.execute("UPDATE {} SET x = {}".format(TABLE, 1))
    op.execute("DELETE FROM %s WHERE id = %d" % (TABLE, 3))
    op.execute(textwrap.dedent("""
        SELECT 1
    """))
"#;
    assert_eq!(
        upgrade(src, None),
        [
            r#"op.create_index("ix_users_email", "users", ["email"], unique=true)"#,
            r#"op.execute("UPDATE users SET x = 1")"#,
            r#"op.execute("DELETE FROM users WHERE id = 3")"#,
            r#"op.execute("\nSELECT 1\n")"#,
        ]
    );
}

#[test]
fn loops_over_literal_collections_unroll() {
    let src = r#"
TABLES = ["a", "b"]
def upgrade():
    for t in TABLES:
        op.add_column(t, sa.Column("x", sa.Integer()))
    for name, kind in [("c", "int"), ("d", "text")]:
        if kind == "text":
            continue
        op.drop_column("t", name)
    for i in range(2):
        op.execute(f"SELECT {i}")
"#;
    assert_eq!(
        upgrade(src, None),
        [
            r#"op.add_column("a", sa.Column("x", sa.Integer()))"#,
            r#"op.add_column("b", sa.Column("x", sa.Integer()))"#,
            r#"op.drop_column("t", "c")"#,
            r#"op.execute("SELECT 0")"#,
            r#"op.execute("SELECT 1")"#,
        ]
    );
}

#[test]
fn dialect_branches_resolve_for_a_target() {
    let src = r#"
def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION x")
    elif bind.dialect.name in ("mysql", "mariadb"):
        op.execute("SET y")
    else:
        op.execute("PRAGMA z")
"#;
    assert_eq!(upgrade(src, Some(SqlDialect::Postgres)), [r#"op.execute("CREATE EXTENSION x")"#]);
    assert_eq!(upgrade(src, Some(SqlDialect::Mysql)), [r#"op.execute("SET y")"#]);
    assert_eq!(upgrade(src, Some(SqlDialect::Sqlite)), [r#"op.execute("PRAGMA z")"#]);
    assert_eq!(
        upgrade(src, None),
        [
            "WHEN postgres",
            r#"  op.execute("CREATE EXTENSION x")"#,
            "WHEN mysql",
            r#"  op.execute("SET y")"#,
            "ELSE",
            r#"  op.execute("PRAGMA z")"#,
        ]
    );
}

#[test]
fn early_return_on_dialect_takes_the_rest_of_the_body() {
    let src = r#"
def upgrade():
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION x")
    op.execute("SELECT 1")
"#;
    assert_eq!(upgrade(src, Some(SqlDialect::Sqlite)), Vec::<String>::new());
    assert_eq!(upgrade(src, Some(SqlDialect::Postgres)).len(), 2);
    assert_eq!(
        upgrade(src, None),
        ["WHEN mysql|sqlite", "ELSE", r#"  op.execute("CREATE EXTENSION x")"#, r#"  op.execute("SELECT 1")"#]
    );
}

#[test]
fn dialect_tests_combine_with_not_and_or() {
    let src = r#"
def upgrade():
    is_pg = op.get_bind().dialect.name.startswith("postgres")
    if not is_pg and op.get_bind().dialect.name != "mysql":
        op.execute("sqlite only")
"#;
    assert_eq!(upgrade(src, None), ["WHEN sqlite", r#"  op.execute("sqlite only")"#, "ELSE"]);
}

#[test]
fn local_helpers_are_inlined() {
    let src = r#"
def _ts(name, nullable=False):
    return sa.Column(name, sa.DateTime(), nullable=nullable)

def _add(table, *cols):
    for c in cols:
        op.add_column(table, c)

def upgrade():
    _add("t", _ts("created_at"), _ts("deleted_at", nullable=True))
"#;
    assert_eq!(
        upgrade(src, None),
        [
            r#"op.add_column("t", sa.Column("created_at", sa.DateTime(), nullable=false))"#,
            r#"op.add_column("t", sa.Column("deleted_at", sa.DateTime(), nullable=true))"#,
        ]
    );
}

#[test]
fn with_blocks_carry_their_body() {
    let src = r#"
def upgrade():
    with op.batch_alter_table("t", recreate="always") as batch_op:
        batch_op.drop_column("c")
"#;
    assert_eq!(
        upgrade(src, None),
        [
            r#"op.batch_alter_table("t", recreate="always")"#,
            "  do |batch_op|",
            r#"    op.batch_alter_table().drop_column("c")"#,
        ]
    );
}

#[test]
fn runtime_dependent_code_becomes_opaque() {
    let src = r#"
def upgrade():
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id FROM t")).fetchall()
    for row in rows:
        conn.execute(sa.text("UPDATE t SET x = 1 WHERE id = :id"), {"id": row[0]})
    insp = sa.inspect(conn)
    if "t" not in insp.get_table_names():
        op.create_table("t")
    while True:
        op.execute("x")
    try:
        op.drop_table("y")
    except Exception:
        pass
    raise NotImplementedError()
"#;
    let got = upgrade(src, None);
    assert_eq!(got.len(), 5, "{got:#?}");
    assert!(got[0].starts_with("OPAQUE@5: loop not unrolled"), "{got:#?}");
    assert!(got[1].starts_with("OPAQUE@8: branch on `\"t\" not in insp.get_table_names()`"), "{got:#?}");
    assert!(got[1].contains("reads the live database schema"), "{got:#?}");
    assert!(got[2].starts_with("OPAQUE@10: `while`"));
    assert!(got[3].starts_with("OPAQUE@12: try/except"));
    assert!(got[4].starts_with("OPAQUE@16: raises"));
}

#[test]
fn assigned_calls_can_be_effects() {
    let src = "def upgrade():\n    t = op.create_table('t')\n    op.bulk_insert(t, [{'id': 1}])\n";
    let m = parse(Language::Python, "m.py", src);
    let mut cfg = EvalConfig::new(None);
    cfg.effect_in_expression = |c| c.method() == "create_table";
    let mut ev = Evaluator::new(&m, cfg);
    let got = describe(&ev.run("upgrade").expect("upgrade"));
    assert_eq!(got, [r#"op.create_table("t")"#, r#"op.bulk_insert(op.create_table("t"), [{"id": 1}])"#]);
}

#[test]
fn runaway_loops_stop_at_the_budget() {
    let src =
        "def upgrade():\n    for i in range(10000):\n        for j in range(10000):\n            op.execute('x')\n";
    let got = upgrade(src, None);
    assert!(got.last().is_some_and(|l| l.contains("budget")), "{:?}", got.last());
}

#[test]
fn recursion_is_bounded() {
    let src = "def f(n):\n    f(n)\n    op.execute('x')\n\ndef upgrade():\n    f(1)\n";
    let got = upgrade(src, None);
    assert!(got.iter().any(|l| l.contains("too deeply")), "{got:?}");
}

#[test]
fn python_bitwise_operators_on_symbolic_objects_stay_symbolic() {
    let src = r#"
def upgrade():
    op.check(~Q(a=1) & (Q(b__gt=2) | Q(c=None)))
    op.check(Q(a=1) & 3)
    op.check(~5)
"#;
    fn tree(v: &Value) -> String {
        match v {
            Value::Call(c) => {
                let callee = match &c.callee {
                    Value::Attr(recv, m) => format!("{}.{m}", tree(recv)),
                    other => show(other),
                };
                let mut args: Vec<String> = c.args.iter().map(tree).collect();
                args.extend(c.kwargs.iter().map(|(k, v)| format!("{k}={}", tree(v))));
                format!("{callee}({})", args.join(", "))
            }
            other => show(other),
        }
    }
    let m = parse(Language::Python, "m.py", src);
    let mut ev = Evaluator::new(&m, EvalConfig::new(None));
    let effects = ev.run("upgrade").expect("upgrade()");
    let args: Vec<String> = effects
        .iter()
        .map(|e| match e {
            Effect::Call(c) => tree(&c.call.args[0]),
            _ => "?".into(),
        })
        .collect();
    assert_eq!(
        args,
        [
            "Q(a=1).__invert__().__and__(Q(b__gt=2).__or__(Q(c=nil)))",
            "?(an operation on values known only at run time)",
            "?(unsupported unary operator)",
        ]
    );
}

use crate::host::tree::{Arg, BinOp, NodeKind, StrPart};
use crate::host::{Language, Module, parse};

fn py(src: &str) -> Module {
    parse(Language::Python, "m.py", src)
}

fn first_call(m: &Module) -> &crate::host::tree::Call {
    m.body
        .iter()
        .find_map(|n| match &n.kind {
            NodeKind::Call(c) => Some(c),
            _ => None,
        })
        .expect("a call statement")
}

#[test]
fn lowers_calls_with_positional_keyword_and_splat_arguments() {
    let m = py("op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True), *cols, **kw)\n");
    assert!(m.diagnostics.is_empty());
    let call = first_call(&m);
    assert_eq!(call.callee.dotted().as_deref(), Some("op.create_table"));
    assert_eq!(call.args.len(), 4);
    assert!(matches!(&call.args[0], Arg::Pos(n) if n.as_str() == Some("t")));
    let Arg::Pos(col) = &call.args[1] else { panic!("column") };
    let NodeKind::Call(col) = &col.kind else { panic!("column call") };
    assert!(matches!(&col.args[2], Arg::Kw(k, v) if k == "primary_key" && v.kind == NodeKind::Bool(true)));
    assert!(matches!(call.args[2], Arg::Splat(_)));
    assert!(matches!(call.args[3], Arg::KwSplat(_)));
}

#[test]
fn spans_point_at_statement_starts() {
    let m = py("x = 1\n\n    \nif x:\n    op.drop_table('t')\n");
    let NodeKind::If { then, .. } = &m.body[1].kind else { panic!("if") };
    assert_eq!((then[0].span.line, then[0].span.column), (5, 5));
    assert_eq!(then[0].span.file, "m.py");
    assert_eq!(m.body[1].span.line, 4);
}

#[test]
fn strings_decode_escapes_prefixes_and_concatenation() {
    let m = py("a = 'x\\ny'\nb = r'\\d'\nc = 'a' \"b\"\nd = \"\"\"doc\nline\"\"\"\ne = b'\\x41'\n");
    let vals: Vec<_> = m
        .body
        .iter()
        .map(|n| match &n.kind {
            NodeKind::Assign { value, .. } => value.as_str().map(str::to_string),
            _ => None,
        })
        .collect();
    assert_eq!(
        vals,
        vec![Some("x\ny".into()), Some("\\d".into()), Some("ab".into()), Some("doc\nline".into()), Some("A".into())]
    );
}

#[test]
fn fstrings_keep_interpolations_and_unescape_braces() {
    let m = py("s = f'a{b!r}c{{}}{d:>3}'\n");
    let NodeKind::Assign { value, .. } = &m.body[0].kind else { panic!() };
    let NodeKind::Interp(parts) = &value.kind else { panic!("interp: {:?}", value.kind) };
    assert!(matches!(&parts[0], StrPart::Lit(s) if s == "a"));
    assert!(matches!(&parts[1], StrPart::Expr { conversion: Some('r'), .. }));
    assert!(matches!(&parts[2], StrPart::Lit(s) if s == "c{}"));
    assert!(matches!(&parts[3], StrPart::Expr { spec: Some(s), .. } if s == ">3"));
}

#[test]
fn if_elif_else_nests_and_comparisons_chain() {
    let m = py("if a == 1:\n    pass\nelif b not in (1, 2):\n    pass\nelse:\n    x = 1 < y <= 3\n");
    let NodeKind::If { cond, otherwise, .. } = &m.body[0].kind else { panic!() };
    assert!(matches!(cond.kind, NodeKind::Binary { op: BinOp::Eq, .. }));
    let NodeKind::If { cond, otherwise, .. } = &otherwise[0].kind else { panic!("elif") };
    assert!(matches!(cond.kind, NodeKind::Binary { op: BinOp::NotIn, .. }));
    let NodeKind::Assign { value, .. } = &otherwise[0].kind else { panic!("else") };
    assert!(matches!(value.kind, NodeKind::Binary { op: BinOp::And, .. }));
}

#[test]
fn imports_bind_local_names_to_full_paths() {
    let m = py(
        "import sqlalchemy as sa\nimport os.path\nfrom sqlalchemy.dialects import postgresql as pg, mysql\nfrom . import x\n",
    );
    let all: Vec<(String, String)> = m
        .body
        .iter()
        .flat_map(|n| match &n.kind {
            NodeKind::Import(p) => p.clone(),
            _ => Vec::new(),
        })
        .collect();
    let want = [
        ("sa", "sqlalchemy"),
        ("os", "os"),
        ("pg", "sqlalchemy.dialects.postgresql"),
        ("mysql", "sqlalchemy.dialects.mysql"),
        ("x", ".x"),
    ];
    assert_eq!(all, want.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>());
}

#[test]
fn functions_with_and_loops_lower() {
    let src = "def f(a, b=2, *rest, c, **kw):\n    with op.batch_alter_table('t') as b:\n        b.drop_column('c')\n    for x, y in pairs:\n        pass\n";
    let m = py(src);
    let f = m.function("f").expect("f");
    assert_eq!(f.params.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["a", "b", "rest", "c", "kw"]);
    let NodeKind::With { items, body } = &f.body[0].kind else { panic!("with") };
    assert_eq!(items[0].1.as_ref().and_then(|a| a.dotted()).as_deref(), Some("b"));
    assert_eq!(body.len(), 1);
    let NodeKind::For { target, .. } = &f.body[1].kind else { panic!("for") };
    assert!(matches!(&target.kind, NodeKind::List(xs) if xs.len() == 2));
}

#[test]
fn docstring_is_the_first_string_statement() {
    let m = py("\"\"\"add users\n\nRevision ID: abc\n\"\"\"\nrevision = 'abc'\n");
    assert_eq!(m.docstring(), Some("add users\n\nRevision ID: abc\n"));
}

#[test]
fn syntax_errors_are_diagnostics_not_failures() {
    let m = py("def upgrade():\n    op.add_column('t', +)\n    op.drop_table('x')\n\ndef downgrade():\n    pass\n");
    assert!(!m.diagnostics.is_empty());
    let d = &m.diagnostics[0];
    assert_eq!(d.code, "syntax-error");
    assert!(d.span.as_ref().is_some_and(|s| s.file == "m.py" && s.line >= 1));
    assert_eq!(m.diagnostics.len(), 1);
    assert_eq!(d.span.as_ref().map(|s| (s.line, s.column)), Some((2, 24)));
    let up = m.function("upgrade").expect("upgrade");
    assert_eq!(up.body[0].kind, NodeKind::Error, "the broken statement is one Error node");
    assert!(matches!(up.body[1].kind, NodeKind::Call(_)), "the next statement is intact");
    assert!(m.function("downgrade").is_some(), "the rest of the file is still lowered");
}

#[test]
fn hostile_input_never_panics() {
    let deep = format!("x = {}1{}\n", "(".repeat(5000), ")".repeat(5000));
    let deep_list = format!("x = {}{}\n", "[".repeat(3000), "]".repeat(3000));
    for src in [
        deep.as_str(),
        deep_list.as_str(),
        "\u{0}\u{feff}def (:\n",
        "f'{'",
        "'''unterminated",
        "é = 'é'\nop.x(é)",
        "\\",
        "",
    ] {
        let _ = py(src);
    }
}

#[test]
fn a_function_whose_body_is_broken_keeps_an_error_node() {
    let m =
        py("x = 1\n\ndef upgrade():\n    op.add_column('t', sa.Column('a', sa.Integer())\n    op.drop_table('old')\n");
    let f = m.function("upgrade").expect("upgrade");
    assert!(matches!(f.body.first().map(|n| &n.kind), Some(NodeKind::Error)), "{:?}", f.body);
}

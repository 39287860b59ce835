//! Finding TypeORM migration classes in a lowered module, in the three shapes
//! TypeScript and `tsc` produce:
//!
//! - `export class Init1700000000000 implements MigrationInterface { name = "…"; async up(queryRunner) {…} }`
//!   (TypeScript, and ES2017+ output where fields move into `constructor() { this.name = "…"; }`),
//! - ES5 output: `var Init = /** @class */ (function () { function Init() { this.name = "…"; }
//!   Init.prototype.up = function (queryRunner) { return __awaiter(…, function () { return
//!   __generator(this, function (_a) { switch (_a.label) { case 0: return [4 /*yield*/, …]; … } }) }) }; … }())`.
//!
//! The ES5 `__awaiter`/`__generator` state machine is turned back into straight-line
//! statements ([`super::generator`]); `x instanceof PostgresDriver` on the connection's
//! driver becomes a test on `queryRunner.connection.options.type` ([`rewrite_instanceof`]).

use std::rc::Rc;

use crate::host::tree::{BinOp, Function, Node, NodeKind};
use crate::host::{Module, Value};
use crate::ir::Span;

/// One migration class: its name, fields and methods.
#[derive(Debug, Clone)]
pub struct MigrationClass {
    /// `Init1700000000000`.
    pub name: String,
    /// Where the class is defined.
    pub span: Span,
    /// Field initialisers: `name = "…"`, `transaction = false`, constructor `this.x = …`.
    pub fields: Vec<(String, Node)>,
    /// Methods (`up`, `down`, helpers), ES5 ones already flattened.
    pub methods: Vec<Rc<Function>>,
    /// A problem with a method's shape (ES5 generator control flow), per method name.
    pub problems: Vec<(String, String)>,
}

impl MigrationClass {
    /// The method named `name`.
    pub fn method(&self, name: &str) -> Option<&Rc<Function>> {
        self.methods.iter().find(|f| f.name == name)
    }

    /// The field initialiser named `name`.
    pub fn field(&self, name: &str) -> Option<&Node> {
        self.fields.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

/// Every class in `module` that has an `up` method.
pub fn find(module: &Module) -> Vec<MigrationClass> {
    let mut out = Vec::new();
    for stmt in &module.body {
        collect(module, stmt, &mut out);
    }
    out.retain(|c| c.method("up").is_some());
    for c in &mut out {
        let names: Vec<String> = c.methods.iter().map(|f| f.name.clone()).collect();
        for f in &mut c.methods {
            Rc::make_mut(f).body.iter_mut().for_each(|s| rewrite_this_calls(s, &names));
        }
    }
    out
}

fn collect(module: &Module, stmt: &Node, out: &mut Vec<MigrationClass>) {
    match &stmt.kind {
        NodeKind::Class { name, body, .. } => out.push(es_class(module, name, stmt, body)),
        NodeKind::Assign { target, value } => match &value.kind {
            NodeKind::Class { name, body, .. } => {
                let name = if name.is_empty() { target.dotted().unwrap_or_default() } else { name.clone() };
                out.push(es_class(module, &name, value, body));
            }
            NodeKind::Call(call) => {
                if let (NodeKind::Lambda(f), Some(name)) = (&call.callee.kind, target.dotted()) {
                    let name = name.rsplit('.').next().unwrap_or(&name).to_string();
                    if let Some(c) = es5_class(module, &name, stmt, f) {
                        out.push(c);
                    }
                }
            }
            _ => {}
        },
        _ => {}
    }
}

/// `class X { field = v; constructor() { this.y = w } method() {…} }`.
fn es_class(module: &Module, name: &str, node: &Node, body: &[Node]) -> MigrationClass {
    let mut c = MigrationClass {
        name: name.to_string(),
        span: node.span.clone(),
        fields: Vec::new(),
        methods: Vec::new(),
        problems: Vec::new(),
    };
    for stmt in body {
        match &stmt.kind {
            NodeKind::Assign { target, value } => {
                if let NodeKind::Name(n) = &target.kind {
                    c.fields.push((n.clone(), (**value).clone()));
                }
            }
            NodeKind::Function(f) if f.name == "constructor" => c.fields.extend(this_fields(&f.body)),
            NodeKind::Function(f) => add_method(module, &mut c, f),
            _ => {}
        }
    }
    c
}

/// `var X = (function () { function X() { this.name = "…" } X.prototype.up = function (…) {…}; return X; }())`.
fn es5_class(module: &Module, name: &str, node: &Node, iife: &Function) -> Option<MigrationClass> {
    let mut c = MigrationClass {
        name: name.to_string(),
        span: node.span.clone(),
        fields: Vec::new(),
        methods: Vec::new(),
        problems: Vec::new(),
    };
    let mut found = false;
    for stmt in &iife.body {
        match &stmt.kind {
            NodeKind::Function(f) if f.name == name => {
                found = true;
                c.fields.extend(this_fields(&f.body));
            }
            NodeKind::Assign { target, value } => {
                let NodeKind::Attr { object, name: method } = &target.kind else { continue };
                let on_prototype = matches!(&object.kind, NodeKind::Attr { name: p, .. } if p == "prototype");
                if let (true, NodeKind::Lambda(f)) = (on_prototype, &value.kind) {
                    let mut f = (**f).clone();
                    f.name = method.clone();
                    add_method(module, &mut c, &Rc::new(f));
                }
            }
            _ => {}
        }
    }
    found.then_some(c)
}

/// `this.name = "…"` / `_this.name = "…"` statements of a constructor.
fn this_fields(body: &[Node]) -> Vec<(String, Node)> {
    body.iter()
        .filter_map(|s| match &s.kind {
            NodeKind::Assign { target, value } => match &target.kind {
                NodeKind::Attr { object, name } if matches!(&object.kind, NodeKind::Name(o) if o == "this" || o == "_this") => {
                    Some((name.clone(), (**value).clone()))
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}

fn add_method(module: &Module, c: &mut MigrationClass, f: &Rc<Function>) {
    let mut f = (**f).clone();
    match unwrap_awaiter(&f.body) {
        Some(Ok(body)) => f.body = body,
        Some(Err(reason)) => c.problems.push((f.name.clone(), reason)),
        None => {}
    }
    f.body = f.body.iter().map(|s| rewrite_instanceof(module, s)).collect();
    c.methods.push(Rc::new(f));
}

/// `return __awaiter(this, void 0, void 0, function () { return __generator(this, function (_a) {…}) })`
/// → the straight-line statements; `None` when the body is not that shape.
fn unwrap_awaiter(body: &[Node]) -> Option<Result<Vec<Node>, String>> {
    let [stmt] = body else { return None };
    let inner = lambda_arg_of(stmt, "__awaiter")?;
    let generator = match inner.body.as_slice() {
        [stmt] => lambda_arg_of(stmt, "__generator"),
        _ => None,
    };
    let Some(generator) = generator else {
        // `__awaiter` around an ES2015+ generator function (`yield` already dropped by the lowering).
        return Some(Ok(inner.body.clone()));
    };
    Some(super::generator::flatten(&generator.body))
}

/// `return f(…, function (…) {…})` → that function when `f` is `name`.
fn lambda_arg_of<'a>(stmt: &'a Node, name: &str) -> Option<&'a Rc<Function>> {
    let NodeKind::Return(Some(value)) = &stmt.kind else { return None };
    let NodeKind::Call(call) = &value.kind else { return None };
    if call.callee.dotted().as_deref() != Some(name) {
        return None;
    }
    call.args.iter().rev().find_map(|a| match a {
        crate::host::tree::Arg::Pos(Node { kind: NodeKind::Lambda(f), .. }) => Some(f),
        _ => None,
    })
}

/// TypeORM driver classes and the `options.type` they stand for.
const DRIVERS: &[(&str, &str)] = &[
    ("PostgresDriver", "postgres"),
    ("CockroachDriver", "cockroachdb"),
    ("MysqlDriver", "mysql"),
    ("AuroraMysqlDriver", "aurora-mysql"),
    ("SqliteDriver", "sqlite"),
    ("BetterSqlite3Driver", "better-sqlite3"),
    ("SqljsDriver", "sqljs"),
    ("AbstractSqliteDriver", "sqlite"),
];

/// `queryRunner.connection.driver instanceof PostgresDriver` → `queryRunner.connection.options.type === "postgres"`,
/// everywhere inside `n`.
fn rewrite_instanceof(module: &Module, n: &Node) -> Node {
    let mut n = n.clone();
    rewrite_in_place(module, &mut n);
    n
}

fn rewrite_in_place(module: &Module, n: &mut Node) {
    walk_mut(n, &mut |n| {
        if let NodeKind::Binary { op: BinOp::Other, left, right } = &n.kind
            && module.text(&n.range).contains("instanceof")
            && let Some(class) = right.dotted()
            && let Some((_, ty)) = DRIVERS.iter().find(|(d, _)| class.rsplit('.').next() == Some(*d))
        {
            let options = Node::new(
                NodeKind::Attr { object: left.clone(), name: "options".into() },
                left.span.clone(),
                left.range.clone(),
            );
            let probe = Node::new(
                NodeKind::Attr { object: Box::new(options), name: "type".into() },
                left.span.clone(),
                left.range.clone(),
            );
            let value = Node::new(NodeKind::Str((*ty).to_string()), right.span.clone(), right.range.clone());
            n.kind = NodeKind::Binary { op: BinOp::Eq, left: Box::new(probe), right: Box::new(value) };
        }
    });
}

/// The global name a class method is bound to, so `this.helper(…)` can be inlined.
pub fn method_global(name: &str) -> String {
    format!("__polymig_method_{name}")
}

/// `this.helper(…)` → `__polymig_method_helper(…)` for the class's own methods.
pub fn rewrite_this_calls(n: &mut Node, methods: &[String]) {
    walk_mut(n, &mut |n| {
        if let NodeKind::Call(call) = &mut n.kind
            && let NodeKind::Attr { object, name } = &call.callee.kind
            && matches!(&object.kind, NodeKind::Name(o) if o == "this" || o == "_this")
            && methods.contains(name)
        {
            let callee =
                Node::new(NodeKind::Name(method_global(name)), call.callee.span.clone(), call.callee.range.clone());
            *call.callee = callee;
        }
    });
}

/// Visit `n` and every node below it (children after the parent), mutably.
pub(super) fn walk_mut(n: &mut Node, f: &mut dyn FnMut(&mut Node)) {
    f(n);
    let each = |xs: &mut Vec<Node>, f: &mut dyn FnMut(&mut Node)| xs.iter_mut().for_each(|x| walk_mut(x, f));
    match &mut n.kind {
        NodeKind::Attr { object, .. } | NodeKind::Index { object, .. } => walk_mut(object, f),
        NodeKind::Call(call) => {
            walk_mut(&mut call.callee, f);
            for a in &mut call.args {
                match a {
                    crate::host::tree::Arg::Pos(x)
                    | crate::host::tree::Arg::Kw(_, x)
                    | crate::host::tree::Arg::Splat(x)
                    | crate::host::tree::Arg::KwSplat(x) => walk_mut(x, f),
                }
            }
        }
        NodeKind::List(xs) => each(xs, f),
        NodeKind::Map(pairs) => pairs.iter_mut().for_each(|(k, v)| {
            walk_mut(k, f);
            walk_mut(v, f);
        }),
        NodeKind::Binary { left, right, .. } => {
            walk_mut(left, f);
            walk_mut(right, f);
        }
        NodeKind::Unary { operand, .. } | NodeKind::Splat(operand) => walk_mut(operand, f),
        NodeKind::Cond { cond, then, otherwise } => {
            walk_mut(cond, f);
            walk_mut(then, f);
            walk_mut(otherwise, f);
        }
        NodeKind::Lambda(func) | NodeKind::Function(func) => each(&mut Rc::make_mut(func).body, f),
        NodeKind::Assign { target, value } => {
            walk_mut(target, f);
            walk_mut(value, f);
        }
        NodeKind::If { cond, then, otherwise } => {
            walk_mut(cond, f);
            each(then, f);
            each(otherwise, f);
        }
        NodeKind::For { target, iter, body } => {
            walk_mut(target, f);
            walk_mut(iter, f);
            each(body, f);
        }
        NodeKind::While { cond, body } => {
            walk_mut(cond, f);
            each(body, f);
        }
        NodeKind::Return(Some(x)) | NodeKind::Raise(Some(x)) => walk_mut(x, f),
        NodeKind::Try { body } => each(body, f),
        NodeKind::With { items, body } => {
            items.iter_mut().for_each(|(a, b)| {
                walk_mut(a, f);
                if let Some(b) = b {
                    walk_mut(b, f);
                }
            });
            each(body, f);
        }
        NodeKind::Interp(parts) => parts.iter_mut().for_each(|p| {
            if let crate::host::tree::StrPart::Expr { expr, .. } = p {
                walk_mut(expr, f);
            }
        }),
        _ => {}
    }
}

/// The version and name in a class or file name: `AddUsers1700000000000` / `1700000000000-AddUsers`
/// → `("1700000000000", "AddUsers")`.
pub fn version_and_name(class: &str, file_stem: &str) -> Option<(String, String)> {
    // TypeORM reads the timestamp as the last 13 characters of the class name.
    let tail: String = class.chars().rev().take(13).collect::<Vec<_>>().into_iter().rev().collect();
    if tail.len() == 13 && tail.chars().all(|c| c.is_ascii_digit()) {
        let name = class[..class.len() - 13].trim_end_matches('_').to_string();
        return Some((tail, if name.is_empty() { class.to_string() } else { name }));
    }
    let digits: String = file_stem.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() >= 10 {
        let rest = file_stem[digits.len()..].trim_start_matches(['-', '_', '.']);
        return Some((digits, if rest.is_empty() { class.to_string() } else { rest.to_string() }));
    }
    None
}

/// A field value as a string (`name = "Init1700000000000"`) when it is a plain literal.
pub fn literal_str(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

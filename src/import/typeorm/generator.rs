//! The ES5 `__generator` state machine TypeScript writes for an `async` method, turned back into
//! straight-line statements:
//!
//! ```text
//! switch (_a.label) {
//!     case 0: return [4 /*yield*/, queryRunner.getTable("post")];   // await …
//!     case 1:
//!         table = _a.sent();                                          // … its value
//!         return [4 /*yield*/, queryRunner.hasTable("x")];
//!     case 2:
//!         if (!_a.sent()) return [3 /*break*/, 4];                    // if (await …) {
//!         return [4 /*yield*/, queryRunner.dropTable("x")];
//!     case 3: _a.sent(); _a.label = 4;                                // }
//!     case 4: return [2 /*return*/];
//! }
//! ```
//!
//! An awaited expression is a statement, or — when the next step uses `_a.sent()` — the value
//! of a hidden variable that step reads. A conditional jump forward (`if (c) return [3, L]`)
//! becomes `if (!c) { …the steps up to case L… }`; when those steps end with a jump further on
//! (`return [3, M]`), the steps from `L` to `M` are its `else`. Other jumps (loops, early
//! returns, `try`/`catch`) are refused with the reason, so the method stays Opaque.

use crate::host::tree::{BinOp, Node, NodeKind, UnaryOp};

/// `_a.sent()`: the value the last `await` resumed with.
fn is_sent(n: &Node) -> bool {
    matches!(&n.kind, NodeKind::Call(call) if call.args.is_empty()
        && call.callee.dotted().is_some_and(|p| p.ends_with(".sent")))
}

/// True when `n` (an expression or statement) uses `_a.sent()` somewhere.
fn uses_sent(n: &Node) -> bool {
    let mut found = false;
    let mut copy = n.clone();
    super::classes::walk_mut(&mut copy, &mut |x| found |= is_sent(x));
    found
}

/// The labels a `case` test names: `_a.label === 3` (or several joined with `||`).
fn labels(n: &Node, out: &mut Vec<String>) -> bool {
    match &n.kind {
        NodeKind::Binary { op: BinOp::Or, left, right } => labels(left, out) && labels(right, out),
        NodeKind::Binary { op: BinOp::Eq, left, right } => match (&left.kind, &right.kind) {
            (NodeKind::Attr { name, .. }, NodeKind::Number(x)) if name == "label" => {
                out.push(x.clone());
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// `[op, arg]` of a `return [op, arg]` step.
fn step(n: &Node) -> Option<(&str, Option<&Node>)> {
    let NodeKind::Return(Some(v)) = &n.kind else { return None };
    let NodeKind::List(items) = &v.kind else { return None };
    let op = match &items.first()?.kind {
        NodeKind::Number(x) => x.as_str(),
        _ => return None,
    };
    Some((op, items.get(1)))
}

/// `if (cond) return [3, L];` → `(cond, L)`.
fn conditional_jump(n: &Node) -> Option<(&Node, String)> {
    let NodeKind::If { cond, then, otherwise } = &n.kind else { return None };
    let ([only], []) = (then.as_slice(), otherwise.as_slice()) else { return None };
    match step(only)? {
        ("3", Some(Node { kind: NodeKind::Number(l), .. })) => Some((cond, l.clone())),
        _ => None,
    }
}

/// A jump whose target case has not been reached: the steps skipped when `cond` holds.
struct Open {
    label: String,
    cond: Node,
    outer: Vec<Node>,
    /// The jump statement (where the rebuilt `if` starts).
    at: Node,
    /// After `return [3, M]` at the end of the skipped steps: those steps (the `if` part), while
    /// the steps from `label` to `M` (the `else` part) are read.
    then: Option<Vec<Node>>,
    /// `M`, where the `else` part ends.
    end: Option<String>,
}

/// The walk over the cases, in order.
#[derive(Default)]
struct Flat {
    out: Vec<Node>,
    open: Vec<Open>,
    /// The last awaited expression, not written yet.
    pending: Option<Node>,
    hidden: usize,
}

impl Flat {
    fn flush(&mut self) {
        if let Some(x) = self.pending.take() {
            self.out.push(x);
        }
    }

    /// `stmt` reads `_a.sent()`: the awaited expression becomes a hidden variable it reads.
    fn with_sent(&mut self, stmt: &Node) -> Result<Node, String> {
        let awaited = self.pending.take().ok_or("`_a.sent()` is read with no `await` before it")?;
        self.hidden += 1;
        let name = format!("__polymig_awaited_{}", self.hidden);
        let var = |at: &Node| Node::new(NodeKind::Name(name.clone()), at.span.clone(), at.range.clone());
        self.out.push(Node::new(
            NodeKind::Assign { target: Box::new(var(&awaited)), value: Box::new(awaited.clone()) },
            awaited.span.clone(),
            awaited.range.clone(),
        ));
        let mut stmt = stmt.clone();
        super::classes::walk_mut(&mut stmt, &mut |x| {
            if is_sent(x) {
                *x = var(x);
            }
        });
        Ok(stmt)
    }

    /// Close the jumps that land on one of `labels` (an `if … else` at the end of its `else`).
    fn land(&mut self, labels: &[String]) {
        while self.open.last().is_some_and(|j| labels.contains(j.end.as_ref().unwrap_or(&j.label))) {
            self.flush();
            let Some(j) = self.open.pop() else { break };
            let body = std::mem::replace(&mut self.out, j.outer);
            let (skipped, otherwise) = match j.then {
                Some(then) => (then, body),
                None => (body, Vec::new()),
            };
            // The rebuilt `if` covers the jump and the steps it skips.
            let (mut span, mut range) = (j.at.span.clone(), j.at.range.clone());
            if let Some(last) = otherwise.last().or(skipped.last()) {
                span.end_line = last.span.end_line.or(Some(last.span.line));
                span.end_column = last.span.end_column;
                range.end = range.end.max(last.range.end);
            }
            let (cs, cr) = (j.cond.span.clone(), j.cond.range.clone());
            let not = Node::new(NodeKind::Unary { op: UnaryOp::Not, operand: Box::new(j.cond) }, cs, cr);
            self.out.push(Node::new(NodeKind::If { cond: Box::new(not), then: skipped, otherwise }, span, range));
        }
    }

    /// Walk statements; true when the method returned.
    fn walk(&mut self, stmts: &[Node]) -> Result<bool, String> {
        for s in stmts {
            if let NodeKind::If { cond, then, otherwise } = &s.kind {
                let mut ls = Vec::new();
                if labels(cond, &mut ls) {
                    self.land(&ls);
                    if self.walk(then)? {
                        return Ok(true);
                    }
                    if self.walk(otherwise)? {
                        return Ok(true);
                    }
                    continue;
                }
            }
            if let Some((cond, label)) = conditional_jump(s) {
                let cond = if uses_sent(cond) { self.with_sent(cond)? } else { cond.clone() };
                self.flush();
                let outer = std::mem::take(&mut self.out);
                self.open.push(Open { label, cond, outer, at: s.clone(), then: None, end: None });
                continue;
            }
            // `return [3, M]` closing the steps of an open jump: an `else` follows, up to `M`.
            if let Some(("3", Some(Node { kind: NodeKind::Number(m), .. }))) = step(s)
                && self.open.last().is_some_and(|j| j.then.is_none() && j.label != *m)
            {
                self.flush();
                let then = std::mem::take(&mut self.out);
                if let Some(j) = self.open.last_mut() {
                    j.then = Some(then);
                    j.end = Some(m.clone());
                }
                continue;
            }
            match step(s) {
                Some(("4", Some(x))) => {
                    self.flush();
                    self.pending = Some(x.clone());
                    continue;
                }
                Some(("2", value)) if self.open.is_empty() => {
                    self.flush();
                    self.out.extend(value.cloned());
                    return Ok(true);
                }
                Some(_) => {
                    return Err("the down-levelled (ES5 __generator) method jumps between steps (a loop, an `else` \
                                branch, an early return or try/catch); only awaits and `if` blocks are read"
                        .into());
                }
                None => {}
            }
            match &s.kind {
                _ if is_sent(s) => self.flush(),
                NodeKind::Call(call) if call.callee.dotted().is_some_and(|p| p.contains(".trys.")) => {
                    return Err("the down-levelled (ES5 __generator) method has a try/catch".into());
                }
                _ if uses_sent(s) => {
                    let s = self.with_sent(s)?;
                    self.out.push(s);
                }
                _ => {
                    self.flush();
                    self.out.push(s.clone());
                }
            }
        }
        Ok(false)
    }
}

/// The body of a `__generator` callback as straight-line statements.
pub fn flatten(stmts: &[Node]) -> Result<Vec<Node>, String> {
    let mut flat = Flat::default();
    flat.walk(stmts)?;
    flat.flush();
    if !flat.open.is_empty() {
        return Err("the down-levelled (ES5 __generator) method jumps to a step it does not have".into());
    }
    Ok(flat.out)
}

#[cfg(test)]
mod tests {
    use crate::host::{Effect, EvalConfig, Evaluator, Language, parse};

    /// The ES5 body of `if (!(await qr.hasTable("x"))) { await qr.createTable(t); } const t2 = await qr.getTable("y"); await qr.drop(t2);`.
    const BODY: &str = r#"
function body(_a) {
    switch (_a.label) {
        case 0: return [4, qr.hasTable("x")];
        case 1:
            if (!!(_a.sent())) return [3, 3];
            return [4, qr.createTable("t")];
        case 2:
            _a.sent();
            _a.label = 3;
        case 3: return [4, qr.getTable("y")];
        case 4:
            t2 = _a.sent();
            return [4, qr.drop(t2)];
        case 5:
            _a.sent();
            return [2];
    }
}
"#;

    #[test]
    fn awaits_values_and_forward_jumps_become_straight_line_code() {
        let m = parse(Language::TypeScript, "m.js", BODY);
        let f = m.function("body").expect("body");
        let flat = super::flatten(&f.body).expect("flattens");
        let src = crate::host::tree::Function { body: flat, ..f.clone() };
        let mut ev = Evaluator::new(&m, EvalConfig::new(None));
        let out: Vec<String> = ev
            .run_function(&src, Vec::new())
            .iter()
            .map(|e| match e {
                Effect::Call(c) => c.call.source.clone(),
                Effect::Opaque { reason, .. } => format!("OPAQUE: {reason}"),
                Effect::ByDialect { .. } => "BY DIALECT".into(),
            })
            .collect();
        assert_eq!(
            out,
            ["OPAQUE: branch on `(!!(_a.sent()))`: negation of a value known only at run time", "qr.drop(t2)"]
        );
    }

    #[test]
    fn loops_are_refused() {
        let src =
            "function body(_a) { switch (_a.label) { case 0: return [4, qr.a()]; case 1: _a.sent(); return [3, 0]; } }";
        let m = parse(Language::TypeScript, "m.js", src);
        assert!(super::flatten(&m.function("body").expect("body").body).unwrap_err().contains("jumps"));
    }
}

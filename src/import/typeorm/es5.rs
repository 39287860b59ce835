//! The ES5 `__awaiter`/`__generator` state machine `tsc` emits for `async` methods, turned back
//! into the statements it was compiled from.
//!
//! ```js
//! return __generator(this, function (_a) {
//!     switch (_a.label) {
//!         case 0: return [4 /*yield*/, queryRunner.query("SELECT …")];
//!         case 1:
//!             found = _a.sent();
//!             if (!found[0].exists) return [3 /*break*/, 3];
//!             return [4 /*yield*/, queryRunner.query("ALTER …")];
//!         case 2: _a.sent(); _a.label = 3;
//!         case 3: return [2 /*return*/];
//!     }
//! });
//! ```
//!
//! `[4, x]` is `await x`, `[2, x]` is `return x`, `[3, n]` jumps to `case n`. A conditional
//! forward jump is an `if` around the steps it skips (with the steps up to a second jump as its
//! `else`), so `if (!found[0].exists) return [3, 3]` becomes `if (!(!found[0].exists)) { … }`
//! and the evaluator sees the run-time condition. Backward jumps (loops) and `try`/`catch`
//! (`_a.trys`) are reported, so the method is kept as Opaque rather than read wrongly.

use std::rc::Rc;

use crate::host::tree::{Arg, BinOp, Function, Node, NodeKind, UnaryOp};

/// `return __awaiter(this, void 0, void 0, function () { return __generator(this, function (_a) {…}) })`
/// → the straight-line statements; `None` when the body is not that shape.
pub fn unwrap_awaiter(body: &[Node]) -> Option<Result<Vec<Node>, String>> {
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
    let mut steps = Vec::new();
    Some(linearize(&generator.body, &mut steps).and_then(|()| rebuild(&steps)))
}

/// `return f(…, function (…) {…})` → that function when `f` is `name`.
fn lambda_arg_of<'a>(stmt: &'a Node, name: &str) -> Option<&'a Rc<Function>> {
    let NodeKind::Return(Some(value)) = &stmt.kind else { return None };
    let NodeKind::Call(call) = &value.kind else { return None };
    if call.callee.dotted().as_deref() != Some(name) {
        return None;
    }
    call.args.iter().rev().find_map(|a| match a {
        Arg::Pos(Node { kind: NodeKind::Lambda(f), .. }) => Some(f),
        _ => None,
    })
}

/// One step of the state machine, in source order.
#[derive(Debug)]
enum Step {
    /// A statement of the original method (an awaited expression, an assignment, …).
    Stmt(Node),
    /// `case n:`.
    Label(String),
    /// `return [3, n]`: go to `case n`.
    Jump(String),
    /// `if (cond) return [3, n]`: the `if` statement, its condition and `n`.
    JumpIf(Node, Node, String),
}

const LOOPS: &str = "the down-levelled (ES5 __generator) method jumps back between steps (a loop); only \
                     straight-line awaits and forward branches are read";

/// The cases of `switch (_a.label)` (lowered to nested `if`s) as a flat list of steps.
fn linearize(stmts: &[Node], out: &mut Vec<Step>) -> Result<(), String> {
    for s in stmts {
        match &s.kind {
            NodeKind::If { cond, then, otherwise } if mentions_label(cond) => {
                if let Some(n) = case_number(cond) {
                    out.push(Step::Label(n));
                }
                linearize(then, out)?;
                linearize(otherwise, out)?;
            }
            NodeKind::If { cond, then, otherwise } if otherwise.is_empty() && jump_target(then).is_some() => {
                out.push(Step::JumpIf(s.clone(), (**cond).clone(), jump_target(then).unwrap_or_default()));
            }
            NodeKind::Return(Some(v)) => {
                let NodeKind::List(items) = &v.kind else {
                    return Err("a generator step that is not `[op, value]`".into());
                };
                match (opcode(items), items.get(1)) {
                    (Some("4"), Some(x)) => out.push(Step::Stmt(x.clone())),
                    (Some("2"), Some(x)) => out.push(Step::Stmt(x.clone())),
                    (Some("2"), None) => {}
                    (Some("3"), Some(n)) => out.push(Step::Jump(number(n).ok_or(LOOPS)?)),
                    _ => return Err(LOOPS.into()),
                }
            }
            NodeKind::Call(call) if call.callee.dotted().is_some_and(|p| p.ends_with(".sent")) => {}
            NodeKind::Call(call) if call.callee.dotted().is_some_and(|p| p.contains(".trys.")) => {
                return Err("the down-levelled (ES5 __generator) method has a try/catch".into());
            }
            // `_a.label = 3;` falls through to the next case.
            NodeKind::Assign { target, .. } if mentions_label(target) => {}
            _ => out.push(Step::Stmt(s.clone())),
        }
    }
    Ok(())
}

/// Steps back to statements: forward jumps become `if`/`else`.
fn rebuild(steps: &[Step]) -> Result<Vec<Node>, String> {
    let label_at = |from: usize, n: &str| {
        steps[from..].iter().position(|s| matches!(s, Step::Label(l) if l == n)).map(|i| i + from)
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < steps.len() {
        match &steps[i] {
            Step::Stmt(n) => out.push(n.clone()),
            Step::Label(_) => {}
            Step::Jump(n) => {
                // Only a jump to the very next case (what a `break` at its end compiles to) is straight-line.
                let next = steps[i + 1..].iter().find(|s| !matches!(s, Step::Stmt(_)));
                if !matches!(next, Some(Step::Label(l)) if l == n) || label_at(i + 1, n).is_none() {
                    return Err(LOOPS.into());
                }
            }
            Step::JumpIf(stmt, cond, n) => {
                let target = label_at(i + 1, n).ok_or(LOOPS)?;
                let skipped = &steps[i + 1..target];
                // `if (!c) goto else; THEN; goto end; else: ELSE; end:` → `if (c') THEN else ELSE`.
                let (then, otherwise, end) = match skipped.last() {
                    Some(Step::Jump(m)) if label_at(target, m).is_some() => {
                        let end = label_at(target, m).unwrap_or(target);
                        (&skipped[..skipped.len() - 1], &steps[target + 1..end], end)
                    }
                    _ => (skipped, &steps[target..target], target),
                };
                let negated = Node::new(
                    NodeKind::Unary { op: UnaryOp::Not, operand: Box::new(cond.clone()) },
                    cond.span.clone(),
                    cond.range.clone(),
                );
                let (then, otherwise) = (rebuild(then)?, rebuild(otherwise)?);
                let (span, range) = cover(stmt, otherwise.last().or(then.last()));
                let node = NodeKind::If { cond: Box::new(negated), then, otherwise };
                out.push(Node::new(node, span, range));
                i = end;
            }
        }
        i += 1;
    }
    Ok(out)
}

/// The span and range from `first` to the end of `last`.
fn cover(first: &Node, last: Option<&Node>) -> (crate::ir::Span, std::ops::Range<usize>) {
    let Some(last) = last.filter(|l| l.range.end > first.range.end) else {
        return (first.span.clone(), first.range.clone());
    };
    let mut span = first.span.clone();
    span.end_line = last.span.end_line.or(Some(last.span.line));
    span.end_column = last.span.end_column;
    (span, first.range.start..last.range.end)
}

fn opcode(items: &[Node]) -> Option<&str> {
    items.first().and_then(|n| match &n.kind {
        NodeKind::Number(x) => Some(x.as_str()),
        _ => None,
    })
}

fn number(n: &Node) -> Option<String> {
    match &n.kind {
        NodeKind::Number(x) => Some(x.clone()),
        _ => None,
    }
}

/// `[return [3, n]]` → `n`.
fn jump_target(body: &[Node]) -> Option<String> {
    let [Node { kind: NodeKind::Return(Some(v)), .. }] = body else { return None };
    let NodeKind::List(items) = &v.kind else { return None };
    (opcode(items) == Some("3")).then(|| items.get(1).and_then(number)).flatten()
}

/// `_a.label === n` → `n`.
fn case_number(cond: &Node) -> Option<String> {
    let NodeKind::Binary { op: BinOp::Eq, left, right } = &cond.kind else { return None };
    [left, right].into_iter().find_map(|n| number(n))
}

fn mentions_label(n: &Node) -> bool {
    match &n.kind {
        NodeKind::Attr { name, .. } => name == "label",
        NodeKind::Binary { left, right, .. } => mentions_label(left) || mentions_label(right),
        _ => false,
    }
}

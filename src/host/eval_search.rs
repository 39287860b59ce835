//! The partial evaluator: JavaScript objects and arrays searched with callbacks. An object's own
//! function property is called as a method (`table.findColumnByName("x")`), and `find`, `filter`,
//! `some`, `every`, `findIndex` run their arrow predicate over a known list.

use std::rc::Rc;

use super::eval::{Evaluator, Scope};
use super::eval_expr::unknown_from;
use super::tree::Function;
use super::value::Value;

impl Evaluator<'_> {
    /// A JavaScript object's own function property called as a method: `table.findColumnByName("x")`.
    pub(crate) fn own_method(&self, recv: &Value, method: &str) -> Option<(Rc<Function>, Option<Rc<Scope>>)> {
        if self.module.language != super::Language::TypeScript {
            return None;
        }
        let Value::Map(pairs) = recv else { return None };
        match pairs.iter().rev().find(|(k, _)| k.as_str() == Some(method)) {
            Some((_, Value::Function(f, closure))) => Some((f.clone(), closure.clone())),
            _ => None,
        }
    }

    /// `xs.find(x => …)`, `filter`, `some`, `every`, `findIndex` over a known list: the predicate
    /// is evaluated per item; an item it cannot decide makes the result unknown.
    pub(crate) fn search(
        &mut self,
        items: &[Value],
        method: &str,
        f: &Rc<Function>,
        closure: Option<Rc<Scope>>,
    ) -> Value {
        let mut kept = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let args = vec![item.clone(), Value::Number(i.to_string())];
            let verdict = self.call_function(f, closure.clone(), args, Vec::new(), false);
            let Some(hit) = self.truthy(&verdict) else {
                return unknown_from(verdict, &format!("the `{method}` predicate is known only at run time"));
            };
            match (method, hit) {
                ("find", true) => return item.clone(),
                ("findIndex", true) => return Value::Number(i.to_string()),
                ("some", true) => return Value::Bool(true),
                ("every", false) => return Value::Bool(false),
                ("filter", true) => kept.push(item.clone()),
                _ => {}
            }
        }
        match method {
            "find" => Value::Nil,
            "findIndex" => Value::Number("-1".into()),
            "some" => Value::Bool(false),
            "every" => Value::Bool(true),
            _ => Value::List(kept),
        }
    }
}

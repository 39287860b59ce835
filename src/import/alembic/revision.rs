//! Revision identity (`revision`, `down_revision`, `branch_labels`,
//! `depends_on`, docstring message) and the order of a versions directory:
//! a topological order of the revision DAG, ties broken by file name. Several
//! heads are reported, not silently linearised.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::Diagnostic;
use crate::host::{Evaluator, Module, Value};
use crate::ir::{Migration, Span};

/// The identity of one revision file.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    /// `revision = "…"`.
    pub id: String,
    /// `down_revision`: none (a base), one, or several (a merge).
    pub down: Vec<String>,
    /// `branch_labels`.
    pub branch_labels: Vec<String>,
    /// `depends_on` (revisions or branch labels).
    pub depends_on: Vec<String>,
    /// First line of the docstring.
    pub message: Option<String>,
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Str(s)) => vec![s.clone()],
        Some(Value::List(items)) => items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    }
}

/// Read the revision variables; `None` when the module has no `revision` string.
pub fn read(ev: &Evaluator, module: &Module) -> Option<Revision> {
    let id = ev.global("revision")?.as_str()?.to_string();
    let message = module.docstring().and_then(|d| d.lines().map(str::trim).find(|l| !l.is_empty())).map(str::to_string);
    Some(Revision {
        id,
        down: strings(ev.global("down_revision")),
        branch_labels: strings(ev.global("branch_labels")),
        depends_on: strings(ev.global("depends_on")),
        message,
    })
}

/// Order migrations (each with its revision) by the DAG and report what is odd about it.
pub fn order(mut items: Vec<(Revision, Migration)>) -> (Vec<Migration>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    items.sort_by(|a, b| a.1.source.cmp(&b.1.source).then_with(|| a.0.id.cmp(&b.0.id)));
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut labels: BTreeMap<String, String> = BTreeMap::new();
    let mut keep = Vec::new();
    for (rev, m) in items {
        if index.contains_key(&rev.id) {
            diags.push(
                Diagnostic::error("alembic-duplicate-revision", format!("revision `{}` is defined twice", rev.id))
                    .at(Span::file(m.source.clone().unwrap_or_default())),
            );
            continue;
        }
        index.insert(rev.id.clone(), keep.len());
        for l in &rev.branch_labels {
            labels.insert(l.clone(), rev.id.clone());
        }
        keep.push((rev, m));
    }
    let resolve =
        |r: &str| -> Option<usize> { index.get(r).or_else(|| labels.get(r).and_then(|id| index.get(id))).copied() };
    let n = keep.len();
    let mut parents: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    let mut has_child = vec![false; n];
    for (i, (rev, m)) in keep.iter().enumerate() {
        for (r, is_down) in rev.down.iter().map(|r| (r, true)).chain(rev.depends_on.iter().map(|r| (r, false))) {
            match resolve(r) {
                Some(p) if p != i => {
                    parents[i].insert(p);
                    if is_down {
                        has_child[p] = true;
                    }
                }
                _ => diags.push(
                    Diagnostic::error(
                        "alembic-unknown-revision",
                        format!("revision `{}` refers to `{r}`, which is not in the versions directory", rev.id),
                    )
                    .at(Span::file(m.source.clone().unwrap_or_default())),
                ),
            }
        }
    }
    let mut placed = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let next = (0..n).find(|&i| !placed[i] && parents[i].iter().all(|p| placed[*p]));
        let Some(i) = next else {
            let stuck: Vec<String> = (0..n).filter(|i| !placed[*i]).map(|i| keep[i].0.id.clone()).collect();
            diags.push(Diagnostic::error(
                "alembic-revision-cycle",
                format!("revisions depend on each other in a cycle: {}", stuck.join(", ")),
            ));
            order.extend((0..n).filter(|i| !placed[*i]));
            break;
        };
        placed[i] = true;
        order.push(i);
    }
    let heads: Vec<String> = (0..n).filter(|i| !has_child[*i]).map(|i| keep[i].0.id.clone()).collect();
    if heads.len() > 1 {
        diags.push(
            Diagnostic::warning(
                "alembic-multiple-heads",
                format!("the revision graph has {} heads: {}", heads.len(), heads.join(", ")),
            )
            .help("`alembic merge heads` joins them; polymig orders the branches by file name"),
        );
    }
    let mut slots: Vec<Option<Migration>> = keep.into_iter().map(|(_, m)| Some(m)).collect();
    let migrations = order.into_iter().filter_map(|i| slots[i].take()).collect();
    (migrations, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rev(id: &str, down: &[&str]) -> (Revision, Migration) {
        let r = Revision {
            id: id.into(),
            down: down.iter().map(|s| s.to_string()).collect(),
            branch_labels: Vec::new(),
            depends_on: Vec::new(),
            message: None,
        };
        let mut m = Migration::new(id, id);
        m.source = Some(format!("versions/{id}.py"));
        (r, m)
    }

    fn ids(ms: &[Migration]) -> Vec<&str> {
        ms.iter().map(|m| m.id.as_str()).collect()
    }

    #[test]
    fn orders_by_the_graph_not_the_file_names() {
        let (ms, diags) = order(vec![rev("a3", &["z1"]), rev("z1", &[]), rev("b2", &["a3"])]);
        assert_eq!(ids(&ms), ["z1", "a3", "b2"]);
        assert!(diags.is_empty());
    }

    #[test]
    fn merges_come_after_both_parents_and_branches_are_reported() {
        let (ms, diags) =
            order(vec![rev("base", &[]), rev("x", &["base"]), rev("y", &["base"]), rev("m", &["x", "y"])]);
        assert_eq!(ids(&ms), ["base", "x", "y", "m"]);
        assert!(diags.is_empty());
        let (_, diags) = order(vec![rev("base", &[]), rev("x", &["base"]), rev("y", &["base"])]);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "alembic-multiple-heads");
        assert!(diags[0].message.contains("x, y"));
    }

    #[test]
    fn unknown_parents_duplicates_and_cycles_are_errors() {
        let (ms, diags) = order(vec![rev("a", &["ghost"]), rev("a", &[]), rev("c", &["d"]), rev("d", &["c"])]);
        assert_eq!(ms.len(), 3);
        let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
        assert!(codes.contains(&"alembic-unknown-revision"));
        assert!(codes.contains(&"alembic-duplicate-revision"));
        assert!(codes.contains(&"alembic-revision-cycle"));
    }
}

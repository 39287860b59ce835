//! Django's migration graph over every imported app: `dependencies`, `run_before`, `replaces`
//! (a squashed migration is used instead of the ones it replaces, as on a fresh database),
//! `__first__` / `__latest__`; the plan is Django's: for every leaf in sorted order, its
//! ancestors depth-first (parents sorted), each migration once.

use std::collections::{BTreeMap, BTreeSet};

use super::module::{Declared, Key};
use crate::diagnostics::Diagnostic;
use crate::ir::Span;

/// Order the declared migrations; diagnostics for unknown dependencies and cycles.
pub fn plan(declared: Vec<Declared>) -> (Vec<Declared>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut nodes: BTreeMap<Key, Declared> = BTreeMap::new();
    for d in declared {
        if nodes.contains_key(&d.key) {
            diags.push(
                Diagnostic::error(
                    "django-duplicate-migration",
                    format!("migration {}.{} is defined twice", d.key.0, d.key.1),
                )
                .at(Span::file(&d.file)),
            );
            continue;
        }
        nodes.insert(d.key.clone(), d);
    }
    // squashed migrations replace theirs
    let mut replaced_by: BTreeMap<Key, Key> = BTreeMap::new();
    for (k, d) in &nodes {
        for r in &d.replaces {
            replaced_by.insert(r.clone(), k.clone());
        }
    }
    for r in replaced_by.keys() {
        nodes.remove(r);
    }
    // parents, with __first__/__latest__ and replaced keys resolved, and run_before turned around
    let keys: BTreeSet<Key> = nodes.keys().cloned().collect();
    let mut parents: BTreeMap<Key, BTreeSet<Key>> = keys.iter().map(|k| (k.clone(), BTreeSet::new())).collect();
    let resolve = |dep: &Key, keys: &BTreeSet<Key>, parents: &BTreeMap<Key, BTreeSet<Key>>| -> Option<Key> {
        let dep = replaced_by.get(dep).cloned().unwrap_or_else(|| dep.clone());
        let in_app = || keys.iter().filter(|k| k.0 == dep.0);
        match dep.1.as_str() {
            "__first__" => in_app().find(|k| parents.get(*k).is_none_or(|p| p.iter().all(|q| q.0 != dep.0))).cloned(),
            "__latest__" => in_app().next_back().cloned(),
            _ => keys.contains(&dep).then_some(dep),
        }
    };
    // same-app dependencies first, so __first__ sees them
    for pass in 0..2 {
        for (k, d) in &nodes {
            for dep in &d.dependencies {
                if (dep.0 == k.0) != (pass == 0) {
                    continue;
                }
                match resolve(dep, &keys, &parents) {
                    Some(p) if p != *k => {
                        parents.get_mut(k).map(|s| s.insert(p));
                    }
                    Some(_) => {}
                    None if dep.1 == "__first__" || dep.1 == "__latest__" => {}
                    None => diags.push(
                        Diagnostic::warning(
                            "django-missing-dependency",
                            format!(
                                "{}.{} depends on {}.{}, which is not among the imported migrations",
                                k.0, k.1, dep.0, dep.1
                            ),
                        )
                        .at(Span::file(&d.file))
                        .help("import that app's migrations directory too (give the project root)"),
                    ),
                }
            }
        }
    }
    for (k, d) in &nodes {
        for before in &d.run_before {
            if let Some(child) = resolve(before, &keys, &parents) {
                parents.get_mut(&child).map(|s| s.insert(k.clone()));
            }
        }
    }
    let has_child: BTreeSet<&Key> = parents.values().flatten().collect();
    let leaves: Vec<Key> = keys.iter().filter(|k| !has_child.contains(k)).cloned().collect();
    diags.extend(leaf_conflicts(&keys, &parents, &nodes));
    let mut order: Vec<Key> = Vec::new();
    let mut done: BTreeSet<Key> = BTreeSet::new();
    let mut on_stack: BTreeSet<Key> = BTreeSet::new();
    for leaf in leaves {
        visit(&leaf, &parents, &mut done, &mut on_stack, &mut order, &mut diags);
    }
    for k in &keys {
        // nodes only reachable through a cycle
        visit(k, &parents, &mut done, &mut on_stack, &mut order, &mut diags);
    }
    let out = order.into_iter().filter_map(|k| nodes.remove(&k)).collect();
    (out, diags)
}

/// Django's `migrate` refuses an app whose graph has several leaves (two migrations that both
/// follow the same parent, from two branches): "Conflicting migrations detected". One error per
/// such app, naming every leaf's file.
fn leaf_conflicts(
    keys: &BTreeSet<Key>,
    parents: &BTreeMap<Key, BTreeSet<Key>>,
    nodes: &BTreeMap<Key, Declared>,
) -> Vec<Diagnostic> {
    let same_app_child: BTreeSet<&Key> =
        parents.iter().flat_map(|(child, ps)| ps.iter().filter(move |p| p.0 == child.0)).collect();
    let mut by_app: BTreeMap<&str, Vec<&Key>> = BTreeMap::new();
    for k in keys.iter().filter(|k| !same_app_child.contains(k)) {
        by_app.entry(k.0.as_str()).or_default().push(k);
    }
    let file = |k: &Key| nodes.get(k).map_or_else(|| k.1.clone(), |d| d.file.clone());
    by_app
        .into_iter()
        .filter(|(_, leaves)| leaves.len() > 1)
        .map(|(app, leaves)| {
            let names: Vec<String> = leaves.iter().map(|k| format!("{} ({})", k.1, file(k))).collect();
            Diagnostic::error(
                "django-conflict",
                format!("conflicting migrations in app {app}: several leaf nodes: {}", names.join(", ")),
            )
            .at(Span::file(file(leaves[0])))
            .help("merge them, as `manage.py makemigrations --merge` does, with a migration depending on both")
        })
        .collect()
}

fn visit(
    k: &Key,
    parents: &BTreeMap<Key, BTreeSet<Key>>,
    done: &mut BTreeSet<Key>,
    on_stack: &mut BTreeSet<Key>,
    order: &mut Vec<Key>,
    diags: &mut Vec<Diagnostic>,
) {
    if done.contains(k) {
        return;
    }
    if !on_stack.insert(k.clone()) {
        diags
            .push(Diagnostic::error("django-dependency-cycle", format!("migration {}.{} depends on itself", k.0, k.1)));
        return;
    }
    for p in parents.get(k).into_iter().flatten() {
        visit(p, parents, done, on_stack, order, diags);
    }
    on_stack.remove(k);
    done.insert(k.clone());
    order.push(k.clone());
}

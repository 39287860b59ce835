//! Paths in corpus snapshots are relative to the case folder, so they do not depend on where the
//! checkout lives: `mod corpus_paths;` then `let diags = corpus_paths::relative_to(case, &mut ms, diags);`.

use std::path::Path;

use polymig::diagnostics::Diagnostic;
use polymig::ir::{Migration, Op, Operation};

/// Strip `base/` from every file name in `migrations` (sources, operation spans, nested dialect
/// branches, diagnostics) and in the loader's `diags` (spans and messages), which are returned.
pub fn relative_to(base: &Path, migrations: &mut [Migration], diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let prefix = format!("{}/", base.display());
    let relative = |s: &str| s.replace(&prefix, "");
    for m in migrations.iter_mut() {
        m.source = m.source.as_deref().map(relative);
        for op in m.up.iter_mut().chain(m.down.iter_mut().flatten()) {
            relabel(op, &relative);
        }
        for d in &mut m.diagnostics {
            if let Some(s) = &mut d.span {
                s.file = relative(&s.file);
            }
        }
    }
    diags
        .into_iter()
        .map(|mut d| {
            if let Some(s) = &mut d.span {
                s.file = relative(&s.file);
            }
            d.message = relative(&d.message);
            d
        })
        .collect()
}

fn relabel(op: &mut Op, relative: &dyn Fn(&str) -> String) {
    op.span.file = relative(&op.span.file);
    if let Operation::ByDialect(b) = &mut op.kind {
        for inner in b.branches.iter_mut().flat_map(|br| br.ops.iter_mut()).chain(b.otherwise.iter_mut()) {
            relabel(inner, relative);
        }
    }
}

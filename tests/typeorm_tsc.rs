//! polymig's TypeORM export type-checks: every corpus case exported in both styles (`style=api`, and
//! `style=sql` for each dialect the case is written for) passes `tsc --noEmit --strict` against the
//! real `typeorm` typings from `$POLYMIG_TYPEORM_MODULES` (skipped without node, required in CI).

mod typeorm_support;

use std::process::Command;

use polymig::export::typeorm::{Style, render_history};
use typeorm_support::{case_dialects, cases, import, typeorm_modules};

#[test]
fn exported_typescript_type_checks() {
    let Some(modules) = typeorm_modules() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    std::os::unix::fs::symlink(&modules, dir.path().join("node_modules")).expect("link node_modules");
    let mut files = Vec::new();
    for case in cases() {
        let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("case").to_string();
        let mut styles = vec![(None, Style::Api, "api".to_string())];
        for d in case_dialects(&case) {
            styles.push((Some(d), Style::Sql(d), format!("sql-{d}")));
        }
        for (target, style, label) in styles {
            let (ms, _) = import(&case.join("migrations"), &case, target);
            let out = dir.path().join(format!("{name}-{label}"));
            std::fs::create_dir_all(&out).unwrap();
            for f in render_history(&ms, style).0 {
                std::fs::write(out.join(&f.file_name), &f.text).unwrap();
                files.push(out.join(&f.file_name));
            }
        }
    }
    assert!(files.len() >= 20, "too few exported files: {}", files.len());
    let tsc = std::path::Path::new(&modules).join("typescript/bin/tsc");
    let out = Command::new("node")
        .arg(tsc)
        .args(["--noEmit", "--strict", "--target", "ES2021", "--module", "commonjs", "--moduleResolution", "node"])
        .args(["--skipLibCheck", "--experimentalDecorators"])
        .args(&files)
        .current_dir(dir.path())
        .output()
        .expect("run tsc");
    assert!(
        out.status.success(),
        "tsc rejects the exported files:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{} exported files type-check", files.len());
}

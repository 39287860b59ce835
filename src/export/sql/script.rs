//! Statements → SQL scripts runnable as they are by `psql -v ON_ERROR_STOP=1`,
//! `mysql` and `sqlite3`: a `-- <id> <name>` header per migration, then each
//! statement preceded by a `-- <description>` line. Statements that must run
//! outside a transaction are marked `(outside a transaction)`. No client
//! meta-commands and no `BEGIN`/`COMMIT` are written: each statement runs in
//! the client's autocommit mode, and polymig's runner adds transactions itself.

use super::{RenderedMigration, Statement};

/// Mark on statements and migrations that cannot run inside a transaction.
const NON_TRANSACTIONAL: &str = "outside a transaction";

/// All migrations' up statements in order, separated by blank lines.
pub(crate) fn combined(rendered: &[RenderedMigration]) -> String {
    rendered.iter().map(up_script).collect::<Vec<_>>().join("\n")
}

/// One migration's up script: `-- <id> <name>` then its statements (for `--out DIR` files).
pub fn up_script(m: &RenderedMigration) -> String {
    script(&title(m), m.transactional, &m.up)
}

/// `<id> <name>`, or just the id when the name adds nothing (a file `input.sql` gives id and name `input`).
fn title(m: &RenderedMigration) -> String {
    if m.name.is_empty() || m.name == m.id { m.id.clone() } else { format!("{} {}", m.id, m.name) }
}

/// One migration's down script, when it was rendered: `-- <id> <name> (down)` then its statements.
pub fn down_script(m: &RenderedMigration) -> Option<String> {
    let down = m.down.as_ref()?;
    Some(script(&format!("{} (down)", title(m)), m.down_transactional(), down))
}

fn script(title: &str, transactional: bool, statements: &[Statement]) -> String {
    let mut out = format!("-- {}\n", one_line(title));
    if !transactional {
        out.push_str(&format!("-- (not transactional: contains statements that run {NON_TRANSACTIONAL})\n"));
    }
    for s in statements {
        out.push_str("-- ");
        out.push_str(&one_line(&s.comment));
        if !s.transactional {
            out.push_str(&format!(" ({NON_TRANSACTIONAL})"));
        }
        out.push('\n');
        out.push_str(&s.sql);
        out.push('\n');
    }
    out
}

/// Line breaks would end a `--` comment early: replace them with spaces.
fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

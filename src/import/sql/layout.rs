//! SQL-runner directory layouts: which files are migrations, their version, name and role.
//!
//! | layout | up | down |
//! |---|---|---|
//! | numbered / timestamped (dbmate, sqlx, goose) | `0001_create_users.sql`, `20240101120000_x.sql`, `1_x.sql` | sections inside the file |
//! | up/down pairs (sqlx, golang-migrate) | `000001_name.up.sql` | `000001_name.down.sql` |
//! | Flyway | `V1.2__add_users.sql` (`V1_2__…`) | `U1.2__add_users.sql` |
//! | Prisma | `<timestamp>_<name>/migration.sql` | — |
//!
//! Other files in a walked folder are not migrations. A `.sql` file named on the command line
//! is always one migration: its id is the leading number of its name, or its whole stem.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

/// A migration version compared numerically part by part: `2 < 10`, `1.2 < 1.10`, `1 == 1.0`.
#[derive(Debug, Clone)]
pub(crate) struct Version {
    /// As written (Flyway's `_` separators read as `.`): `0001`, `1.2`, `20240101120000`.
    pub text: String,
    /// Numeric parts without leading zeros or trailing zero parts; `None` for a non-numeric id.
    parts: Option<Vec<String>>,
}

impl Version {
    /// Parse `text`; numeric when it is digits separated by `.` or `_`.
    pub(crate) fn parse(text: &str) -> Self {
        let numeric =
            !text.is_empty() && text.split(['.', '_']).all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        let parts = numeric.then(|| {
            let mut parts: Vec<String> = text
                .split(['.', '_'])
                .map(|p| match p.trim_start_matches('0') {
                    "" => "0".to_string(),
                    digits => digits.to_string(),
                })
                .collect();
            while parts.len() > 1 && parts.last().is_some_and(|p| p == "0") {
                parts.pop();
            }
            parts
        });
        Version { text: text.to_string(), parts }
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        match (&self.parts, &other.parts) {
            (Some(a), Some(b)) => {
                for (x, y) in a.iter().zip(b) {
                    let o = x.len().cmp(&y.len()).then_with(|| x.cmp(y));
                    if o != Ordering::Equal {
                        return o;
                    }
                }
                a.len().cmp(&b.len())
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => self.text.cmp(&other.text),
        }
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Version {}

/// Whether a file holds the up or the down script of its version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The forward script (possibly with a `-- migrate:down` section).
    Up,
    /// An explicit down script (`.down.sql`, Flyway `U…`).
    Down,
}

/// One migration file found in a layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The file.
    pub path: PathBuf,
    /// Its version.
    pub version: Version,
    /// The description part of the name: `create_users`.
    pub name: String,
    /// Up or down.
    pub role: Role,
    /// The migrations folder it belongs to (versions must be unique within it): the file's
    /// folder, or for Prisma the folder holding the migration folders.
    pub folder: PathBuf,
}

/// What a file is, judged by its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A migration file.
    Migration(Entry),
    /// A Flyway repeatable migration (`R__name.sql`): no version, not imported.
    Repeatable,
    /// Not part of a layout.
    Other,
}

/// Classify `path`; `explicit` when it was named on the command line.
pub(crate) fn classify(path: &Path, explicit: bool) -> Kind {
    let Some(file) = path.file_name().and_then(|f| f.to_str()) else {
        return Kind::Other;
    };
    let parent = path.parent().unwrap_or(Path::new(""));
    let folder = parent;
    let entry = |version: &str, name: &str, role: Role, folder: &Path| {
        Kind::Migration(Entry {
            folder: folder.to_path_buf(),
            path: path.to_path_buf(),
            version: Version::parse(version),
            name: name.to_string(),
            role,
        })
    };
    if file == "migration.sql" {
        let dir = parent.file_name().and_then(|f| f.to_str()).unwrap_or_default();
        if let Some((version, name)) = numbered(dir) {
            return entry(version, name, Role::Up, parent.parent().unwrap_or(parent));
        }
    }
    let Some(stem) = file.strip_suffix(".sql") else {
        return Kind::Other;
    };
    let flyway = stem.strip_prefix('V').or_else(|| stem.strip_prefix('U')).and_then(|rest| rest.split_once("__"));
    if let Some((version, name)) = flyway.filter(|(v, _)| Version::parse(v).parts.is_some()) {
        let role = if stem.starts_with('V') { Role::Up } else { Role::Down };
        return entry(&version.replace('_', "."), name, role, folder);
    }
    if stem.starts_with("R__") {
        return Kind::Repeatable;
    }
    for (suffix, role) in [(".up", Role::Up), (".down", Role::Down)] {
        if let Some((version, name)) = stem.strip_suffix(suffix).and_then(numbered) {
            return entry(version, name, role, folder);
        }
    }
    if let Some((version, name)) = numbered(stem) {
        return entry(version, name, Role::Up, folder);
    }
    if explicit {
        let digits = stem.len() - stem.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let (version, name) = if digits > 0 { stem.split_at(digits) } else { (stem, stem) };
        let name = name.trim_start_matches(['_', '-']);
        // A file outside any layout is its own folder: it cannot clash with anything.
        return entry(version, if name.is_empty() { stem } else { name }, Role::Up, path);
    }
    Kind::Other
}

/// `0001_create_users` → (`0001`, `create_users`); `42` → (`42`, ``); `1-x` → (`1`, `x`).
fn numbered(stem: &str) -> Option<(&str, &str)> {
    let digits = stem.len() - stem.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let (version, rest) = stem.split_at(digits);
    if rest.is_empty() {
        return Some((version, ""));
    }
    let name = rest.strip_prefix('_').or_else(|| rest.strip_prefix('-'))?;
    Some((version, name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    fn entry(path: &str) -> (String, String, Role) {
        match classify(Path::new(path), false) {
            Kind::Migration(e) => (e.version.text, e.name, e.role),
            other => panic!("{path}: {other:?}"),
        }
    }

    #[test]
    fn versions_compare_numerically_part_by_part() {
        let v = Version::parse;
        assert!(v("2") < v("10"));
        assert!(v("1.2") < v("1.10"));
        assert!(v("0009") < v("10"));
        assert_eq!(v("1"), v("1.0"));
        assert_eq!(v("1_2"), v("1.2"));
        assert!(v("20240101120000") < v("20240101120001"));
        assert!(v("99999999999999999999999") > v("9"));
        assert!(v("10") < v("schema"));
    }

    #[test]
    fn numbered_and_timestamped() {
        assert_eq!(entry("db/0001_create_users.sql"), ("0001".into(), "create_users".into(), Role::Up));
        assert_eq!(entry("20240101120000_x.sql"), ("20240101120000".into(), "x".into(), Role::Up));
        assert_eq!(entry("1_x.sql"), ("1".into(), "x".into(), Role::Up));
        assert_eq!(entry("7.sql"), ("7".into(), "".into(), Role::Up));
    }

    #[test]
    fn up_down_pairs() {
        assert_eq!(entry("000001_init.up.sql"), ("000001".into(), "init".into(), Role::Up));
        assert_eq!(entry("000001_init.down.sql"), ("000001".into(), "init".into(), Role::Down));
    }

    #[test]
    fn flyway() {
        assert_eq!(entry("V1__init.sql"), ("1".into(), "init".into(), Role::Up));
        assert_eq!(entry("V1.2__add_users.sql"), ("1.2".into(), "add_users".into(), Role::Up));
        assert_eq!(entry("V1_2__add_users.sql"), ("1.2".into(), "add_users".into(), Role::Up));
        assert_eq!(entry("U1.2__add_users.sql"), ("1.2".into(), "add_users".into(), Role::Down));
        assert_eq!(classify(Path::new("R__views.sql"), false), Kind::Repeatable);
    }

    #[test]
    fn prisma_folders() {
        assert_eq!(
            entry("prisma/migrations/20240101120000_init/migration.sql"),
            ("20240101120000".into(), "init".into(), Role::Up)
        );
        assert_eq!(classify(Path::new("prisma/migrations/migration_lock.toml"), false), Kind::Other);
    }

    #[test]
    fn other_files_are_not_migrations_unless_named() {
        assert_eq!(classify(Path::new("README.md"), false), Kind::Other);
        assert_eq!(classify(Path::new("schema.sql"), false), Kind::Other);
        assert_eq!(classify(Path::new("Vx__bad.sql"), false), Kind::Other);
        match classify(Path::new("schema.sql"), true) {
            Kind::Migration(e) => assert_eq!((e.version.text, e.name), ("schema".into(), "schema".into())),
            other => panic!("{other:?}"),
        }
        match classify(Path::new("12abc.sql"), true) {
            Kind::Migration(e) => assert_eq!((e.version.text, e.name), ("12".into(), "abc".into())),
            other => panic!("{other:?}"),
        }
    }
}

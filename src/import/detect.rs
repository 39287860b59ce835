//! Format detection for `--from auto`, by path and content.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use walkdir::WalkDir;

/// A migration format polymig knows by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// Plain SQL files and SQL-runner layouts (`*.sql`, `*.up.sql`, Flyway, dbmate, Prisma folders).
    Sql,
    /// `schema.prisma` plus `prisma/migrations`.
    Prisma,
    /// Alembic `versions/*.py` (`op.create_table(...)`).
    Alembic,
    /// Django `<app>/migrations/*.py` (`migrations.CreateModel(...)`).
    Django,
    /// Rails `db/migrate/*.rb` (`create_table :users do |t|`).
    Rails,
    /// TypeORM `*.ts`/`*.js` classes implementing `MigrationInterface`.
    Typeorm,
}

impl Format {
    /// Lower-case name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Sql => "sql",
            Format::Prisma => "prisma",
            Format::Alembic => "alembic",
            Format::Django => "django",
            Format::Rails => "rails",
            Format::Typeorm => "typeorm",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "sql" => Ok(Format::Sql),
            "prisma" => Ok(Format::Prisma),
            "alembic" => Ok(Format::Alembic),
            "django" => Ok(Format::Django),
            "rails" | "activerecord" => Ok(Format::Rails),
            "typeorm" => Ok(Format::Typeorm),
            other => Err(format!("unknown format `{other}`")),
        }
    }
}

/// Guess the format of a file, or of the migration files under a directory
/// (the format with the most files wins; ties go to the order of [`Format`]).
pub fn detect_format(path: &Path) -> Option<Format> {
    if path.is_file() {
        return detect_file(path);
    }
    let mut counts = [0usize; 6];
    for entry in WalkDir::new(path).max_depth(6).sort_by_file_name().into_iter().filter_map(Result::ok) {
        if entry.file_type().is_file()
            && let Some(f) = detect_file(entry.path())
        {
            counts[f as usize] += 1;
        }
    }
    let best = counts.iter().enumerate().max_by_key(|(i, n)| (**n, usize::MAX - i))?;
    (*best.1 > 0).then(|| ALL[best.0])
}

const ALL: [Format; 6] = [Format::Sql, Format::Prisma, Format::Alembic, Format::Django, Format::Rails, Format::Typeorm];

fn detect_file(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    let head = || {
        std::fs::read(path).map(|b| String::from_utf8_lossy(&b[..b.len().min(8192)]).into_owned()).unwrap_or_default()
    };
    match ext.as_str() {
        "sql" => Some(Format::Sql),
        "prisma" => Some(Format::Prisma),
        "rb" => {
            let text = head();
            (text.contains("ActiveRecord::Migration") || text.contains("ActiveRecord::Schema")).then_some(Format::Rails)
        }
        "py" => {
            let text = head();
            if text.contains("from django.db import migrations") || text.contains("migrations.Migration") {
                Some(Format::Django)
            } else if text.contains("from alembic import op") || text.contains("down_revision") {
                Some(Format::Alembic)
            } else {
                None
            }
        }
        "ts" | "js" | "mjs" | "cjs" => head().contains("MigrationInterface").then_some(Format::Typeorm).or_else(|| {
            let text = head();
            (text.contains("queryRunner") && text.contains("up(")).then_some(Format::Typeorm)
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_extension_and_content() {
        let dir = tempfile::tempdir().unwrap();
        let w = |name: &str, text: &str| {
            let p = dir.path().join(name);
            std::fs::write(&p, text).unwrap();
            p
        };
        assert_eq!(detect_format(&w("1_init.sql", "CREATE TABLE t (id int);")), Some(Format::Sql));
        assert_eq!(detect_format(&w("a.py", "from alembic import op\nrevision = 'a'\n")), Some(Format::Alembic));
        assert_eq!(detect_format(&w("0001_initial.py", "from django.db import migrations\n")), Some(Format::Django));
        assert_eq!(detect_format(&w("1_x.rb", "class X < ActiveRecord::Migration[7.0]\nend\n")), Some(Format::Rails));
        assert_eq!(
            detect_format(&w("1-X.ts", "export class X implements MigrationInterface {}")),
            Some(Format::Typeorm)
        );
        assert_eq!(detect_format(&w("notes.txt", "hello")), None);
        assert_eq!(detect_format(&w("helper.py", "print(1)")), None);
        // A directory: the format with most files wins (2 SQL vs 1 of each other).
        w("2_more.sql", "SELECT 1;");
        assert_eq!(detect_format(dir.path()), Some(Format::Sql));
    }

    #[test]
    fn parses_names() {
        assert_eq!("ActiveRecord".parse::<Format>(), Ok(Format::Rails));
        assert!("liquibase".parse::<Format>().is_err());
    }
}

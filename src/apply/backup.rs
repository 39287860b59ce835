//! `--backup DIR`: a copy of the database before anything runs.
//!
//! SQLite: `VACUUM INTO` (a consistent copy of the file, even while others read it).
//! PostgreSQL: `pg_dump`; MySQL/MariaDB: `mysqldump`, when installed. The password is passed
//! through the environment (`PGPASSWORD`, `MYSQL_PWD`), never on the command line.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::backend::Backend;
use super::history::db_error;
use super::url::DbUrl;
use crate::diagnostics::Diagnostic;
use crate::ir::SqlDialect;

/// Write a backup of the database into `dir` and return its path.
pub async fn backup<B: Backend>(db: &mut B, url: &DbUrl, dir: &Path) -> Result<PathBuf, Diagnostic> {
    std::fs::create_dir_all(dir).map_err(|e| backup_error(format!("cannot create {}: {e}", dir.display())))?;
    let stamp = utc_stamp(std::time::SystemTime::now());
    match B::DIALECT {
        SqlDialect::Sqlite => {
            let stem = url
                .sqlite_path()
                .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "memory".into());
            let path = dir.join(format!("{stem}-{stamp}.sqlite"));
            let target = path.to_string_lossy().replace('\'', "''");
            db.execute_raw(&format!("VACUUM INTO '{target}'"))
                .await
                .map_err(|e| backup_error(db_error("VACUUM INTO failed", &e).message))?;
            Ok(path)
        }
        SqlDialect::Postgres => {
            let parts = url.server_parts();
            let path = dir.join(format!("{}-{stamp}.sql", parts.database.as_deref().unwrap_or("postgres")));
            let mut cmd = Command::new(find_tool("pg_dump")?);
            cmd.arg("--no-password").arg("--file").arg(&path).arg("--dbname").arg(url.without_password());
            if let Some(p) = url.password() {
                cmd.env("PGPASSWORD", p);
            }
            run_tool(cmd, "pg_dump", url)?;
            Ok(path)
        }
        SqlDialect::Mysql => {
            let parts = url.server_parts();
            let database = parts.database.clone().unwrap_or_default();
            let path = dir.join(format!("{database}-{stamp}.sql"));
            let tool = find_tool("mariadb-dump").or_else(|_| find_tool("mysqldump"))?;
            let mut cmd = Command::new(tool);
            if let Some(h) = &parts.host {
                cmd.arg(format!("--host={h}"));
            }
            if let Some(p) = parts.port {
                cmd.arg(format!("--port={p}"));
            }
            if let Some(u) = &parts.user {
                cmd.arg(format!("--user={u}"));
            }
            cmd.arg("--single-transaction").arg(format!("--result-file={}", path.display())).arg(&database);
            if let Some(p) = url.password() {
                cmd.env("MYSQL_PWD", p);
            }
            run_tool(cmd, "mysqldump", url)?;
            Ok(path)
        }
    }
}

fn backup_error(message: String) -> Diagnostic {
    Diagnostic::error("backup-failed", message).help("fix the problem or run without --backup; nothing was applied")
}

/// The tool's path, searched in `PATH`.
fn find_tool(name: &str) -> Result<PathBuf, Diagnostic> {
    std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|d| d.join(name)).find(|p| p.is_file()))
        .ok_or_else(|| {
            Diagnostic::error("backup-tool-missing", format!("--backup needs `{name}`, which is not in PATH"))
                .help("install the database's client tools, or run without --backup; nothing was applied")
        })
}

fn run_tool(mut cmd: Command, name: &str, url: &DbUrl) -> Result<(), Diagnostic> {
    let out = cmd.output().map_err(|e| backup_error(format!("cannot run {name}: {e}")))?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    Err(backup_error(format!("{name} failed: {}", url.scrub(stderr.trim()))))
}

/// `YYYYMMDDTHHMMSSZ` for a time (UTC, proleptic Gregorian).
pub fn utc_stamp(t: std::time::SystemTime) -> String {
    let secs = t.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    let [year, month, day, h, m, s] = utc_parts(secs);
    format!("{year:04}{month:02}{day:02}T{h:02}{m:02}{s:02}Z")
}

/// `[year, month, day, hour, minute, second]` of a time in seconds since 1970 (UTC).
pub(crate) fn utc_parts(secs: i64) -> [i64; 6] {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    [year, month, day, rem / 3600, rem % 3600 / 60, rem % 60]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn stamps() {
        assert_eq!(utc_stamp(UNIX_EPOCH), "19700101T000000Z");
        assert_eq!(utc_stamp(UNIX_EPOCH + Duration::from_secs(1_709_210_096)), "20240229T123456Z");
    }
}

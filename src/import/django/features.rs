//! What Django's database backends support (`DatabaseFeatures`), for the backend the import
//! emulates. The MySQL target is MariaDB, as Django's oracle here runs it: no expression
//! indexes (`supports_expression_indexes` needs MySQL ≥ 8.0.13, never MariaDB).

use super::editor::Editor;
use crate::ir::SqlDialect;

impl Editor<'_> {
    fn backend(&self) -> SqlDialect {
        self.d.unwrap_or(SqlDialect::Postgres)
    }

    /// The backend's name in messages.
    pub fn name(&self) -> &'static str {
        match self.backend() {
            SqlDialect::Postgres => "PostgreSQL",
            SqlDialect::Mysql => "MariaDB",
            SqlDialect::Sqlite => "SQLite",
        }
    }

    /// PostgreSQL: deferrable unique constraints, covering indexes (`INCLUDE`), `NULLS [NOT]
    /// DISTINCT`, operator classes.
    pub fn is_postgres(&self) -> bool {
        self.backend() == SqlDialect::Postgres
    }

    /// `supports_partial_indexes` (`CREATE INDEX … WHERE`): not MySQL/MariaDB.
    pub fn supports_partial_indexes(&self) -> bool {
        self.backend() != SqlDialect::Mysql
    }

    /// `supports_expression_indexes`: not MariaDB.
    pub fn supports_expression_indexes(&self) -> bool {
        self.backend() != SqlDialect::Mysql
    }
}

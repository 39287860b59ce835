//! What a recipe may ask about its target: the dialect's spelling (borrowed from the SQL exporter,
//! so quoting, literals, type names and whole operations come out exactly as `polymig convert`
//! writes them), the schema before the operation, and the few comparisons whose spelling differs
//! between databases. Recipes never quote or compare by hand.

use crate::export::sql::Spelling;
use crate::ir::{Constraint, DataType, Operation, QName, SqlDialect};
use crate::lint::Target;
use crate::schema::{Schema, Table, replay};

/// The context one recipe runs in.
pub(crate) struct Cx<'a> {
    /// Database and version.
    pub target: Target,
    /// The schema before the operation.
    pub before: &'a Schema,
    sp: Spelling,
}

impl<'a> Cx<'a> {
    /// A context for `target` with the schema `before` the operation.
    pub fn new(target: Target, before: &'a Schema) -> Self {
        Cx { target, before, sp: Spelling::of(target.engine.dialect()) }
    }

    /// The SQL dialect.
    pub fn dialect(&self) -> SqlDialect {
        self.target.engine.dialect()
    }

    /// A quoted identifier.
    pub fn q(&self, ident: &str) -> String {
        self.sp.quote(ident)
    }

    /// A quoted, possibly schema-qualified name.
    pub fn qn(&self, name: &QName) -> String {
        self.sp.qualified(name)
    }

    /// A string literal.
    pub fn lit(&self, s: &str) -> String {
        self.sp.string(s)
    }

    /// An IR expression (canonical spelling) in the target's spelling.
    pub fn expr(&self, canonical: &str) -> String {
        self.sp.expr(canonical)
    }

    /// A type's name in the target's spelling.
    pub fn type_name(&self, t: &DataType) -> String {
        self.sp.type_name(t, self.before)
    }

    /// `ops` as the exporter renders them against `state` (statements without `;`), or `None`
    /// when the exporter cannot express one for this target.
    pub fn render_on(&self, ops: Vec<Operation>, state: &Schema) -> Option<Vec<String>> {
        self.sp.render(ops, state).ok().map(|v| v.into_iter().map(|s| s.sql).collect())
    }

    /// [`Cx::render_on`] against the schema before the operation.
    pub fn render(&self, ops: Vec<Operation>) -> Option<Vec<String>> {
        self.render_on(ops, self.before)
    }

    /// The schema after `op` (replayed on a copy of `state`), or `None` when it does not apply.
    pub fn after(&self, state: &Schema, op: impl Into<Operation>) -> Option<Schema> {
        let mut s = state.clone();
        let op = crate::ir::Op::new(op, Default::default());
        replay(&mut s, &op, Some(self.dialect())).ok().map(|_| s)
    }

    /// A table of the schema before the operation.
    pub fn table(&self, name: &QName) -> Option<&'a Table> {
        self.before.table(name)
    }

    /// `name` with another object name, in the same schema: `t` → `t__pm`.
    pub fn sibling(name: &QName, object: String) -> QName {
        QName { schema: name.schema.clone(), name: object }
    }

    /// A condition true when `a` and `b` differ, NULLs compared as values:
    /// `a IS DISTINCT FROM b` / MySQL `NOT (a <=> b)` / SQLite `a IS NOT b`.
    pub fn differ(&self, a: &str, b: &str) -> String {
        match self.dialect() {
            SqlDialect::Postgres => format!("{a} IS DISTINCT FROM {b}"),
            SqlDialect::Mysql => format!("NOT ({a} <=> {b})"),
            SqlDialect::Sqlite => format!("{a} IS NOT {b}"),
        }
    }

    /// PostgreSQL: 1 while the index `name` (in `table`'s schema) is INVALID or not ready — a
    /// `CREATE INDEX CONCURRENTLY` that failed or has not finished — else 0.
    pub fn pg_index_not_ready(&self, table: &QName, name: &str) -> String {
        format!(
            "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON \
             n.oid = c.relnamespace WHERE c.relname = {} AND n.nspname = {} AND NOT (i.indisvalid AND i.indisready)",
            self.lit(name),
            table.schema.as_deref().map_or("current_schema()".to_string(), |s| self.lit(s))
        )
    }

    /// `SELECT count(*) FROM table WHERE cond`: a verification query that must return 0.
    pub fn count_where(&self, table: &QName, cond: &str) -> String {
        format!("SELECT count(*) FROM {} WHERE {cond}", self.qn(table))
    }

    /// The constraint `c` as it is named after being added to `table` (the source's name, or the
    /// name the target gives it by default), or `None` when the operation does not replay.
    pub fn named(&self, table: &QName, c: &Constraint) -> Option<Constraint> {
        if c.name.is_some() {
            return Some(c.clone());
        }
        let before = self.table(table)?;
        let op = crate::ir::AddConstraint { table: table.clone(), constraint: c.clone(), not_valid: false };
        let after = self.after(self.before, op)?;
        let t = after.table(table)?;
        t.constraints.iter().find(|n| !before.constraints.contains(n) && n.kind == c.kind).cloned()
    }

    /// True when `column` of `table` is part of an index or a constraint.
    pub fn column_is_keyed(&self, table: &Table, column: &str) -> bool {
        use crate::ir::ConstraintKind as K;
        let eq = |c: &str| c.eq_ignore_ascii_case(column);
        table.indexes.iter().any(|i| i.column_names().into_iter().any(eq) || i.parts.len() > i.column_names().len())
            || table.constraints.iter().any(|c| match &c.kind {
                K::PrimaryKey { columns } | K::Unique { columns, .. } => columns.iter().any(|c| eq(c)),
                K::ForeignKey(fk) => fk.columns.iter().any(|c| eq(c)),
                K::Check { expr } => expr.to_lowercase().contains(&column.to_lowercase()),
            })
    }
}

impl Cx<'_> {
    /// A query over the server's statement statistics summing the executions of the DML
    /// statements (SELECT, INSERT, UPDATE, DELETE, …; DDL left out, so the plan's own ALTERs and
    /// views do not count) that mention both `table` and `word`, in the current database:
    /// PostgreSQL `sum(calls)` of `pg_stat_statements`, MySQL/MariaDB `SUM(COUNT_STAR)` of the
    /// `performance_schema` digests. `polymig apply --phase` refuses while it grows
    /// ([`crate::apply::usage`]). `None` on SQLite, which keeps no such statistics.
    pub fn usage_query(&self, table: &str, word: &str) -> Option<String> {
        match self.dialect() {
            SqlDialect::Postgres => {
                let re = |w: &str| self.lit(&format!("\\m{}\\M", regex_escaped(w)));
                // Leading blanks and comments (query tags), then a DML keyword.
                let dml = self.lit(
                    "^(\\s|/\\*[^*]*\\*+([^/*][^*]*\\*+)*/|--[^\\n]*\\n)*(select|insert|update|delete|merge|with|values|table|copy)\\M",
                );
                Some(format!(
                    "SELECT CAST(coalesce(sum(calls), 0) AS bigint) FROM pg_stat_statements \
                     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) \
                     AND query ~* {dml} AND query ~* {} AND query ~* {}",
                    re(word),
                    re(table)
                ))
            }
            SqlDialect::Mysql => {
                // Digests quote identifiers (`legacy`), except names that are also keywords, kept
                // bare and upper-cased between spaces: `SELECT ID , NAME , STATUS FROM `t``.
                let like = |w: &str| {
                    let escaped = w.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
                    let quoted = format!("DIGEST_TEXT LIKE {}", self.lit(&format!("%`{escaped}`%")));
                    if w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                        let bare = self.lit(&format!("% {} %", escaped.to_ascii_uppercase()));
                        format!("({quoted} OR DIGEST_TEXT LIKE {bare})")
                    } else {
                        quoted
                    }
                };
                // Digest texts drop comments and start with the statement's keyword.
                let dml: Vec<String> = ["SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE", "WITH", "VALUES", "TABLE"]
                    .iter()
                    .map(|k| format!("DIGEST_TEXT LIKE '{k} %'"))
                    .collect();
                // Statements prepared through the binary protocol get no digest; those still
                // prepared are in prepared_statements_instances, with their text as sent.
                let re = |w: &str| format!("SQL_TEXT REGEXP {}", self.lit(&format!("\\b{}\\b", regex_escaped(w))));
                Some(format!(
                    "SELECT CAST(COALESCE((SELECT SUM(COUNT_STAR) \
                     FROM performance_schema.events_statements_summary_by_digest \
                     WHERE (SCHEMA_NAME = DATABASE() OR SCHEMA_NAME IS NULL) AND ({}) AND {} AND {}), 0) \
                     + COALESCE((SELECT SUM(p.COUNT_EXECUTE) FROM performance_schema.prepared_statements_instances p \
                     LEFT JOIN performance_schema.threads t ON t.THREAD_ID = p.OWNER_THREAD_ID \
                     WHERE (t.PROCESSLIST_DB = DATABASE() OR t.PROCESSLIST_DB IS NULL) AND SQL_TEXT REGEXP {} \
                     AND {} AND {}), 0) AS SIGNED)",
                    dml.join(" OR "),
                    like(word),
                    like(table),
                    self.lit("^([[:space:]]|/\\*.*?\\*/)*(select|insert|update|delete|replace|with|values|table)\\b"),
                    re(word),
                    re(table)
                ))
            }
            SqlDialect::Sqlite => None,
        }
    }
}

impl Cx<'_> {
    /// Text in the target's spelling turned into the IR's canonical spelling (for `Backfill`).
    pub fn canonical(&self, text: &str) -> String {
        crate::sql_expr::to_canonical(text, self.dialect())
    }

    /// A batched backfill of `table` setting `column = value` where `filter` holds (both in the
    /// target's spelling), keyed by the primary key.
    pub fn backfill(&self, table: &QName, column: &str, value: &str, filter: &str) -> crate::ir::Backfill {
        let set = vec![crate::ir::Assignment { column: column.to_string(), value: self.canonical(value) }];
        let mut b = crate::ir::Backfill::new(table.clone(), set);
        b.filter = Some(self.canonical(filter));
        b
    }

    /// The primary key columns of `table`, when it has one.
    pub fn primary_key(table: &Table) -> Option<Vec<String>> {
        match &table.primary_key()?.kind {
            crate::ir::ConstraintKind::PrimaryKey { columns } => Some(columns.clone()),
            _ => None,
        }
    }
}

impl Cx<'_> {
    /// The SQL of `col`'s default in the target's spelling.
    pub fn default_of(&self, col: &crate::ir::Column) -> Option<String> {
        self.sp.default_of(col, self.before)
    }
}

/// `w` with every character but letters, digits and `_` backslash-escaped, for a regular expression.
fn regex_escaped(w: &str) -> String {
    w.chars().flat_map(|c| if c.is_alphanumeric() || c == '_' { vec![c] } else { vec!['\\', c] }).collect()
}

impl Cx<'_> {
    /// Statements that fail the migration running them while `query` does not return 0: the
    /// verification of a phase written for an ORM's runner. PostgreSQL: a `DO` block raising an
    /// exception that names the query; MySQL, MariaDB and SQLite: the count inserted into a
    /// temporary table whose CHECK `polymig_verification_failed` refuses anything but 0.
    pub fn guard(dialect: SqlDialect, query: &str) -> Vec<String> {
        let sp = Spelling::of(dialect);
        match dialect {
            SqlDialect::Postgres => vec![format!(
                "DO $pm$ BEGIN IF ({query}) <> 0 THEN RAISE EXCEPTION 'polymig: verification failed (not 0): %', {}; \
                 END IF; END $pm$",
                sp.string(query)
            )],
            SqlDialect::Mysql | SqlDialect::Sqlite => {
                let (t, n) = (sp.quote("polymig_verify"), sp.quote("n"));
                let drop = if dialect == SqlDialect::Mysql { "DROP TEMPORARY TABLE" } else { "DROP TABLE" };
                vec![
                    format!(
                        "CREATE TEMPORARY TABLE IF NOT EXISTS {t} ({n} BIGINT, CONSTRAINT {} CHECK ({n} = 0))",
                        sp.quote("polymig_verification_failed")
                    ),
                    format!("INSERT INTO {t} ({n}) {query}"),
                    format!("{drop} {t}"),
                ]
            }
        }
    }
}

//! The rules, one file each (with its tests), registered in [`RULES`] in catalogue order.

#[cfg(test)]
pub mod testing;
pub mod util;

use super::{Ctx, RuleInfo};

/// A rule's check: inspects `cx.op()` and reports through `cx`.
pub type RuleFn = fn(&Ctx);

macro_rules! rules {
    ($($m:ident),* $(,)?) => {
        $(pub mod $m;)*
        /// Every rule with its check, in catalogue order.
        pub static RULES: &[(RuleInfo, RuleFn)] = &[$(($m::RULE, $m::check)),*];
    };
}

rules!(
    index_not_concurrent,
    index_drop_not_concurrent,
    concurrently_in_transaction,
    invalid_index_leftover,
    concurrent_index_pg14_bug,
    reindex_not_concurrent,
    add_column_rewriting_default,
    add_column_stored_generated,
    add_column_autoincrement,
    change_type_rewrite,
    change_type_rechecks_constraints,
    change_type_and_not_null,
    set_not_null_scan,
    check_without_not_valid,
    fk_without_not_valid,
    validate_while_locked,
    unique_constraint_blocking,
    primary_key_blocking,
    exclusion_constraint,
    many_fks_one_migration,
    drop_table_with_fks,
    drop_column_cascades,
    detach_partition_not_concurrent,
    attach_partition_scan,
    table_rewrite_maintenance,
    domain_check_constraint,
    sqlite_table_rebuild,
    strong_locks_many_tables,
    rename_column,
    rename_table,
    rename_schema,
    rename_enum_value,
    drop_column_in_use,
    drop_table_in_use,
    add_required_column,
    db_default_dropped_early,
    default_change_partial_writes,
    sti_type_column,
    unique_may_fail,
    mysql_not_null_implicit_fill,
    mysql_not_null_non_strict,
    not_null_with_fill_update,
    lossy_type_change,
    copy_tool_unique_dedup,
    drop_schema_or_database,
    drop_sequence,
    truncate_cascade,
    create_table_replaces,
    lock_timeout_missing,
    statement_timeout_missing,
    transaction_nesting,
    uncommitted_transaction,
    non_idempotent_step,
    backfill_in_ddl_transaction,
    unbatched_dml,
    migration_time_budget,
    opaque_operation,
    prefer_bigint_keys,
    fk_type_mismatch,
    prefer_jsonb,
    hash_index_pre_10,
    index_replaced_drop_first,
    fk_without_index,
    identifier_too_long,
    duplicate_column_assignment,
    enum_add_value_in_tx,
    mysql_inline_references,
    hot_table_policy,
    mysql_copy_algorithm,
    mysql_lock_clause,
    mysql_expression_default,
    mysql_enum_set_rewrite,
    mysql_varchar_length_byte,
    mysql_instant_limits,
    mysql_fulltext_spatial,
    sqlite_add_column_restricted,
    sqlite_drop_column_restricted,
    sqlite_fk_pragma_in_tx,
    rls_change,
    grant_revoke,
    replica_identity_change,
    extension_change,
    non_linear_history,
);

#[cfg(test)]
mod tests {
    use super::RULES;

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut ids: Vec<&str> = RULES.iter().map(|(r, _)| r.id).collect();
        assert!(ids.iter().all(|i| i.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')));
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
    }
}

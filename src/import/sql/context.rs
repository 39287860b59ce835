//! What the importer remembers from one statement to the next (across files of a history).

use std::collections::BTreeSet;

use super::types::KnownEnums;
use crate::ir::QName;

/// State carried through a history: which names are enum types.
#[derive(Debug, Clone, Default)]
pub(crate) struct Context {
    /// `CREATE TYPE … AS ENUM` seen so far (so `mood` columns become `Enum { name: mood }`).
    pub enums: KnownEnums,
    /// Other user types (`CREATE TYPE … AS (…)`, domains), so `DROP TYPE` of them stays raw SQL.
    pub other_types: BTreeSet<String>,
}

impl Context {
    /// Whether `name` was created as a non-enum type.
    pub(crate) fn is_other_type(&self, name: &QName) -> bool {
        self.other_types.contains(&name.key()) || self.other_types.contains(&name.name)
    }
}

//! `ActiveRecord::Migration[x.y]` and the defaults each version applies
//! (ActiveRecord's `Migration::Compatibility` layers), in one place.
//!
//! | behaviour | before | from |
//! |---|---|---|
//! | `create_table` primary key `serial`/`int` → `bigserial`/`bigint`, `t.references` integer → bigint | | 5.1 |
//! | `t.references` / `add_reference` indexed by default | 4.2: `index: false` | 5.0 |
//! | `t.timestamps` / `add_timestamps` NOT NULL by default | 4.2: nullable | 5.0 |
//! | `t.timestamps` precision 6 | none | 6.0 |
//! | polymorphic reference index `index_<t>_on_<name>` | `index_<t>_on_<name>_type_and_<name>_id` | 6.1 |
//! | every `datetime` column precision 6 | none | 7.0 |
//! | index names longer than 62 bytes → `idx_on_<cols>_<hash>` | ActiveRecord raises | 7.1 |

use std::fmt;

/// A migration's ActiveRecord version, `Migration[7.1]` → `7.1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArVersion {
    /// Major version.
    pub major: u32,
    /// Minor version.
    pub minor: u32,
}

impl ArVersion {
    /// The newest version polymig models (files without `[x.y]` are read as this).
    pub const NEWEST: ArVersion = ArVersion { major: 8, minor: 0 };
    /// ActiveRecord 4.2, the oldest compatibility layer (plain `ActiveRecord::Migration`).
    pub const LEGACY: ArVersion = ArVersion { major: 4, minor: 2 };

    /// `x.y`.
    pub const fn new(major: u32, minor: u32) -> Self {
        ArVersion { major, minor }
    }

    /// Parse `"7.1"` (as written in `Migration[7.1]`).
    pub fn parse(text: &str) -> Option<Self> {
        let (a, b) = text.trim().split_once('.')?;
        Some(ArVersion { major: a.parse().ok()?, minor: b.parse().ok()? })
    }

    fn at_least(self, major: u32, minor: u32) -> bool {
        self >= ArVersion::new(major, minor)
    }

    /// `create_table` without `id:` and `t.references` make 64-bit keys (5.1+).
    pub fn bigint_keys(self) -> bool {
        self.at_least(5, 1)
    }

    /// An explicit `id: :integer`/`:bigint` without `default:` is a plain, not auto-incremented key (before 5.1).
    pub fn explicit_integer_id_is_plain(self) -> bool {
        !self.at_least(5, 1)
    }

    /// `t.references` and `add_reference` add an index unless `index: false` (5.0+).
    pub fn references_indexed(self) -> bool {
        self.at_least(5, 0)
    }

    /// `t.timestamps` and `add_timestamps` are NOT NULL unless `null: true` (5.0+).
    pub fn timestamps_not_null(self) -> bool {
        self.at_least(5, 0)
    }

    /// `t.timestamps` get `precision: 6` (6.0+).
    pub fn timestamps_precision(self) -> Option<u32> {
        self.at_least(6, 0).then_some(6)
    }

    /// Every `datetime` column gets `precision: 6` unless given (7.0+).
    pub fn datetime_precision(self) -> Option<u32> {
        self.at_least(7, 0).then_some(6)
    }

    /// Polymorphic reference indexes are named `index_<table>_on_<name>` (6.1+).
    pub fn short_polymorphic_index_name(self) -> bool {
        self.at_least(6, 1)
    }

    /// Over-long generated index names fall back to `idx_on_<cols>_<hash>` (7.1+).
    pub fn index_name_fallback(self) -> bool {
        self.at_least(7, 1)
    }

    /// `add_reference` on SQLite makes an integer column (6.0 and older).
    pub fn sqlite_add_reference_integer(self) -> bool {
        !self.at_least(6, 1)
    }

    /// `create_table` on MySQL adds `ENGINE=InnoDB` (5.1 and older; no schema effect).
    pub fn mysql_engine_option(self) -> bool {
        !self.at_least(5, 2)
    }
}

impl fmt::Display for ArVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_order_and_gate_defaults() {
        let v42 = ArVersion::parse("4.2").unwrap();
        let v50 = ArVersion::parse("5.0").unwrap();
        let v70 = ArVersion::parse("7.0").unwrap();
        assert!(v42 < v50 && v50 < ArVersion::parse("5.1").unwrap());
        assert!(!v42.references_indexed() && v50.references_indexed());
        assert!(!v50.bigint_keys() && ArVersion::parse("5.1").unwrap().bigint_keys());
        assert_eq!(v50.timestamps_precision(), None);
        assert_eq!(ArVersion::parse("6.0").unwrap().timestamps_precision(), Some(6));
        assert_eq!(ArVersion::parse("6.1").unwrap().datetime_precision(), None);
        assert_eq!(v70.datetime_precision(), Some(6));
        assert!(ArVersion::parse("7.1").unwrap().index_name_fallback() && !v70.index_name_fallback());
        assert_eq!(ArVersion::parse("x"), None);
        assert_eq!(v70.to_string(), "7.0");
    }
}

//! Default names databases give to unnamed constraints and indexes.

-- sqlite-fk-pragma-in-tx: fires
-- target: sqlite
PRAGMA foreign_keys = OFF;  -- expect

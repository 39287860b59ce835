-- sqlite-fk-pragma-in-tx: does not fire
-- target: sqlite
-- polymig:no-transaction
PRAGMA foreign_keys = OFF;

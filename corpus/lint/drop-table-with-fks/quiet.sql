-- drop-table-with-fks: does not fire
-- target: pg16
DROP TABLE tags;

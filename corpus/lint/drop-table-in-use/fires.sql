-- drop-table-in-use: fires
-- target: pg16
DROP TABLE tags;  -- expect

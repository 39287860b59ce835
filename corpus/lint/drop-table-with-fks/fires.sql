-- drop-table-with-fks: fires
-- target: pg16
DROP TABLE events;  -- expect

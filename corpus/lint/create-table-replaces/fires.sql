-- create-table-replaces: fires
-- target: pg16
DROP TABLE IF EXISTS drafts;
CREATE TABLE drafts (a int);  -- expect

-- create-table-replaces: does not fire
-- target: pg16
CREATE TABLE drafts (a int);

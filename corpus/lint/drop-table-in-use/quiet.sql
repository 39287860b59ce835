-- drop-table-in-use: does not fire
-- target: pg16
CREATE TABLE drafts (a int);
DROP TABLE drafts;

-- rename-column: does not fire
-- target: pg16
CREATE TABLE drafts (a int);
ALTER TABLE drafts RENAME COLUMN a TO b;

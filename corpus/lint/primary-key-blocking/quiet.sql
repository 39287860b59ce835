-- primary-key-blocking: does not fire
-- target: pg16
CREATE TABLE drafts (a int);
ALTER TABLE drafts ADD PRIMARY KEY (a);

CREATE TABLE t (id int PRIMARY KEY, a int);
-- polymig:backfill table=t set="a = 1" batchsize=10
-- polymig:backfill table=t
CREATE INDEX t_a ON t (a);

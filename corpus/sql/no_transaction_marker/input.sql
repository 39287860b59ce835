-- polymig:no-transaction
CREATE TABLE big (id integer PRIMARY KEY, v text);
CREATE INDEX big_v_idx ON big (v);

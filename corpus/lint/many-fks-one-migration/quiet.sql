-- many-fks-one-migration: does not fire
-- target: pg16
CREATE TABLE memberships (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));

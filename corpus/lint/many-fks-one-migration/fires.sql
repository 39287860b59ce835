-- many-fks-one-migration: fires
-- target: pg16
CREATE TABLE memberships (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), org_id bigint REFERENCES orgs (id));  -- expect

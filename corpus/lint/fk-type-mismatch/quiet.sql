-- fk-type-mismatch: does not fire
-- target: pg16
CREATE TABLE memberships (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs (id));

-- fk-type-mismatch: fires
-- target: pg16
CREATE TABLE memberships (id bigint PRIMARY KEY, org_id int REFERENCES orgs (id));  -- expect

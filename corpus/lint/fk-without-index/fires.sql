-- fk-without-index: fires
-- target: pg16
CREATE TABLE memberships (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs (id));  -- expect

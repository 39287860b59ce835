-- mysql-inline-references: fires
-- target: mysql8.0
CREATE TABLE memberships (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs (id));  -- expect

-- mysql-inline-references: does not fire
-- target: mysql8.0
CREATE TABLE memberships (id bigint PRIMARY KEY, org_id bigint, FOREIGN KEY (org_id) REFERENCES orgs (id));

-- fk-without-index: does not fire
-- target: pg16
CREATE TABLE memberships (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs (id));
CREATE INDEX memberships_org_id_idx ON memberships (org_id);

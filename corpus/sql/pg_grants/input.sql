CREATE TABLE reports (id integer PRIMARY KEY, body text, CONSTRAINT reports_body_key UNIQUE (body));
GRANT SELECT ON reports TO PUBLIC;
GRANT SELECT, INSERT ON TABLE reports TO PUBLIC;
REVOKE INSERT ON reports FROM PUBLIC;
ALTER TABLE reports OWNER TO CURRENT_USER;
ALTER TABLE reports ENABLE ROW LEVEL SECURITY;
SET search_path TO public;
ALTER TABLE reports RENAME CONSTRAINT reports_body_key TO reports_body_uq;

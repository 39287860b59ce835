-- fk-without-not-valid: fires
-- target: pg16
ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);  -- expect

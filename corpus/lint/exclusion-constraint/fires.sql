-- exclusion-constraint: fires
-- target: pg16
ALTER TABLE users ADD CONSTRAINT users_no_overlap EXCLUDE USING gist (age WITH =);  -- expect

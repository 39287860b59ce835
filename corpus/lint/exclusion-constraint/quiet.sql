-- exclusion-constraint: does not fire
-- target: pg16
ALTER TABLE users ADD CONSTRAINT users_age_max CHECK (age < 200) NOT VALID;

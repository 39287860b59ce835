-- validate-while-locked: fires
-- target: pg16
ALTER TABLE users ADD CONSTRAINT users_age_max CHECK (age < 200) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_age_max;  -- expect

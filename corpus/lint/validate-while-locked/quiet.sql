-- validate-while-locked: does not fire
-- target: pg16
ALTER TABLE users VALIDATE CONSTRAINT users_age_check;

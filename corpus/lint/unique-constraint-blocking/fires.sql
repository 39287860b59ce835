-- unique-constraint-blocking: fires
-- target: pg16
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);  -- expect

-- replica-identity-change: fires
-- target: pg16
ALTER TABLE users REPLICA IDENTITY FULL;  -- expect

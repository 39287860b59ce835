-- domain-check-constraint: fires
-- target: pg16
ALTER DOMAIN positive ADD CONSTRAINT positive_check CHECK (VALUE > 0);  -- expect

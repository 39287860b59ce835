-- statement-timeout-missing: fires
-- target: pg16
SET statement_timeout TO 0;  -- expect

-- lock-timeout-missing: fires
-- target: pg16
SET lock_timeout = 0;  -- expect

-- lock-timeout-missing: does not fire
-- target: pg16
SET lock_timeout = '2s';

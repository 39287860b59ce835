-- statement-timeout-missing: does not fire
-- target: pg16
SET statement_timeout = '5s';

-- attach-partition-scan: does not fire
-- target: pg16
ALTER TABLE events ATTACH PARTITION users FOR VALUES FROM (1) TO (10);

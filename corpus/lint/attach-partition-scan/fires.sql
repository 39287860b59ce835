-- attach-partition-scan: fires
-- target: pg16
ALTER TABLE events ATTACH PARTITION tags FOR VALUES FROM (1) TO (10);  -- expect

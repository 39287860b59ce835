-- primary-key-blocking: fires
-- target: pg16
ALTER TABLE audit ADD PRIMARY KEY (at);  -- expect

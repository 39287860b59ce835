-- mysql-lock-clause: fires
-- target: mysql8.0
ALTER TABLE users ADD INDEX users_email_idx (email), LOCK=EXCLUSIVE;  -- expect

-- mysql-lock-clause: does not fire
-- target: mysql8.0
ALTER TABLE users ADD INDEX users_email_idx (email), ALGORITHM=INPLACE, LOCK=NONE;

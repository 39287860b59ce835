SELECT id, email FROM users WHERE active

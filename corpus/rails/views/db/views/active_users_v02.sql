SELECT id, email, active FROM users WHERE active = TRUE;

-- preceding migration
CREATE TABLE tickets (id bigint PRIMARY KEY, state enum('open','closed'));

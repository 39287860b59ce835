CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT);
CREATE INDEX contacts_lower_email ON contacts (lower(email));

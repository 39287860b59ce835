CREATE TABLE departments (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE employees (
    id integer PRIMARY KEY,
    department_id integer,
    email text NOT NULL,
    salary integer
);
ALTER TABLE employees ADD CONSTRAINT employees_department_fk FOREIGN KEY (department_id) REFERENCES departments (id) ON DELETE SET NULL;
ALTER TABLE employees ADD CONSTRAINT employees_email_key UNIQUE (email);
ALTER TABLE employees ADD CONSTRAINT employees_salary_check CHECK (salary > 0);
ALTER TABLE employees DROP CONSTRAINT employees_salary_check;
ALTER TABLE employees DROP CONSTRAINT employees_department_fk;
ALTER TABLE employees DROP CONSTRAINT employees_email_key;

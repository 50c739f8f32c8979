-- The database and its two users, with the least each needs. Run once, as a PostgreSQL
-- superuser, on the database server:
--
--   sudo -u postgres psql -v ON_ERROR_STOP=1 -f deploy/postgres-setup.sql
--   sudo -u postgres psql -c '\password xkld_owner'
--   sudo -u postgres psql -c '\password xkld_app'
--
-- xkld_owner owns the schema and applies the migrations at start-up (DATABASE_MIGRATION_URL).
-- xkld_app is what the running server uses (DATABASE_URL): it reads and writes rows, nothing
-- else; it cannot create, change or drop a table. Neither is a superuser, and neither may
-- create databases or roles. Rename the three names if you like: everywhere in this file.

CREATE ROLE xkld_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE xkld_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE DATABASE xkld OWNER xkld_owner ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE xkld FROM PUBLIC;
GRANT CONNECT ON DATABASE xkld TO xkld_app;

\connect xkld

ALTER SCHEMA public OWNER TO xkld_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO xkld_app;
-- Every table and id sequence the migrations create, now and in later versions.
ALTER DEFAULT PRIVILEGES FOR ROLE xkld_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO xkld_app;
ALTER DEFAULT PRIVILEGES FOR ROLE xkld_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO xkld_app;

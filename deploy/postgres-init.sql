-- Runs once when the PostgreSQL container creates its database.
-- The application connects as civac_app, which neither owns the tables nor
-- bypasses row-level security; migrations run as the owner (POSTGRES_USER).
CREATE ROLE civac_app LOGIN PASSWORD 'civac_app' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;

-- Runs once, when the postgres service initialises an empty data volume (docker-entrypoint-initdb.d), as
-- POSTGRES_USER (bodhi) connected to POSTGRES_DB (bodhi). The app database `bodhi` exists already; the session
-- store gets its own database, which SESSION_DB_URL in .env.hosted names (runtime.md §10.2, §10.3).
CREATE DATABASE bodhi_sessions OWNER bodhi;

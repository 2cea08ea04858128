#!/bin/sh
# Run once by the postgres image on an empty data volume, as POSTGRES_USER (the owner role, which
# runs the migrations). Creates the role the app connects as; the app grants it its rights after
# migrating (src/database/database-roles.ts). docs/operations.md, "Database roles".
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v app_password="${APP_DB_PASSWORD:-accordant_app}" <<'SQL'
CREATE ROLE accordant_app WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
SQL

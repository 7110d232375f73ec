#!/bin/sh
# One-shot schema setup, run by the `temporal-schema` service (image temporalio/admin-tools) before
# the Temporal server starts. It replaces what the deprecated temporalio/auto-setup image did at
# boot, and it is safe to run on every `docker compose up`:
#   - `create` succeeds when the database already exists (temporal-sql-tool ignores PostgreSQL's
#     duplicate-database error), so any failure it reports is real and stops the setup;
#   - `setup-schema -v 0.0` only creates the version tables when they are absent;
#   - `update-schema` applies only the versioned steps newer than the recorded version, so a newer
#     admin-tools/server pair upgrades the schema in place.
# It also creates the (empty) database of the application's read model; the `migrate` service
# fills it with TypeORM migrations.
#
# Settings (all from docker-compose.yml):
#   SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD   read by temporal-sql-tool itself
#   TEMPORAL_DB, TEMPORAL_VISIBILITY_DB, APP_DB              database names
set -eu

: "${SQL_PLUGIN:=postgres12}"
: "${SQL_HOST:?SQL_HOST must name the PostgreSQL host}"
: "${SQL_PORT:=5432}"
: "${SQL_USER:?SQL_USER must be set}"
: "${SQL_PASSWORD:?SQL_PASSWORD must be set}"
: "${TEMPORAL_DB:=temporal}"
: "${TEMPORAL_VISIBILITY_DB:=temporal_visibility}"
: "${APP_DB:=petitions}"
export SQL_PASSWORD

# Where admin-tools keeps the schema files of its release.
: "${SCHEMA_ROOT:=/etc/temporal/schema/postgresql/v12}"

sql() {
  temporal-sql-tool --plugin "$SQL_PLUGIN" --ep "$SQL_HOST" -p "$SQL_PORT" -u "$SQL_USER" "$@"
}

# The admin-tools image has nc; the native launcher (npm run start:cluster) runs this script only
# once PostgreSQL accepts connections, on hosts that may not have it.
if command -v nc >/dev/null 2>&1; then
  echo "[temporal-schema] waiting for PostgreSQL at $SQL_HOST:$SQL_PORT"
  tries=0
  until nc -z "$SQL_HOST" "$SQL_PORT" 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -ge 60 ]; then
      echo "[temporal-schema] PostgreSQL did not open its port after 60 s" >&2
      exit 1
    fi
    sleep 1
  done
fi

create_db() {
  sql --db "$1" create
  echo "[temporal-schema] database $1 is present"
}

setup_store() { # $1 database, $2 versioned schema directory
  create_db "$1"
  sql --db "$1" setup-schema -v 0.0
  sql --db "$1" update-schema -d "$2"
  echo "[temporal-schema] $1 is at the schema version of this admin-tools image"
}

setup_store "$TEMPORAL_DB" "$SCHEMA_ROOT/temporal/versioned"
setup_store "$TEMPORAL_VISIBILITY_DB" "$SCHEMA_ROOT/visibility/versioned"
create_db "$APP_DB"

echo "[temporal-schema] done"

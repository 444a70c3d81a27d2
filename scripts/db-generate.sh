#!/usr/bin/env bash
# Generates both Prisma clients (SQLite and PostgreSQL) from the one schema source.
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL="${DATABASE_URL:-file:./data/leerwinkel.db}"
npx tsx scripts/db-schemas.ts >/dev/null
# The two clients side by side (each generator is mostly one core; they write to separate folders).
npx prisma generate --schema prisma/schema.prisma >/dev/null & sqlite=$!
DATABASE_URL=postgresql://localhost/generate npx prisma generate --schema prisma/postgres/schema.prisma >/dev/null & postgres=$!
wait $sqlite
wait $postgres
echo "generated app/generated/sqlite and app/generated/postgres"

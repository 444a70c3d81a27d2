#!/usr/bin/env bash
# Serves the built app for Playwright on a fresh, seeded SQLite database (test-payment mode).
# The port picks the database file, and REMIX_BUILD_DIR the build, so runs can sit side by side.
#   bash scripts/e2e-server.sh PORT             seeds data/e2e-PORT.db (and keeps a copy of the fresh
#                                               seed, data/e2e-PORT.seed.db, taken before serving)
#   bash scripts/e2e-server.sh PORT FROM_PORT   starts from a copy of FROM_PORT's fresh seed and order
#                                               codes instead of seeding again (playwright.config.ts
#                                               starts its servers one after the other, the first seeding)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${1:-3100}"
FROM_PORT="${2:-}"
DB="data/e2e-${PORT}.db"
export DATABASE_URL="file:./${DB}"
# Test-only scrypt cost (production: 2^15); the seeded users' hashes carry it, so logins are fast.
export PASSWORD_SCRYPT_N="${PASSWORD_SCRYPT_N:-1024}"
export SESSION_SECRET="e2e-only-secret"
rm -f "$DB" "$DB-journal" "$DB-wal" "$DB-shm"
if [[ -z "$FROM_PORT" ]]; then
  rm -f "data/e2e-${PORT}.seed.db"
  SEED_CODES_FILE="data/e2e-${PORT}-order-codes.csv" npx tsx scripts/setup.ts >/dev/null
  # The seed's process has closed the database, so the file alone is the whole database.
  if [[ -s "$DB-wal" ]]; then echo "e2e-server.sh: the seed left $DB-wal behind" >&2; exit 1; fi
  cp "$DB" "data/e2e-${PORT}.seed.db.tmp" && mv "data/e2e-${PORT}.seed.db.tmp" "data/e2e-${PORT}.seed.db"
else
  seed="data/e2e-${FROM_PORT}.seed.db"
  if [[ ! -f "$seed" || ! -f "data/e2e-${FROM_PORT}-order-codes.csv" ]]; then
    echo "e2e-server.sh: no fresh seed of port ${FROM_PORT} ($seed): start that server first" >&2
    exit 1
  fi
  cp "$seed" "$DB"
  cp "data/e2e-${FROM_PORT}-order-codes.csv" "data/e2e-${PORT}-order-codes.csv"
fi
# Playwright sends each test its own X-Forwarded-For (tests/e2e/fixtures.ts): one proxy hop trusted.
export TRUST_PROXY=1
# A local webhook receiver in the delivery spec listens on http://127.0.0.1 (production wants https).
export WEBHOOK_ALLOW_HTTP=1
export PAYMENTS_TEST_MODE=1 PORT NODE_ENV=production INSECURE_COOKIES=1 PUBLIC_URL="http://127.0.0.1:${PORT}"
unset STRIPE_SECRET_KEY
# One process per server (server.ts would start one per core): each server has one Playwright worker
# as its client, and the servers of the other workers use the other cores. WEB_CONCURRENCY=2 (say)
# runs the e2e tests against a cluster instead.
export WEB_CONCURRENCY="${WEB_CONCURRENCY:-1}"
# server.ts reads REMIX_BUILD_DIR itself.
exec npx tsx server.ts

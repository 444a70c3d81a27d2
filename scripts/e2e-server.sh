#!/usr/bin/env bash
# Serves the built app for Playwright on a fresh, seeded SQLite database (test-payment mode).
# The port picks the database file, and REMIX_BUILD_DIR the build, so runs can sit side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${1:-3100}"
export DATABASE_URL="file:./data/e2e-${PORT}.db"
# Test-only scrypt cost (production: 2^15); the seeded users' hashes carry it, so logins are fast.
export PASSWORD_SCRYPT_N="${PASSWORD_SCRYPT_N:-1024}"
rm -f "data/e2e-${PORT}.db" "data/e2e-${PORT}.db-journal"
SEED_CODES_FILE="data/e2e-${PORT}-order-codes.csv" npx tsx scripts/setup.ts >/dev/null
# Playwright sends each test its own X-Forwarded-For (tests/e2e/fixtures.ts): one proxy hop trusted.
export TRUST_PROXY=1
# A local webhook receiver in the delivery spec listens on http://127.0.0.1 (production wants https).
export WEBHOOK_ALLOW_HTTP=1
export PAYMENTS_TEST_MODE=1 PORT NODE_ENV=production SESSION_SECRET="e2e-only-secret" INSECURE_COOKIES=1 PUBLIC_URL="http://127.0.0.1:${PORT}"
unset STRIPE_SECRET_KEY
# server.ts reads REMIX_BUILD_DIR itself.
exec npx tsx server.ts

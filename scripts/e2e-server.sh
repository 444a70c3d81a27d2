#!/usr/bin/env bash
# Serves the built app for Playwright on a fresh, seeded SQLite database (test-payment mode).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${1:-3100}"
export DATABASE_URL="file:./data/e2e.db"
rm -f data/e2e.db data/e2e.db-journal
npx tsx scripts/setup.ts >/dev/null
export PORT NODE_ENV=production SESSION_SECRET="e2e-only-secret" INSECURE_COOKIES=1 PUBLIC_URL="http://127.0.0.1:${PORT}"
unset STRIPE_SECRET_KEY
exec npx remix-serve ./build/server/index.js

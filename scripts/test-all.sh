#!/usr/bin/env bash
# The whole test suite (README's second command): typecheck, lint, unit + integration tests on
# SQLite AND on PostgreSQL, then Playwright end-to-end tests in Chromium against the built app.
# Needs Debian's chromium and postgresql (.ci/run installs them on a fresh machine).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports && rm -f reports/*.json
status=0
step() { echo; echo "=== $*"; }
fail() { echo "FAILED: $1"; status=1; }

step "generate Prisma clients";      bash scripts/db-generate.sh || fail "prisma generate"
step "typecheck";                    npx tsc --noEmit || fail "typecheck"
step "lint";                         npx eslint --max-warnings=0 . || fail "lint"
step "unit + integration tests (SQLite)"
TEST_DATABASE=sqlite npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest-sqlite.json || fail "vitest sqlite"
step "unit + integration tests (PostgreSQL)"
if PGURL=$(bash scripts/start-test-postgres.sh); then
  TEST_DATABASE=postgres TEST_POSTGRES_URL="${TEST_POSTGRES_URL:-$PGURL}" npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest-postgres.json || fail "vitest postgres"
else
  fail "could not start PostgreSQL"
fi
step "build";                        npm run build --silent || fail "build"
step "end-to-end tests (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=reports/playwright.json npx playwright test --reporter=list,json || fail "playwright"

node scripts/test-summary.mjs reports/vitest-sqlite.json reports/vitest-postgres.json reports/playwright.json || status=1
exit $status

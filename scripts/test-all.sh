#!/usr/bin/env bash
# The whole test suite (README's second command): typecheck, lint, the unit tests (Vitest project
# `unit`, no database) once, the integration tests (project `integration`) on SQLite AND on
# PostgreSQL, then Playwright end-to-end tests in Chromium against the built app (built while the
# typecheck and lint run).
# Needs Debian's chromium and postgresql (.ci/run installs them on a fresh machine).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports && rm -f reports/*.json reports/logs/*.log
status=0
# One seed for the run's random (property) tests on both databases, and one cache of UBL
# validation results (tests/support/validate-ubl.ts): a document both runs make is validated once.
export TEST_RUN_SEED="${TEST_RUN_SEED:-$(( (RANDOM << 15) | RANDOM ))}"
export UBL_VALIDATION_CACHE="$PWD/reports/validation-cache"
rm -rf "$UBL_VALIDATION_CACHE"
echo "TEST_RUN_SEED=$TEST_RUN_SEED (set it to replay this run's random tests)"
step() { echo; echo "=== $*"; }
fail() { echo "FAILED: $1"; status=1; }

step "generate Prisma clients";      bash scripts/db-generate.sh || fail "prisma generate"
# Typecheck, lint, the build and the unit tests (no database, no build) run side by side, each into
# its own log, printed in order when all are done: the first three are each (mostly) one process on
# one core, and the unit tests fill what the two cores have left.
mkdir -p reports/logs
# The source state the build below is made from (taken before it starts): stored with the build, it
# lets the HTTP-level integration tests use build/ instead of building the same source twice more.
stamp=$(npx tsx tests/support/source-stamp.ts)
rm -f "${REMIX_BUILD_DIR:-build}/server/.source-stamp"
npx tsc --noEmit >reports/logs/typecheck.log 2>&1 & typecheck=$!
(npx eslint --max-warnings=0 . && npx prettier --check .) >reports/logs/lint.log 2>&1 & lint=$!
npx remix vite:build >reports/logs/build.log 2>&1 & build=$!
vitest() { local report=$1; shift; npx vitest run "$@" --reporter=default --reporter=json --outputFile.json="reports/$report.json"; }
vitest vitest-unit --project unit >reports/logs/unit.log 2>&1 & unit=$!
# PostgreSQL (initdb on a fresh machine) starts meanwhile; the PostgreSQL step waits for it.
bash scripts/start-test-postgres.sh >reports/logs/postgres-url.txt 2>reports/logs/postgres.log & postgres=$!
step "typecheck";                    wait $typecheck; rc=$?; cat reports/logs/typecheck.log; ((rc == 0)) || fail "typecheck"
step "lint";                         wait $lint; rc=$?; cat reports/logs/lint.log; ((rc == 0)) || fail "lint"
step "build";                        wait $build; rc=$?; tail -5 reports/logs/build.log; ((rc == 0)) || fail "build"
((rc == 0)) && [[ -n "$stamp" ]] && echo "$stamp" >"${REMIX_BUILD_DIR:-build}/server/.source-stamp"
step "unit tests (no database)";     wait $unit; rc=$?; cat reports/logs/unit.log; ((rc == 0)) || fail "vitest unit"
step "integration tests (SQLite)"
TEST_DATABASE=sqlite vitest vitest-integration-sqlite --project integration || fail "vitest integration sqlite"
step "integration tests (PostgreSQL)"
if wait $postgres && PGURL=$(cat reports/logs/postgres-url.txt) && [[ -n "$PGURL" ]]; then
  TEST_DATABASE=postgres TEST_POSTGRES_URL="${TEST_POSTGRES_URL:-$PGURL}" vitest vitest-integration-postgres --project integration || fail "vitest integration postgres"
else
  cat reports/logs/postgres.log; fail "could not start PostgreSQL"
fi
# (Run beside the Vitest projects, Playwright saved nothing: both slowed down by as much, measured.)
step "end-to-end tests (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=reports/playwright.json npx playwright test --reporter=list,json || fail "playwright"

node scripts/test-summary.mjs reports/vitest-unit.json reports/vitest-integration-sqlite.json reports/vitest-integration-postgres.json reports/playwright.json || status=1
exit $status

#!/usr/bin/env bash
# `npm test`: lint and format check, type check, every Vitest project, the budgets. The collector's tests also run on
# a PostgreSQL server: the one LABELTRAIL_TEST_DATABASE_URL names, else a throwaway cluster
# started here when a server is installed (npm run setup installs Debian's), stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${LABELTRAIL_TEST_DATABASE_URL:-}" ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  pg_dir=$(mktemp -d /tmp/labeltrail-test-pg.XXXXXX)
  trap 'bash scripts/test-postgres.sh stop "$pg_dir" >/dev/null 2>&1 || true; rm -rf "$pg_dir"' EXIT
  port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  LABELTRAIL_TEST_DATABASE_URL=$(bash scripts/test-postgres.sh start "$pg_dir" "$port" | tail -n 1)
  export LABELTRAIL_TEST_DATABASE_URL
fi

npm run -s lint
npx tsc --noEmit
npx vitest run "$@"
npm run budgets

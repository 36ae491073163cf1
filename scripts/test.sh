#!/usr/bin/env bash
# The whole test suite, twice: on SQLite, then on a throwaway PostgreSQL cluster made by
# scripts/pg_cluster.py (temporary folder, free port, removed afterwards).
#
#   bash scripts/test.sh              # both databases
#   bash scripts/test.sh -k member    # extra arguments go to pytest, on both runs
#   RENLUYEN_TEST_DBS=sqlite bash scripts/test.sh   # one database only (sqlite or postgresql)
#
# Where PostgreSQL or Chromium is missing, that part is skipped with the reason; with
# RENLUYEN_REQUIRE_ALL=1 (set by .ci/run) any such skip is a failure.
set -uo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
DBS=${RENLUYEN_TEST_DBS:-sqlite postgresql}
# No cache: CI starts clean and two runs must not share --lf state.
PYTEST=("$PY" -m pytest -p no:cacheprovider "$@")
failed=()
summary=()

elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

for db in $DBS; do
  case $db in
    sqlite)
      echo "=== pytest on SQLite"
      start=$(date +%s)
      env -u DATABASE_URL "${PYTEST[@]}"
      rc=$?
      summary+=("SQLite: $([ $rc -eq 0 ] && echo passed || echo "FAILED (exit $rc)") in $(elapsed "$start")")
      [ $rc -eq 0 ] || failed+=(sqlite)
      ;;
    postgresql)
      if ! bindir=$("$PY" scripts/pg_cluster.py bindir 2>/dev/null); then
        echo "SKIPPED PostgreSQL run: initdb not found (PATH, /usr/lib/postgresql/*/bin;" \
          "apt-get install postgresql)"
        summary+=("PostgreSQL: SKIPPED, initdb not found")
        if [ "${RENLUYEN_REQUIRE_ALL:-0}" = 1 ]; then
          echo "RENLUYEN_REQUIRE_ALL=1: a skipped PostgreSQL run is a failure" >&2
          failed+=(postgresql-missing)
        fi
        continue
      fi
      echo "=== pytest on PostgreSQL ($bindir)"
      start=$(date +%s)
      "$PY" scripts/pg_cluster.py run -- "${PYTEST[@]}"
      rc=$?
      summary+=("PostgreSQL: $([ $rc -eq 0 ] && echo passed || echo "FAILED (exit $rc)") in $(elapsed "$start")")
      [ $rc -eq 0 ] || failed+=(postgresql)
      ;;
    *)
      echo "RENLUYEN_TEST_DBS: unknown database '$db' (use sqlite and/or postgresql)" >&2
      exit 2
      ;;
  esac
done

echo "=== summary"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}" >&2
  exit 1
fi

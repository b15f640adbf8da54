#!/usr/bin/env bash
# The project's test command (README "Run the tests", and what .ci/run calls).
# Installs the real database servers the tests use into .tools/ (idempotent: skipped when present),
# then builds every module and runs every test against those real servers.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

"$root/scripts/install-tursodb.sh"
"$root/scripts/install-falkordb.sh"

export MEMORYGRAPH_TOOLS="$root/.tools"
# The servers were just installed: a test that cannot find one must fail, not skip.
export MEMORYGRAPH_REQUIRE_SERVERS=true

exec mvn -B -ntp verify "$@"

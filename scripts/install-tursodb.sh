#!/usr/bin/env bash
# Installs the tursodb CLI (Turso 0.7.0, with its --sync-server) into <repo>/.tools/tursodb/.
# Idempotent: does nothing when the binary is already there and runs.
# The binary comes from the npm package below, fetched with the machine's own npm configuration.
set -euo pipefail

PACKAGE="@tursodatabase/cli-linux-x64-gnu@0.7.0"

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "${script_dir}/.." && pwd)"
target_dir="${repo_root}/.tools/tursodb"
binary="${target_dir}/tursodb"

verify() {
  # tursodb prints its version with --version; fall back to --help for builds that lack it.
  "$1" --version >/dev/null 2>&1 || "$1" --help >/dev/null 2>&1
}

if [[ -x "${binary}" ]] && verify "${binary}"; then
  echo "tursodb already installed: ${binary}"
  exit 0
fi

command -v npm >/dev/null 2>&1 || { echo "npm is required to fetch ${PACKAGE}" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

(cd "${work}" && npm pack --silent "${PACKAGE}" >/dev/null)
tarball="$(find "${work}" -maxdepth 1 -name '*.tgz' | head -n 1)"
[[ -n "${tarball}" ]] || { echo "npm pack produced no tarball for ${PACKAGE}" >&2; exit 1; }
tar -xzf "${tarball}" -C "${work}"
[[ -f "${work}/package/tursodb" ]] || { echo "package/tursodb missing from ${PACKAGE}" >&2; exit 1; }

mkdir -p "${target_dir}"
# Move into place through a temporary name so a half-copied binary is never picked up.
mv "${work}/package/tursodb" "${binary}.partial"
chmod +x "${binary}.partial"
mv -f "${binary}.partial" "${binary}"

if ! verify "${binary}"; then
  echo "installed ${binary} but it does not run" >&2
  exit 1
fi
echo "installed tursodb: ${binary} ($("${binary}" --version 2>/dev/null | head -n 1 || echo 'version unknown'))"

#!/usr/bin/env bash
# Installs a FalkorDB server for the tests and for FalkorDBLite into <repo>/.tools/:
#   .tools/valkey/valkey-server   Valkey 8 from Debian's bookworm-backports suite (a symlink whose
#                                 NAME is valkey-server: the binary picks its mode from argv[0])
#   .tools/falkordb/falkordb.so   the FalkorDB module (4.16.3) from an npm package
# Runs as root on Debian 12. Idempotent: does nothing when both are present and load together.
#
# Valkey is unpacked into a private folder (apt-get download + dpkg -x), so no system service is
# installed or started. The bookworm-backports apt source is derived from the machine's own
# Debian source (same URI), never from a host name written here.
set -euo pipefail

MODULE_PACKAGE="@falkordblite/linux-x64@8.2.3-falkordb.4.16.3"
BACKPORTS_LIST="/etc/apt/sources.list.d/memorygraph-bookworm-backports.list"

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "${script_dir}/.." && pwd)"
tools="${repo_root}/.tools"
valkey_dir="${tools}/valkey"
valkey_link="${valkey_dir}/valkey-server"
module_dir="${tools}/falkordb"
module="${module_dir}/falkordb.so"

log() { echo "install-falkordb: $*"; }
die() { echo "install-falkordb: $*" >&2; exit 1; }

free_port() {
  # Asks the kernel for a free loopback port; python3 is on every Debian 12 image, bash alone is not enough.
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Starts the server with the module on a free port, creates and reads a graph, shuts it down.
verify() {
  [[ -x "${valkey_link}" && -f "${module}" ]] || return 1
  local port dir pid ok=1
  port="$(free_port)"
  dir="$(mktemp -d)"
  "${valkey_link}" --port "${port}" --bind 127.0.0.1 --loadmodule "${module}" --save '' \
    --appendonly no --dir "${dir}" --daemonize no >"${dir}/server.log" 2>&1 &
  pid=$!
  local cli=("${valkey_dir}/valkey-cli" -h 127.0.0.1 -p "${port}")
  for _ in $(seq 1 100); do
    if "${cli[@]}" PING 2>/dev/null | grep -q PONG; then break; fi
    kill -0 "${pid}" 2>/dev/null || break
    sleep 0.1
  done
  if "${cli[@]}" GRAPH.QUERY verify "CREATE (:M {id:'a'})-[:R]->(:M {id:'b'})" >/dev/null 2>&1 \
      && "${cli[@]}" GRAPH.QUERY verify "MATCH (a:M)-[:R]->(b:M) RETURN a.id, b.id" 2>/dev/null | grep -q '^b$'; then
    ok=0
  fi
  "${cli[@]}" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
  for _ in $(seq 1 50); do kill -0 "${pid}" 2>/dev/null || break; sleep 0.1; done
  kill -9 "${pid}" 2>/dev/null || true
  wait "${pid}" 2>/dev/null || true
  if [[ ${ok} -ne 0 ]]; then
    echo "--- server log ---" >&2
    cat "${dir}/server.log" >&2 || true
  fi
  rm -rf "${dir}"
  return ${ok}
}

if verify; then
  log "already installed: ${valkey_link} + ${module}"
  exit 0
fi

[[ "$(id -u)" -eq 0 ]] || die "must run as root (it adds an apt source and runs apt-get)"
command -v npm >/dev/null 2>&1 || die "npm is required to fetch ${MODULE_PACKAGE}"
command -v python3 >/dev/null 2>&1 || die "python3 is required to pick a free port"

# ---- 1. the bookworm-backports apt source, derived from the existing Debian source ----
debian_uri() {
  local f
  # deb822 files: a stanza whose Suites include "bookworm" and whose Components include "main".
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "${f}" ]] || continue
    awk '
      function flush() {
        if (uris != "" && suites ~ /(^| )bookworm( |$)/ && comps ~ /(^| )main( |$)/ && types ~ /(^| )deb( |$)/) {
          split(uris, u, " "); print u[1]; found = 1; exit
        }
        uris = ""; suites = ""; comps = ""; types = ""
      }
      /^[[:space:]]*$/ { flush(); next }
      /^[[:space:]]*#/ { next }
      tolower($1) == "uris:"       { $1 = ""; uris = $0; sub(/^ +/, "", uris) }
      tolower($1) == "suites:"     { $1 = ""; suites = $0 " " }
      tolower($1) == "components:" { $1 = ""; comps = $0 " " }
      tolower($1) == "types:"      { $1 = ""; types = $0 " " }
      END { if (!found) flush() }
    ' "${f}" | head -n 1
  done
  # One-line format: "deb [options] URI bookworm main ...".
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "${f}" ]] || continue
    [[ "${f}" == "${BACKPORTS_LIST}" ]] && continue
    awk '
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
        uri = $(i); suite = $(i + 1)
        if (suite == "bookworm") for (j = i + 2; j <= NF; j++) if ($j == "main") { print uri; exit }
      }
    ' "${f}"
  done
}

if ! grep -qs bookworm-backports /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; then
  uri="$(debian_uri | head -n 1)"
  [[ -n "${uri}" ]] || die "no Debian source for bookworm main found in /etc/apt; add one first"
  log "adding bookworm-backports from the machine's Debian source ${uri}"
  echo "deb ${uri} bookworm-backports main" >"${BACKPORTS_LIST}"
fi

# ---- 2. valkey-server 8 unpacked into .tools/valkey ----
log "apt-get update"
apt-get update -qq >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
mkdir "${work}/debs"
# apt-get download fetches as its unprivileged _apt user when that user may write the folder.
if id _apt >/dev/null 2>&1; then chown _apt "${work}/debs"; chmod 755 "${work}"; fi
(cd "${work}/debs" && apt-get download -qq -t bookworm-backports valkey-server valkey-tools >/dev/null)
rm -rf "${valkey_dir}.partial"
mkdir -p "${valkey_dir}.partial/pkg"
for deb in "${work}"/debs/valkey-*.deb; do
  dpkg -x "${deb}" "${valkey_dir}.partial/pkg"
done
binary="${valkey_dir}.partial/pkg/usr/bin/valkey-check-rdb"
[[ -x "${binary}" ]] || die "valkey-check-rdb missing from the downloaded packages"
missing="$(ldd "${binary}" | awk '/not found/ { print $1 }' || true)"
if [[ -n "${missing}" ]]; then
  # The unpacked binary needs system libraries that are absent: install the package's dependencies
  # through apt, keeping the package's service from starting.
  log "installing missing libraries (${missing//$'\n'/ }) through apt"
  # policy-rc.d exit code 101 tells the package scripts not to start the service; an existing
  # policy file is put back afterwards.
  policy=/usr/sbin/policy-rc.d
  saved=""
  if [[ -e "${policy}" ]]; then saved="${work}/policy-rc.d.saved"; cp -p "${policy}" "${saved}"; fi
  printf '#!/bin/sh\nexit 101\n' >"${policy}"
  chmod +x "${policy}"
  install_rc=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t bookworm-backports valkey-server >/dev/null || install_rc=$?
  if [[ -n "${saved}" ]]; then cp -p "${saved}" "${policy}"; else rm -f "${policy}"; fi
  [[ ${install_rc} -eq 0 ]] || die "apt-get install valkey-server failed (${install_rc})"
  if command -v systemctl >/dev/null 2>&1; then
    systemctl stop valkey-server >/dev/null 2>&1 || true
    systemctl disable valkey-server >/dev/null 2>&1 || true
  fi
fi
rm -rf "${valkey_dir}"
mv "${valkey_dir}.partial" "${valkey_dir}"
ln -sfn pkg/usr/bin/valkey-check-rdb "${valkey_dir}/valkey-server"
ln -sfn pkg/usr/bin/valkey-cli "${valkey_dir}/valkey-cli"
log "valkey: $("${valkey_link}" --version)"

# ---- 3. the FalkorDB module from npm ----
(cd "${work}" && npm pack --silent "${MODULE_PACKAGE}" >/dev/null)
tarball="$(find "${work}" -maxdepth 1 -name '*.tgz' | head -n 1)"
[[ -n "${tarball}" ]] || die "npm pack produced no tarball for ${MODULE_PACKAGE}"
tar -xzf "${tarball}" -C "${work}" package/bin/falkordb.so
mkdir -p "${module_dir}"
cp "${work}/package/bin/falkordb.so" "${module}.partial"
mv -f "${module}.partial" "${module}"

# ---- 4. check that they work together ----
verify || die "valkey-server did not load ${module} and answer GRAPH.QUERY"
log "installed ${valkey_link} + ${module}; verified with GRAPH.QUERY"

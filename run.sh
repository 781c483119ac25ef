#!/usr/bin/env bash
# One entry point for a newcomer, CI and the Dockerfile alike:
#   ./run.sh start   install everything (system packages included), build, start the service
#   ./run.sh test    install everything, then run the whole check (typecheck, lint, tests)
#   ./run.sh setup   install everything only
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the service needs: LibreOffice (PDF), python3-uno (the warm LibreOffice
# pool's bridge), libjemalloc2 (the allocator the pool's LibreOffice runs faster on), the
# metric-compatible fonts of the templates (Calibri, Cambria, Arial).
RUNTIME_PACKAGES=(
  libreoffice-writer-nogui python3-uno libjemalloc2
  fonts-crosextra-carlito fonts-crosextra-caladea fonts-liberation2 fonts-dejavu-core
  ca-certificates
)
# ...and what the tests need besides: poppler-utils (pdftotext/pdfinfo), Chromium (the
# browser tests), openssl (test certificates for the SMTP server on loopback), PostgreSQL
# (the shared store's tests start a server of their own on loopback).
TEST_PACKAGES=(poppler-utils chromium openssl postgresql)

need_node() {
  if ! command -v node >/dev/null 2>&1; then
    echo "Node.js 20 eller nyere mangler (https://nodejs.org eller NodeSource)." >&2
    exit 1
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then
    echo "Node.js $major er for gammel: brug Node.js 20 eller nyere." >&2
    exit 1
  fi
}

install_system_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "System packages: all present."
    return
  fi
  echo "Installing system packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

setup() {
  need_node
  install_system_packages "${RUNTIME_PACKAGES[@]}" "$@"
  npm ci --no-audit --no-fund
  npm run build
}

case "${1:-}" in
  setup) setup ;;
  start) setup; exec npm start ;;
  test) setup "${TEST_PACKAGES[@]}"; npm run check ;;
  *) echo "Brug: ./run.sh start | test | setup" >&2; exit 2 ;;
esac

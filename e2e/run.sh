#!/usr/bin/env bash
# End-to-end tests of `crosscheck serve` in headless Chromium: ingests the
# invented articles in fixtures/, serves them on a free loopback port, and
# drives the pages with Playwright. Screenshots land in target/e2e/.
# Needs: a built `crosscheck` (CROSSCHECK, default target/debug/crosscheck),
# node with e2e/node_modules (npm ci --prefix e2e) and Chromium
# (CHROMIUM, default /usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${CROSSCHECK:-target/debug/crosscheck}"
[ -x "$bin" ] || { echo "e2e: $bin is not built (cargo build --bin crosscheck)" >&2; exit 1; }
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] || { echo "e2e: no Chromium at $CHROMIUM" >&2; exit 1; }
[ -d e2e/node_modules/playwright-core ] || { echo "e2e: run 'npm ci --prefix e2e' first" >&2; exit 1; }
work="$(mktemp -d)"
out="target/e2e"
rm -rf "$out" && mkdir -p "$out"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
"$bin" ingest --db "$work/news.db" e2e/fixtures/*.html
"$bin" serve --db "$work/news.db" --addr 127.0.0.1:0 2> "$work/serve.log" &
server=$!
for _ in $(seq 100); do
  grep -q "http://" "$work/serve.log" 2>/dev/null && break
  sleep 0.1
done
url="$(grep -o 'http://[0-9.:]*/' "$work/serve.log" | head -1)"
[ -n "$url" ] || { echo "e2e: the server did not start:" >&2; cat "$work/serve.log" >&2; exit 1; }
BASE_URL="$url" SHOTS="$out" FIXTURES="e2e/fixtures" node --test e2e/desk.test.mjs

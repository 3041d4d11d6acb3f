#!/usr/bin/env bash
# A bounded loopback load test of `crosscheck serve` with wrk (Debian's
# package): a story page and the search API, each for a fixed time.
# Usage: e2e/load.sh DB [SECONDS] [CONNECTIONS]
# Prints wrk's requests/s and latency percentiles for each; not run by CI
# (figures depend on the machine), kept so that the closing notes' numbers
# can be reproduced: e.g. `cargo run --release -p crosscheck-bench -- ingest
# --sizes 10000` makes target/bench/archive/bench-10000.db.
set -euo pipefail
cd "$(dirname "$0")/.."
db="${1:?usage: e2e/load.sh DB [SECONDS] [CONNECTIONS]}"
secs="${2:-20}"
conns="${3:-16}"
command -v wrk >/dev/null || { echo "load: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
bin="${CROSSCHECK:-target/release/crosscheck}"
[ -x "$bin" ] || { echo "load: $bin is not built (cargo build --release --bin crosscheck)" >&2; exit 1; }
log="$(mktemp)"
"$bin" serve --db "$db" --addr 127.0.0.1:0 2> "$log" &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 300); do grep -q "http://" "$log" && break; sleep 0.1; done
url="$(grep -o 'http://[0-9.:]*/' "$log" | head -1)"
[ -n "$url" ] || { echo "load: the server did not start:" >&2; cat "$log" >&2; exit 1; }
# The largest story of the first page of the list: the heaviest page to render.
story="$(curl -sf "${url}api/stories?limit=50" | python3 -c 'import json,sys; s=json.load(sys.stdin)["stories"]; print(max(s, key=lambda x: x["articles"])["id"])')"
size="$(curl -sf "${url}api/stories/$story" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["articles"]))')"
echo "== story page /stories/$story ($size articles), ${secs}s, $conns connections"
wrk -t2 -c"$conns" -d"${secs}s" --latency "${url}stories/$story" | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx"
echo "== search API /api/search?q=minister+council, ${secs}s, $conns connections"
wrk -t2 -c"$conns" -d"${secs}s" --latency "${url}api/search?q=minister+council" | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx"

#!/usr/bin/env bash
# Benchmark of hlint's image-link checker (src/links). Prints numbers; it is
# not a test and does not fail on a slow machine.
#
# 10,000 unique image URLs referenced 50,000 times are checked against a
# local server (127.0.0.1 only) that delays every response by 100 ms. The
# URLs are spread over 16 host names (img0..img15.bench.test) pinned to
# 127.0.0.1 with CURLOPT_RESOLVE-style overrides, so the per-host limit of 6
# does not cap the run below the global concurrency of 64 (16 x 6 = 96).
#
# Lower bound = unique URLs x delay / concurrency. Target: cold run within
# 1.3x of it, one request per URL, cached re-run under 1 s.
#
# Environment: BUILD_DIR (default ./build; configured if missing), UNIQUE,
# REFERENCES, DELAY_MS, CONCURRENCY, HOSTS, PER_HOST.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
build="${BUILD_DIR:-$root/build}"
unique="${UNIQUE:-10000}"
references="${REFERENCES:-50000}"
delay_ms="${DELAY_MS:-100}"
concurrency="${CONCURRENCY:-64}"
hosts="${HOSTS:-16}"
per_host="${PER_HOST:-6}"

if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DHLINT_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build" --target hlint_links_bench -j"$(nproc)" >/dev/null
bench_bin="$(find "$build" -type f -name hlint_links_bench -perm -u+x | head -n 1)"
[ -n "$bench_bin" ] || { echo "hlint_links_bench was not built" >&2; exit 1; }

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

python3 "$here/links_bench_server.py" --delay-ms "$delay_ms" --lifetime 900 >"$work/port" &
server_pid=$!
for _ in $(seq 1 100); do
  [ -s "$work/port" ] && break
  sleep 0.05
done
port="$(head -n 1 "$work/port")"
[ -n "$port" ] || { echo "benchmark server did not start" >&2; exit 1; }

server_requests() {
  curl -s --noproxy '*' "http://127.0.0.1:$port/__stats" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])'
}

run() {
  "$bench_bin" --port "$port" --unique "$unique" --references "$references" \
    --hosts "$hosts" --concurrency "$concurrency" --per-host "$per_host" --cache "$work/cache"
}

field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$2"; }

cold="$(run)"
cold_requests="$(server_requests)"
warm="$(run)"
warm_requests=$(( $(server_requests) - cold_requests ))

python3 - "$unique" "$references" "$delay_ms" "$concurrency" "$hosts" "$per_host" \
  "$(field seconds "$cold")" "$cold_requests" "$(field ok "$cold")" \
  "$(field seconds "$warm")" "$warm_requests" "$(field cache_hits "$warm")" <<'PY'
import sys
(unique, refs, delay_ms, conc, hosts, per_host, cold_s, cold_req, cold_ok,
 warm_s, warm_req, warm_hits) = sys.argv[1:]
unique, refs, conc = int(unique), int(refs), int(conc)
bound = unique * float(delay_ms) / 1000.0 / conc
cold_s, warm_s = float(cold_s), float(warm_s)
print(f"links benchmark: {unique} unique URLs, {refs} references, "
      f"{delay_ms} ms per response, concurrency {conc}, {hosts} hosts x {per_host} per host")
print(f"  lower bound       {bound:8.2f} s   (unique x delay / concurrency)")
print(f"  cold run          {cold_s:8.2f} s   = {cold_s / bound:.2f} x bound (target <= 1.30)")
print(f"  requests per URL  {int(cold_req) / unique:8.2f}     ({cold_req} requests, {cold_ok} ok)")
print(f"  cached re-run     {warm_s:8.2f} s   (target < 1 s; {warm_req} requests, {warm_hits} cache hits)")
PY

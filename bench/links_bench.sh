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
# MIX=1 runs issue 17's workload instead: the server answers with the usual
# mix of failures (2% 404, 403s, hotlink protection, 500s, redirects, HTML
# pages, 0.4% after 2 s, 0.4% 429 with Retry-After: 1, 0.1% never; see
# links_bench_server.py) after DELAY_MS, the checker runs with its defaults
# (concurrency 64, 6 per host) and a 5 s request timeout. The lower bound is
# that of the workload as html-proofer does it at concurrency 50 (one request
# per URL, redirects followed, no retries): the slowest URL (a 5 s timeout)
# + total work / 50. With HOSTS=16 and ALIASES=1 the hosts are the loopback
# aliases 127.0.0.1..127.0.0.16 (one server socket each).
#
# Environment: BUILD_DIR (default ./build; configured if missing), UNIQUE,
# REFERENCES, DELAY_MS, CONCURRENCY, HOSTS, PER_HOST, MIX, ALIASES,
# TIMEOUT_MS, SLOW_MS, BOUND_CONCURRENCY, BENCH_BIN, PER_HOST_MAX.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
build="${BUILD_DIR:-$root/build}"
mix="${MIX:-0}"
aliases="${ALIASES:-0}"
if [ "$mix" = 1 ]; then
  unique="${UNIQUE:-10284}"
  references="${REFERENCES:-30000}"
  delay_ms="${DELAY_MS:-20}"
  hosts="${HOSTS:-1}"
  timeout_ms="${TIMEOUT_MS:-5000}"
else
  unique="${UNIQUE:-10000}"
  references="${REFERENCES:-50000}"
  delay_ms="${DELAY_MS:-100}"
  hosts="${HOSTS:-16}"
  timeout_ms="${TIMEOUT_MS:-0}"
fi
concurrency="${CONCURRENCY:-64}"
per_host="${PER_HOST:-6}"
per_host_max="${PER_HOST_MAX:-0}"  # 0: the checker's default ceiling (24)
slow_ms="${SLOW_MS:-2000}"
bound_concurrency="${BOUND_CONCURRENCY:-50}"

# BENCH_BIN runs another build of the driver (e.g. one linked against an
# older hlint_links, to compare).
bench_bin="${BENCH_BIN:-}"
if [ -z "$bench_bin" ]; then
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DHLINT_BUILD_TESTS=OFF >/dev/null
  fi
  cmake --build "$build" --target hlint_links_bench -j"$(nproc)" >/dev/null
  bench_bin="$(find "$build" -type f -name hlint_links_bench -perm -u+x | head -n 1)"
fi
[ -n "$bench_bin" ] || { echo "hlint_links_bench was not built" >&2; exit 1; }

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

server_args=(--delay-ms "$delay_ms" --slow-ms "$slow_ms" --lifetime 900)
[ "$mix" = 1 ] && server_args+=(--mix)
[ "$aliases" = 1 ] && server_args+=(--hosts "$hosts")
python3 "$here/links_bench_server.py" "${server_args[@]}" >"$work/port" &
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
    --hosts "$hosts" --concurrency "$concurrency" --per-host "$per_host" --cache "$work/cache" \
    --mix "$mix" --aliases "$aliases" --timeout-ms "$timeout_ms" --per-host-max "$per_host_max"
}

field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$2"; }

cold="$(run)" || true
cold_requests="$(server_requests)"
warm="$(run)" || true
warm_requests=$(( $(server_requests) - cold_requests ))

if [ "$mix" = 1 ]; then
  python3 - "$unique" "$delay_ms" "$slow_ms" "$timeout_ms" "$bound_concurrency" "$hosts" "$aliases" \
    "$concurrency" "$per_host" "$cold" "$cold_requests" "$warm" "$warm_requests" "$here" <<'PY'
import sys
(unique, delay_ms, slow_ms, timeout_ms, bound_conc, hosts, aliases, conc, per_host,
 cold, cold_req, warm, warm_req, here) = sys.argv[1:]
sys.path.insert(0, here)
from links_bench_server import behaviour  # noqa: E402
unique = int(unique)
delay, slow, timeout = float(delay_ms) / 1000, float(slow_ms) / 1000, float(timeout_ms) / 1000
# Slot-seconds each URL needs when checked as html-proofer does: one request
# (two for a redirect), no retries; a URL that never answers holds its slot
# for the whole timeout.
cost = {"redirect": 2 * delay, "slow": delay + slow, "hang": timeout}
kinds = [behaviour(n) for n in range(unique)]
work = sum(cost.get(kind, delay) for kind in kinds)
slowest = max(cost.get(kind, delay) for kind in kinds)
bound = slowest + work / int(bound_conc)
def field(line, name):
    for part in line.split():
        if part.startswith(name + "="):
            return part.split("=", 1)[1]
    return ""
cold_s, warm_s = float(field(cold, "seconds")), float(field(warm, "seconds"))
where = f"{hosts} host(s)" + (" on loopback aliases" if aliases == "1" else " on 127.0.0.1")
print(f"links benchmark (failure mix): {unique} unique URLs, {delay_ms} ms per answer, {where}, "
      f"timeout {timeout_ms} ms, hlint concurrency {conc}, {per_host} per host")
print(f"  workload bound    {bound:8.2f} s   (slowest URL {slowest:.1f} s + {work:.0f} slot-s of work / {bound_conc})")
print(f"  cold run          {cold_s:8.2f} s   = {cold_s / bound:.2f} x bound (target <= 1.20)")
print(f"  requests          {int(cold_req):8d}     ({int(cold_req) / unique:.3f} per URL; retries {field(cold, 'retries')})")
print(f"  classes           {field(cold, 'classes')}")
print(f"  scheduler         {field(cold, 'stalled')} stalled requests released their slot, "
      f"peak host limit {field(cold, 'peak_host_limit')}, {field(cold, 'limit_cuts')} cuts after 429/503")
print(f"  unexpected class  {field(cold, 'unexpected')}")
print(f"  cached re-run     {warm_s:8.2f} s   ({warm_req} requests, {field(warm, 'cache_hits')} cache hits; "
      f"URLs no server answered are asked again)")
PY
  exit 0
fi

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

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
# (concurrency 64, 6 per host to start) and a 5 s request timeout, and is
# measured side by side, RUNS times in turn against the same server (reset
# before each tool), with html-proofer (Debian ruby-html-proofer, if
# installed; links_proofer.rb, concurrency 50, over the same references
# written as DOCUMENTS HTML pages) and the floor (links_floor_client.cpp: a
# bare libcurl multi loop, 50 in flight, no retries, over the same URLs).
# With HOSTS=16 and ALIASES=1 the hosts are the loopback aliases
# 127.0.0.1..127.0.0.16 (one server socket each).
#
# Environment: BUILD_DIR (default ./build; configured if missing), UNIQUE,
# REFERENCES, DELAY_MS, CONCURRENCY, HOSTS, PER_HOST, MIX, ALIASES,
# TIMEOUT_MS, SLOW_MS, BOUND_CONCURRENCY (html-proofer's and the floor's
# concurrency, 50), BENCH_BIN, PER_HOST_MAX, RUNS, DOCUMENTS.
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

server_args=(--delay-ms "$delay_ms" --slow-ms "$slow_ms" --lifetime 3600)
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

if [ "$mix" != 1 ]; then
  cold="$(run)" || true
  cold_requests="$(server_requests)"
  warm="$(run)" || true
  warm_requests=$(( $(server_requests) - cold_requests ))
else
  # The failure mix, measured side by side: hlint (its defaults), html-proofer
  # (if installed) and the floor, each RUNS times in turn against the same
  # server, reset before each run; hlint's cached re-run after each cold run.
  runs="${RUNS:-1}"
  documents="${DOCUMENTS:-10000}"
  "$bench_bin" --port "$port" --unique "$unique" --references "$references" --hosts "$hosts" \
    --dump "$work/references.tsv"
  resolve=()
  floor_resolve=()
  for ((h = 0; h < hosts; h++)); do
    resolve+=("img$h.bench.test:$port:127.0.0.$([ "$aliases" = 1 ] && echo $((h + 1)) || echo 1)")
    floor_resolve+=(--resolve "${resolve[-1]}")
  done
  # The unique URLs in the order hlint checks them, for the floor; the same
  # references as $documents HTML pages, for html-proofer.
  python3 - "$work" "$documents" <<'PY'
import os, sys
work, documents = sys.argv[1], int(sys.argv[2])
references = [line.rstrip("\n").split("\t")[0] for line in open(os.path.join(work, "references.tsv"))]
seen = {}
for url in references:
    seen.setdefault(url, None)
with open(os.path.join(work, "urls.txt"), "w") as out:
    out.writelines(url + "\n" for url in seen)
corpus = os.path.join(work, "corpus")
os.makedirs(corpus)
pages = [[] for _ in range(documents)]
for n, url in enumerate(references):
    pages[n % documents].append(url)
for d, urls in enumerate(pages):
    images = "".join(f'<p>第{i + 1}张图</p><p><img src="{url}" alt="图{i + 1}"></p>\n' for i, url in enumerate(urls))
    with open(os.path.join(corpus, f"{d:05d}.html"), "w", encoding="utf-8") as page:
        page.write(f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>文章 {d}</title></head>'
                   f"<body>\n<h1>文章 {d}</h1>\n{images}</body></html>\n")
PY
  floor_bin="$(dirname "$bench_bin")/hlint_links_floor"
  if [ -z "${BENCH_BIN:-}" ]; then
    cmake --build "$build" --target hlint_links_floor -j"$(nproc)" >/dev/null || true
  fi
  proofer=0
  ruby -e 'require "html-proofer"' 2>/dev/null && proofer=1
  reset() { curl -s --noproxy '*' "http://127.0.0.1:$port/__reset" >/dev/null; }
  : >"$work/results"
  for ((r = 1; r <= runs; r++)); do
    rm -rf "$work/cache"
    reset
    cold="$(run)" || true
    echo "hlint $cold requests=$(server_requests)" >>"$work/results"
    reset
    warm="$(run)" || true
    echo "cached $warm requests=$(server_requests)" >>"$work/results"
    if [ -x "$floor_bin" ]; then
      reset
      floor="$("$floor_bin" --urls "$work/urls.txt" --concurrency "$bound_concurrency" \
        --timeout-ms "$timeout_ms" "${floor_resolve[@]}")"
      echo "floor $floor requests=$(server_requests)" >>"$work/results"
    fi
    if [ "$proofer" = 1 ]; then
      reset
      proofed="$(ruby "$here/links_proofer.rb" "$work/corpus" "$((timeout_ms / 1000))" "$bound_concurrency" \
        "${resolve[@]}" 2>/dev/null)" || true
      echo "proofer $proofed requests=$(server_requests)" >>"$work/results"
    fi
  done
  python3 - "$work/results" "$unique" "$delay_ms" "$timeout_ms" "$bound_concurrency" "$hosts" "$aliases" \
    "$concurrency" "$per_host" "$documents" "$proofer" <<'PY'
import statistics, sys
(results, unique, delay_ms, timeout_ms, bound_conc, hosts, aliases, conc, per_host, documents,
 proofer) = sys.argv[1:]
rows = {}
for line in open(results):
    tool, *fields = line.split()
    rows.setdefault(tool, []).append(dict(f.split("=", 1) for f in fields if "=" in f))
def times(tool, key="seconds"):
    return [float(row[key]) for row in rows.get(tool, []) if key in row]
def median(values):
    return statistics.median(values) if values else float("nan")
def spread(values):
    return " ".join(f"{v:.2f}" for v in values)
where = f"{hosts} host(s)" + (" on loopback aliases" if aliases == "1" else " on 127.0.0.1")
print(f"links benchmark (failure mix): {unique} unique URLs in {documents} documents, {delay_ms} ms per answer, "
      f"{where}, timeout {timeout_ms} ms; medians of {len(rows.get('hlint', []))} run(s) (each run listed)")
hlint = median(times("hlint"))
proofer_links = median(times("proofer", "external_seconds"))
proofer_whole = median(times("proofer"))
floor = median(times("floor"))
print(f"  {'tool':52} {'wall':>8}")
if proofer == "1":
    print(f"  {'html-proofer 3.19 (concurrency ' + bound_conc + '), whole run':52} {proofer_whole:7.2f} s   ({spread(times('proofer'))})")
    print(f"  {'html-proofer, its link checks alone':52} {proofer_links:7.2f} s   ({spread(times('proofer', 'external_seconds'))})")
else:
    print("  html-proofer                                         not installed (Debian: ruby-html-proofer)")
if rows.get("floor"):
    print(f"  {'floor: libcurl multi, ' + bound_conc + ' in flight, no retries':52} {floor:7.2f} s   ({spread(times('floor'))})")
print(f"  {'hlint, defaults (' + conc + ' in flight, ' + per_host + ' per host to start)':52} {hlint:7.2f} s   ({spread(times('hlint'))})")
if proofer == "1":
    print(f"  hlint / html-proofer link checks  {hlint / proofer_links:5.2f} x   (target <= 1.20); "
          f"/ whole html-proofer run {hlint / proofer_whole:5.2f} x")
if rows.get("floor"):
    print(f"  hlint / floor                     {hlint / floor:5.2f} x")
cold = rows["hlint"][-1]
print(f"  requests          {int(cold['requests'])} ({int(cold['requests']) / int(unique):.3f} per URL; retries {cold['retries']}); "
      f"floor {rows['floor'][-1]['requests'] if rows.get('floor') else '-'}, "
      f"html-proofer {rows['proofer'][-1]['requests'] if rows.get('proofer') else '-'}")
print(f"  classes           {cold['classes']}")
print(f"  unexpected class  {cold['unexpected']}")
if rows.get("floor"):
    print(f"  floor outcomes    {rows['floor'][-1]['outcomes']}")
if rows.get("proofer"):
    print(f"  html-proofer      {rows['proofer'][-1].get('failing_urls_by_code', '?')} (failing URLs by status; 0 = timeout)")
print(f"  scheduler         {cold['stalled']} stalled requests released their slot, "
      f"peak host limit {cold['peak_host_limit']}, {cold['limit_cuts']} cuts after 429/503")
warm = times("cached")
print(f"  cached re-run     {median(warm):7.2f} s   ({spread(warm)}; {rows['cached'][-1]['requests']} requests, "
      f"{rows['cached'][-1]['cache_hits']} cache hits)")
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

// Online image-link checking: one small ranged GET per unique URL, many in
// parallel, with a classification a person can act on and an on-disk cache
// so re-running hlint over the same articles costs no traffic.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hlint::links {

enum class LinkStatus {
  ok,
  not_found,            // 404, 410
  hotlink_protected,    // 403 without Referer, 200 image with one
  forbidden,            // 401/403 whatever the Referer
  server_error,         // 5xx after retries
  timeout,
  dns_failure,
  tls_error,
  redirect_loop,
  too_many_redirects,
  not_an_image,         // wrong Content-Type or non-image bytes
  empty,                // 2xx with no body
  refused_address,      // peer is loopback/private/link-local/metadata
  unsupported_scheme,   // anything but http/https (also on redirect)
  network_unreachable,  // this machine has no usable network
  connection_failed,
  rate_limited,         // 429 still after retries
  other,
};

// Stable ids: "ok", "not-found", "hotlink-protected", "forbidden",
// "server-error", "timeout", "dns-failure", "tls-error", "redirect-loop",
// "too-many-redirects", "not-an-image", "empty", "refused-address",
// "unsupported-scheme", "network-unreachable", "connection-failed",
// "rate-limited", "other".
std::string_view to_string(LinkStatus status);
std::optional<LinkStatus> link_status_from_string(std::string_view id);

struct LinkRequest {
  std::string url;
  // Page to send as Referer when the image's own origin does not lift a
  // 403 (e.g. the article's source site); may be empty.
  std::string fallback_referer;
};

struct LinkResult {
  LinkStatus status = LinkStatus::other;
  long http_status = 0;       // last HTTP status seen, 0 when none
  std::string content_type;   // of the last response
  std::string detail;         // one human-readable sentence
  int attempts = 0;           // HTTP requests sent for this URL this run
                              // (retries, redirect hops, Referer retries)
  bool from_cache = false;    // answered from the cache (possibly after a 304)
  bool revalidated = false;   // cache entry confirmed by a conditional request
  std::string final_url;      // after redirects; empty when none were followed
};

// How long a cached outcome stays valid.
struct CacheTtl {
  std::chrono::seconds ok{std::chrono::hours(24 * 7)};
  // Definite failures: not-found, forbidden, not-an-image, redirect problems...
  std::chrono::seconds failure{std::chrono::hours(24)};
  // Transient failures that came with an answer: server-error, rate-limited.
  std::chrono::seconds network{std::chrono::hours(1)};
  // A URL whose own request went out and got no answer until the end of its
  // time budget (see LinkCheckOptions::url_budget). Short: a server that
  // hangs now may answer later; long enough that a re-run soon after does
  // not wait for the same silence again. 0 = never reuse.
  std::chrono::seconds timeout{std::chrono::minutes(30)};
};

struct LinkCheckOptions {
  std::size_t concurrency = 64;           // transfers in flight at once
  std::size_t max_host_connections = 6;   // transfers in flight per host
  // A host that keeps answering as fast as with fewer requests may get up to
  // this many (growing by half per round of answers, after a 429 or 503 -
  // which halves the limit - by one); max_host_connections or less = fixed.
  std::size_t max_host_connections_ceiling = 24;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds timeout{15000};  // per request, whole transfer
  // Total time one URL may take from its first request on: retries,
  // backoff, redirects and Referer retries all fit in it (each request's
  // own limit shrinks to what is left; a Retry-After wait extends it).
  // 0 = timeout: a URL that never answers costs one timeout, and a timeout
  // is retried only when the budget is larger.
  std::chrono::milliseconds url_budget{0};
  // A request in flight for longer than 8 x its host's median answer time,
  // and at least this long (at least 1 s while the host has answered fewer
  // than four times), stops counting against the host's limit, so one
  // hanging or slow image does not make the host's other images wait.
  std::chrono::milliseconds stall_after{250};
  int max_redirects = 5;
  int retries = 2;  // extra tries after timeouts, connection resets, 5xx, 429
  std::chrono::milliseconds retry_base_delay{500};  // doubled per retry, + jitter
  std::chrono::milliseconds max_retry_after{10000};  // longest 429 Retry-After honoured
  bool use_head = false;  // HEAD instead of a 1 KiB ranged GET (no byte sniffing)
  std::string user_agent = "hlint/0.1 (+image link check)";
  // Extra request headers per host name ("Name: value"); key "*" = all hosts.
  std::map<std::string, std::vector<std::string>> extra_headers;
  // Allow loopback/private/link-local peers (tests, intranet mirrors).
  bool allow_private = false;
  // CURLOPT_RESOLVE entries "host:port:address" (benchmarks, pinning).
  std::vector<std::string> resolve_overrides;
  // One-line progress meter; the caller enables it when stderr is a
  // terminal and CI is unset.
  bool progress = false;
  std::ostream* progress_stream = nullptr;  // nullptr = std::cerr

  // Cache directory (created if missing, readable by this user only); empty
  // = no cache. See default_cache_dir() in link_cache.hpp.
  std::filesystem::path cache_path;
  // A cache database (with its WAL) bigger than this is not used.
  std::uint64_t cache_max_bytes = std::uint64_t{256} << 20;
  bool no_cache = false;  // neither read nor write the cache
  bool refresh = false;   // ignore cached entries, but store new results
  CacheTtl ttl;
};

struct LinkCheckStats {
  std::size_t unique_urls = 0;      // distinct URLs asked for
  std::size_t requests_sent = 0;    // HTTP requests actually sent
  std::size_t cache_hits = 0;       // answered from cache without any request
  std::size_t revalidated = 0;      // answered by a 304 to a conditional request
  std::size_t retries = 0;          // retries after timeouts/resets/5xx/429
  std::size_t failed_lookups = 0;   // transfers that ended in a failed name lookup
  // URLs settled by an earlier failed name lookup of their host in the same
  // check(), without a transfer of their own.
  std::size_t settled_by_host = 0;
  // Requests that ran past the stall threshold and gave their host slot to
  // the next URL of the host.
  std::size_t stalled_requests = 0;
  // Times a host's limit was halved after a 429 or 503.
  std::size_t host_limit_cuts = 0;
  // The highest limit a host reached above max_host_connections (0: none).
  std::size_t peak_host_limit = 0;
};

class LinkChecker {
 public:
  explicit LinkChecker(LinkCheckOptions options);
  ~LinkChecker();
  LinkChecker(const LinkChecker&) = delete;
  LinkChecker& operator=(const LinkChecker&) = delete;

  // Checks every distinct URL once, however many requests list it. Blocks
  // until all are classified. May be called more than once.
  std::map<std::string, LinkResult> check(const std::vector<LinkRequest>& requests);

  // True after a check() in which no server answered and every lookup or
  // connection failed in a way that points at this machine's network; the
  // affected results are then network-unreachable (and not cached), so the
  // caller can say so once instead of flagging every image.
  bool network_unreachable() const;

  // Cache problems (corrupt file, unwritable directory...), for the caller
  // to show; never printed by the library.
  const std::vector<std::string>& warnings() const;

  // Counters accumulated over all check() calls.
  const LinkCheckStats& stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hlint::links

#include "links/link_checker.hpp"

#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <deque>
#include <iostream>
#include <queue>
#include <random>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "links/address_policy.hpp"
#include "links/classify.hpp"
#include "links/curl_util.hpp"
#include "links/link_cache.hpp"

namespace hlint::links {

std::string_view to_string(LinkStatus status) {
  switch (status) {
    case LinkStatus::ok: return "ok";
    case LinkStatus::not_found: return "not-found";
    case LinkStatus::hotlink_protected: return "hotlink-protected";
    case LinkStatus::forbidden: return "forbidden";
    case LinkStatus::server_error: return "server-error";
    case LinkStatus::timeout: return "timeout";
    case LinkStatus::dns_failure: return "dns-failure";
    case LinkStatus::tls_error: return "tls-error";
    case LinkStatus::redirect_loop: return "redirect-loop";
    case LinkStatus::too_many_redirects: return "too-many-redirects";
    case LinkStatus::not_an_image: return "not-an-image";
    case LinkStatus::empty: return "empty";
    case LinkStatus::refused_address: return "refused-address";
    case LinkStatus::unsupported_scheme: return "unsupported-scheme";
    case LinkStatus::network_unreachable: return "network-unreachable";
    case LinkStatus::connection_failed: return "connection-failed";
    case LinkStatus::rate_limited: return "rate-limited";
    case LinkStatus::other: return "other";
  }
  return "other";
}

std::optional<LinkStatus> link_status_from_string(std::string_view id) {
  for (int i = 0; i <= static_cast<int>(LinkStatus::other); ++i) {
    const auto status = static_cast<LinkStatus>(i);
    if (to_string(status) == id) return status;
  }
  return std::nullopt;
}

namespace {

using Clock = std::chrono::steady_clock;
using detail::NetworkAttempt;
using detail::ParsedHttpUrl;

// Bytes we need to recognise an image; we ask for exactly this much.
constexpr std::size_t kSniffBytes = 1024;
constexpr const char* kRange = "0-1023";
// What a browser's <img> request accepts; some CDNs negotiate on it.
constexpr const char* kAcceptHeader =
    "Accept: image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
// A host's last answer times, and how many are needed before their median
// raises the stall threshold.
constexpr std::size_t kLatencySamples = 32;
constexpr std::size_t kMinLatencySamples = 4;
// A request stalls after this many times its host's median answer time (at
// least stall_after), or after kStallWithoutHistory while the host has
// fewer than kMinLatencySamples answers.
constexpr int kStallMedianFactor = 8;
constexpr std::chrono::milliseconds kStallWithoutHistory{1000};
// Stalled requests allowed per host, as a multiple of its limit.
constexpr std::size_t kMaxStalledPerSlot = 4;
// A host whose median answer time stays within this factor of the best
// median seen (plus kLatencySlack) is not slowed down by our requests.
constexpr int kHealthyLatencyFactor = 2;
constexpr std::chrono::milliseconds kLatencySlack{10};
// Entries not refreshed for this long are dropped from the cache file.
constexpr std::chrono::seconds kMinCacheRetention{std::chrono::hours(24 * 30)};

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// All state of one URL while it is being checked.
struct Job {
  std::string url;  // the key the caller asked for
  std::vector<std::string> fallback_referers;
  ParsedHttpUrl original;
  ParsedHttpUrl current;  // the hop being fetched
  std::vector<std::string> chain;  // URLs visited, for loop detection and messages
  int redirects = 0;
  int retries_used = 0;
  bool use_head = false;
  bool use_range = true;
  // Referer handling for 403s: candidates are tried one at a time.
  bool referers_prepared = false;
  std::vector<std::string> referer_candidates;
  std::size_t next_referer = 0;
  std::string referer;
  std::vector<std::string> referers_tried;
  std::optional<CacheEntry> revalidate;  // expired entry with validators
  std::string etag;
  std::string last_modified;
  bool got_response = false;
  // A server said something about this URL: an HTTP response, or a TLS
  // handshake it failed. Only such results are cached.
  bool answered = false;
  // The URL's own request went out on a working connection and got no
  // answer until its time limit, with no retry allowed after it: silence
  // observed about this URL (cached as a timeout, with its own short TTL).
  // Not set when the URL never got a request of its own in: a connection or
  // name lookup that timed out, a budget spent waiting for a slot.
  bool silent = false;
  bool os_unreachable = false;
  // End of the URL's time budget, set when its first request starts.
  std::optional<Clock::time_point> deadline;
  // While a retry waits: what the URL's last attempt said, reported as it is
  // should the budget run out before the retry gets a slot (a 503 answered
  // twice is a server error, not a timeout).
  std::optional<std::pair<LinkStatus, std::string>> verdict_before_retry;
  // The last transfer failed on this machine, before any network use
  // (libcurl refused the URL, or we refused the peer address).
  bool decided_locally = false;
  LinkResult result;
};

class Engine;

// One libcurl transfer (one HTTP request) of a job.
struct Transfer {
  Engine* engine = nullptr;
  Job* job = nullptr;
  CURL* easy = nullptr;
  std::string host_key;  // the per-host slot this transfer occupies
  Clock::time_point started;
  // Counts against its host's limit; false once it has stalled (see
  // Engine::release_stalled_slots).
  bool holds_slot = true;
  bool reached_address = false;  // the name resolved (a socket was opened or reused)
  bool request_sent = false;     // the request went out
  std::string body;      // first kSniffBytes of the body
  std::size_t received = 0;
  bool stopped_early = false;  // we cut the body off after kSniffBytes
  std::optional<std::string> refused;  // why the peer address was refused
  curl_slist* headers = nullptr;
  char error[CURL_ERROR_SIZE] = {};
};

// Runs the transfers of one check() call on a curl multi handle.
class Engine {
 public:
  Engine(const LinkCheckOptions& options, LinkCheckStats& stats, std::mt19937_64& rng,
         std::size_t total, std::size_t already_done, std::size_t already_failing)
      : options_(options),
        stats_(stats),
        rng_(rng),
        total_(total),
        done_(already_done),
        failing_(already_failing),
        started_(Clock::now()) {
    multi_ = curl_multi_init();
    if (multi_ == nullptr) throw std::runtime_error("curl_multi_init failed");
    // Our scheduler enforces the per-host limit; libcurl's own limit only
    // backs it up, and must leave room for the stalled requests that no
    // longer hold a slot (a transfer libcurl queues would time out waiting).
    const long per_host = static_cast<long>(
        std::max<std::size_t>(1, options_.max_host_connections) * kMaxStalledPerSlot +
        std::max(options_.max_host_connections, options_.max_host_connections_ceiling));
    curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, per_host);
    // Keep at most one idle connection per possible transfer; more would
    // only tie up servers' keep-alive slots.
    curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, static_cast<long>(concurrency()));
    curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    for (const std::string& entry : options_.resolve_overrides) {
      resolve_ = curl_slist_append(resolve_, entry.c_str());
    }
  }

  ~Engine() {
    for (CURL* easy : idle_handles_) curl_easy_cleanup(easy);
    curl_multi_cleanup(multi_);
    curl_slist_free_all(resolve_);
  }

  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  void add(Job* job) { enqueue(job, /*front=*/false); }

  void run() {
    // libcurl converts non-ASCII host names while it runs the transfers.
    const detail::ScopedUtf8Ctype utf8_host_names;
    for (;;) {
      promote_due_retries();
      release_stalled_slots();
      fill_slots();
      if (active_ == 0 && delayed_.empty()) break;

      int running = 0;
      curl_multi_perform(multi_, &running);
      const bool finished_any = drain_messages();
      print_progress(false);
      if (finished_any) continue;  // new work may be startable right away

      // While transfers run, look at them often enough to release the
      // slot of one that stalls soon after it does.
      int wait_ms = in_flight_.empty() ? 1000 : 100;
      if (!delayed_.empty()) {
        const auto until = std::chrono::duration_cast<std::chrono::milliseconds>(
            delayed_.top().when - Clock::now());
        wait_ms = static_cast<int>(std::clamp<long long>(until.count(), 0, wait_ms));
      }
      // curl_multi_poll also wakes up for curl's own timers.
      curl_multi_poll(multi_, nullptr, 0, wait_ms, nullptr);
    }
    print_progress(true);
  }

  // libcurl callbacks ------------------------------------------------------

  static size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    const std::size_t length = size * count;
    if (transfer->body.size() < kSniffBytes) {
      transfer->body.append(data, std::min(length, kSniffBytes - transfer->body.size()));
    }
    transfer->received += length;
    // A server that ignores Range would send the whole (maybe huge) file;
    // stop once we have more than we asked for. Exactly kSniffBytes is what
    // an honoured Range returns, and stopping there would needlessly kill a
    // reusable connection.
    if (transfer->received > kSniffBytes) {
      transfer->stopped_early = true;
      return 0;  // makes libcurl abort with CURLE_WRITE_ERROR
    }
    return length;
  }

  // Called with the address libcurl is about to connect to, after DNS
  // (including CURLOPT_RESOLVE pins), for every new connection - so a
  // hostname resolving to 127.0.0.1 or a redirect to 10.0.0.1 is caught, not
  // just literal IPs in the URL.
  static curl_socket_t on_open_socket(void* user, curlsocktype purpose,
                                      struct curl_sockaddr* address) {
    auto* transfer = static_cast<Transfer*>(user);
    // An address to connect to means the host name resolved: its other URLs
    // may start now, without waiting for this transfer to end.
    transfer->reached_address = true;
    transfer->engine->note_resolved(transfer->host_key);
    if (purpose == CURLSOCKTYPE_IPCXN && !transfer->engine->options_.allow_private) {
      if (auto reason = forbidden_address_reason(&address->addr)) {
        transfer->refused = std::move(reason);
        return CURL_SOCKET_BAD;
      }
    }
    int type = address->socktype;
#ifdef SOCK_CLOEXEC
    type |= SOCK_CLOEXEC;
#endif
    return ::socket(address->family, type, address->protocol);
  }

  // Called right before each request goes out, on new and reused
  // connections alike: the one place to count requests actually sent, and
  // a second check of the peer address.
  static int on_before_request(void* user, char* primary_ip, char* /*local_ip*/,
                               int /*primary_port*/, int /*local_port*/) {
    auto* transfer = static_cast<Transfer*>(user);
    if (!transfer->engine->options_.allow_private) {
      if (auto reason = forbidden_address_reason(primary_ip == nullptr ? "" : primary_ip)) {
        transfer->refused = std::move(reason);
        return CURL_PREREQFUNC_ABORT;
      }
    }
    transfer->reached_address = true;
    transfer->request_sent = true;
    ++transfer->engine->stats_.requests_sent;
    ++transfer->job->result.attempts;
    return CURL_PREREQFUNC_OK;
  }

 private:
  // A host-wide failure: its name did not resolve, or the OS has no route to
  // it. Every other URL of the host would end the same way.
  struct HostFailure {
    LinkStatus status;
    std::string detail;
    bool os_unreachable;
  };

  struct HostQueue {
    std::deque<Job*> waiting;
    std::size_t active = 0;   // transfers holding one of the host's slots
    std::size_t stalled = 0;  // transfers in flight that gave their slot back
    // The host's current limit (0 = the configured one); see record_answer.
    std::size_t limit = 0;
    std::size_t answers_this_round = 0;
    // When a 429 or 503 last halved the limit.
    std::optional<Clock::time_point> last_cut;
    // Best median answer time seen: the host unloaded.
    std::optional<Clock::duration> baseline;
    // Answer times of the host's last kLatencySamples responses.
    std::deque<Clock::duration> latencies;
    bool runnable = false;  // listed in runnable_hosts_
    // Some transfer got past the name lookup in this check(). Until then the
    // host has a single transfer in flight: libcurl caches only successful
    // lookups, so parallel first transfers would each ask the resolver, and
    // with a dead or missing DNS each would wait out the connect timeout.
    bool name_resolved = false;
    std::optional<HostFailure> failure;  // once set, no more transfers
  };

  struct Delayed {
    Clock::time_point when;
    std::uint64_t sequence;
    Job* job;
    bool operator>(const Delayed& other) const {
      return when != other.when ? when > other.when : sequence > other.sequence;
    }
  };

  std::size_t concurrency() const { return std::max<std::size_t>(1, options_.concurrency); }
  std::size_t per_host_limit() const {
    return std::max<std::size_t>(1, options_.max_host_connections);
  }
  std::size_t slots_for(const HostQueue& host) const {
    if (!host.name_resolved) return 1;
    return host.limit == 0 ? per_host_limit() : host.limit;
  }

  // How long a request of `host` may run before it counts as stalled: the
  // configured floor, or 8 x the host's median answer time when that is
  // longer - so a host that is slow for everyone keeps its normal limit
  // instead of being sent more requests at once.
  Clock::duration stall_threshold(const HostQueue& host) const {
    const Clock::duration floor = options_.stall_after;
    // A host with no answer times yet may simply be far away (a TLS
    // handshake across the world takes most of a second): no early release.
    if (host.latencies.size() < kMinLatencySamples) return std::max<Clock::duration>(floor, kStallWithoutHistory);
    return std::max<Clock::duration>(floor, kStallMedianFactor * median(host.latencies));
  }

  std::chrono::milliseconds url_budget() const {
    if (options_.url_budget.count() > 0) return options_.url_budget;
    return options_.timeout;
  }

  // A request that has not answered within its host's stall threshold stops
  // holding a slot: the host's next URL starts, and a hanging or very slow
  // image no longer decides how fast the host's other images are checked.
  // At most kMaxStalledPerSlot x the limit may be stalled at once per host,
  // so a host that stops answering altogether is not flooded.
  void release_stalled_slots() {
    if (in_flight_.empty()) return;
    const auto now = Clock::now();
    for (Transfer* transfer : in_flight_) {
      if (!transfer->holds_slot) continue;
      HostQueue& host = hosts_[transfer->host_key];
      if (!host.name_resolved) continue;  // a name lookup is settled by its own result
      if (host.stalled >= kMaxStalledPerSlot * per_host_limit()) continue;
      if (now - transfer->started < stall_threshold(host)) continue;
      transfer->holds_slot = false;
      --host.active;
      ++host.stalled;
      ++stats_.stalled_requests;
      mark_runnable(transfer->host_key, host);
    }
  }

  std::size_t host_ceiling() const {
    return std::max(per_host_limit(), options_.max_host_connections_ceiling);
  }

  static Clock::duration median(const std::deque<Clock::duration>& samples) {
    std::vector<Clock::duration> sorted(samples.begin(), samples.end());
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    return sorted[sorted.size() / 2];
  }

  // Adapts the host's limit to how it answers, the way TCP adapts its
  // window. A 429 or 503 halves it - once per round trip: answers to
  // requests sent before the last cut were sent at the old pace and do not
  // cut again, so a burst of 429s halves the limit once, not down to one.
  // Every round of answers (as many as the limit) whose median answer time
  // stays near the best seen - the host is not slowed down by us - grows it
  // by half, or by a quarter once it has been cut, up to the ceiling; a
  // rising median shrinks it by one. So an isolated 429 among hundreds of
  // quick answers costs a few rounds at a lower pace, while 429s that keep
  // coming every round keep the limit down.
  void record_answer(HostQueue& host, Clock::time_point sent, Clock::duration took, long http_status) {
    host.latencies.push_back(took);
    if (host.latencies.size() > kLatencySamples) host.latencies.pop_front();
    const std::size_t current = slots_for(host);
    if (http_status == 429 || http_status == 503) {
      if (host.last_cut && sent < *host.last_cut) return;  // already slowed down for it
      host.limit = std::max<std::size_t>(1, current / 2);
      host.last_cut = Clock::now();
      host.answers_this_round = 0;
      ++stats_.host_limit_cuts;
      return;
    }
    if (++host.answers_this_round < current || host.latencies.size() < kMinLatencySamples) return;
    host.answers_this_round = 0;
    const Clock::duration now_median = median(host.latencies);
    if (!host.baseline || now_median < *host.baseline) host.baseline = now_median;
    if (now_median <= kHealthyLatencyFactor * *host.baseline + kLatencySlack) {
      const std::size_t step = std::max<std::size_t>(1, host.last_cut ? current / 4 : current / 2);
      host.limit = std::min(host_ceiling(), current + step);
    } else if (current > per_host_limit()) {
      host.limit = current - 1;
    }
    if (host.limit > per_host_limit()) stats_.peak_host_limit = std::max(stats_.peak_host_limit, host.limit);
  }

  // Scheduling -------------------------------------------------------------
  //
  // We keep our own per-host queues instead of handing everything to curl
  // and letting CURLMOPT_MAX_HOST_CONNECTIONS queue it: curl counts time
  // spent waiting in its queue against CURLOPT_TIMEOUT (curl issues #437,
  // #4486), which would turn a busy host into false timeouts, and a queue
  // blocked on one host would idle the global concurrency.

  void enqueue(Job* job, bool front) {
    HostQueue& host = hosts_[job->current.host_key()];
    if (host.failure) return settle_from_host(job, *host.failure);
    if (front) {
      host.waiting.push_front(job);
    } else {
      host.waiting.push_back(job);
    }
    mark_runnable(job->current.host_key(), host);
  }

  void mark_runnable(const std::string& key, HostQueue& host) {
    if (!host.runnable && !host.waiting.empty() && host.active < slots_for(host)) {
      host.runnable = true;
      runnable_hosts_.push_back(key);
    }
  }

  void fill_slots() {
    while (active_ < concurrency() && !runnable_hosts_.empty()) {
      const std::string key = std::move(runnable_hosts_.front());
      runnable_hosts_.pop_front();
      HostQueue& host = hosts_[key];
      host.runnable = false;
      if (host.waiting.empty() || host.active >= slots_for(host)) continue;
      Job* job = host.waiting.front();
      host.waiting.pop_front();
      if (job->deadline && Clock::now() >= *job->deadline) {
        // Its budget went on earlier requests and waits (a redirect or a
        // Referer retry would only start after it).
        if (job->verdict_before_retry) {
          auto [status, detail] = std::move(*job->verdict_before_retry);
          complete(job, status, std::move(detail));
          mark_runnable(key, host);
          continue;
        }
        complete(job, LinkStatus::timeout,
                 fmt::format("no answer within the {} ms budget of one URL ({} attempt(s))",
                             url_budget().count(), job->retries_used + 1));
        mark_runnable(key, host);
        continue;
      }
      ++host.active;
      ++active_;
      start(job, key);
      mark_runnable(key, host);  // back of the line: round robin over hosts
    }
  }

  void note_resolved(const std::string& key) {
    HostQueue& host = hosts_[key];
    if (host.name_resolved) return;
    host.name_resolved = true;
    mark_runnable(key, host);
  }

  // Settles `job` and every URL waiting for the same host with one result,
  // and makes later arrivals (redirects, due retries) settle the same way:
  // a name that did not resolve after the resolver's own retries will not
  // resolve for the next URL either.
  void fail_host(Job* job, LinkStatus status, std::string detail) {
    HostQueue& host = hosts_[job->current.host_key()];
    host.failure = HostFailure{status, detail, job->os_unreachable};
    complete(job, status, std::move(detail));
    while (!host.waiting.empty()) {
      Job* waiting = host.waiting.front();
      host.waiting.pop_front();
      settle_from_host(waiting, *host.failure);
    }
  }

  void settle_from_host(Job* job, const HostFailure& failure) {
    job->os_unreachable = failure.os_unreachable;
    ++stats_.settled_by_host;
    complete(job, failure.status, failure.detail);
  }

  void schedule_retry(Job* job, std::chrono::milliseconds delay) {
    ++job->retries_used;
    ++stats_.retries;
    delayed_.push(Delayed{Clock::now() + delay, next_sequence_++, job});
  }

  void promote_due_retries() {
    const auto now = Clock::now();
    while (!delayed_.empty() && delayed_.top().when <= now) {
      Job* job = delayed_.top().job;
      delayed_.pop();
      enqueue(job, /*front=*/true);
    }
  }

  // Transfers --------------------------------------------------------------

  CURL* acquire_handle() {
    if (!idle_handles_.empty()) {
      CURL* easy = idle_handles_.back();
      idle_handles_.pop_back();
      return easy;
    }
    CURL* easy = curl_easy_init();
    if (easy == nullptr) throw std::runtime_error("curl_easy_init failed");
    return easy;
  }

  void start(Job* job, const std::string& host_key) {
    job->verdict_before_retry.reset();  // this attempt gives the next verdict
    auto transfer = std::make_unique<Transfer>();
    transfer->engine = this;
    transfer->job = job;
    transfer->host_key = host_key;
    transfer->started = Clock::now();
    if (!job->deadline) job->deadline = transfer->started + url_budget();
    // Each request gets the request timeout or what is left of the URL's
    // budget, whichever is shorter.
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*job->deadline -
                                                                            transfer->started);
    const auto request_timeout = std::clamp(left, std::chrono::milliseconds(1), options_.timeout);
    CURL* easy = acquire_handle();
    transfer->easy = easy;

    curl_easy_setopt(easy, CURLOPT_URL, job->current.url.c_str());
    curl_easy_setopt(easy, CURLOPT_PRIVATE, transfer.get());
    // Only web schemes, for the first request and any redirect: a file://
    // or gopher:// URL in an article must never be opened.
    // This is a safety control, so a libcurl that rejects it (older than
    // 7.85) fails the transfer instead of fetching unrestricted.
    CURLcode setup = curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    if (setup == CURLE_OK) setup = curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    // Redirects are followed by us, hop by hop, to see loops and to check
    // each target's scheme before any request goes there.
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    // Wait for a pending connection to the host to say whether it
    // multiplexes (HTTP/2, known once TLS's ALPN is done) rather than open
    // another - for https only. Over plain http (no h2c with 2TLS) libcurl
    // only learns that from the first response, so every other request to
    // the host waited for it: one image that never answered held back the
    // whole host, and its other URLs timed out without a connection.
    if (job->current.scheme == "https") curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075700  // 7.87.0
    // When a transfer times out inside a threaded name lookup, libcurl
    // otherwise joins the resolver thread, which blocks every transfer of
    // the multi handle until getaddrinfo gives up (seconds per name against
    // a silent DNS server, one name after the other). With this the thread
    // is detached and ends on its own when the lookup returns.
    curl_easy_setopt(easy, CURLOPT_QUICK_EXIT, 1L);
#endif
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(request_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_USERAGENT, options_.user_agent.c_str());
    // Environment proxies would hide the real peer from the address check.
    curl_easy_setopt(easy, CURLOPT_PROXY, "");
    if (job->use_head) {
      curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
    } else if (job->use_range) {
      curl_easy_setopt(easy, CURLOPT_RANGE, kRange);
    }
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Engine::on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->error);
    curl_easy_setopt(easy, CURLOPT_PREREQFUNCTION, &Engine::on_before_request);
    curl_easy_setopt(easy, CURLOPT_PREREQDATA, transfer.get());
    // Always installed: it also tells us the host name resolved.
    curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, &Engine::on_open_socket);
    curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, transfer.get());
    if (resolve_ != nullptr) curl_easy_setopt(easy, CURLOPT_RESOLVE, resolve_);

    transfer->headers = curl_slist_append(transfer->headers, kAcceptHeader);
    for (const char* key : {"*", job->current.host.c_str()}) {
      const auto extra = options_.extra_headers.find(key);
      if (extra == options_.extra_headers.end()) continue;
      for (const std::string& header : extra->second) {
        transfer->headers = curl_slist_append(transfer->headers, header.c_str());
      }
    }
    if (job->revalidate && job->redirects == 0) {
      if (!job->revalidate->etag.empty()) {
        transfer->headers = curl_slist_append(
            transfer->headers, ("If-None-Match: " + job->revalidate->etag).c_str());
      }
      if (!job->revalidate->last_modified.empty()) {
        transfer->headers = curl_slist_append(
            transfer->headers, ("If-Modified-Since: " + job->revalidate->last_modified).c_str());
      }
    }
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer->headers);
    // No Referer unless we are probing hotlink protection.
    if (!job->referer.empty()) curl_easy_setopt(easy, CURLOPT_REFERER, job->referer.c_str());

    Transfer* raw = transfer.release();
    in_flight_.push_back(raw);
    if (setup != CURLE_OK) {
      std::snprintf(raw->error, sizeof raw->error, "cannot restrict protocols: %s",
                    curl_easy_strerror(setup));
      finish(raw, CURLE_FAILED_INIT, /*in_multi=*/false);
      return;
    }
    const CURLMcode added = curl_multi_add_handle(multi_, easy);
    if (added != CURLM_OK) {
      // Treat as a failed transfer so the bookkeeping stays in one place.
      std::snprintf(raw->error, sizeof raw->error, "%s", curl_multi_strerror(added));
      finish(raw, CURLE_FAILED_INIT, /*in_multi=*/false);
    }
  }

  bool drain_messages() {
    bool any = false;
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_, &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      Transfer* transfer = nullptr;
      curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &transfer);
      finish(transfer, message->data.result, /*in_multi=*/true);
      any = true;
    }
    return any;
  }

  std::string header_value(CURL* easy, const char* name) {
    struct curl_header* header = nullptr;
    if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &header) == CURLHE_OK &&
        header != nullptr && header->value != nullptr) {
      return header->value;
    }
    return {};
  }

  // What one finished transfer told us.
  struct Outcome {
    CURLcode code = CURLE_OK;
    long http_status = 0;
    std::string content_type;
    std::string redirect_url;
    std::string retry_after;
    std::string etag;
    std::string last_modified;
    long long content_length = -1;
    long os_errno = 0;
    bool resolved = true;  // name lookup completed
    // The transfer may have been stuck in the lookup: it never reached an
    // address, and no transfer of its host has yet in this check().
    bool lookup_unfinished = false;
    bool request_sent = false;
    std::string body;
    bool stopped_early = false;
    std::optional<std::string> refused;
    std::string error;
  };

  void finish(Transfer* raw, CURLcode code, bool in_multi) {
    std::unique_ptr<Transfer> transfer(raw);
    CURL* easy = transfer->easy;
    Outcome outcome;
    outcome.code = code;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &outcome.http_status);
    const char* content_type = nullptr;
    if (curl_easy_getinfo(easy, CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK &&
        content_type != nullptr) {
      outcome.content_type = content_type;
    }
    const char* redirect = nullptr;
    if (curl_easy_getinfo(easy, CURLINFO_REDIRECT_URL, &redirect) == CURLE_OK &&
        redirect != nullptr) {
      outcome.redirect_url = redirect;
    }
    curl_off_t length = -1;
    if (curl_easy_getinfo(easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) == CURLE_OK) {
      outcome.content_length = static_cast<long long>(length);
    }
    curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &outcome.os_errno);
    curl_off_t lookup_time = 0;
    curl_easy_getinfo(easy, CURLINFO_NAMELOOKUP_TIME_T, &lookup_time);
    const char* primary_ip = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIMARY_IP, &primary_ip);
    outcome.resolved = transfer->reached_address || lookup_time > 0 ||
                       (primary_ip != nullptr && primary_ip[0] != '\0');
    outcome.request_sent = transfer->request_sent;
    if (outcome.http_status > 0) {
      outcome.retry_after = header_value(easy, "Retry-After");
      outcome.etag = header_value(easy, "ETag");
      outcome.last_modified = header_value(easy, "Last-Modified");
    }
    outcome.body = std::move(transfer->body);
    outcome.stopped_early = transfer->stopped_early;
    outcome.refused = std::move(transfer->refused);
    outcome.error = transfer->error;

    if (in_multi) curl_multi_remove_handle(multi_, easy);
    curl_slist_free_all(transfer->headers);
    curl_easy_reset(easy);
    idle_handles_.push_back(easy);

    in_flight_.erase(std::find(in_flight_.begin(), in_flight_.end(), transfer.get()));
    --active_;
    HostQueue& host = hosts_[transfer->host_key];
    if (transfer->holds_slot) {
      --host.active;
    } else {
      --host.stalled;
    }
    // Until some transfer of the host got past its name lookup, a transfer
    // that ends without reaching an address may have been stuck in it.
    outcome.lookup_unfinished = !host.name_resolved && !outcome.resolved;
    // Reused connections skip the socket callback; an answer proves it too.
    if (outcome.resolved || outcome.http_status > 0) host.name_resolved = true;
    if (outcome.http_status > 0) record_answer(host, transfer->started, Clock::now() - transfer->started, outcome.http_status);
    mark_runnable(transfer->host_key, host);

    decide(transfer->job, outcome);
  }

  // Decisions --------------------------------------------------------------

  void complete(Job* job, LinkStatus status, std::string detail) {
    job->result.status = status;
    job->result.detail = std::move(detail);
    ++done_;
    if (status != LinkStatus::ok) ++failing_;
  }

  // A retry after `delay` is allowed while retries are left and it would
  // still have a useful part of the URL's budget (a quarter of the request
  // timeout) after the wait.
  bool may_retry(const Job* job, std::chrono::milliseconds delay) const {
    if (job->retries_used >= options_.retries) return false;
    if (!job->deadline) return true;
    return Clock::now() + delay + options_.timeout / 4 <= *job->deadline;
  }

  std::chrono::milliseconds next_backoff(const Job* job) {
    std::uniform_real_distribution<double> jitter(0.0, 1.0);
    return detail::backoff_delay(job->retries_used + 1, options_.retry_base_delay, jitter(rng_));
  }

  // Retries after a backoff when the budget allows it; false otherwise.
  // `status`, `detail`: the verdict without the retry (kept should the
  // budget run out while the retry waits for a slot).
  bool retry_with_backoff(Job* job, LinkStatus status, const std::string& detail) {
    const auto delay = next_backoff(job);
    if (!may_retry(job, delay)) return false;
    job->verdict_before_retry.emplace(status, detail);
    schedule_retry(job, delay);
    return true;
  }

  std::string curl_message(const Outcome& outcome) const {
    return outcome.error.empty() ? std::string(curl_easy_strerror(outcome.code)) : outcome.error;
  }

  void decide(Job* job, const Outcome& outcome) {
    if (outcome.http_status > 0) {
      job->got_response = true;
      job->answered = true;
      job->result.http_status = outcome.http_status;
      job->result.content_type = outcome.content_type;
    }
    const bool transport_ok =
        outcome.code == CURLE_OK || (outcome.code == CURLE_WRITE_ERROR && outcome.stopped_early);
    if (transport_ok) {
      decide_response(job, outcome);
    } else {
      decide_transport_error(job, outcome);
    }
  }

  void decide_transport_error(Job* job, const Outcome& outcome) {
    job->decided_locally = outcome.refused.has_value() || detail::fails_before_network(outcome.code);
    if (outcome.refused) {
      complete(job, LinkStatus::refused_address,
               fmt::format("{} resolves to a {} address; not contacted (allow_private is off)",
                           job->current.host, *outcome.refused));
      return;
    }
    const std::string message = curl_message(outcome);
    switch (outcome.code) {
      case CURLE_UNSUPPORTED_PROTOCOL:
        complete(job, LinkStatus::unsupported_scheme, message);
        return;
      case CURLE_COULDNT_RESOLVE_HOST:
        ++stats_.failed_lookups;
        fail_host(job, LinkStatus::dns_failure,
                  fmt::format("cannot resolve {}: {}", job->current.host, message));
        return;
      case CURLE_OPERATION_TIMEDOUT:
        if (outcome.lookup_unfinished) {
          // Stuck in name lookup; the resolver has its own retries. Only
          // this - a failed name resolution - settles the host's other URLs.
          ++stats_.failed_lookups;
          fail_host(job, LinkStatus::dns_failure,
                    fmt::format("name lookup of {} timed out", job->current.host));
          return;
        }
        if (retry_with_backoff(job, LinkStatus::timeout,
                               fmt::format("timed out after {} attempt(s): {}", job->retries_used + 1, message)))
          return;
        job->silent = outcome.request_sent;
        complete(job, LinkStatus::timeout,
                 fmt::format("timed out after {} attempt(s): {}", job->retries_used + 1, message));
        return;
      case CURLE_COULDNT_CONNECT:
        // Each URL keeps its own result: a host that refuses or cannot be
        // routed to now may take the next connection. An unroutable
        // address is remembered for the "no network" verdict.
        if (outcome.os_errno == ENETUNREACH) job->os_unreachable = true;
        complete(job, LinkStatus::connection_failed, message);
        return;
      case CURLE_OUT_OF_MEMORY:
        if (outcome.request_sent) {
          // libcurl's only answer to a response header past its limit
          // (CURL_MAX_HTTP_HEADER, 100 KB) before 8.6; memory is fine.
          job->decided_locally = false;
          job->answered = true;
          complete(job, LinkStatus::other,
                   "the server's response header is too large (libcurl stops at 100 KB)");
          return;
        }
        complete(job, LinkStatus::other, message);
        return;
      case CURLE_SSL_CONNECT_ERROR:
      case CURLE_PEER_FAILED_VERIFICATION:
      case CURLE_SSL_CERTPROBLEM:
      case CURLE_SSL_CIPHER:
      case CURLE_SSL_CACERT_BADFILE:
      case CURLE_SSL_ISSUER_ERROR:
      case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      case CURLE_SSL_INVALIDCERTSTATUS:
      case CURLE_SSL_ENGINE_NOTFOUND:
      case CURLE_SSL_ENGINE_SETFAILED:
      case CURLE_SSL_ENGINE_INITFAILED:
      case CURLE_SSL_SHUTDOWN_FAILED:
      case CURLE_SSL_CRL_BADFILE:
      case CURLE_USE_SSL_FAILED:
        job->answered = true;  // the server took part in the handshake
        complete(job, LinkStatus::tls_error, message);
        return;
      case CURLE_RECV_ERROR:
      case CURLE_SEND_ERROR:
      case CURLE_GOT_NOTHING:
      case CURLE_PARTIAL_FILE:
      case CURLE_HTTP2:
      case CURLE_HTTP2_STREAM:
        // Connection reset or cut short: usually transient.
        if (retry_with_backoff(job, LinkStatus::connection_failed, message)) return;
        complete(job, LinkStatus::connection_failed, message);
        return;
      default:
        complete(job, LinkStatus::other, message);
        return;
    }
  }

  void decide_response(Job* job, const Outcome& outcome) {
    const long status = outcome.http_status;
    if (status >= 300 && status < 400 && status != 304) return follow_redirect(job, outcome);

    if (status == 304 && job->revalidate) {
      const CacheEntry& cached = *job->revalidate;
      job->result.status = cached.status;
      job->result.http_status = cached.http_status;
      job->result.content_type = cached.content_type;
      job->result.final_url = cached.final_url;
      job->result.from_cache = true;
      job->result.revalidated = true;
      job->etag = outcome.etag.empty() ? cached.etag : outcome.etag;
      job->last_modified = outcome.last_modified.empty() ? cached.last_modified
                                                         : outcome.last_modified;
      ++stats_.revalidated;
      complete(job, cached.status, cached.detail);
      return;
    }

    if (status >= 200 && status < 300) {
      const detail::BodyVerdict verdict =
          status == 204 ? detail::BodyVerdict{LinkStatus::empty, "204 No Content"}
                        : detail::classify_body(outcome.content_type, outcome.body,
                                                !job->use_head, outcome.content_length);
      if (!job->referer.empty()) {
        // This 2xx only came with a Referer: hotlink protection.
        if (verdict.status == LinkStatus::ok) {
          complete(job, LinkStatus::hotlink_protected,
                   fmt::format("403 without a Referer, {} with Referer: {}; browsers on "
                               "other sites will not show it",
                               status, job->referer));
        } else {
          complete(job, LinkStatus::forbidden,
                   fmt::format("403 without a Referer; with Referer {}: {}", job->referer,
                               verdict.detail));
        }
        return;
      }
      if (verdict.status == LinkStatus::ok) {
        job->etag = outcome.etag;
        job->last_modified = outcome.last_modified;
      }
      complete(job, verdict.status, verdict.detail);
      return;
    }

    if (status == 416 && job->use_range) {
      // Some servers reject our Range (an empty file has no byte 0). Ask
      // again without it; on_body still stops after 1 KiB.
      job->use_range = false;
      return enqueue(job, /*front=*/true);
    }
    if ((status == 405 || status == 501) && job->use_head) {
      job->use_head = false;  // HEAD not supported: fall back to the ranged GET
      return enqueue(job, /*front=*/true);
    }
    if (status == 404 || status == 410) {
      complete(job, LinkStatus::not_found, fmt::format("HTTP {}", status));
      return;
    }
    if (status == 403) return on_forbidden(job);
    if (status == 401) {
      complete(job, LinkStatus::forbidden, "HTTP 401: the image requires authentication");
      return;
    }
    if (status == 429) return on_rate_limited(job, outcome);
    if (status >= 500) {
      const bool retryable = status != 501 && status != 505;
      if (retryable && retry_with_backoff(job, LinkStatus::server_error,
                                          fmt::format("HTTP {} after {} attempt(s)", status, job->retries_used + 1)))
        return;
      complete(job, LinkStatus::server_error,
               fmt::format("HTTP {} after {} attempt(s)", status, job->retries_used + 1));
      return;
    }
    complete(job, LinkStatus::other, fmt::format("unexpected HTTP status {}", status));
  }

  void follow_redirect(Job* job, const Outcome& outcome) {
    if (outcome.redirect_url.empty()) {
      complete(job, LinkStatus::other,
               fmt::format("HTTP {} redirect without a usable Location", outcome.http_status));
      return;
    }
    const detail::ParseOutcome target = detail::parse_absolute_url(outcome.redirect_url);
    if (!target.parsed) {
      complete(job, LinkStatus::other,
               fmt::format("redirect to an invalid URL ({}): {}", target.error,
                           outcome.redirect_url));
      return;
    }
    const ParsedHttpUrl& next = *target.parsed;
    if (next.scheme != "http" && next.scheme != "https") {
      complete(job, LinkStatus::unsupported_scheme,
               fmt::format("redirects to {}; only http and https are followed", next.url));
      return;
    }
    if (std::find(job->chain.begin(), job->chain.end(), next.url) != job->chain.end()) {
      job->chain.push_back(next.url);
      complete(job, LinkStatus::redirect_loop,
               fmt::format("redirect loop: {}", fmt::join(job->chain, " -> ")));
      return;
    }
    if (job->redirects >= options_.max_redirects) {
      complete(job, LinkStatus::too_many_redirects,
               fmt::format("more than {} redirects (last: {})", options_.max_redirects,
                           next.url));
      return;
    }
    ++job->redirects;
    job->chain.push_back(next.url);
    job->current = next;
    job->result.final_url = next.url;
    enqueue(job, /*front=*/true);
  }

  void on_forbidden(Job* job) {
    if (!job->referers_prepared) {
      // Hotlink protection lets the image's own site (or the article's
      // site) through. Try those, one request each.
      job->referers_prepared = true;
      std::vector<std::string> candidates = {job->current.origin(), job->original.origin()};
      candidates.insert(candidates.end(), job->fallback_referers.begin(),
                        job->fallback_referers.end());
      for (std::string& candidate : candidates) {
        if (!candidate.empty() && std::find(job->referer_candidates.begin(),
                                            job->referer_candidates.end(),
                                            candidate) == job->referer_candidates.end()) {
          job->referer_candidates.push_back(std::move(candidate));
        }
      }
    }
    if (!job->referer.empty()) job->referers_tried.push_back(job->referer);
    if (job->next_referer < job->referer_candidates.size()) {
      job->referer = job->referer_candidates[job->next_referer++];
      return enqueue(job, /*front=*/true);
    }
    std::string detail = "HTTP 403";
    if (!job->referers_tried.empty()) {
      detail += fmt::format(", also with Referer {}", fmt::join(job->referers_tried, ", "));
    }
    complete(job, LinkStatus::forbidden, detail);
  }

  void on_rate_limited(Job* job, const Outcome& outcome) {
    const auto given = detail::parse_retry_after(outcome.retry_after, std::time(nullptr));
    const std::chrono::milliseconds wait = given ? *given : next_backoff(job);
    if (given && *given > options_.max_retry_after) {
      complete(job, LinkStatus::rate_limited,
               fmt::format("HTTP 429 with Retry-After {} s, longer than the {} ms we wait",
                           std::chrono::duration_cast<std::chrono::seconds>(*given).count(),
                           options_.max_retry_after.count()));
      return;
    }
    // A wait the server asked for is not the URL's own slowness: it extends
    // the budget instead of using it up.
    if (given && job->deadline) *job->deadline += wait;
    if (!may_retry(job, wait)) {
      complete(job, LinkStatus::rate_limited,
               fmt::format("HTTP 429 after {} attempt(s)", job->retries_used + 1));
      return;
    }
    schedule_retry(job, wait);
  }

  // Progress ---------------------------------------------------------------

  void print_progress(bool final) {
    if (!options_.progress) return;
    const auto now = Clock::now();
    if (!final && now - last_progress_ < std::chrono::milliseconds(250)) return;
    last_progress_ = now;
    const double seconds =
        std::max(1e-3, std::chrono::duration<double>(now - started_).count());
    std::ostream& out = options_.progress_stream ? *options_.progress_stream : std::cerr;
    out << fmt::format("\rchecking images: {}/{} ({:.0f}/s), {} failing   ", done_, total_,
                       static_cast<double>(done_) / seconds, failing_);
    if (final) out << '\n';
    out.flush();
  }

  const LinkCheckOptions& options_;
  LinkCheckStats& stats_;
  std::mt19937_64& rng_;
  CURLM* multi_ = nullptr;
  curl_slist* resolve_ = nullptr;
  std::vector<CURL*> idle_handles_;
  std::vector<Transfer*> in_flight_;  // at most `concurrency` transfers
  std::unordered_map<std::string, HostQueue> hosts_;
  std::deque<std::string> runnable_hosts_;
  std::priority_queue<Delayed, std::vector<Delayed>, std::greater<>> delayed_;
  std::uint64_t next_sequence_ = 0;
  std::size_t active_ = 0;
  std::size_t total_;
  std::size_t done_;
  std::size_t failing_;
  Clock::time_point started_;
  Clock::time_point last_progress_{};
};

}  // namespace

class LinkChecker::Impl {
 public:
  explicit Impl(LinkCheckOptions options)
      : options_(std::move(options)), rng_(std::random_device{}()) {
    detail::ensure_curl_global_init();
  }

  std::map<std::string, LinkResult> check(const std::vector<LinkRequest>& requests);

  LinkCheckOptions options_;
  LinkCheckStats stats_;
  std::vector<std::string> warnings_;
  bool network_unreachable_ = false;
  std::mt19937_64 rng_;
  std::optional<LinkCache> cache_;

 private:
  bool cache_enabled() const { return !options_.no_cache && !options_.cache_path.empty(); }

  LinkCache* cache() {
    if (!cache_enabled()) return nullptr;
    if (!cache_) {
      cache_.emplace(options_.cache_path, options_.cache_max_bytes);
      if (!options_.refresh) cache_->load();
    }
    return &*cache_;
  }

  void collect_cache_warnings() {
    if (!cache_) return;
    const auto& pending = cache_->warnings();
    for (std::size_t i = reported_cache_warnings_; i < pending.size(); ++i) {
      warnings_.push_back(pending[i]);
    }
    reported_cache_warnings_ = pending.size();
  }

  std::size_t reported_cache_warnings_ = 0;
};

std::map<std::string, LinkResult> LinkChecker::Impl::check(
    const std::vector<LinkRequest>& requests) {
  network_unreachable_ = false;

  // One job per distinct URL; remember every distinct fallback Referer.
  // Jobs in first-seen order (a deque keeps their addresses stable), found
  // by URL through a hash index: real URL lists share long prefixes, which
  // makes ordered-map lookups comparatively slow on big runs.
  std::deque<Job> jobs;
  std::unordered_map<std::string_view, Job*> by_url;
  by_url.reserve(requests.size());
  for (const LinkRequest& request : requests) {
    Job*& slot = by_url[request.url];
    if (slot == nullptr) {
      slot = &jobs.emplace_back();
      slot->url = request.url;
    }
    Job& job = *slot;
    if (!request.fallback_referer.empty() &&
        std::find(job.fallback_referers.begin(), job.fallback_referers.end(),
                  request.fallback_referer) == job.fallback_referers.end()) {
      job.fallback_referers.push_back(request.fallback_referer);
    }
  }
  stats_.unique_urls += jobs.size();

  LinkCache* const store = cache();
  const std::int64_t now = unix_now();
  std::vector<Job*> to_fetch;
  std::size_t done = 0;
  std::size_t failing = 0;
  auto settle = [&](Job& job, LinkStatus status, std::string detail) {
    job.result.status = status;
    job.result.detail = std::move(detail);
    ++done;
    if (status != LinkStatus::ok) ++failing;
  };

  for (Job& job : jobs) {
    const std::string& url = job.url;
    const detail::ParseOutcome parsed = detail::parse_absolute_url(url);
    if (!parsed.parsed) {
      settle(job, LinkStatus::other, fmt::format("not an absolute URL: {}", parsed.error));
      continue;
    }
    if (parsed.parsed->scheme != "http" && parsed.parsed->scheme != "https") {
      // Decided before libcurl sees the URL: file:///etc/passwd is never read.
      settle(job, LinkStatus::unsupported_scheme,
             fmt::format("scheme \"{}\" is not checked; only http and https are",
                         parsed.parsed->scheme));
      continue;
    }
    job.original = *parsed.parsed;
    job.current = *parsed.parsed;
    job.chain.push_back(job.current.url);
    job.use_head = options_.use_head;

    if (store != nullptr && !options_.refresh) {
      if (const std::optional<CacheEntry> entry = store->find(url)) {
        const auto age = now - entry->checked_at;
        if (age >= 0 && age < detail::ttl_for(entry->status, options_.ttl).count()) {
          job.result.http_status = entry->http_status;
          job.result.content_type = entry->content_type;
          job.result.final_url = entry->final_url;
          job.result.from_cache = true;
          ++stats_.cache_hits;
          settle(job, entry->status, entry->detail);
          continue;
        }
        if (entry->status == LinkStatus::ok &&
            (!entry->etag.empty() || !entry->last_modified.empty())) {
          job.revalidate = *entry;
        }
      }
    }
    to_fetch.push_back(&job);
  }

  if (!to_fetch.empty()) {
    Engine engine(options_, stats_, rng_, jobs.size(), done, failing);
    for (Job* job : to_fetch) engine.add(job);
    engine.run();

    std::vector<NetworkAttempt> attempts;
    attempts.reserve(to_fetch.size());
    for (const Job* job : to_fetch) {
      attempts.push_back(NetworkAttempt{job->original.host, job->result.status,
                                        job->got_response || job->result.from_cache,
                                        job->os_unreachable, job->decided_locally});
    }
    if (detail::is_network_outage(attempts)) {
      network_unreachable_ = true;
      for (Job* job : to_fetch) {
        // A URL libcurl refused here would be refused with a network too: it
        // keeps its own result and is reported on its own.
        if (job->decided_locally) continue;
        job->result.detail = fmt::format("no network: {}", job->result.detail);
        job->result.status = LinkStatus::network_unreachable;
      }
    }

    if (store != nullptr) {
      const std::int64_t checked_at = unix_now();
      for (const Job* job : to_fetch) {
        // Local refusals cost nothing to decide again and depend on this
        // build of libcurl, not on the URL's server.
        if (!detail::is_cacheable(job->result.status) || job->decided_locally) continue;
        // Nothing is learnt about a URL no server answered for (a refused
        // connection, a failed lookup, a connection that timed out, a host
        // settled by another URL's failed lookup): ask again next run. A URL
        // whose own request got no answer for its whole time is the
        // exception: that silence is about the URL (ttl.timeout).
        if (!job->answered && !job->silent && !job->result.from_cache) continue;
        CacheEntry entry;
        entry.status = job->result.status;
        entry.http_status = job->result.http_status;
        entry.content_type = job->result.content_type;
        entry.detail = job->result.detail;
        entry.final_url = job->result.final_url;
        entry.checked_at = checked_at;
        entry.etag = job->etag;
        entry.last_modified = job->last_modified;
        store->put(job->url, std::move(entry));
      }
      const auto retention = std::max({kMinCacheRetention, options_.ttl.ok * 4,
                                        options_.ttl.failure * 4, options_.ttl.network * 4});
      store->save(checked_at, retention);
    }
  } else if (options_.progress) {
    std::ostream& out = options_.progress_stream ? *options_.progress_stream : std::cerr;
    out << fmt::format("checking images: {}/{} (all cached), {} failing\n", done, jobs.size(),
                       failing);
  }
  collect_cache_warnings();

  std::map<std::string, LinkResult> results;
  for (Job& job : jobs) results.emplace(job.url, std::move(job.result));
  return results;
}

LinkChecker::LinkChecker(LinkCheckOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

LinkChecker::~LinkChecker() = default;

std::map<std::string, LinkResult> LinkChecker::check(const std::vector<LinkRequest>& requests) {
  return impl_->check(requests);
}

bool LinkChecker::network_unreachable() const { return impl_->network_unreachable_; }

const std::vector<std::string>& LinkChecker::warnings() const { return impl_->warnings_; }

const LinkCheckStats& LinkChecker::stats() const { return impl_->stats_; }

}  // namespace hlint::links

// Hostile and unlucky link checks: a stalled transfer must not decide other
// URLs' results, only a failed name lookup settles a host, nothing unanswered
// is cached, every URL has a total time budget, and a network that reaches
// some hosts is not "no network". All traffic stays on 127.0.0.1 (the
// unroutable-address test runs in a network namespace of its own).
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "links/link_checker.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using namespace hlint::links;
using namespace hlint::links::testing;
using Clock = std::chrono::steady_clock;

namespace {

// One image that never answers, then 20 that do, all on one host (named as
// `host`, which may be pinned to the server with resolve_overrides).
std::vector<LinkRequest> one_hanging_twenty_working(const std::string& base) {
  std::vector<LinkRequest> requests = {{base + "/hang/never.png", ""}};
  for (int i = 0; i < 20; ++i) requests.push_back({base + "/fast/" + std::to_string(i) + ".png", ""});
  return requests;
}

void check_one_hanging_twenty_working(const TestServer& server, const std::string& base,
                                      LinkCheckOptions options) {
  TempDir cache;
  options.cache_path = cache.path();
  const std::vector<LinkRequest> requests = one_hanging_twenty_working(base);
  std::map<std::string, LinkResult> results;
  {
    LinkChecker checker(options);
    results = checker.check(requests);
    CHECK(checker.stats().failed_lookups == 0);
    CHECK(checker.stats().settled_by_host == 0);
    CHECK_FALSE(checker.network_unreachable());
  }
  const LinkResult& hanging = results.at(base + "/hang/never.png");
  INFO("hanging image: " << to_string(hanging.status) << ": " << hanging.detail);
  CHECK(hanging.status == LinkStatus::timeout);
  for (int i = 0; i < 20; ++i) {
    const std::string path = "/fast/" + std::to_string(i) + ".png";
    INFO(path << ": " << results.at(base + path).detail);
    CHECK(results.at(base + path).status == LinkStatus::ok);
    CHECK(server.hits(path) == 1);
  }

  // The working images come from the cache, and so does the hanging one:
  // its own request went out and got no answer for its whole budget, which
  // is something learnt about that URL (kept for ttl.timeout only).
  const int hanging_hits = server.hits("/hang/never.png");
  CHECK(hanging_hits == 1);
  {
    LinkChecker again(options);
    const auto second = again.check(requests);
    CHECK(again.stats().cache_hits == 21);
    CHECK(again.stats().requests_sent == 0);
    CHECK(second.at(base + "/hang/never.png").from_cache);
    CHECK(second.at(base + "/hang/never.png").status == LinkStatus::timeout);
  }
  // Once ttl.timeout has passed, only the hanging image is asked again.
  options.ttl.timeout = std::chrono::seconds(0);
  LinkChecker expired(options);
  const auto third = expired.check(requests);
  CHECK(expired.stats().cache_hits == 20);
  CHECK_FALSE(third.at(base + "/hang/never.png").from_cache);
  CHECK(third.at(base + "/hang/never.png").status == LinkStatus::timeout);
  CHECK(server.hits("/hang/never.png") == hanging_hits + 1);
  for (int i = 0; i < 20; ++i) CHECK(server.hits("/fast/" + std::to_string(i) + ".png") == 1);
}

}  // namespace

TEST_CASE("one image that never answers does not decide its host's other images",
          "[links][online][stall]") {
  TestServer server;
  SECTION("host given as an address") {
    check_one_hanging_twenty_working(server, server.url(""), loopback_options());
  }
  SECTION("host given as a name that must be looked up") {
    LinkCheckOptions options = loopback_options();
    const std::string port = std::to_string(server.port());
    options.resolve_overrides = {"cdn.example.test:" + port + ":127.0.0.1"};
    check_one_hanging_twenty_working(server, "http://cdn.example.test:" + port, options);
  }
  SECTION("one slot per host, the hanging image first") {
    LinkCheckOptions options = loopback_options();
    options.max_host_connections = 1;
    check_one_hanging_twenty_working(server, server.url(""), options);
  }
}

TEST_CASE("hanging requests do not hold their host's slots while others wait",
          "[links][online][stall]") {
  TestServer server;
  LinkCheckOptions options = loopback_options();
  options.max_host_connections = 2;
  options.timeout = 3000ms;
  options.retries = 0;
  options.stall_after = 300ms;
  std::vector<LinkRequest> requests = {{server.url("/hang/a.png"), ""}, {server.url("/hang/b.png"), ""}};
  for (int i = 0; i < 30; ++i) requests.push_back({server.url("/fast/" + std::to_string(i) + ".png"), ""});

  const auto began = Clock::now();
  LinkChecker checker(options);
  const auto results = checker.check(requests);
  // Both hanging requests took the host's two slots first; the working
  // images were all asked long before the 3 s timeout freed those slots.
  for (int i = 0; i < 30; ++i) {
    const std::string path = "/fast/" + std::to_string(i) + ".png";
    INFO(path);
    CHECK(results.at(server.url(path)).status == LinkStatus::ok);
    CHECK(server.first_hit(path) - began < 2000ms);
  }
  CHECK(results.at(server.url("/hang/a.png")).status == LinkStatus::timeout);
  CHECK(checker.stats().stalled_requests == 2);
}

TEST_CASE("a slow request gives its slot back after 8 x its host's median, but not before the host answered",
          "[links][online][stall]") {
  TestServer server;
  LinkCheckOptions options = loopback_options();
  options.max_host_connections = 1;
  options.max_host_connections_ceiling = 1;
  options.stall_after = 100ms;
  options.timeout = 3000ms;
  options.retries = 0;
  SECTION("no answer times yet: the slot is held for a second") {
    // A far-away host's first answers are slow for everyone (the TLS
    // handshake); releasing their slots early would flood it.
    const auto began = Clock::now();
    LinkChecker checker(options);
    const auto results = checker.check({{server.url("/slow.png"), ""}, {server.url("/fast/0.png"), ""}});
    CHECK(results.at(server.url("/fast/0.png")).status == LinkStatus::ok);
    CHECK(server.first_hit("/fast/0.png") - began >= 900ms);
    CHECK(server.first_hit("/fast/0.png") - began < 2000ms);  // not after /slow.png's 2.5 s
  }
  SECTION("after four quick answers: released at the floor") {
    std::vector<LinkRequest> requests = numbered_requests(server, "/fast/", 6);
    requests.push_back({server.url("/slow.png"), ""});
    requests.push_back({server.url("/fast/next.png"), ""});
    LinkChecker checker(options);
    const auto results = checker.check(requests);
    CHECK(results.at(server.url("/fast/next.png")).status == LinkStatus::ok);
    // 8 x a loopback median is far below 100 ms: released at stall_after.
    CHECK(server.first_hit("/fast/next.png") - server.first_hit("/slow.png") < 700ms);
    CHECK(checker.stats().stalled_requests == 1);
  }
}

TEST_CASE("a host's limit grows while it answers as fast, up to the ceiling", "[links][online][adaptive]") {
  TestServer server;
  LinkCheckOptions options = loopback_options();
  options.max_host_connections = 2;
  options.max_host_connections_ceiling = 6;
  const std::vector<LinkRequest> requests = numbered_requests(server, "/paced/", 150);
  LinkChecker checker(options);
  const auto results = checker.check(requests);
  for (const LinkRequest& request : requests) CHECK(results.at(request.url).status == LinkStatus::ok);
  CHECK(server.max_in_flight() > 2);
  CHECK(server.max_in_flight() <= 6);
  CHECK(checker.stats().peak_host_limit == 6);
  CHECK(checker.stats().host_limit_cuts == 0);
}

TEST_CASE("429 answers halve a host's limit", "[links][online][adaptive]") {
  TestServer server;
  LinkCheckOptions options = loopback_options();
  options.max_host_connections = 4;
  options.max_host_connections_ceiling = 4;
  options.retries = 0;
  const std::vector<LinkRequest> requests = numbered_requests(server, "/busy/", 16);
  LinkChecker checker(options);
  const auto results = checker.check(requests);
  for (const LinkRequest& request : requests) CHECK(results.at(request.url).status == LinkStatus::rate_limited);
  // One cut per round trip: the four 429s to the first four requests, sent
  // together, halve the limit once (4 -> 2); of the next two, sent together,
  // the first halves it again (2 -> 1); from then on every request is sent
  // after the last cut and cuts (1 -> 1). Cutting once per 429 made 16.
  CHECK(checker.stats().host_limit_cuts >= 11);
  CHECK(checker.stats().host_limit_cuts <= 14);  // 13-14 only when a loaded machine spreads the answers
  // Four at a time at first; after the first 429s (4 -> 2 -> 1) one at a time.
  const std::vector<int> starts = server.busy_starts();
  REQUIRE(starts.size() == 16);
  CHECK(*std::max_element(starts.begin(), starts.end()) >= 3);
  for (std::size_t i = 8; i < starts.size(); ++i) {
    INFO("request " << i);
    CHECK(starts[i] == 1);
  }
}

TEST_CASE("a URL that never answers costs at most its time budget", "[links][online][stall]") {
  TestServer server;
  LinkCheckOptions options = loopback_options();
  options.timeout = 1000ms;
  options.retries = 2;
  options.retry_base_delay = 100ms;
  // Checks one image that never answers; returns how long that took.
  const auto check_hanging = [&options, &server] {
    const auto began = Clock::now();
    LinkChecker checker(options);
    const auto results = checker.check({{server.url("/hang/budget.png"), ""}});
    const auto took = Clock::now() - began;
    const LinkResult& result = results.at(server.url("/hang/budget.png"));
    INFO(result.detail);
    CHECK(result.status == LinkStatus::timeout);
    return took;
  };
  SECTION("a budget of 1.5 x timeout: one retry fits") {
    options.url_budget = 1500ms;
    const auto took = check_hanging();
    // Three full timeouts plus backoff (3.3 s and more) was the old cost.
    CHECK(took < 2200ms);
    CHECK(took >= 1400ms);
    // The retry fitted in what was left of the budget.
    CHECK(server.hits("/hang/budget.png") == 2);
  }
  SECTION("the default budget is one timeout, as html-proofer spends") {
    const auto took = check_hanging();
    CHECK(took >= 950ms);
    CHECK(took < 1400ms);
    CHECK(server.hits("/hang/budget.png") == 1);
  }
}

namespace {

// A TCP socket listening on 127.0.0.1, on a port the kernel picks (left in
// `address`); -1 if that fails.
int listen_on_loopback(int backlog, sockaddr_in& address) {
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  address = sockaddr_in{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener, backlog) != 0 ||
      ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (listener >= 0) ::close(listener);
    return -1;
  }
  return listener;
}

// A TCP port on 127.0.0.1 that takes no connection: its listen queue is
// held full by a connection of its own that is never accepted, so the
// kernel drops further SYNs and a connect() to it hangs.
class BlackHolePort {
 public:
  BlackHolePort() {
    sockaddr_in address{};
    listener_ = listen_on_loopback(0, address);
    REQUIRE(listener_ >= 0);
    port_ = ntohs(address.sin_port);
    // Fill the queue (a backlog of 0 holds one connection, and the kernel
    // allows one more): non-blocking connects until one stays pending.
    for (int i = 0; i < 8; ++i) {
      const int filler = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
      fillers_.push_back(filler);
      const int result = ::connect(filler, reinterpret_cast<sockaddr*>(&address), sizeof address);
      if (result != 0 && errno == EINPROGRESS) {
        pollfd wait{filler, POLLOUT, 0};
        if (::poll(&wait, 1, 200) == 0) break;  // still pending: the queue is full
      }
    }
  }
  ~BlackHolePort() {
    for (const int filler : fillers_) ::close(filler);
    ::close(listener_);
  }
  BlackHolePort(const BlackHolePort&) = delete;
  BlackHolePort& operator=(const BlackHolePort&) = delete;
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

 private:
  int listener_ = -1;
  int port_ = 0;
  std::vector<int> fillers_;
};

}  // namespace

TEST_CASE("a URL whose request never went out is not cached as a timeout", "[links][online][stall][cache]") {
  BlackHolePort port;
  TestServer server;
  TempDir cache;
  LinkCheckOptions options = loopback_options();
  options.cache_path = cache.path();
  const std::vector<LinkRequest> requests = {{port.url("/never-connected.png"), ""}, {server.url("/ok.png"), ""}};
  for (int run = 0; run < 2; ++run) {
    INFO("run " << run);
    LinkChecker checker(options);
    const auto results = checker.check(requests);
    const LinkResult& result = results.at(port.url("/never-connected.png"));
    INFO(result.detail);
    // The connection itself timed out: nothing is known about the URL.
    CHECK(result.status == LinkStatus::timeout);
    CHECK(result.attempts == 0);
    CHECK_FALSE(result.from_cache);
    CHECK(results.at(server.url("/ok.png")).from_cache == (run == 1));
  }
  CHECK(server.hits("/ok.png") == 1);
}

namespace {

// A bare TCP server on 127.0.0.1 that answers every connection with the same
// bytes (httplib builds a header in memory first, much too slowly for 50 MB).
class CannedServer {
 public:
  explicit CannedServer(std::string response) : response_(std::move(response)) {
    sockaddr_in address{};
    listener_ = listen_on_loopback(16, address);
    REQUIRE(listener_ >= 0);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~CannedServer() {
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    thread_.join();
  }
  CannedServer(const CannedServer&) = delete;
  CannedServer& operator=(const CannedServer&) = delete;
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

 private:
  void serve() {
    for (;;) {
      const int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      char buffer[4096];
      std::string request;
      while (request.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = ::read(client, buffer, sizeof buffer);
        if (n <= 0) break;
        request.append(buffer, static_cast<std::size_t>(n));
      }
      // The client hangs up once it has had enough: stop writing then.
      for (std::size_t sent = 0; sent < response_.size();) {
        const ssize_t n = ::send(client, response_.data() + sent, response_.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
      }
      ::close(client);
    }
  }

  std::string response_;
  int listener_ = -1;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace

TEST_CASE("a 50 MB response header is reported as such, not as out of memory",
          "[links][online]") {
  CannedServer server("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nX-Padding: " + std::string(50u << 20, 'a') +
                      "\r\nContent-Length: 8\r\n\r\n\x89PNG\r\n\x1a\n");
  LinkCheckOptions options = loopback_options();
  options.timeout = 5000ms;
  LinkChecker checker(options);
  const auto results = checker.check({{server.url("/big-header.png"), ""}});
  const LinkResult& result = results.at(server.url("/big-header.png"));
  INFO(result.detail);
  CHECK(result.status == LinkStatus::other);
  CHECK_THAT(result.detail, Catch::Contains("response header is too large"));
  CHECK_THAT(result.detail, !Catch::Contains("memory"));
  CHECK(result.attempts == 1);
}

namespace {

// Runs `body` in a child process inside new user and network namespaces
// with only the loopback interface up: connecting anywhere else fails with
// ENETUNREACH, and nothing can leave the machine. Returns what the child
// wrote, or nullopt when namespaces are not available here.
std::optional<std::string> in_network_namespace(const std::function<std::string()>& body) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return std::nullopt;
  const pid_t child = ::fork();
  if (child < 0) return std::nullopt;
  if (child == 0) {
    ::close(pipe_fds[0]);
    std::string output = "unshare-failed";
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0) {
      const int sock = ::socket(AF_INET, SOCK_DGRAM, 0);
      ifreq request{};
      std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
      request.ifr_flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
      if (sock >= 0 && ::ioctl(sock, SIOCSIFFLAGS, &request) == 0) output = body();
      if (sock >= 0) ::close(sock);
    }
    const ssize_t written = ::write(pipe_fds[1], output.data(), output.size());
    (void)written;
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  std::string output;
  char buffer[4096];
  for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;) output.append(buffer, n);
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  if (output == "unshare-failed") return std::nullopt;
  return output;
}

}  // namespace

TEST_CASE("one unroutable host among working ones is not 'no network'", "[links][online][netns]") {
  const auto output = in_network_namespace([] {
    TestServer server;
    LinkCheckOptions options = loopback_options();
    // 10.1.2.3 has no route in the namespace: ENETUNREACH at once.
    std::vector<LinkRequest> requests = {{"http://10.1.2.3/a.png", ""}, {"http://10.1.2.3/b.png", ""},
                                         {server.url("/ok.png"), ""}, {server.url("/missing.png"), ""}};
    LinkChecker checker(options);
    const auto results = checker.check(requests);
    std::ostringstream out;
    out << "unreachable=" << checker.network_unreachable();
    for (const LinkRequest& request : requests) {
      std::string url = request.url;
      if (url.rfind(server.url(""), 0) == 0) url = url.substr(server.url("").size());
      out << ' ' << url << '=' << to_string(results.at(request.url).status);
    }
    return out.str();
  });
  if (!output) {
    WARN("user and network namespaces are not available here; test not run");
    return;
  }
  CHECK(*output ==
        "unreachable=0 http://10.1.2.3/a.png=connection-failed http://10.1.2.3/b.png=connection-failed "
        "/ok.png=ok /missing.png=not-found");

  // With no host answering at all it is still "no network".
  const auto nothing = in_network_namespace([] {
    LinkCheckOptions options = loopback_options();
    LinkChecker checker(options);
    const auto results = checker.check({{"http://10.1.2.3/a.png", ""}, {"http://10.9.8.7/b.png", ""}});
    return fmt::format("unreachable={} {} {}", checker.network_unreachable(),
                       to_string(results.at("http://10.1.2.3/a.png").status),
                       to_string(results.at("http://10.9.8.7/b.png").status));
  });
  REQUIRE(nothing);
  CHECK(*nothing == "unreachable=true network-unreachable network-unreachable");
}

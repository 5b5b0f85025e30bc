// End-to-end tests of LinkChecker against a real HTTP server on 127.0.0.1.
#include <catch2/catch.hpp>

#include <sstream>

#include "links/link_checker.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using namespace hlint::links;
using namespace hlint::links::testing;

namespace {

LinkCheckOptions local_options() {
  LinkCheckOptions options = loopback_options();
  // Room for three instant answers on a busy machine, not for a third 750 ms
  // attempt at /slow.png (two full attempts take about 1.5 s).
  options.url_budget = 1600ms;
  return options;
}

std::string status_of(const std::map<std::string, LinkResult>& results, const std::string& url) {
  const auto it = results.find(url);
  return it == results.end() ? "<missing>" : std::string(to_string(it->second.status));
}

// A host name whose lookup fails at once, identically on every machine: a
// 64-character label is not a valid DNS name, so the C library refuses it
// before any query is sent (no DNS server is involved, unlike `.invalid`,
// which this machine's resolver forwards and may time out on).
std::string unresolvable_host(char letter) { return std::string(64, letter) + ".example"; }

std::vector<LinkRequest> images_on(const std::string& host, int count) {
  std::vector<LinkRequest> requests;
  for (int i = 0; i < count; ++i) {
    requests.push_back({"http://" + host + "/img/" + std::to_string(i) + ".png", ""});
  }
  return requests;
}

}  // namespace

TEST_CASE("every server behaviour gets its classification", "[links][online]") {
  TestServer server;
  std::vector<LinkRequest> requests = requests_for(
      server, {"/ok.png", "/missing.png", "/gone.png", "/hotlink.png", "/forbidden.png",
               "/flaky.png", "/broken.png", "/norange.png", "/huge.png", "/redirect/1",
               "/loop/a", "/chain/0", "/slow.png", "/page.png", "/fake.png", "/limited.png",
               "/limited-once.png", "/empty.png", "/to-file", "/logo.svg", "/logo-as-xml.svg",
               "/anim.gif", "/photo.webp", "/etag.png"});
  // The same image referenced from many articles is fetched once.
  for (int i = 0; i < 5; ++i) {
    requests.push_back({server.url("/ok.png"), "https://article.example/post/" + std::to_string(i)});
  }
  requests.push_back({server.url("/article-only.png"), "https://article.example/post/1"});

  LinkChecker checker(local_options());
  const auto started = std::chrono::steady_clock::now();
  const auto results = checker.check(requests);
  const auto elapsed = std::chrono::steady_clock::now() - started;

  auto status = [&](const std::string& path) { return status_of(results, server.url(path)); };
  auto result = [&](const std::string& path) { return results.at(server.url(path)); };

  CHECK(results.size() == 25);
  CHECK_FALSE(checker.network_unreachable());

  CHECK(status("/ok.png") == "ok");
  CHECK(result("/ok.png").http_status == 206);
  CHECK(result("/ok.png").content_type == "image/png");
  CHECK(result("/ok.png").attempts == 1);
  CHECK_FALSE(result("/ok.png").from_cache);
  CHECK(server.hits("/ok.png") == 1);  // listed 6 times, fetched once
  CHECK(server.ranged("/ok.png") == 1);

  CHECK(status("/missing.png") == "not-found");
  CHECK(result("/missing.png").http_status == 404);
  CHECK(server.hits("/missing.png") == 1);  // 404 is not retried
  CHECK(status("/gone.png") == "not-found");
  CHECK(result("/gone.png").http_status == 410);

  // 403 without a Referer, 200 with the image's own origin.
  CHECK(status("/hotlink.png") == "hotlink-protected");
  CHECK(server.hits("/hotlink.png") == 2);
  CHECK_THAT(result("/hotlink.png").detail, Catch::Contains(server.origin()));
  // 403 for the origin too, 200 for the article's site (fallback_referer).
  CHECK(status("/article-only.png") == "hotlink-protected");
  CHECK(server.hits("/article-only.png") == 3);
  CHECK(status("/forbidden.png") == "forbidden");
  CHECK(server.hits("/forbidden.png") == 2);

  // 500 then 200: one retry.
  CHECK(status("/flaky.png") == "ok");
  CHECK(server.hits("/flaky.png") == 2);
  CHECK(result("/flaky.png").attempts == 2);
  // Always 503: the first try plus two retries.
  CHECK(status("/broken.png") == "server-error");
  CHECK(result("/broken.png").http_status == 503);
  CHECK(server.hits("/broken.png") == 3);

  // Range ignored: the body is cut off after 1 KiB and still counts.
  CHECK(status("/norange.png") == "ok");
  CHECK(server.hits("/norange.png") == 1);
  CHECK(status("/huge.png") == "ok");
  CHECK(server.hits("/huge.png") == 1);

  CHECK(status("/redirect/1") == "ok");
  CHECK(result("/redirect/1").final_url == server.url("/target.png"));
  CHECK(result("/redirect/1").attempts == 3);
  CHECK(server.hits("/redirect/1") == 1);
  CHECK(server.hits("/redirect/2") == 1);
  CHECK(server.hits("/target.png") == 1);

  CHECK(status("/loop/a") == "redirect-loop");
  CHECK(server.hits("/loop/a") == 1);
  CHECK(server.hits("/loop/b") == 1);

  // max_redirects = 5: /chain/0 .. /chain/5 are requested, /chain/6 is not.
  CHECK(status("/chain/0") == "too-many-redirects");
  CHECK(server.hits("/chain/5") == 1);
  CHECK(server.hits("/chain/6") == 0);

  // Within its time budget (1.5 x the 750 ms timeout): the first try and
  // one retry with what is left, not three full timeouts.
  CHECK(status("/slow.png") == "timeout");
  CHECK(result("/slow.png").attempts == 2);
  CHECK(server.hits("/slow.png") == 2);

  CHECK(status("/page.png") == "not-an-image");
  CHECK_THAT(result("/page.png").detail, Catch::Contains("HTML"));
  CHECK(status("/fake.png") == "not-an-image");
  CHECK_THAT(result("/fake.png").detail, Catch::Contains("image/png"));

  CHECK(status("/limited.png") == "rate-limited");
  CHECK(result("/limited.png").http_status == 429);
  CHECK(server.hits("/limited.png") == 3);
  CHECK(status("/limited-once.png") == "ok");
  CHECK(server.hits("/limited-once.png") == 2);

  CHECK(status("/empty.png") == "empty");
  CHECK(status("/to-file") == "unsupported-scheme");
  CHECK_THAT(result("/to-file").detail, Catch::Contains("file:///etc/passwd"));
  CHECK(status("/logo.svg") == "ok");
  CHECK(status("/logo-as-xml.svg") == "not-an-image");
  CHECK(status("/anim.gif") == "ok");
  CHECK(status("/photo.webp") == "ok");
  CHECK(status("/etag.png") == "ok");

  // Every request the server saw was counted, and nothing more.
  CHECK(checker.stats().requests_sent == static_cast<std::size_t>(server.total_hits()));
  CHECK(checker.stats().unique_urls == 25);
  CHECK(checker.stats().cache_hits == 0);
  CHECK(checker.warnings().empty());
  // Two Retry-After: 1 waits dominate; everything runs concurrently.
  CHECK(elapsed < 8s);
}

TEST_CASE("a Retry-After longer than max_retry_after is not waited for", "[links][online]") {
  TestServer server;
  LinkCheckOptions options = local_options();
  options.max_retry_after = 500ms;
  LinkChecker checker(options);
  const auto started = std::chrono::steady_clock::now();
  const auto results = checker.check(requests_for(server, {"/limited.png"}));
  CHECK(status_of(results, server.url("/limited.png")) == "rate-limited");
  CHECK(server.hits("/limited.png") == 1);
  CHECK(std::chrono::steady_clock::now() - started < 900ms);
}

TEST_CASE("retries can be switched off", "[links][online]") {
  TestServer server;
  LinkCheckOptions options = local_options();
  options.retries = 0;
  LinkChecker checker(options);
  const auto results = checker.check(requests_for(server, {"/flaky.png", "/slow.png"}));
  CHECK(status_of(results, server.url("/flaky.png")) == "server-error");
  CHECK(status_of(results, server.url("/slow.png")) == "timeout");
  CHECK(server.hits("/flaky.png") == 1);
  CHECK(server.hits("/slow.png") == 1);
  CHECK(checker.stats().retries == 0);
}

TEST_CASE("HEAD mode classifies from headers", "[links][online]") {
  TestServer server;
  LinkCheckOptions options = local_options();
  options.use_head = true;
  LinkChecker checker(options);
  const auto results = checker.check(requests_for(server, {"/ok.png", "/page.png", "/missing.png"}));
  CHECK(status_of(results, server.url("/ok.png")) == "ok");
  CHECK(status_of(results, server.url("/page.png")) == "not-an-image");
  CHECK(status_of(results, server.url("/missing.png")) == "not-found");
  CHECK(server.head_requests("/ok.png") == 1);
  CHECK(server.ranged("/ok.png") == 0);
}

TEST_CASE("User-Agent and per-host extra headers are sent", "[links][online]") {
  TestServer server;
  LinkCheckOptions options = local_options();
  options.extra_headers["127.0.0.1"] = {"X-Token: abc"};
  options.user_agent = "hlint-test/9";
  LinkChecker checker(options);
  const auto results = checker.check(requests_for(server, {"/needs-token.png", "/agent.png"}));
  CHECK(status_of(results, server.url("/needs-token.png")) == "ok");
  // /agent.png echoes the User-Agent as text, so it is "not an image".
  CHECK(status_of(results, server.url("/agent.png")) == "not-an-image");

  LinkChecker without_token(local_options());
  const auto denied = without_token.check(requests_for(server, {"/needs-token.png"}));
  CHECK(status_of(denied, server.url("/needs-token.png")) == "forbidden");
}

TEST_CASE("URLs are fetched the way a browser encodes them", "[links][online]") {
  TestServer server;
  LinkChecker checker(local_options());
  const std::string chinese = server.url("/中文 图片.png");
  const std::string padded = "  " + server.url("/ok.png") + "\n";
  const auto results = checker.check({{chinese, ""}, {padded, ""}});
  CHECK(status_of(results, chinese) == "ok");
  CHECK(status_of(results, padded) == "ok");  // keyed by the string as given
  CHECK(server.hits("/中文 图片.png") == 1);
}

TEST_CASE("file:// and other schemes are never opened", "[links][safety]") {
  LinkChecker checker(LinkCheckOptions{});
  const auto results = checker.check({{"file:///etc/passwd", ""},
                                      {"ftp://example.invalid/a.png", ""},
                                      {"gopher://example.invalid/", ""},
                                      {"not a url", ""}});
  const LinkResult& file = results.at("file:///etc/passwd");
  CHECK(to_string(file.status) == std::string("unsupported-scheme"));
  CHECK(file.attempts == 0);
  CHECK(file.content_type.empty());
  CHECK(file.detail.find("root:") == std::string::npos);
  CHECK(to_string(results.at("ftp://example.invalid/a.png").status) ==
        std::string("unsupported-scheme"));
  CHECK(to_string(results.at("gopher://example.invalid/").status) ==
        std::string("unsupported-scheme"));
  CHECK(to_string(results.at("not a url").status) == std::string("other"));
  CHECK(checker.stats().requests_sent == 0);
}

TEST_CASE("private and loopback addresses are refused unless allowed", "[links][safety]") {
  TestServer server;
  const std::string port = std::to_string(server.port());
  LinkCheckOptions options = local_options();
  options.allow_private = false;
  // A public-looking name that resolves to loopback: the DNS-rebinding shape.
  options.resolve_overrides = {"images.example.test:" + port + ":127.0.0.1"};
  LinkChecker checker(options);
  const std::vector<LinkRequest> requests = {
      {server.url("/ok.png"), ""},
      {"http://localhost:" + port + "/ok.png", ""},
      {"http://[::1]:" + port + "/ok.png", ""},
      {"http://images.example.test:" + port + "/ok.png", ""},
      // Never connected to: refused before a socket is opened.
      {"http://169.254.169.254/latest/meta-data/", ""},
      {"http://10.0.0.1/a.png", ""},
      {"http://192.168.1.1/a.png", ""},
      {"http://100.64.0.1/a.png", ""},
      {"http://0.0.0.0:" + port + "/ok.png", ""},
  };
  const auto results = checker.check(requests);
  for (const LinkRequest& request : requests) {
    INFO(request.url << " -> " << results.at(request.url).detail);
    CHECK(status_of(results, request.url) == "refused-address");
    CHECK(results.at(request.url).attempts == 0);
  }
  CHECK_THAT(results.at("http://169.254.169.254/latest/meta-data/").detail,
             Catch::Contains("metadata"));
  CHECK(server.total_hits() == 0);
  CHECK(checker.stats().requests_sent == 0);
  CHECK_FALSE(checker.network_unreachable());
}

TEST_CASE("progress goes to the given stream only when enabled", "[links][online]") {
  TestServer server;
  std::ostringstream quiet_stream;
  LinkCheckOptions quiet = local_options();
  quiet.progress_stream = &quiet_stream;
  LinkChecker(quiet).check(requests_for(server, {"/ok.png"}));
  CHECK(quiet_stream.str().empty());

  std::ostringstream loud_stream;
  LinkCheckOptions loud = local_options();
  loud.progress = true;
  loud.progress_stream = &loud_stream;
  LinkChecker(loud).check(requests_for(server, {"/ok.png", "/missing.png"}));
  CHECK_THAT(loud_stream.str(), Catch::Contains("2/2"));
  CHECK_THAT(loud_stream.str(), Catch::Contains("1 failing"));
}

TEST_CASE("a host whose name does not resolve is looked up once, not per URL",
          "[links][online]") {
  TestServer server;
  const std::string dead = unresolvable_host('a');
  std::vector<LinkRequest> requests = images_on(dead, 12);
  // A host that resolves (pinned to the test server) in the same run keeps
  // its per-host parallelism and still asks each distinct URL once.
  const std::string port = std::to_string(server.port());
  LinkCheckOptions options = local_options();
  options.resolve_overrides = {"images.example.test:" + port + ":127.0.0.1"};
  for (const char* path : {"/ok.png", "/missing.png", "/anim.gif", "/logo.svg"}) {
    requests.push_back({"http://images.example.test:" + port + path, ""});
  }

  LinkChecker checker(options);
  const auto results = checker.check(requests);

  for (int i = 0; i < 12; ++i) {
    const LinkResult& result = results.at("http://" + dead + "/img/" + std::to_string(i) + ".png");
    INFO(i << ": " << result.detail);
    CHECK(result.status == LinkStatus::dns_failure);
    CHECK_THAT(result.detail, Catch::Contains("cannot resolve " + dead));
    CHECK(result.attempts == 0);
  }
  // One transfer asked the resolver; the eleven others took its answer.
  CHECK(checker.stats().failed_lookups == 1);
  CHECK(checker.stats().settled_by_host == 11);

  CHECK(status_of(results, "http://images.example.test:" + port + "/ok.png") == "ok");
  CHECK(status_of(results, "http://images.example.test:" + port + "/missing.png") == "not-found");
  CHECK(status_of(results, "http://images.example.test:" + port + "/anim.gif") == "ok");
  CHECK(server.hits("/ok.png") == 1);
  CHECK(server.hits("/missing.png") == 1);
  CHECK(checker.stats().requests_sent == static_cast<std::size_t>(server.total_hits()));
  // One dead host is a dead host, not a missing network.
  CHECK_FALSE(checker.network_unreachable());
}

TEST_CASE("URLs refused locally do not hide a missing network", "[links][online]") {
  // Two hosts whose lookups fail look like a machine without DNS; a URL
  // refused before any socket was opened must not argue against that.
  std::vector<LinkRequest> requests = images_on(unresolvable_host('a'), 3);
  const std::vector<LinkRequest> second = images_on(unresolvable_host('b'), 3);
  requests.insert(requests.end(), second.begin(), second.end());
  requests.push_back({"http://10.0.0.1/a.png", ""});  // refused-address, no socket

  LinkCheckOptions options = local_options();
  options.allow_private = false;
  LinkChecker checker(options);
  const auto results = checker.check(requests);

  CHECK(checker.network_unreachable());
  for (const LinkRequest& request : requests) {
    if (request.url == "http://10.0.0.1/a.png") continue;
    INFO(request.url);
    CHECK(status_of(results, request.url) == "network-unreachable");
  }
  // It keeps its own result: it would be refused with a network too.
  CHECK(status_of(results, "http://10.0.0.1/a.png") == "refused-address");
  CHECK(checker.stats().failed_lookups == 2);
}

TEST_CASE("a host name in Chinese is looked up as its IDN form", "[links][online]") {
  // hlint never calls setlocale; libcurl must still read the host as UTF-8
  // (it used to refuse it as a malformed URL before any lookup).
  TestServer server;
  const std::string port = std::to_string(server.port());
  LinkCheckOptions options = local_options();
  options.resolve_overrides = {"xn--wcsw84d.example.test:" + port + ":127.0.0.1"};  // 图片
  LinkChecker checker(options);
  const std::string url = "http://图片.example.test:" + port + "/ok.png";
  const auto results = checker.check({{url, ""}});
  INFO(results.at(url).detail);
  CHECK(status_of(results, url) == "ok");
  CHECK(server.hits("/ok.png") == 1);
}

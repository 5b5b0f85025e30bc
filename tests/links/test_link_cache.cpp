// The on-disk cache: reuse within TTL, corruption tolerance, revalidation,
// concurrent writers.
#include <catch2/catch.hpp>

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "links/link_cache.hpp"
#include "links/link_checker.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using namespace hlint::links;
using namespace hlint::links::testing;

namespace {

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Runs SQL on a database file, as another program (or a planted file) would.
void run_sql(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  const int code = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  INFO((error != nullptr ? error : ""));
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(code == SQLITE_OK);
}

const char* const kCacheFile = "links.sqlite";

}  // namespace

TEST_CASE("a second run within the TTL sends no request", "[links][cache]") {
  TestServer server;
  TempDir dir;
  const auto requests = requests_for(server, {"/ok.png", "/missing.png", "/page.png", "/hotlink.png"});

  LinkChecker first(cached_options(dir.path()));
  const auto fresh = first.check(requests);
  const int hits_after_first = server.total_hits();
  CHECK(hits_after_first == 5);  // hotlink needs two
  CHECK(std::filesystem::exists(dir.path() / kCacheFile));

  LinkChecker second(cached_options(dir.path()));
  const auto cached = second.check(requests);
  CHECK(server.total_hits() == hits_after_first);
  CHECK(second.stats().requests_sent == 0);
  CHECK(second.stats().cache_hits == 4);
  for (const LinkRequest& request : requests) {
    INFO(request.url);
    CHECK(cached.at(request.url).from_cache);
    CHECK(cached.at(request.url).status == fresh.at(request.url).status);
    CHECK(cached.at(request.url).http_status == fresh.at(request.url).http_status);
    CHECK(cached.at(request.url).attempts == 0);
  }
  CHECK(second.warnings().empty());
}

TEST_CASE("no_cache neither reads nor writes; refresh ignores but writes", "[links][cache]") {
  TestServer server;
  TempDir dir;
  const auto requests = requests_for(server, {"/ok.png"});

  LinkCheckOptions no_cache = cached_options(dir.path());
  no_cache.no_cache = true;
  LinkChecker(no_cache).check(requests);
  CHECK_FALSE(std::filesystem::exists(dir.path() / kCacheFile));

  LinkChecker(cached_options(dir.path())).check(requests);
  CHECK(server.hits("/ok.png") == 2);
  const std::string written = read_file(dir.path() / kCacheFile);

  LinkChecker(no_cache).check(requests);
  CHECK(server.hits("/ok.png") == 3);  // cache present but not read
  CHECK(read_file(dir.path() / kCacheFile) == written);

  LinkCheckOptions refresh = cached_options(dir.path());
  refresh.refresh = true;
  LinkChecker refreshing(refresh);
  const auto results = refreshing.check(requests);
  CHECK(server.hits("/ok.png") == 4);  // entry ignored
  CHECK_FALSE(results.at(server.url("/ok.png")).from_cache);

  LinkChecker(cached_options(dir.path())).check(requests);
  CHECK(server.hits("/ok.png") == 4);  // and the refreshed entry was written
}

TEST_CASE("a corrupt or foreign cache is ignored with a warning", "[links][cache]") {
  TestServer server;
  TempDir dir;
  const auto cache_file = dir.path() / kCacheFile;
  const auto requests = requests_for(server, {"/ok.png"});

  const std::vector<std::string> broken_contents = {
      "{not json at all",
      std::string("SQLite format 3\0\x10\0\x01\x01\0\x40\x20\x20 truncated", 32),
      "\x89PNG garbage \x01\x02",
  };
  int expected_hits = 0;
  for (const std::string& content : broken_contents) {
    INFO("cache content: " << content);
    write_file(cache_file, content);
    LinkChecker checker(cached_options(dir.path()));
    const auto results = checker.check(requests);
    ++expected_hits;
    CHECK(results.at(server.url("/ok.png")).status == LinkStatus::ok);
    CHECK(server.hits("/ok.png") == expected_hits);
    REQUIRE_FALSE(checker.warnings().empty());
    CHECK_THAT(checker.warnings()[0], Catch::Contains("corrupt"));
    // Replaced by a valid cache that holds the new result.
    LinkCache reopened(dir.path());
    reopened.load();
    CHECK(reopened.warnings().empty());
    CHECK(reopened.size() == 1);
  }

  // Another program's database, or a future version of ours.
  std::filesystem::remove(cache_file);
  run_sql(cache_file, "CREATE TABLE notes(x); PRAGMA user_version=99;");
  {
    LinkChecker checker(cached_options(dir.path()));
    checker.check(requests);
    REQUIRE_FALSE(checker.warnings().empty());
    CHECK_THAT(checker.warnings()[0], Catch::Contains("unknown format"));
  }

  // Malformed entries are skipped; good ones are used.
  run_sql(cache_file, "INSERT INTO links(url, status, http, checked) VALUES ('" + server.url("/missing.png") +
                          "', 'no-such-status', 200, " + std::to_string(unix_now()) + ")");
  LinkChecker checker(cached_options(dir.path()));
  const auto results =
      checker.check({{server.url("/ok.png"), ""}, {server.url("/missing.png"), ""}});
  CHECK(results.at(server.url("/ok.png")).from_cache);
  CHECK_FALSE(results.at(server.url("/missing.png")).from_cache);
  CHECK(results.at(server.url("/missing.png")).status == LinkStatus::not_found);
  REQUIRE(checker.warnings().size() == 1);
  CHECK_THAT(checker.warnings()[0], Catch::Contains("malformed"));
}

TEST_CASE("an expired entry with an ETag is revalidated with If-None-Match", "[links][cache]") {
  TestServer server;
  TempDir dir;
  const auto requests = requests_for(server, {"/etag.png"});

  LinkChecker(cached_options(dir.path())).check(requests);
  CHECK(server.hits("/etag.png") == 1);
  CHECK(server.conditional("/etag.png") == 0);

  LinkCheckOptions expired = cached_options(dir.path());
  expired.ttl.ok = 0s;  // everything "ok" is stale at once
  LinkChecker revalidating(expired);
  const auto results = revalidating.check(requests);
  const auto& result = results.at(server.url("/etag.png"));
  CHECK(server.hits("/etag.png") == 2);
  CHECK(server.conditional("/etag.png") == 1);
  CHECK(result.status == LinkStatus::ok);
  CHECK(result.revalidated);
  CHECK(result.from_cache);
  CHECK(result.http_status == 206);  // the cached status, not the 304
  CHECK(revalidating.stats().revalidated == 1);

  // The 304 refreshed the entry: within the normal TTL, no request at all.
  LinkChecker(cached_options(dir.path())).check(requests);
  CHECK(server.hits("/etag.png") == 2);
}

TEST_CASE("failures expire sooner than successes", "[links][cache]") {
  TestServer server;
  TempDir dir;
  const auto requests = requests_for(server, {"/ok.png", "/missing.png", "/broken.png"});
  LinkChecker(cached_options(dir.path())).check(requests);
  CHECK(server.hits("/broken.png") == 3);

  LinkCheckOptions options = cached_options(dir.path());
  options.ttl.network = 0s;  // server-error is a transient outcome
  LinkChecker(options).check(requests);
  CHECK(server.hits("/ok.png") == 1);
  CHECK(server.hits("/missing.png") == 1);
  CHECK(server.hits("/broken.png") == 6);

  options.ttl.failure = 0s;
  LinkChecker(options).check(requests);
  CHECK(server.hits("/ok.png") == 1);
  CHECK(server.hits("/missing.png") == 2);
}

TEST_CASE("concurrent writers merge instead of clobbering", "[links][cache]") {
  TempDir dir;
  constexpr int kWriters = 6;
  constexpr int kRounds = 10;
  const std::int64_t now = unix_now();
  std::vector<std::thread> writers;
  std::vector<std::vector<std::string>> warnings(kWriters);
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int round = 0; round < kRounds; ++round) {
        // Each round is like a separate process: its own handle and lock fd.
        LinkCache cache(dir.path());
        cache.load();
        cache.put("http://writer" + std::to_string(w) + ".test/" + std::to_string(round), ok_entry(now));
        cache.save(now, std::chrono::hours(24));
        for (const auto& warning : cache.warnings()) warnings[w].push_back(warning);
      }
    });
  }
  for (auto& writer : writers) writer.join();
  for (const auto& list : warnings) {
    for (const auto& warning : list) UNSCOPED_INFO(warning);
    CHECK(list.empty());
  }

  LinkCache result(dir.path());
  result.load();
  CHECK(result.warnings().empty());
  CHECK(result.size() == kWriters * kRounds);
  // Nothing but the database and SQLite's own companions.
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    CHECK(entry.path().filename().string().rfind(kCacheFile, 0) == 0);
  }
}

TEST_CASE("an unwritable cache directory is a warning, not an error", "[links][cache]") {
  TempDir dir;
  const auto blocker = dir.path() / "file";
  write_file(blocker, "x");
  LinkCheckOptions options;
  options.cache_path = blocker / "sub";  // parent is a regular file
  LinkChecker checker(options);
  const auto results = checker.check({{"file:///etc/passwd", ""}});
  CHECK(results.at("file:///etc/passwd").status == LinkStatus::unsupported_scheme);
  CHECK(checker.warnings().empty());  // nothing to write for offline outcomes

  TestServer server;
  options.allow_private = true;
  LinkChecker online(options);
  online.check({{server.url("/ok.png"), ""}});
  CHECK_FALSE(online.warnings().empty());
}

TEST_CASE("a run without network leaves no cache entries behind", "[links][cache]") {
  TempDir dir;
  // Two hosts whose names cannot resolve (64-character labels fail in the C
  // library, without a DNS query): what a machine without network sees.
  std::vector<LinkRequest> requests;
  for (const char letter : {'a', 'b'}) {
    for (int i = 0; i < 3; ++i) {
      requests.push_back({"http://" + std::string(64, letter) + ".example/" + std::to_string(i) +
                              ".png",
                          ""});
    }
  }
  LinkCheckOptions options = cached_options(dir.path());
  {
    LinkChecker checker(options);
    checker.check(requests);
    REQUIRE(checker.network_unreachable());
  }
  // Nothing about the URLs was learnt, so nothing is reused: the next run
  // (perhaps with a network) asks again.
  LinkChecker again(options);
  const auto results = again.check(requests);
  CHECK(again.stats().cache_hits == 0);
  CHECK(again.network_unreachable());
  for (const auto& [url, result] : results) CHECK_FALSE(result.from_cache);
}

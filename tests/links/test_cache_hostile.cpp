// The link cache as hostile input: a corpus (or anyone who could write where
// the cache lives) must not be able to hang hlint, exhaust its memory, make
// it write outside the cache directory, or decide results.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "links/link_cache.hpp"
#include "links/link_checker.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using namespace hlint::links;
using namespace hlint::links::testing;
using Clock = std::chrono::steady_clock;

namespace {

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

// Checks /ok.png and /missing.png with the cache in `cache_dir`; they must
// be classified from the server, with a warning that contains `warning`.
void check_runs_without_cache(const std::filesystem::path& cache_dir, const std::string& warning) {
  TestServer server;
  LinkChecker checker(cached_options(cache_dir));
  const auto began = Clock::now();
  const auto results = checker.check({{server.url("/ok.png"), ""}, {server.url("/missing.png"), ""}});
  CHECK(Clock::now() - began < 5s);
  CHECK(results.at(server.url("/ok.png")).status == LinkStatus::ok);
  CHECK(results.at(server.url("/missing.png")).status == LinkStatus::not_found);
  CHECK_FALSE(results.at(server.url("/ok.png")).from_cache);
  CHECK(server.hits("/ok.png") == 1);
  INFO(joined(checker.warnings()));
  CHECK_THAT(joined(checker.warnings()), Catch::Contains(warning));
}

// The names hlint's cache had before (a JSON file and its lock) and has now:
// a planted file of either kind must not be read or written through.
const char* const kCacheNames[] = {"links.sqlite", "links-cache.json"};

}  // namespace

TEST_CASE("a FIFO in place of the cache directory or file does not block", "[links][cache][hostile]") {
  TempDir dir;
  SECTION("the directory") {
    REQUIRE(::mkfifo((dir.path() / "cache").c_str(), 0600) == 0);
    check_runs_without_cache(dir.path() / "cache", "not a directory");
  }
  SECTION("the database file") {
    std::filesystem::create_directories(dir.path() / "cache");
    for (const char* name : kCacheNames) REQUIRE(::mkfifo((dir.path() / "cache" / name).c_str(), 0600) == 0);
    check_runs_without_cache(dir.path() / "cache", "not a regular file");
  }
}

TEST_CASE("a cache file that is a symlink to /dev/zero is not read", "[links][cache][hostile]") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "cache");
  for (const char* name : kCacheNames) std::filesystem::create_symlink("/dev/zero", dir.path() / "cache" / name);
  check_runs_without_cache(dir.path() / "cache", "not a regular file");
  CHECK(std::filesystem::is_symlink(dir.path() / "cache" / "links.sqlite"));
}

TEST_CASE("symlinks never make the cache write outside its directory", "[links][cache][hostile]") {
  TempDir dir;
  const auto outside = dir.path() / "outside";
  std::filesystem::create_directories(outside);
  SECTION("the cache directory is a symlink") {
    std::filesystem::create_directory_symlink(outside, dir.path() / "cache");
    check_runs_without_cache(dir.path() / "cache", "symbolic link");
  }
  SECTION("the lock, WAL or journal is a symlink") {
    std::filesystem::create_directories(dir.path() / "cache");
    for (const char* name : {"links-cache.lock", "links.sqlite-wal", "links.sqlite-shm", "links.sqlite-journal"}) {
      std::filesystem::create_symlink(outside / (std::string(name) + ".target"), dir.path() / "cache" / name);
    }
    check_runs_without_cache(dir.path() / "cache", "not a regular file");
  }
  CHECK(std::filesystem::is_empty(outside));
}

TEST_CASE("a cache directory others may write to is not used", "[links][cache][hostile]") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "cache");
  ::chmod((dir.path() / "cache").c_str(), 0777);
  check_runs_without_cache(dir.path() / "cache", "others may write to it");
  CHECK_FALSE(std::filesystem::exists(dir.path() / "cache" / "links.sqlite"));
}

TEST_CASE("the cache directory is created for this user only", "[links][cache]") {
  TempDir dir;
  TestServer server;
  LinkChecker checker(cached_options(dir.path() / "a" / "b"));
  checker.check({{server.url("/ok.png"), ""}});
  CHECK(checker.warnings().empty());
  struct stat info {};
  REQUIRE(::stat((dir.path() / "a" / "b").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0700);
  REQUIRE(::stat((dir.path() / "a" / "b" / "links.sqlite").c_str(), &info) == 0);
  CHECK((info.st_mode & 077) == 0);
}

TEST_CASE("an oversized cache is not read", "[links][cache][hostile]") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "cache");
  // 1 GiB, sparse: costs no disk, but a reader that loads it costs 1 GiB.
  for (const char* name : kCacheNames) {
    std::ofstream(dir.path() / "cache" / name).close();
    std::filesystem::resize_file(dir.path() / "cache" / name, std::uintmax_t{1} << 30);
  }
  check_runs_without_cache(dir.path() / "cache", "over the 256 MB limit");
}

TEST_CASE("a big cache answers a few URLs without reading everything", "[links][cache]") {
  TempDir dir;
  TestServer server;
  const std::int64_t now = unix_now();
  {
    LinkCache cache(dir.path());
    cache.load();
    CacheEntry entry = ok_entry(now);
    entry.detail = std::string(200, 'd');
    for (int i = 0; i < 100000; ++i) cache.put("https://img.example/" + std::to_string(i) + ".png", entry);
    cache.put(server.url("/missing.png"), entry);  // says ok: it is the cache that answers
    cache.save(now, std::chrono::hours(24));
    REQUIRE(cache.warnings().empty());
  }
  const auto began = Clock::now();
  LinkChecker checker(cached_options(dir.path()));
  const auto results = checker.check({{server.url("/missing.png"), ""}, {server.url("/ok.png"), ""}});
  const auto took = Clock::now() - began;
  CHECK(results.at(server.url("/missing.png")).from_cache);
  CHECK(results.at(server.url("/ok.png")).status == LinkStatus::ok);
  CHECK(server.total_hits() == 1);
  // Two indexed lookups and one write; reading 100,000 entries took seconds.
  CHECK(took < 500ms);
}

TEST_CASE("the default cache lives in the user's cache directory, one per corpus", "[links][cache]") {
  TempDir dir;
  const char* old_xdg = std::getenv("XDG_CACHE_HOME");
  const std::string saved = old_xdg != nullptr ? old_xdg : "";
  const char* old_home = std::getenv("HOME");
  const std::string saved_home = old_home != nullptr ? old_home : "";
  ::setenv("XDG_CACHE_HOME", (dir.path() / "xdg").c_str(), 1);
  const auto corpus = dir.path() / "articles";
  std::filesystem::create_directories(corpus / "sub");
  const auto one = default_cache_dir(corpus);
  const auto again = default_cache_dir(corpus / "sub" / "..");
  const auto other = default_cache_dir(corpus / "sub");
  ::setenv("XDG_CACHE_HOME", "relative/dir", 1);  // not absolute: ignored, as the spec says
  ::setenv("HOME", (dir.path() / "home").c_str(), 1);
  const auto from_home = default_cache_dir(corpus);
  if (old_xdg != nullptr) {
    ::setenv("XDG_CACHE_HOME", saved.c_str(), 1);
  } else {
    ::unsetenv("XDG_CACHE_HOME");
  }
  if (old_home != nullptr) {
    ::setenv("HOME", saved_home.c_str(), 1);
  } else {
    ::unsetenv("HOME");
  }
  CHECK(one.parent_path() == dir.path() / "xdg" / "hlint" / "links");
  CHECK(one.filename().string().rfind("articles-", 0) == 0);
  CHECK(one == again);
  CHECK(one != other);
  CHECK(from_home.parent_path() == dir.path() / "home" / ".cache" / "hlint" / "links");
  // Never inside the corpus.
  CHECK(std::mismatch(corpus.begin(), corpus.end(), one.begin(), one.end()).first != corpus.end());
}

// What the link checker's loopback tests share: a temporary directory for
// caches, the options that make checks against the test server quick, and
// request lists for it.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "links/link_cache.hpp"
#include "links/link_checker.hpp"
#include "test_server.hpp"

namespace hlint::links::testing {

// A fresh directory under the system temp dir, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("hlint-links-test-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Small timeouts keep the suite fast; loopback answers in microseconds, and
// 750 ms leaves room for a CI machine busy with other tests. No cache.
inline LinkCheckOptions loopback_options() {
  using namespace std::chrono_literals;
  LinkCheckOptions options;
  options.allow_private = true;  // the test server is on 127.0.0.1
  options.connect_timeout = 1000ms;
  options.timeout = 750ms;
  options.retry_base_delay = 20ms;
  options.max_retry_after = 2000ms;
  return options;
}

// loopback_options() with the cache in `dir`.
inline LinkCheckOptions cached_options(const std::filesystem::path& dir) {
  LinkCheckOptions options = loopback_options();
  options.cache_path = dir;
  return options;
}

inline std::vector<LinkRequest> requests_for(const TestServer& server, const std::vector<std::string>& paths) {
  std::vector<LinkRequest> requests;
  for (const std::string& path : paths) requests.push_back({server.url(path), ""});
  return requests;
}

// `count` images under `prefix` on the test server: prefix + "0.png", ...
inline std::vector<LinkRequest> numbered_requests(const TestServer& server, const std::string& prefix, int count) {
  std::vector<LinkRequest> requests;
  for (int i = 0; i < count; ++i) requests.push_back({server.url(prefix + std::to_string(i) + ".png"), ""});
  return requests;
}

inline std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A cache entry that says "ok" (HTTP 200), checked at `checked_at`.
inline CacheEntry ok_entry(std::int64_t checked_at) {
  CacheEntry entry;
  entry.status = LinkStatus::ok;
  entry.http_status = 200;
  entry.checked_at = checked_at;
  return entry;
}

}  // namespace hlint::links::testing

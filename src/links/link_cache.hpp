// On-disk cache of link-check outcomes: one SQLite database (WAL mode, busy
// timeout) in a directory of the user's own, looked up URL by URL, so a big
// cache costs nothing to answer a few URLs and concurrent hlint processes
// neither corrupt it nor lose each other's entries.
//
// The cache is untrusted input too (it may sit where a corpus put it): the
// directory is opened without following a symlink and must be the user's
// own, not writable by others; the database and its -wal/-shm/-journal files
// must be regular files of the user's, no bigger than a limit. Anything else
// is a warning, and the run goes on without the cache.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "links/link_checker.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace hlint::links {

struct CacheEntry {
  LinkStatus status = LinkStatus::other;
  long http_status = 0;
  std::string content_type;
  std::string detail;
  std::string final_url;
  std::int64_t checked_at = 0;  // unix seconds
  std::string etag;             // validators for If-None-Match /
  std::string last_modified;    // If-Modified-Since revalidation
};

// The default cache directory for a corpus: $XDG_CACHE_HOME/hlint/links/
// (or ~/.cache/hlint/links/), one subdirectory per corpus root named after
// the root's last component and a hash of its absolute path - never inside
// the linted tree. Empty when neither XDG_CACHE_HOME nor HOME is usable.
std::filesystem::path default_cache_dir(const std::filesystem::path& corpus_root);

class LinkCache {
 public:
  // Name of the database file inside the cache directory.
  static constexpr const char* kFileName = "links.sqlite";

  // The cache lives in `directory` as links.sqlite (+ -wal, -shm). A
  // database (with its WAL) larger than `max_bytes` is not used.
  explicit LinkCache(std::filesystem::path directory,
                     std::uint64_t max_bytes = kDefaultMaxBytes);
  ~LinkCache();
  LinkCache(const LinkCache&) = delete;
  LinkCache& operator=(const LinkCache&) = delete;

  static constexpr std::uint64_t kDefaultMaxBytes = std::uint64_t{256} << 20;

  // Opens an existing cache for reading. A missing one is an empty cache;
  // an unsafe, oversized, corrupt or foreign file is ignored with a warning.
  void load();

  // One indexed lookup; nothing else is read.
  std::optional<CacheEntry> find(const std::string& url);
  void put(const std::string& url, CacheEntry entry);

  // Writes this run's put()s in one transaction (creating the directory and
  // database if needed), keeping a newer entry another process wrote since,
  // and drops entries not refreshed for `max_age`. Problems become warnings.
  void save(std::int64_t now, std::chrono::seconds max_age);

  const std::vector<std::string>& warnings() const { return warnings_; }
  std::filesystem::path file_path() const;
  // Entries in the database (a COUNT query; for tests and tools).
  std::size_t size();

 private:
  bool open(bool create);
  void close();
  bool prepare_schema();
  void refuse(const std::string& why);

  std::filesystem::path directory_;
  std::uint64_t max_bytes_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* find_ = nullptr;
  bool refused_ = false;          // unsafe or broken: not used this run
  bool recreate_ = false;         // corrupt or foreign: replaced on save()
  bool warned_malformed_ = false;
  std::unordered_map<std::string, CacheEntry> updates_;
  std::vector<std::string> warnings_;
};

}  // namespace hlint::links

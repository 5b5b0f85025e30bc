// On-disk cache of link-check outcomes: one JSON file in the cache
// directory, replaced atomically (temp file + rename) under an flock so
// concurrent hlint processes never see or produce a torn file.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "links/link_checker.hpp"

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

class LinkCache {
 public:
  // The cache lives in `directory` as links-cache.json (+ .lock).
  explicit LinkCache(std::filesystem::path directory);

  // Reads the file. A missing file is an empty cache; a corrupt or
  // half-written one is ignored with a warning.
  void load();

  const CacheEntry* find(const std::string& url) const;
  void put(const std::string& url, CacheEntry entry);

  // Merges this run's put()s into what is on disk now (another process may
  // have written since load()), drops entries not refreshed for
  // `max_age`, and replaces the file atomically. Problems become warnings.
  void save(std::int64_t now, std::chrono::seconds max_age);

  const std::vector<std::string>& warnings() const { return warnings_; }
  std::filesystem::path file_path() const;
  std::size_t size() const { return entries_.size(); }

 private:
  using EntryMap = std::unordered_map<std::string, CacheEntry>;
  // Parses the file into `out`; false (with a warning) if unusable.
  bool read_file(EntryMap& out);

  std::filesystem::path directory_;
  EntryMap entries_;
  EntryMap updates_;
  std::vector<std::string> warnings_;
};

}  // namespace hlint::links

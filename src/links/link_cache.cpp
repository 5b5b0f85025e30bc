#include "links/link_cache.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace hlint::links {

namespace {

constexpr const char* kFileName = "links-cache.json";
constexpr const char* kLockName = "links-cache.lock";
constexpr const char* kFormat = "hlint-links-cache";
constexpr int kVersion = 1;
// A process holding the lock only reads or writes one file; waiting longer
// than this means something is stuck, and we carry on without the cache.
constexpr std::chrono::seconds kLockWait{10};

// flock()-based lock on a separate lock file: the data file itself is
// replaced by rename, so locking it would lock a file that is going away.
class FileLock {
 public:
  FileLock(const std::filesystem::path& path, bool exclusive) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      error_ = fmt::format("cannot open lock file {}: {}", path.string(), std::strerror(errno));
      return;
    }
    const auto deadline = std::chrono::steady_clock::now() + kLockWait;
    const int operation = (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB;
    while (::flock(fd_, operation) != 0) {
      if (errno != EWOULDBLOCK && errno != EINTR) {
        error_ = fmt::format("cannot lock {}: {}", path.string(), std::strerror(errno));
        return;
      }
      if (std::chrono::steady_clock::now() >= deadline) {
        error_ = fmt::format("timed out waiting for the lock on {}", path.string());
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    locked_ = true;
  }
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  bool locked() const { return locked_; }
  const std::string& error() const { return error_; }

 private:
  int fd_ = -1;
  bool locked_ = false;
  std::string error_;
};

bool read_whole_file(const std::filesystem::path& path, std::string& out, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno != ENOENT) error = std::strerror(errno);
    return false;
  }
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return true;
}

bool write_whole_file(const std::filesystem::path& path, const std::string& data,
                      std::string& error) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  std::size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::strerror(errno);
      ::close(fd);
      return false;
    }
    written += static_cast<std::size_t>(n);
  }
  // Data must be on disk before the rename makes it the cache, or a crash
  // could leave a renamed but empty file.
  if (::fsync(fd) != 0) {
    error = std::strerror(errno);
    ::close(fd);
    return false;
  }
  return ::close(fd) == 0;
}

nlohmann::json to_json(const CacheEntry& entry) {
  nlohmann::json j = {
      {"status", std::string(to_string(entry.status))},
      {"http", entry.http_status},
      {"checked", entry.checked_at},
  };
  if (!entry.content_type.empty()) j["type"] = entry.content_type;
  if (!entry.detail.empty()) j["detail"] = entry.detail;
  if (!entry.final_url.empty()) j["final"] = entry.final_url;
  if (!entry.etag.empty()) j["etag"] = entry.etag;
  if (!entry.last_modified.empty()) j["modified"] = entry.last_modified;
  return j;
}

bool optional_string(const nlohmann::json& j, const char* key, std::string& out) {
  const auto it = j.find(key);
  if (it == j.end()) return true;
  if (!it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

bool from_json(const nlohmann::json& j, CacheEntry& entry) {
  if (!j.is_object()) return false;
  const auto status = j.find("status");
  const auto http = j.find("http");
  const auto checked = j.find("checked");
  if (status == j.end() || !status->is_string() || http == j.end() ||
      !http->is_number_integer() || checked == j.end() || !checked->is_number_integer()) {
    return false;
  }
  const auto parsed = link_status_from_string(status->get<std::string>());
  if (!parsed) return false;
  entry.status = *parsed;
  entry.http_status = http->get<long>();
  entry.checked_at = checked->get<std::int64_t>();
  return optional_string(j, "type", entry.content_type) &&
         optional_string(j, "detail", entry.detail) &&
         optional_string(j, "final", entry.final_url) &&
         optional_string(j, "etag", entry.etag) &&
         optional_string(j, "modified", entry.last_modified);
}

}  // namespace

LinkCache::LinkCache(std::filesystem::path directory) : directory_(std::move(directory)) {}

std::filesystem::path LinkCache::file_path() const { return directory_ / kFileName; }

bool LinkCache::read_file(EntryMap& out) {
  std::string text;
  std::string error;
  if (!read_whole_file(file_path(), text, error)) {
    if (!error.empty()) {
      warnings_.push_back(fmt::format("link cache {} unreadable ({}); ignoring it",
                                      file_path().string(), error));
    }
    return false;
  }
  const nlohmann::json root = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) {
    warnings_.push_back(fmt::format(
        "link cache {} is corrupt or half-written; ignoring it (it will be rewritten)",
        file_path().string()));
    return false;
  }
  const auto format = root.find("format");
  const auto version = root.find("version");
  const auto entries = root.find("entries");
  if (format == root.end() || *format != kFormat || version == root.end() ||
      *version != kVersion || entries == root.end() || !entries->is_object()) {
    warnings_.push_back(fmt::format(
        "link cache {} has an unknown format or version; ignoring it (it will be rewritten)",
        file_path().string()));
    return false;
  }
  std::size_t bad = 0;
  for (const auto& [url, value] : entries->items()) {
    CacheEntry entry;
    if (from_json(value, entry)) {
      out[url] = std::move(entry);
    } else {
      ++bad;
    }
  }
  if (bad > 0) {
    warnings_.push_back(fmt::format("link cache {}: ignored {} malformed entr{}",
                                    file_path().string(), bad, bad == 1 ? "y" : "ies"));
  }
  return true;
}

void LinkCache::load() {
  entries_.clear();
  std::error_code ec;
  if (!std::filesystem::exists(file_path(), ec)) return;
  // A shared lock keeps us from reading while a writer of an older
  // implementation might write in place; with rename-based writers it is
  // cheap insurance.
  const FileLock lock(directory_ / kLockName, /*exclusive=*/false);
  if (!lock.locked()) {
    warnings_.push_back(fmt::format("link cache not read: {}", lock.error()));
    return;
  }
  read_file(entries_);
}

const CacheEntry* LinkCache::find(const std::string& url) const {
  const auto it = entries_.find(url);
  return it == entries_.end() ? nullptr : &it->second;
}

void LinkCache::put(const std::string& url, CacheEntry entry) {
  entries_[url] = entry;
  updates_[url] = std::move(entry);
}

void LinkCache::save(std::int64_t now, std::chrono::seconds max_age) {
  if (updates_.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(directory_, ec);
  if (ec) {
    warnings_.push_back(fmt::format("link cache not written: cannot create {}: {}",
                                    directory_.string(), ec.message()));
    return;
  }
  const FileLock lock(directory_ / kLockName, /*exclusive=*/true);
  if (!lock.locked()) {
    warnings_.push_back(fmt::format("link cache not written: {}", lock.error()));
    return;
  }

  // Start from the file as it is now, so entries written by another
  // process since our load() survive; then lay our fresher results on top.
  EntryMap merged;
  read_file(merged);
  for (const auto& [url, entry] : updates_) {
    const auto it = merged.find(url);
    if (it == merged.end() || it->second.checked_at <= entry.checked_at) merged[url] = entry;
  }

  nlohmann::json entries = nlohmann::json::object();
  for (const auto& [url, entry] : merged) {
    if (now - entry.checked_at > max_age.count()) continue;
    entries[url] = to_json(entry);
  }
  const nlohmann::json root = {
      {"format", kFormat}, {"version", kVersion}, {"entries", std::move(entries)}};
  // Invalid UTF-8 in a URL must not make dump() throw; replace it.
  const std::string text = root.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);

  std::random_device random;
  const std::filesystem::path temp =
      directory_ / fmt::format("{}.tmp.{}.{:08x}", kFileName, ::getpid(), random());
  std::string error;
  if (!write_whole_file(temp, text, error)) {
    warnings_.push_back(
        fmt::format("link cache not written: {}: {}", temp.string(), error));
    std::filesystem::remove(temp, ec);
    return;
  }
  std::filesystem::rename(temp, file_path(), ec);
  if (ec) {
    warnings_.push_back(fmt::format("link cache not written: rename to {}: {}",
                                    file_path().string(), ec.message()));
    std::filesystem::remove(temp, ec);
    return;
  }
  entries_ = std::move(merged);
  updates_.clear();
}

}  // namespace hlint::links

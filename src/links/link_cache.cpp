#include "links/link_cache.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include <chrono>
#include <thread>

namespace hlint::links {

namespace {

// "hlnk": marks the database as hlint's link cache.
constexpr int kApplicationId = 0x686c6e6b;
constexpr int kSchemaVersion = 1;
// A writer holds the database only for one transaction; waiting longer than
// this means something is stuck, and the run goes on without the cache.
constexpr int kBusyTimeoutMs = 10000;
// Files SQLite keeps beside the database.
constexpr const char* kCompanionSuffixes[] = {"-wal", "-shm", "-journal"};

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS links (
  url      TEXT PRIMARY KEY,
  status   TEXT NOT NULL,
  http     INTEGER NOT NULL,
  type     TEXT NOT NULL DEFAULT '',
  detail   TEXT NOT NULL DEFAULT '',
  final    TEXT NOT NULL DEFAULT '',
  checked  INTEGER NOT NULL,
  etag     TEXT NOT NULL DEFAULT '',
  modified TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS links_checked ON links(checked);
)sql";

// 64-bit FNV-1a: a stable name for a corpus root on every build and run
// (std::hash is neither).
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// Letters, digits, '-', '_' and '.' of `name`, at most 40: a readable hint
// in the directory name, never a path separator or a leading dot.
std::string safe_label(const std::string& name) {
  std::string label;
  for (const char c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || c == '.';
    if (plain && label.size() < 40) label += c;
  }
  while (!label.empty() && label.front() == '.') label.erase(label.begin());
  return label.empty() ? std::string("corpus") : label;
}

// An open directory descriptor, closed on scope exit.
class DirectoryHandle {
 public:
  explicit DirectoryHandle(int fd) : fd_(fd) {}
  ~DirectoryHandle() {
    if (fd_ >= 0) ::close(fd_);
  }
  DirectoryHandle(const DirectoryHandle&) = delete;
  DirectoryHandle& operator=(const DirectoryHandle&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

// Opens `directory` without following a symlink in its last component
// (O_NONBLOCK: a FIFO in its place must not block) and checks it is a
// directory of this user that nobody else may write to. -1 and `error` when
// it is not usable; ENOENT leaves `error` empty.
int open_private_directory(const std::filesystem::path& directory, std::string& error) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ELOOP) {
      error = "it is a symbolic link";
    } else if (errno == ENOTDIR) {
      // Either the path is something else (a FIFO, a file), or one of its
      // parents is not a directory - then the cache just does not exist.
      // (With O_DIRECTORY, Linux reports a symlink as ENOTDIR, not ELOOP.)
      struct stat info {};
      if (::lstat(directory.c_str(), &info) == 0) {
        error = S_ISLNK(info.st_mode) ? "it is a symbolic link" : "it is not a directory";
      }
    } else if (errno != ENOENT) {
      error = std::strerror(errno);
    }
    return -1;
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISDIR(info.st_mode)) {
    error = "it is not a directory";
  } else if (info.st_uid != ::geteuid()) {
    error = "it belongs to another user";
  } else if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    error = "others may write to it";
  }
  if (!error.empty()) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Checks `name` inside the directory: absent, or a regular file of this
// user (never followed if it is a symlink). Adds its size to `bytes`.
bool check_cache_file(int directory_fd, const std::string& name, std::uint64_t& bytes,
                      std::string& error) {
  struct stat info {};
  if (::fstatat(directory_fd, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return true;
    error = fmt::format("{}: {}", name, std::strerror(errno));
    return false;
  }
  if (!S_ISREG(info.st_mode)) {
    error = fmt::format("{} is not a regular file", name);
    return false;
  }
  if (info.st_uid != ::geteuid()) {
    error = fmt::format("{} belongs to another user", name);
    return false;
  }
  bytes += static_cast<std::uint64_t>(info.st_size);
  return true;
}

// Creates the missing components of `directory`, the new ones readable by
// this user only.
void create_private_directories(const std::filesystem::path& directory, std::error_code& ec) {
  std::error_code exists_error;
  if (std::filesystem::exists(std::filesystem::symlink_status(directory, exists_error))) return;
  const std::filesystem::path parent = directory.parent_path();
  if (!parent.empty() && parent != directory) create_private_directories(parent, ec);
  if (ec) return;
  if (::mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST) {
    ec = std::error_code(errno, std::generic_category());
  }
}

std::string column_text(sqlite3_stmt* statement, int column) {
  const unsigned char* text = sqlite3_column_text(statement, column);
  return text == nullptr ? std::string()
                         : std::string(reinterpret_cast<const char*>(text),
                                       static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
}

bool corrupt_code(int code) {
  const int primary = code & 0xff;
  return primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT;
}

}  // namespace

std::filesystem::path default_cache_dir(const std::filesystem::path& corpus_root) {
  std::filesystem::path base;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && xdg[0] == '/') {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home != nullptr && home[0] == '/') {
    base = std::filesystem::path(home) / ".cache";
  } else {
    return {};
  }
  std::error_code ec;
  std::filesystem::path root = std::filesystem::weakly_canonical(std::filesystem::absolute(corpus_root, ec), ec);
  if (ec) root = corpus_root;
  std::string name = root.filename().string();
  if (name.empty()) name = root.parent_path().filename().string();
  return base / "hlint" / "links" / fmt::format("{}-{:016x}", safe_label(name), fnv1a(root.string()));
}

LinkCache::LinkCache(std::filesystem::path directory, std::uint64_t max_bytes)
    : directory_(std::move(directory)), max_bytes_(max_bytes) {}

LinkCache::~LinkCache() { close(); }

std::filesystem::path LinkCache::file_path() const { return directory_ / kFileName; }

void LinkCache::refuse(const std::string& why) {
  refused_ = true;
  warnings_.push_back(why);
  close();
}

void LinkCache::close() {
  if (find_ != nullptr) sqlite3_finalize(find_);
  find_ = nullptr;
  if (db_ != nullptr) sqlite3_close_v2(db_);
  db_ = nullptr;
}

bool LinkCache::open(bool create) {
  if (db_ != nullptr) return true;
  if (refused_) return false;

  std::error_code ec;
  if (create) create_private_directories(directory_, ec);
  if (ec) {
    refuse(fmt::format("link cache not used: cannot create {}: {}", directory_.string(), ec.message()));
    return false;
  }
  std::string error;
  const DirectoryHandle directory(open_private_directory(directory_, error));
  if (directory.fd() < 0) {
    if (!error.empty()) refuse(fmt::format("link cache {} not used: {}", directory_.string(), error));
    return false;
  }
  std::uint64_t bytes = 0;
  for (const std::string& name :
       {std::string(kFileName), std::string(kFileName) + kCompanionSuffixes[0],
        std::string(kFileName) + kCompanionSuffixes[1], std::string(kFileName) + kCompanionSuffixes[2]}) {
    if (!check_cache_file(directory.fd(), name, bytes, error)) {
      refuse(fmt::format("link cache {} not used: {}", directory_.string(), error));
      return false;
    }
  }
  if (bytes > max_bytes_) {
    refuse(fmt::format("link cache {} not used: {} MB, over the {} MB limit (delete it to start afresh)",
                       file_path().string(), bytes >> 20, max_bytes_ >> 20));
    return false;
  }
  struct stat info {};
  const bool exists = ::fstatat(directory.fd(), kFileName, &info, AT_SYMLINK_NOFOLLOW) == 0;
  if (!exists && !create) return false;  // nothing cached yet

  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(file_path().c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    refuse(fmt::format("link cache {} not used: {}", file_path().string(),
                       db_ != nullptr ? sqlite3_errmsg(db_) : "cannot open"));
    return false;
  }
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  sqlite3_extended_result_codes(db_, 1);
  // Not SQLITE_OPEN_NOFOLLOW: it refuses a symlink anywhere in the path (a
  // symlinked home or ~/.cache), not just the file. The directory is this
  // user's own and closed to others, so nobody else can swap the file; it
  // may have been created just now: check what is there once more.
  bytes = 0;
  if (!check_cache_file(directory.fd(), kFileName, bytes, error)) {
    refuse(fmt::format("link cache {} not used: {}", directory_.string(), error));
    return false;
  }
  // SQLite creates files 0644 (less the umask); the -wal and -shm files
  // take the database's mode.
  if (!exists) ::fchmodat(directory.fd(), kFileName, 0600, 0);
  return prepare_schema();
}

bool LinkCache::prepare_schema() {
  // A file that is not ours (another program's database, garbage, a
  // truncated copy) is set aside with a warning and replaced on save().
  auto scalar = [this](const char* sql, int& value) {
    sqlite3_stmt* statement = nullptr;
    int code = sqlite3_prepare_v2(db_, sql, -1, &statement, nullptr);
    if (code == SQLITE_OK) {
      code = sqlite3_step(statement);
      if (code == SQLITE_ROW) {
        value = sqlite3_column_int(statement, 0);
        code = SQLITE_OK;
      }
    }
    sqlite3_finalize(statement);
    return code;
  };
  // WAL first (it cannot change inside a transaction). A second process
  // switching at the same moment may get SQLITE_BUSY without the busy
  // handler being asked: retry for as long as the busy timeout.
  char* message = nullptr;
  int code = SQLITE_BUSY;
  for (int waited = 0; waited <= kBusyTimeoutMs; waited += 10) {
    code = sqlite3_exec(db_, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", nullptr, nullptr, nullptr);
    if ((code & 0xFF) != SQLITE_BUSY && (code & 0xFF) != SQLITE_LOCKED) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // The format is read, and a fresh file given its schema, under the write
  // lock: two processes creating the cache at once must not see each
  // other's half-made file (a schema without its version looked foreign).
  if (code == SQLITE_OK) code = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  int application_id = 0;
  int version = 0;
  int tables = 0;
  if (code == SQLITE_OK) code = scalar("PRAGMA application_id", application_id);
  if (code == SQLITE_OK) code = scalar("PRAGMA user_version", version);
  if (code == SQLITE_OK) code = scalar("SELECT count(*) FROM sqlite_schema", tables);
  auto rollback = [this] { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); };
  if (code != SQLITE_OK) {
    rollback();
    if (!corrupt_code(code)) {
      refuse(fmt::format("link cache {} not used: {}", file_path().string(), sqlite3_errstr(code)));
      return false;
    }
    warnings_.push_back(fmt::format("link cache {} is corrupt; ignoring it (it will be replaced)",
                                    file_path().string()));
    recreate_ = true;
    close();
    return false;
  }
  const bool fresh = tables == 0 && application_id == 0 && version == 0;
  if (!fresh && (application_id != kApplicationId || version != kSchemaVersion)) {
    rollback();
    warnings_.push_back(fmt::format(
        "link cache {} has an unknown format or version; ignoring it (it will be replaced)",
        file_path().string()));
    recreate_ = true;
    close();
    return false;
  }
  if (fresh) {
    const std::string setup = fmt::format("{} PRAGMA application_id={}; PRAGMA user_version={};", kSchema,
                                          kApplicationId, kSchemaVersion);
    code = sqlite3_exec(db_, setup.c_str(), nullptr, nullptr, &message);
  }
  if (code == SQLITE_OK) {
    code = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  } else {
    rollback();
  }
  if (code == SQLITE_OK) {
    code = sqlite3_prepare_v2(
        db_, "SELECT status, http, type, detail, final, checked, etag, modified FROM links WHERE url = ?1",
        -1, &find_, nullptr);
  }
  if (code != SQLITE_OK) {
    const std::string text = message != nullptr ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    refuse(fmt::format("link cache {} not used: {}", file_path().string(), text));
    return false;
  }
  return true;
}

void LinkCache::load() { open(/*create=*/false); }

std::optional<CacheEntry> LinkCache::find(const std::string& url) {
  if (find_ == nullptr) return std::nullopt;
  sqlite3_reset(find_);
  sqlite3_bind_text(find_, 1, url.data(), static_cast<int>(url.size()), SQLITE_TRANSIENT);
  const int code = sqlite3_step(find_);
  if (code != SQLITE_ROW) {
    if (code != SQLITE_DONE) {
      refuse(fmt::format("link cache {} not used: {}", file_path().string(), sqlite3_errstr(code)));
    }
    return std::nullopt;
  }
  const auto status = link_status_from_string(column_text(find_, 0));
  if (!status || sqlite3_column_type(find_, 1) != SQLITE_INTEGER ||
      sqlite3_column_type(find_, 5) != SQLITE_INTEGER) {
    if (!warned_malformed_) {
      warned_malformed_ = true;
      warnings_.push_back(fmt::format("link cache {}: ignored malformed entries", file_path().string()));
    }
    return std::nullopt;
  }
  CacheEntry entry;
  entry.status = *status;
  entry.http_status = static_cast<long>(sqlite3_column_int64(find_, 1));
  entry.content_type = column_text(find_, 2);
  entry.detail = column_text(find_, 3);
  entry.final_url = column_text(find_, 4);
  entry.checked_at = sqlite3_column_int64(find_, 5);
  entry.etag = column_text(find_, 6);
  entry.last_modified = column_text(find_, 7);
  sqlite3_reset(find_);
  return entry;
}

void LinkCache::put(const std::string& url, CacheEntry entry) { updates_[url] = std::move(entry); }

void LinkCache::save(std::int64_t now, std::chrono::seconds max_age) {
  if (updates_.empty() || refused_) return;
  if (recreate_) {
    // Our own directory (checked above): replace the unusable file.
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::error_code ec;
      std::filesystem::remove(directory_ / (std::string(kFileName) + suffix), ec);
    }
    recreate_ = false;
  }
  if (!open(/*create=*/true)) {
    if (!refused_) warnings_.push_back(fmt::format("link cache {} not written", file_path().string()));
    return;
  }
  // Newer results win: an entry another process wrote after ours stays.
  constexpr const char* kUpsert = R"sql(
INSERT INTO links (url, status, http, type, detail, final, checked, etag, modified)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
ON CONFLICT(url) DO UPDATE SET
  status = excluded.status, http = excluded.http, type = excluded.type, detail = excluded.detail,
  final = excluded.final, checked = excluded.checked, etag = excluded.etag, modified = excluded.modified
WHERE excluded.checked >= links.checked
)sql";
  sqlite3_stmt* upsert = nullptr;
  sqlite3_stmt* prune = nullptr;
  // BEGIN IMMEDIATE takes the write lock at once (waiting up to the busy
  // timeout), so the transaction never fails half-way for a lock upgrade.
  int code = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (code == SQLITE_OK) code = sqlite3_prepare_v2(db_, kUpsert, -1, &upsert, nullptr);
  if (code == SQLITE_OK) code = sqlite3_prepare_v2(db_, "DELETE FROM links WHERE checked < ?1", -1, &prune, nullptr);
  for (auto it = updates_.begin(); code == SQLITE_OK && it != updates_.end(); ++it) {
    const auto& [url, entry] = *it;
    const std::string status(to_string(entry.status));
    sqlite3_bind_text(upsert, 1, url.data(), static_cast<int>(url.size()), SQLITE_STATIC);
    sqlite3_bind_text(upsert, 2, status.data(), static_cast<int>(status.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(upsert, 3, entry.http_status);
    sqlite3_bind_text(upsert, 4, entry.content_type.data(), static_cast<int>(entry.content_type.size()), SQLITE_STATIC);
    sqlite3_bind_text(upsert, 5, entry.detail.data(), static_cast<int>(entry.detail.size()), SQLITE_STATIC);
    sqlite3_bind_text(upsert, 6, entry.final_url.data(), static_cast<int>(entry.final_url.size()), SQLITE_STATIC);
    sqlite3_bind_int64(upsert, 7, entry.checked_at);
    sqlite3_bind_text(upsert, 8, entry.etag.data(), static_cast<int>(entry.etag.size()), SQLITE_STATIC);
    sqlite3_bind_text(upsert, 9, entry.last_modified.data(), static_cast<int>(entry.last_modified.size()),
                      SQLITE_STATIC);
    code = sqlite3_step(upsert);
    if (code == SQLITE_DONE) code = SQLITE_OK;
    sqlite3_reset(upsert);
  }
  if (code == SQLITE_OK) {
    sqlite3_bind_int64(prune, 1, now - max_age.count());
    code = sqlite3_step(prune);
    if (code == SQLITE_DONE) code = SQLITE_OK;
  }
  if (code == SQLITE_OK) code = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_finalize(upsert);
  sqlite3_finalize(prune);
  if (code != SQLITE_OK) {
    const std::string message = sqlite3_errmsg(db_);
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    warnings_.push_back(fmt::format("link cache {} not written: {}", file_path().string(), message));
    return;
  }
  updates_.clear();
}

std::size_t LinkCache::size() {
  if (!open(/*create=*/false)) return 0;
  sqlite3_stmt* count = nullptr;
  std::size_t result = 0;
  if (sqlite3_prepare_v2(db_, "SELECT count(*) FROM links", -1, &count, nullptr) == SQLITE_OK &&
      sqlite3_step(count) == SQLITE_ROW) {
    result = static_cast<std::size_t>(sqlite3_column_int64(count, 0));
  }
  sqlite3_finalize(count);
  return result;
}

}  // namespace hlint::links

#include "fix/atomic_write.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "core/file_io.hpp"

namespace hlint {

namespace {

std::string system_error(const char* what) { return fmt::format("{}: {}", what, std::strerror(errno)); }

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// The target of `path` with every symbolic link resolved.
std::string resolved(const std::string& path) {
  std::unique_ptr<char, void (*)(void*)> real(::realpath(path.c_str(), nullptr), std::free);
  return real ? std::string(real.get()) : std::string();
}

// An unnamed file in `dir` (O_TMPFILE): a run killed while writing or
// flushing it leaves nothing behind. -1 where the file system refuses.
int open_unnamed(const std::string& dir) {
  return ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
}

// Links the unnamed file `fd` under `name_template` with its XXXXXX made
// unique (as mkstemp would), so that it can be renamed over the target: the
// only moment a killed run can leave a temporary file is between this and
// the rename. False (errno set) when no name could be made.
bool name_unnamed(int fd, std::string& name_template) {
  static constexpr char kLetters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  const std::string proc_path = fmt::format("/proc/self/fd/{}", fd);
  const std::size_t x = name_template.size() - 6;
  for (int attempt = 0; attempt < 100; ++attempt) {
    unsigned char random[6];
    if (::getrandom(random, sizeof random, 0) != static_cast<ssize_t>(sizeof random)) return false;
    for (std::size_t i = 0; i < 6; ++i) name_template[x + i] = kLetters[random[i] % (sizeof kLetters - 1)];
    if (::linkat(AT_FDCWD, proc_path.c_str(), AT_FDCWD, name_template.c_str(), AT_SYMLINK_FOLLOW) == 0) return true;
    if (errno != EEXIST) return false;
  }
  return false;
}

}  // namespace

std::string replace_file_contents(const std::string& path, std::string_view expected, std::string_view contents) {
  const std::string target = resolved(path);
  if (target.empty()) return system_error("cannot resolve the path");
  struct stat info {};
  if (::stat(target.c_str(), &info) != 0) return system_error("cannot stat the file");
  if (!S_ISREG(info.st_mode)) return "not a regular file";
  // The owner's write bit decides, also for root (who could write anyway):
  // a file made read-only is not meant to change.
  if ((info.st_mode & S_IWUSR) == 0 || (::geteuid() != 0 && ::access(target.c_str(), W_OK) != 0))
    return "the file is read-only";
  std::string read_error;
  const std::optional<std::string> now = read_file(target, read_error);
  if (!now) return "cannot read the file again before writing: " + read_error;
  if (*now != expected) return "the file changed since it was linted";

  const std::size_t slash = target.rfind('/');
  const std::string dir = target.substr(0, slash == 0 ? 1 : slash);
  const std::string name = target.substr(slash + 1);
  struct stat dir_info {};
  if (::stat(dir.c_str(), &dir_info) == 0 && (dir_info.st_mode & S_IWUSR) == 0)
    return fmt::format("cannot create a temporary file in {}: the directory is read-only", dir);
  std::string temporary = fmt::format("{}/.{}{}XXXXXX", dir, name, kTemporaryMarker);
  if (temporary.size() >= PATH_MAX) temporary = fmt::format("{}/.hlint-fix-XXXXXX", dir);
  int fd = open_unnamed(dir);
  const bool unnamed = fd >= 0;
  if (!unnamed) fd = ::mkostemp(temporary.data(), O_CLOEXEC);
  if (fd < 0) return system_error(fmt::format("cannot create a temporary file in {}", dir).c_str());
  bool named = !unnamed;
  auto fail = [&](const char* what) {
    std::string message = system_error(what);
    ::close(fd);
    if (named) ::unlink(temporary.c_str());
    return message;
  };
  if (!write_all(fd, contents)) return fail("cannot write the temporary file");
  if (::fchmod(fd, info.st_mode & 07777) != 0) return fail("cannot set the temporary file's mode");
  // The owner stays the same when we may set it (as root); otherwise the
  // file becomes ours, as with any editor that saves by renaming.
  if (info.st_uid != ::geteuid() || info.st_gid != ::getegid()) (void)!::fchown(fd, info.st_uid, info.st_gid);
  if (::fsync(fd) != 0) return fail("cannot flush the temporary file");
  if (unnamed) {
    if (!name_unnamed(fd, temporary)) return fail("cannot name the temporary file");
    named = true;
  }
  if (::close(fd) != 0) {
    std::string message = system_error("cannot close the temporary file");
    ::unlink(temporary.c_str());
    return message;
  }
  if (::rename(temporary.c_str(), target.c_str()) != 0) {
    std::string message = system_error("cannot rename the temporary file over the file");
    ::unlink(temporary.c_str());
    return message;
  }
  // The rename itself reaches the disk when the directory is flushed.
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    (void)::fsync(dir_fd);
    ::close(dir_fd);
  }
  return {};
}

}  // namespace hlint

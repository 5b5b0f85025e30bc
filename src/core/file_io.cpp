#include "core/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace hlint {

// One allocation (the size from fstat) and plain read(2) calls; an ifstream
// through an ostringstream copied every byte twice. Files whose size fstat
// does not know (pipes, /proc) grow the buffer as they are read.
std::optional<std::string> read_file(const std::string& path, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = "cannot open the file for reading";
    return std::nullopt;
  }
  std::string bytes;
  struct stat info {};
  if (::fstat(fd, &info) == 0 && info.st_size > 0) bytes.resize(static_cast<std::size_t>(info.st_size));
  std::size_t filled = 0;
  char probe[4096];  // once the expected size is read: more bytes, or the end?
  for (;;) {
    const bool full = filled == bytes.size();
    const ssize_t got = full ? ::read(fd, probe, sizeof probe) : ::read(fd, bytes.data() + filled, bytes.size() - filled);
    if (got < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      error = "read error";
      return std::nullopt;
    }
    if (got == 0) break;
    if (full) bytes.append(probe, static_cast<std::size_t>(got));  // the file grew, or fstat did not know
    filled += static_cast<std::size_t>(got);
  }
  ::close(fd);
  bytes.resize(filled);
  return bytes;
}

}  // namespace hlint

#include "core/file_io.hpp"

#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>

namespace hlint {

std::string file_kind(unsigned mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISDIR(mode)) return "a directory";
  return "not a regular file";
}

std::string describe_size(std::uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{} bytes", bytes);
  static const char* const kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = -1;
  while (value >= 1024 && unit < 3) {
    value /= 1024;
    ++unit;
  }
  if (value == static_cast<double>(static_cast<std::uint64_t>(value))) return fmt::format("{} {}", value, kUnits[unit]);
  return fmt::format("{:.1f} {}", value, kUnits[unit]);
}

std::optional<std::uint64_t> parse_size(const std::string& text) {
  std::size_t i = 0;
  std::uint64_t value = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    if (value > (kNoSizeLimit - 9) / 10) return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(text[i] - '0');
    ++i;
  }
  if (i == 0) return std::nullopt;
  std::string suffix = text.substr(i);
  std::transform(suffix.begin(), suffix.end(), suffix.begin(), [](unsigned char c) { return std::tolower(c); });
  int shift = 0;
  if (suffix.empty() || suffix == "b")
    shift = 0;
  else if (suffix == "k" || suffix == "kb" || suffix == "kib")
    shift = 10;
  else if (suffix == "m" || suffix == "mb" || suffix == "mib")
    shift = 20;
  else if (suffix == "g" || suffix == "gb" || suffix == "gib")
    shift = 30;
  else
    return std::nullopt;
  if (shift && value > (kNoSizeLimit >> shift)) return std::nullopt;
  return value << shift;
}

// One allocation (the size from fstat) and plain read(2) calls; an ifstream
// through an ostringstream copied every byte twice.
std::optional<std::string> read_file(const std::string& path, std::string& error, std::uint64_t max_bytes,
                                     ReadFailure* failure) {
  auto fail = [&](ReadFailure kind, std::string message) -> std::optional<std::string> {
    error = std::move(message);
    if (failure) *failure = kind;
    return std::nullopt;
  };
  if (failure) *failure = ReadFailure::none;
  // O_NONBLOCK: opening a FIFO with no writer would otherwise block here,
  // before fstat could tell what it is. It changes nothing for regular files.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return fail(ReadFailure::cannot_open, "cannot open the file for reading");
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    ::close(fd);
    return fail(ReadFailure::read_error, "read error");
  }
  // The null device ends at once: `--config /dev/null` is the usual way to
  // say "no configuration".
  if (S_ISCHR(info.st_mode) && info.st_rdev == makedev(1, 3)) {
    ::close(fd);
    return std::string();
  }
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    return fail(ReadFailure::not_regular,
                fmt::format("{}, not a regular file: not read", file_kind(static_cast<unsigned>(info.st_mode))));
  }
  const auto size = static_cast<std::uint64_t>(std::max<off_t>(info.st_size, 0));
  auto too_large = [&](std::uint64_t at_least) {
    return fail(ReadFailure::too_large, fmt::format("the file is larger than the limit ({}{} > {}): not read",
                                                    at_least > size ? "more than " : "", describe_size(at_least),
                                                    describe_size(max_bytes)));
  };
  if (size > max_bytes) {
    ::close(fd);
    return too_large(size);
  }
  std::string bytes;
  bytes.resize(static_cast<std::size_t>(size));
  std::size_t filled = 0;
  char probe[4096];  // once the expected size is read: more bytes, or the end?
  for (;;) {
    const bool full = filled == bytes.size();
    const ssize_t got = full ? ::read(fd, probe, sizeof probe) : ::read(fd, bytes.data() + filled, bytes.size() - filled);
    if (got < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      ::close(fd);
      return fail(ReadFailure::read_error, "read error");
    }
    if (got == 0) break;
    if (full) bytes.append(probe, static_cast<std::size_t>(got));  // the file grew while it was read
    filled += static_cast<std::size_t>(got);
    if (filled > max_bytes) {
      ::close(fd);
      return too_large(filled);
    }
  }
  ::close(fd);
  bytes.resize(filled);
  return bytes;
}

namespace {

// How many of the code units look like Chinese text when read with the high
// byte at `high` (1: little-endian, 0: big-endian) of each pair.
bool reads_as_chinese(std::string_view bytes, std::size_t high) {
  std::size_t units = 0, chinese = 0, ascii = 0;
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    const auto hi = static_cast<unsigned char>(bytes[i + high]);
    const auto lo = static_cast<unsigned char>(bytes[i + 1 - high]);
    ++units;
    if (hi == 0) {
      if (lo == 0) return false;  // U+0000 is not text
      if (lo < 0x20 && lo != '\n' && lo != '\r' && lo != '\t') return false;
      ++ascii;
    } else if ((hi >= 0x4E && hi <= 0x9F) || hi == 0x30 || hi == 0xFF || (hi == 0x20 && lo >= 0x10 && lo <= 0x3F)) {
      ++chinese;  // ideographs, CJK punctuation, full-width forms, dashes and quotes
    } else if (hi >= 0xD8 && hi <= 0xDF) {
      return false;  // surrogates: rare in Chinese text, and the pairing is not checked here
    }
  }
  // Nearly every unit is Chinese or ASCII, and Chinese dominates.
  // At least one ASCII unit: its NUL byte is what text in any other
  // encoding never has (ASCII and UTF-8 text would otherwise pass as
  // "ideographs", their letters being 0x4E–0x7E).
  return units >= 8 && ascii >= 1 && (chinese + ascii) * 100 >= units * 97 && chinese * 2 >= units;
}

}  // namespace

std::optional<bool> sniff_chinese_utf16(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, std::min<std::size_t>(bytes.size(), 4096) & ~std::size_t{1});
  if (head.size() < 16) return std::nullopt;
  // Both readings need an ASCII unit, whose high byte is NUL: nearly every
  // file has none, which memchr tells at a fraction of the cost of a pass.
  if (std::memchr(head.data(), 0, head.size()) == nullptr) return std::nullopt;
  const bool little = reads_as_chinese(head, 1);
  const bool big = reads_as_chinese(head, 0);
  if (little == big) return std::nullopt;  // neither, or ambiguous
  return little;
}

}  // namespace hlint

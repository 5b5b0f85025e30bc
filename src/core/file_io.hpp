// Reading a whole file, the one way hlint does it: documents when they are
// linted, when --dump-model shows one, when a corpus check re-reads one, and
// the configuration and the baseline.
//
// Only regular files are read (issue 18): a FIFO, a device such as /dev/zero
// or a socket named as a path would block forever or never end, so it is
// refused before a byte is read. A file larger than the limit is refused too,
// before any memory is allocated for it.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace hlint {

inline constexpr std::uint64_t kNoSizeLimit = std::numeric_limits<std::uint64_t>::max();
// The default per-document limit (--max-file-size, `max-file-size:`): far
// above any article, far below what would exhaust memory (a document costs
// about ten times its size while it is linted).
inline constexpr std::uint64_t kDefaultMaxFileBytes = 64ull << 20;
// Limits for the other files hlint reads.
inline constexpr std::uint64_t kMaxConfigBytes = 16ull << 20;
inline constexpr std::uint64_t kMaxBaselineBytes = 1ull << 30;

enum class ReadFailure { none, cannot_open, not_regular, too_large, read_error };

// The file's bytes, or nullopt with `error` set to a message for users
// ("cannot open the file for reading", "not a regular file (a FIFO): not
// read", "the file is larger than the limit ...") and `failure` (if given) to
// the kind of failure.
std::optional<std::string> read_file(const std::string& path, std::string& error, std::uint64_t max_bytes = kNoSizeLimit,
                                     ReadFailure* failure = nullptr);

// What a file that is not a regular file is, for messages: "a FIFO",
// "a character device", "a socket", "a block device", "a directory".
std::string file_kind(unsigned mode);

// "1.5 MiB", "64 MiB", "812 bytes".
std::string describe_size(std::uint64_t bytes);

// Parses a size written as a number of bytes with an optional suffix
// (k, K, KB, KiB, m, M, MB, MiB, g, G, GB, GiB; all binary). nullopt if bad.
std::optional<std::uint64_t> parse_size(const std::string& text);

// UTF-16 without a byte order mark, as Chinese text is written in it: most
// code units are CJK ideographs or punctuation (U+3000–U+30FF, U+4E00–U+9FFF,
// U+FF00–U+FFEF), the rest ASCII. Chinese UTF-16 has few NUL bytes (6–17%
// ASCII), so the NUL count that finds English UTF-16 misses it, and its low
// bytes look like control characters: without this it was skipped as binary
// (issue 18). Returns true for little-endian, false for big-endian, nullopt
// when the bytes do not look like Chinese UTF-16. Reads at most 4 KB.
std::optional<bool> sniff_chinese_utf16(std::string_view bytes);

}  // namespace hlint

#include "core/diagnostic.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <tuple>

namespace hlint {

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "warning";
}

std::string_view to_string(Applicability applicability) {
  return applicability == Applicability::safe ? "safe" : "unsafe";
}

std::optional<Severity> parse_severity(std::string_view text) {
  if (text == "info" || text == "note") return Severity::info;
  if (text == "warning" || text == "warn") return Severity::warning;
  if (text == "error") return Severity::error;
  return std::nullopt;
}

LineWindow line_window(std::string_view line, std::size_t begin, std::size_t end) {
  const LineWindowView window = line_window_view(line, begin, end);
  return {std::string(window.text), window.offset, window.cut};
}

LineWindowView line_window_view(std::string_view line, std::size_t begin, std::size_t end) {
  constexpr std::size_t kMaxLine = 400;  // bytes shown whole
  constexpr std::size_t kContext = 120;  // bytes of context on each side
  constexpr std::size_t kMaxSpan = 240;  // bytes of a long span shown
  if (line.size() <= kMaxLine) return {line, 0, false};
  auto is_continuation = [&](std::size_t i) {
    return i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80;
  };
  begin = std::min(begin, line.size());
  end = std::clamp(end, begin, line.size());
  std::size_t from = begin > kContext ? begin - kContext : 0;
  while (from > 0 && is_continuation(from)) --from;
  std::size_t to = std::min(line.size(), std::min(end, begin + kMaxSpan) + kContext);
  while (to < line.size() && is_continuation(to)) ++to;
  return {line.substr(from, to - from), from, to < line.size()};
}

bool finding_less(const Finding& a, const Finding& b) {
  return std::tie(a.path, a.location.start.line, a.location.start.column, a.rule, a.location.end.line,
                  a.location.end.column, a.message) <
         std::tie(b.path, b.location.start.line, b.location.start.column, b.rule, b.location.end.line,
                  b.location.end.column, b.message);
}

std::uint64_t fnv1a(std::string_view data, std::uint64_t hash) {
  constexpr std::uint64_t kPrime = 1099511628211ULL;
  auto step = [&](char c) { hash = (hash ^ static_cast<unsigned char>(c)) * kPrime; };
  // Four bytes per loop turn (every finding hashes its whole line): the same
  // hash with a quarter of the loop's compares and branches.
  std::size_t i = 0;
  for (; i + 4 <= data.size(); i += 4) {
    step(data[i]);
    step(data[i + 1]);
    step(data[i + 2]);
    step(data[i + 3]);
  }
  for (; i < data.size(); ++i) step(data[i]);
  return hash;
}

namespace {

constexpr std::uint64_t kFnvStart = 1469598103934665603ULL;  // see fnv1a() in the header
constexpr std::uint64_t kFnvPrime = 1099511628211ULL;

// The bytes a fingerprint hashes: rule, path, excerpt, line (without leading
// and trailing white space, which does not matter), occurrence, separated by
// U+001F, written into `out` (replacing what it held).
void fingerprint_bytes(const FingerprintKey& key, std::string& out) {
  std::string_view line_text = key.line_text;
  while (!line_text.empty() && (line_text.front() == ' ' || line_text.front() == '\t')) line_text.remove_prefix(1);
  while (!line_text.empty() && (line_text.back() == ' ' || line_text.back() == '\t')) line_text.remove_suffix(1);
  const fmt::format_int digits(key.occurrence);
  out.clear();
  out.reserve(key.rule.size() + key.path.size() + key.excerpt.size() + line_text.size() + digits.size() + 4);
  out.append(key.rule).push_back('\x1f');
  out.append(key.path).push_back('\x1f');
  out.append(key.excerpt).push_back('\x1f');
  out.append(line_text).push_back('\x1f');
  out.append(digits.data(), digits.size());
}

// A compiled format: parsing the format string cost as much as hashing.
std::string fingerprint_text(std::uint64_t hash) { return fmt::format(FMT_COMPILE("{:016x}"), hash); }

}  // namespace

std::string fingerprint(std::string_view rule, std::string_view path, std::string_view excerpt,
                        std::string_view line_text, std::size_t occurrence) {
  std::string bytes;
  fingerprint_bytes({rule, path, excerpt, line_text, occurrence}, bytes);
  return fingerprint_text(fnv1a(bytes));
}

void fingerprints(const std::vector<FingerprintKey>& keys, std::vector<std::string>& out) {
  out.resize(keys.size());
  std::vector<std::string> bytes(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) fingerprint_bytes(keys[i], bytes[i]);
  // Hashed four at a time, those of like length together: the four chains
  // step side by side over the bytes they all have, then each finishes alone.
  std::vector<std::size_t> by_length(keys.size());
  for (std::size_t i = 0; i < by_length.size(); ++i) by_length[i] = i;
  std::sort(by_length.begin(), by_length.end(),
            [&](std::size_t a, std::size_t b) { return bytes[a].size() < bytes[b].size(); });
  constexpr std::size_t kLanes = 4;
  std::size_t first = 0;
  for (; first + kLanes <= by_length.size(); first += kLanes) {
    const std::string& s0 = bytes[by_length[first]];
    const std::string& s1 = bytes[by_length[first + 1]];
    const std::string& s2 = bytes[by_length[first + 2]];
    const std::string& s3 = bytes[by_length[first + 3]];
    const auto* b0 = reinterpret_cast<const unsigned char*>(s0.data());
    const auto* b1 = reinterpret_cast<const unsigned char*>(s1.data());
    const auto* b2 = reinterpret_cast<const unsigned char*>(s2.data());
    const auto* b3 = reinterpret_cast<const unsigned char*>(s3.data());
    const std::size_t common = s0.size();  // the shortest
    std::uint64_t h0 = kFnvStart, h1 = kFnvStart, h2 = kFnvStart, h3 = kFnvStart;
    for (std::size_t i = 0; i < common; ++i) {
      h0 = (h0 ^ b0[i]) * kFnvPrime;
      h1 = (h1 ^ b1[i]) * kFnvPrime;
      h2 = (h2 ^ b2[i]) * kFnvPrime;
      h3 = (h3 ^ b3[i]) * kFnvPrime;
    }
    out[by_length[first]] = fingerprint_text(h0);
    out[by_length[first + 1]] = fingerprint_text(fnv1a(std::string_view(s1).substr(common), h1));
    out[by_length[first + 2]] = fingerprint_text(fnv1a(std::string_view(s2).substr(common), h2));
    out[by_length[first + 3]] = fingerprint_text(fnv1a(std::string_view(s3).substr(common), h3));
  }
  for (; first < by_length.size(); ++first) out[by_length[first]] = fingerprint_text(fnv1a(bytes[by_length[first]]));
}

Finding whole_file_finding(const std::string& path, std::string rule, Severity severity, std::string message) {
  Finding finding;
  finding.path = path;
  finding.rule = std::move(rule);
  finding.severity = severity;
  finding.message = std::move(message);
  finding.has_location = false;
  finding.location.start = {1, 1, 1, 1};
  finding.location.end = {1, 1, 1, 1};
  finding.fingerprint = fingerprint(finding.rule, path, "", "", 0);
  return finding;
}

}  // namespace hlint

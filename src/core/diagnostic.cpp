#include "core/diagnostic.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
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

std::string fingerprint(std::string_view rule, std::string_view path, std::string_view excerpt,
                        std::string_view line_text, std::size_t occurrence) {
  // Leading/trailing white space of the line does not matter.
  while (!line_text.empty() && (line_text.front() == ' ' || line_text.front() == '\t')) line_text.remove_prefix(1);
  while (!line_text.empty() && (line_text.back() == ' ' || line_text.back() == '\t')) line_text.remove_suffix(1);
  std::uint64_t h = fnv1a(rule);
  h = fnv1a("\x1f", h);
  h = fnv1a(path, h);
  h = fnv1a("\x1f", h);
  h = fnv1a(excerpt, h);
  h = fnv1a("\x1f", h);
  h = fnv1a(line_text, h);
  h = fnv1a("\x1f", h);
  const fmt::format_int digits(occurrence);
  h = fnv1a(std::string_view(digits.data(), digits.size()), h);
  // A compiled format: parsing the format string cost as much as hashing.
  return fmt::format(FMT_COMPILE("{:016x}"), h);
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

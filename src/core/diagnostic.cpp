#include "core/diagnostic.hpp"

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

std::optional<Severity> parse_severity(std::string_view text) {
  if (text == "info" || text == "note") return Severity::info;
  if (text == "warning" || text == "warn") return Severity::warning;
  if (text == "error") return Severity::error;
  return std::nullopt;
}

LineWindow line_window(std::string_view line, std::size_t begin, std::size_t end) {
  constexpr std::size_t kMaxLine = 400;  // bytes shown whole
  constexpr std::size_t kContext = 120;  // bytes of context on each side
  constexpr std::size_t kMaxSpan = 240;  // bytes of a long span shown
  if (line.size() <= kMaxLine) return {std::string(line), 0, false};
  auto is_continuation = [&](std::size_t i) {
    return i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80;
  };
  begin = std::min(begin, line.size());
  end = std::clamp(end, begin, line.size());
  std::size_t from = begin > kContext ? begin - kContext : 0;
  while (from > 0 && is_continuation(from)) --from;
  std::size_t to = std::min(line.size(), std::min(end, begin + kMaxSpan) + kContext);
  while (to < line.size() && is_continuation(to)) ++to;
  return {std::string(line.substr(from, to - from)), from, to < line.size()};
}

bool finding_less(const Finding& a, const Finding& b) {
  return std::tie(a.path, a.location.start.line, a.location.start.column, a.rule, a.location.end.line,
                  a.location.end.column, a.message) <
         std::tie(b.path, b.location.start.line, b.location.start.column, b.rule, b.location.end.line,
                  b.location.end.column, b.message);
}

}  // namespace hlint

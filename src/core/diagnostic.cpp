#include "core/diagnostic.hpp"

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

bool finding_less(const Finding& a, const Finding& b) {
  return std::tie(a.path, a.location.start.line, a.location.start.column, a.rule, a.location.end.line,
                  a.location.end.column, a.message) <
         std::tie(b.path, b.location.start.line, b.location.start.column, b.rule, b.location.end.line,
                  b.location.end.column, b.message);
}

}  // namespace hlint

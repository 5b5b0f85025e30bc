// Reviewdog Diagnostic Format, rdjson flavour (one DiagnosticResult): what
// `reviewdog -f=rdjson` reads. Its columns are 1-based UTF-8 byte counts and
// a range's end is exclusive.
#include <nlohmann/json.hpp>

#include "report/emitter.hpp"
#include "report/streamed_json.hpp"

namespace hlint {

namespace {

constexpr const char* kDiagnosticsMarker = "\x01hlint-diagnostics\x01";

std::string_view rdjson_severity(Severity s) {
  switch (s) {
    case Severity::error: return "ERROR";
    case Severity::warning: return "WARNING";
    case Severity::info: return "INFO";
  }
  return "UNKNOWN_SEVERITY";
}

nlohmann::json rdjson_range(const Location& l) {
  return {{"start", {{"line", l.start.line}, {"column", l.start.byte_column}}},
          {"end", {{"line", l.end.line}, {"column", l.end.byte_column}}}};
}

}  // namespace

void emit_rdjson(const Report& report, std::ostream& out) {
  auto diagnostics = [&](const std::function<void(std::string_view)>& add) {
  report.findings->for_each([&](const Finding& f) {
    // reviewdog resolves relative paths against the directory it runs in,
    // which is where hlint ran: the path as given is the right one.
    nlohmann::json location = {{"path", f.path}};
    if (f.has_location) location["range"] = rdjson_range(f.location);
    nlohmann::json diagnostic = {
        {"message", f.message},
        {"location", location},
        {"severity", rdjson_severity(f.severity)},
        {"source", {{"name", "hlint"}}},
        {"code", {{"value", f.rule}}},
    };
    if (!f.fix_edits.empty()) {
      nlohmann::json suggestions = nlohmann::json::array();
      for (const auto& edit : f.fix_edits)
        suggestions.push_back({{"range", rdjson_range(edit.location)}, {"text", edit.replacement}});
      diagnostic["suggestions"] = suggestions;
    }
    add(dump_item(diagnostic));
  });
  };
  const nlohmann::json result = {{"source", {{"name", "hlint"}}}, {"diagnostics", kDiagnosticsMarker}};
  dump_with_streamed_array(out, result, kDiagnosticsMarker, diagnostics);
  out << '\n';
}

}  // namespace hlint

// GitLab Code Quality report (a Code Climate subset): a JSON array that a
// job publishes with `artifacts: reports: codequality:`; GitLab shows the
// findings a merge request adds or fixes.
#include <nlohmann/json.hpp>

#include <set>

#include "report/emitter.hpp"
#include "report/streamed_json.hpp"

namespace hlint {

namespace {

constexpr const char* kIssuesMarker = "\x01hlint-issues\x01";

std::string_view gitlab_severity(Severity s) {
  switch (s) {
    case Severity::error: return "major";
    case Severity::warning: return "minor";
    case Severity::info: return "info";
  }
  return "minor";
}

}  // namespace

void emit_gitlab(const Report& report, std::ostream& out) {
  // GitLab compares fingerprints between the base and the merge request, so
  // they must be unique in a report; hlint's are unless two findings are of
  // the same rule on the same text of the same line of the same file. The
  // path is part of the fingerprint and findings come sorted by path: the
  // fingerprints seen are only kept for the current file.
  auto issues = [&](const std::function<void(std::string_view)>& add) {
    std::set<std::string> used;
    std::string used_path;
    RepositoryPaths paths(report);
    report.findings->for_each([&](const Finding& f) {
      if (f.path != used_path) {
        used.clear();
        used_path = f.path;
      }
      std::string fingerprint = f.fingerprint;
      for (int n = 2; !used.insert(fingerprint).second; ++n) fingerprint = f.fingerprint + "-" + std::to_string(n);
      const std::string& path = paths.of(f.path).relative;
      const std::uint32_t begin = f.has_location ? f.location.start.line : 1;
      const std::uint32_t end = f.has_location ? std::max(f.location.end.line, begin) : 1;
      add(dump_item({
          {"type", "issue"},
          {"check_name", f.rule},
          {"description", f.message},
          {"categories", nlohmann::json::array({"Style"})},
          {"severity", gitlab_severity(f.severity)},
          {"fingerprint", fingerprint},
          {"location", {{"path", path}, {"lines", {{"begin", begin}, {"end", end}}}}},
      }));
    });
  };
  dump_with_streamed_array(out, nlohmann::json(kIssuesMarker), kIssuesMarker, issues);
  out << '\n';
}

}  // namespace hlint

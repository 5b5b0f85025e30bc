#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "report/emitter.hpp"
#include "report/streamed_json.hpp"

namespace hlint {

std::string path_to_uri(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

namespace {

constexpr const char* kResultsMarker = "\x01hlint-results\x01";

std::string_view sarif_level(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "note";
  }
  return "warning";
}

nlohmann::json region(const Location& l) {
  return {{"startLine", l.start.line},
          {"startColumn", l.start.utf16_column},
          {"endLine", l.end.line},
          {"endColumn", l.end.utf16_column},
          {"byteOffset", l.byte_offset},
          {"byteLength", l.byte_end - l.byte_offset}};
}

// GitHub code scanning shows a result only with a region that has at least
// a start line: a finding about a whole file (binary, empty, unreadable) is
// shown on its first line.
nlohmann::json whole_file_region() { return {{"startLine", 1}}; }

std::string non_empty(std::string text, std::string_view fallback) {
  if (text.find_first_not_of(" \t\n") == std::string::npos) text = std::string(fallback);
  return text;
}

// Each rule's index in tool.driver.rules, which results refer to.
std::map<std::string, std::size_t> rule_indexes(const CheckRegistry& registry) {
  std::map<std::string, std::size_t> indexes;
  for (const auto& rule : registry.rules()) indexes.emplace(rule.info.id, indexes.size());
  return indexes;
}

class SarifRenderer : public FindingRenderer {
 public:
  explicit SarifRenderer(const Report& settings)
      : settings_(settings), rule_index_(rule_indexes(*settings.registry)), paths_(settings) {}

  // The result, as dump_item() writes it; empty for a finding of no file
  // (those are tool notifications, not results).
  std::string render(const Finding& f) override {
    const std::string& uri = paths_.of(f.path).uri;
    if (uri.empty()) return {};
    nlohmann::json physical = {{"artifactLocation", {{"uri", uri}, {"uriBaseId", "%SRCROOT%"}}},
                               {"region", f.has_location ? region(f.location) : whole_file_region()}};
    nlohmann::json result = {
        {"ruleId", f.rule},
        {"level", sarif_level(f.severity)},
        {"message", {{"text", f.message}}},
        {"locations", nlohmann::json::array({{{"physicalLocation", physical}}})},
        // hlint's own content-based fingerprint under its own key; GitHub's
        // primaryLocationLineHash is left to upload-sarif, which computes it
        // with GitHub's algorithm.
        {"partialFingerprints", {{"hlintFingerprint/v1", f.fingerprint}}},
    };
    if (settings_.baseline_applied) result["baselineState"] = "new";
    if (auto it = rule_index_.find(f.rule); it != rule_index_.end()) result["ruleIndex"] = it->second;
    if (f.fix_description && !f.fix_edits.empty()) {
      nlohmann::json replacements = nlohmann::json::array();
      for (const auto& edit : f.fix_edits)
        replacements.push_back({{"deletedRegion", region(edit.location)},
                                {"insertedContent", {{"text", edit.replacement}}}});
      result["fixes"] = nlohmann::json::array(
          {{{"description", {{"text", *f.fix_description}}},
            {"artifactChanges", nlohmann::json::array({{{"artifactLocation", {{"uri", uri}, {"uriBaseId", "%SRCROOT%"}}},
                                                        {"replacements", replacements}}})}}});
    }
    return dump_item(result);
  }

 private:
  const Report& settings_;
  std::map<std::string, std::size_t> rule_index_;
  RepositoryPaths paths_;
};

}  // namespace

std::unique_ptr<FindingRenderer> make_sarif_renderer(const Report& settings) {
  return std::make_unique<SarifRenderer>(settings);
}

void emit_sarif(const Report& report, std::ostream& out) {
  nlohmann::json rules = nlohmann::json::array();
  const std::map<std::string, std::size_t> rule_index = rule_indexes(*report.registry);
  for (const auto& rule : report.registry->rules()) {
    const std::string summary = non_empty(rule.summary, rule.info.id);
    const std::string full = non_empty(doc_section(rule.documentation, "What it does"), summary);
    const std::string help = non_empty(rule.documentation, summary);
    // No `name`: SARIF wants it to differ from the id, and the id is the
    // name users know.
    rules.push_back({
        {"id", rule.info.id},
        {"shortDescription", {{"text", summary}}},
        {"fullDescription", {{"text", full}}},
        {"help", {{"text", help}, {"markdown", help}}},
        {"defaultConfiguration", {{"level", sarif_level(rule.info.default_severity)}}},
    });
  }
  // Problems of the run rather than of a file (a corpus check that failed)
  // are tool notifications: a result must point into a file. A first pass
  // finds them; the results are streamed in a second.
  nlohmann::json notifications = nlohmann::json::array();
  bool successful = true;
  RepositoryPaths paths(report);
  report.findings->for_each([&](const Finding& f) {
    if (f.rule == "internal/check-failed") successful = false;
    if (!paths.of(f.path).relative.empty()) return;
    nlohmann::json notification = {{"level", sarif_level(f.severity)},
                                   {"message", {{"text", f.message}}},
                                   {"associatedRule", {{"id", f.rule}}}};
    if (auto it = rule_index.find(f.rule); it != rule_index.end()) notification["associatedRule"]["index"] = it->second;
    notifications.push_back(std::move(notification));
  });
  auto results = [&](const std::function<void(std::string_view)>& add) {
    SarifRenderer renderer(report);
    std::string scratch;
    report.findings->for_each([&](const Finding& f) {
      const std::string_view result = rendered_text(report, "sarif", renderer, f, scratch);
      if (!result.empty()) add(result);
    });
  };
  nlohmann::json invocation = {{"executionSuccessful", successful}};
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = notifications;
  nlohmann::json sarif = {
      {"$schema", "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       nlohmann::json::array({{
           {"tool",
            {{"driver",
              {{"name", "hlint"},
               {"version", report.version},
               {"semanticVersion", report.version},
               {"rules", rules}}}}},
           {"invocations", nlohmann::json::array({invocation})},
           {"automationDetails", {{"id", "hlint/"}}},
           {"originalUriBaseIds", {{"%SRCROOT%", {{"uri", directory_uri(report.repository_root)}}}}},
           {"columnKind", "utf16CodeUnits"},
           {"results", kResultsMarker},
       }})},
  };
  dump_with_streamed_array(out, sarif, kResultsMarker, results);
  out << '\n';
}

}  // namespace hlint

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "report/emitter.hpp"

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

}  // namespace

void emit_sarif(const Report& report, std::ostream& out) {
  nlohmann::json rules = nlohmann::json::array();
  std::map<std::string, std::size_t> rule_index;
  for (const auto& rule : report.registry->rules()) {
    rule_index[rule.info.id] = rules.size();
    std::string full = doc_section(rule.documentation, "What it does");
    if (full.empty()) full = rule.summary;
    rules.push_back({
        {"id", rule.info.id},
        {"name", rule.info.id},
        {"shortDescription", {{"text", rule.summary}}},
        {"fullDescription", {{"text", full}}},
        {"help", {{"text", rule.documentation}, {"markdown", rule.documentation}}},
        {"defaultConfiguration", {{"level", sarif_level(rule.info.default_severity)}}},
    });
  }
  nlohmann::json results = nlohmann::json::array();
  std::map<std::string, std::size_t> artifact_index;
  nlohmann::json artifacts = nlohmann::json::array();
  for (const Finding& f : *report.findings) {
    const std::string uri = path_to_uri(f.path);
    if (!artifact_index.count(uri)) {
      artifact_index[uri] = artifacts.size();
      artifacts.push_back({{"location", {{"uri", uri}, {"uriBaseId", "%SRCROOT%"}}}});
    }
    nlohmann::json physical = {
        {"artifactLocation", {{"uri", uri}, {"uriBaseId", "%SRCROOT%"}, {"index", artifact_index[uri]}}}};
    if (f.has_location) physical["region"] = region(f.location);
    nlohmann::json result = {
        {"ruleId", f.rule},
        {"level", sarif_level(f.severity)},
        {"message", {{"text", f.message}}},
        {"locations", nlohmann::json::array({{{"physicalLocation", physical}}})},
        {"partialFingerprints", {{"hlintFingerprint/v1", f.fingerprint}}},
    };
    if (auto it = rule_index.find(f.rule); it != rule_index.end()) result["ruleIndex"] = it->second;
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
    results.push_back(std::move(result));
  }
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
           {"automationDetails", {{"id", "hlint/"}}},
           {"originalUriBaseIds", {{"%SRCROOT%", {{"uri", report.source_root_uri}}}}},
           {"columnKind", "utf16CodeUnits"},
           {"artifacts", artifacts},
           {"results", results},
       }})},
  };
  out << sarif.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace hlint

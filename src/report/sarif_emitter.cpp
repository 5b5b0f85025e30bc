#include <fmt/format.h>

#include <charconv>
#include <cstdint>
#include <string_view>

#include <map>
#include <optional>
#include <nlohmann/json.hpp>

#include "report/emitter.hpp"
#include "report/json_writer.hpp"
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
// Where the results array's items sit in the report: {"runs": [{"results": [ITEM]}]}.
constexpr std::size_t kResultDepth = 4;

std::string_view sarif_level(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "note";
  }
  return "warning";
}

std::string non_empty(std::string text, std::string_view fallback) {
  if (text.find_first_not_of(" \t\n") == std::string::npos) text = std::string(fallback);
  return text;
}

// Each rule's index in tool.driver.rules, which results refer to.
std::map<std::string, std::size_t, std::less<>> rule_indexes(const CheckRegistry& registry) {
  std::map<std::string, std::size_t, std::less<>> indexes;
  for (const auto& rule : registry.rules()) indexes.emplace(rule.info.id, indexes.size());
  return indexes;
}

// A SARIF region: the six numbers (keys in nlohmann's sorted order).
void write_region(JsonWriter& w, const Location& l) {
  w.begin_object();
  w.key("byteLength").number(l.byte_end - l.byte_offset);
  w.key("byteOffset").number(l.byte_offset);
  w.key("endColumn").number(l.end.utf16_column);
  w.key("endLine").number(l.end.line);
  w.key("startColumn").number(l.start.utf16_column);
  w.key("startLine").number(l.start.line);
  w.end_object();
}

void write_artifact_location(JsonWriter& w, const std::string& uri) {
  w.begin_object();
  w.key("uri").string(uri);
  w.key("uriBaseId").string("%SRCROOT%");
  w.end_object();
}

void write_fixes(JsonWriter& w, const Finding& f, const std::string& uri) {
  w.begin_array().begin_object();
  w.key("artifactChanges").begin_array().begin_object();
  w.key("artifactLocation");
  write_artifact_location(w, uri);
  w.key("replacements").begin_array();
  for (const ResolvedEdit& edit : f.fix_edits) {
    w.begin_object();
    w.key("deletedRegion");
    write_region(w, edit.location);
    w.key("insertedContent").begin_object().key("text").string(edit.replacement).end_object();
    w.end_object();
  }
  w.end_array();
  w.end_object().end_array();
  w.key("description").begin_object().key("text").string(*f.fix_description).end_object();
  w.key("properties").begin_object().key("applicability").string(to_string(f.fix_applicability)).end_object();
  w.end_object().end_array();
}


// The members of a region inside a result's physicalLocation, and its
// closing brace: write_region's layout at that depth.
void append_region_members(std::string& out, const Location& l) {
  append_literal(out, "\n                  \"byteLength\": ");
  append_number(out, l.byte_end - l.byte_offset);
  append_literal(out, ",\n                  \"byteOffset\": ");
  append_number(out, l.byte_offset);
  append_literal(out, ",\n                  \"endColumn\": ");
  append_number(out, l.end.utf16_column);
  append_literal(out, ",\n                  \"endLine\": ");
  append_number(out, l.end.line);
  append_literal(out, ",\n                  \"startColumn\": ");
  append_number(out, l.start.utf16_column);
  append_literal(out, ",\n                  \"startLine\": ");
  append_number(out, l.start.line);
  append_literal(out, "\n                }");
}

// One SARIF result, in the layout of nlohmann's dump(2) that the format has
// always had (the same members in the same sorted order), already indented
// for its place in the report (depth kResultDepth = 4: the result's own
// members at 10 spaces). Written with plain appends of the constant text
// between the values: the shape never changes, and JsonWriter's bookkeeping
// per key and value cost more than the text (SARIF rendering cost 3 times
// JSON's). The fixes, which few findings have, still go through JsonWriter.
std::string render_result(const Finding& f, const std::string& uri, std::optional<std::size_t> rule_index,
                          bool baseline_applied) {
  static_assert(kResultDepth == 4, "the literals below are indented for depth 4");
  std::string out;
  out.reserve(1024);
  out.push_back('{');
  if (baseline_applied) append_literal(out, "\n          \"baselineState\": \"new\",");
  if (f.fix_description && !f.fix_edits.empty()) {
    append_literal(out, "\n          \"fixes\": ");
    JsonWriter w(out, JsonWriter::Layout::indented, kResultDepth + 1);
    write_fixes(w, f, uri);
    out.push_back(',');
  }
  append_literal(out, "\n          \"level\": \"");
  out.append(sarif_level(f.severity));
  append_literal(out, "\",\n          \"locations\": [\n            {\n              \"physicalLocation\": {\n                \"artifactLocation\": {\n                  \"uri\": ");
  append_json_string(out, uri);
  append_literal(out, ",\n                  \"uriBaseId\": \"%SRCROOT%\"\n                },\n                \"region\": {");
  // GitHub code scanning shows a result only with a region that has at
  // least a start line: a finding about a whole file (binary, empty,
  // unreadable) is shown on its first line.
  if (f.has_location)
    append_region_members(out, f.location);
  else
    append_literal(out, "\n                  \"startLine\": 1\n                }");
  append_literal(out, "\n              }\n            }\n          ],\n          \"message\": {\n            \"text\": ");
  append_json_string(out, f.message);
  append_literal(out, "\n          },\n          \"partialFingerprints\": {\n            \"hlintFingerprint/v1\": ");
  append_json_string(out, f.fingerprint);
  append_literal(out, "\n          },\n          \"ruleId\": ");
  append_json_string(out, f.rule);
  if (rule_index) {
    append_literal(out, ",\n          \"ruleIndex\": ");
    append_number(out, *rule_index);
  }
  append_literal(out, "\n        }");
  return out;
}

class SarifRenderer : public FindingRenderer {
 public:
  explicit SarifRenderer(const Report& settings)
      : rule_index_(rule_indexes(*settings.registry)), paths_(settings), baseline_applied_(settings.baseline_applied) {}

  // The result, as dump_item() writes it; empty for a finding of no file
  // (those are tool notifications, not results).
  std::string render(const Finding& f) override {
    const std::string& uri = paths_.of(f.path).uri;
    if (uri.empty()) return {};
    std::optional<std::size_t> index;
    if (auto it = rule_index_.find(f.rule); it != rule_index_.end()) index = it->second;
    return render_result(f, uri, index, baseline_applied_);
  }

 private:
  std::map<std::string, std::size_t, std::less<>> rule_index_;
  RepositoryPaths paths_;
  bool baseline_applied_;
};

}  // namespace

std::unique_ptr<FindingRenderer> make_sarif_renderer(const Report& settings) {
  return std::make_unique<SarifRenderer>(settings);
}

void emit_sarif(const Report& report, std::ostream& out) {
  nlohmann::json rules = nlohmann::json::array();
  const std::map<std::string, std::size_t, std::less<>> rule_index = rule_indexes(*report.registry);
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
  // finds them, when the spool's tally says there are any; the results are
  // streamed in a second.
  nlohmann::json notifications = nlohmann::json::array();
  const FindingTally& tally = report.findings->tally();
  const bool successful = tally.check_failures == 0;
  if (tally.without_path > 0) report.findings->for_each_summary([&](const Finding& f) {
    if (!f.path.empty()) return;
    nlohmann::json notification = {{"level", sarif_level(f.severity)},
                                   {"message", {{"text", f.message}}},
                                   {"associatedRule", {{"id", f.rule}}}};
    if (auto it = rule_index.find(f.rule); it != rule_index.end()) notification["associatedRule"]["index"] = it->second;
    notifications.push_back(std::move(notification));
  });
  auto results = [&](StreamedItems& items) {
    SarifRenderer renderer(report);
    for_each_rendered(
        report, "sarif", renderer,
        [&](const SpooledFinding&, std::string_view result, bool lasting) {
          if (result.empty()) return;
          lasting ? items.add_lasting(result) : items.add(result);
        },
        [&] { items.release(); });
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
  dump_with_streamed_items(out, sarif, kResultsMarker, results, kResultDepth);
  out << '\n';
}

}  // namespace hlint

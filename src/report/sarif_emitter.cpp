#include <fmt/format.h>

#include <map>
#include <optional>
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

// The six numbers of a SARIF region, reached through references kept when
// the region object was built (std::map nodes never move) and set per
// finding, so refilling a region allocates nothing.
class RegionObject {
 public:
  explicit RegionObject(nlohmann::json& object)
      : start_line_(number(object, "startLine")),
        start_column_(number(object, "startColumn")),
        end_line_(number(object, "endLine")),
        end_column_(number(object, "endColumn")),
        byte_offset_(number(object, "byteOffset")),
        byte_length_(number(object, "byteLength")) {}

  void set(const Location& l) {
    start_line_ = l.start.line;
    start_column_ = l.start.utf16_column;
    end_line_ = l.end.line;
    end_column_ = l.end.utf16_column;
    byte_offset_ = l.byte_offset;
    byte_length_ = l.byte_end - l.byte_offset;
  }

 private:
  // An unsigned number of `object` at `key`, set through the reference
  // (assigning a json value would build and swap in a temporary each time).
  static nlohmann::json::number_unsigned_t& number(nlohmann::json& object, const char* key) {
    nlohmann::json& value = object[key];
    if (!value.is_number_unsigned()) value = 0u;
    return value.get_ref<nlohmann::json::number_unsigned_t&>();
  }

  nlohmann::json::number_unsigned_t& start_line_;
  nlohmann::json::number_unsigned_t& start_column_;
  nlohmann::json::number_unsigned_t& end_line_;
  nlohmann::json::number_unsigned_t& end_column_;
  nlohmann::json::number_unsigned_t& byte_offset_;
  nlohmann::json::number_unsigned_t& byte_length_;
};

// A string value of `object` at `key`, created empty, for refilling in place
// (an assignment to the std::string keeps its capacity).
std::string& text_slot(nlohmann::json& object, const char* key) {
  return (object[key] = std::string()).get_ref<std::string&>();
}

// One SARIF result object, built once and refilled for every finding (as the
// JSON format's FindingObject is): building a fresh object per finding, a map
// node and a key string per member, cost more than writing it.
class ResultObject {
 public:
  explicit ResultObject(bool baseline_applied)
      : rule_id_(text_slot(object_, "ruleId")),
        level_(text_slot(object_, "level")),
        message_(text_slot(object_["message"], "text")),
        fingerprint_(text_slot(object_["partialFingerprints"], "hlintFingerprint/v1")),
        physical_(physical_location()),
        uri_(text_slot(physical_["artifactLocation"], "uri")),
        region_(physical_["region"]),
        fix_description_(text_slot(fix_object()["description"], "text")),
        fix_applicability_(text_slot(fix_object()["properties"], "applicability")),
        fix_uri_(text_slot(artifact_change()["artifactLocation"], "uri")),
        replacements_(artifact_change()["replacements"] = nlohmann::json::array()) {
    physical_["artifactLocation"]["uriBaseId"] = "%SRCROOT%";
    artifact_change()["artifactLocation"]["uriBaseId"] = "%SRCROOT%";
    if (baseline_applied) object_["baselineState"] = "new";
  }
  ResultObject(const ResultObject&) = delete;
  ResultObject& operator=(const ResultObject&) = delete;

  // The result of `f`, as dump_item() writes it.
  std::string dump(const Finding& f, const std::string& uri, std::optional<std::size_t> rule_index) {
    rule_id_ = f.rule;
    level_ = sarif_level(f.severity);
    message_ = f.message;
    fingerprint_ = f.fingerprint;
    uri_ = uri;
    if (rule_index)
      object_["ruleIndex"] = *rule_index;
    else
      object_.erase("ruleIndex");
    // GitHub code scanning shows a result only with a region that has at
    // least a start line: a finding about a whole file (binary, empty,
    // unreadable) is shown on its first line. That region is swapped in for
    // the dump (swapping moves no map node, so the references stay good).
    nlohmann::json& region = physical_["region"];
    if (f.has_location) region_.set(f.location);
    else region.swap(whole_file_region_);
    const bool has_fix = f.fix_description && !f.fix_edits.empty();
    if (has_fix) {
      fill_fix(f, uri);
      object_["fixes"].swap(fixes_);
    }
    std::string dumped = dump_item(object_);
    if (has_fix) {
      object_["fixes"].swap(fixes_);
      object_.erase("fixes");
    }
    if (!f.has_location) region.swap(whole_file_region_);
    return dumped;
  }

 private:
  nlohmann::json& physical_location() {
    nlohmann::json& locations = object_["locations"] = nlohmann::json::array({nlohmann::json::object()});
    return locations[0]["physicalLocation"];
  }
  nlohmann::json& fix_object() {
    if (fixes_.is_null()) fixes_ = nlohmann::json::array({nlohmann::json::object()});
    return fixes_[0];
  }
  nlohmann::json& artifact_change() {
    nlohmann::json& changes = fix_object()["artifactChanges"];
    if (changes.is_null()) changes = nlohmann::json::array({nlohmann::json::object()});
    return changes[0];
  }

  void fill_fix(const Finding& f, const std::string& uri) {
    fix_description_ = *f.fix_description;
    fix_applicability_ = to_string(f.fix_applicability);
    fix_uri_ = uri;
    auto& replacements = replacements_.get_ref<nlohmann::json::array_t&>();
    replacements.resize(f.fix_edits.size());
    for (std::size_t i = 0; i < f.fix_edits.size(); ++i) {
      nlohmann::json& replacement = replacements[i];
      RegionObject(replacement["deletedRegion"]).set(f.fix_edits[i].location);
      nlohmann::json& inserted = replacement["insertedContent"]["text"];
      if (!inserted.is_string()) inserted = std::string();
      inserted.get_ref<std::string&>() = f.fix_edits[i].replacement;
    }
  }

  // Declared first: the references below point into these.
  nlohmann::json object_;
  nlohmann::json fixes_;  // swapped into object_ for a finding with a fix
  nlohmann::json whole_file_region_ = {{"startLine", 1}};
  std::string& rule_id_;
  std::string& level_;
  std::string& message_;
  std::string& fingerprint_;
  nlohmann::json& physical_;
  std::string& uri_;
  RegionObject region_;
  std::string& fix_description_;
  std::string& fix_applicability_;
  std::string& fix_uri_;
  nlohmann::json& replacements_;
};

class SarifRenderer : public FindingRenderer {
 public:
  explicit SarifRenderer(const Report& settings)
      : rule_index_(rule_indexes(*settings.registry)), paths_(settings), result_(settings.baseline_applied) {}

  // The result, as dump_item() writes it; empty for a finding of no file
  // (those are tool notifications, not results).
  std::string render(const Finding& f) override {
    const std::string& uri = paths_.of(f.path).uri;
    if (uri.empty()) return {};
    std::optional<std::size_t> index;
    if (auto it = rule_index_.find(f.rule); it != rule_index_.end()) index = it->second;
    return result_.dump(f, uri, index);
  }

 private:
  std::map<std::string, std::size_t, std::less<>> rule_index_;
  RepositoryPaths paths_;
  ResultObject result_;
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
  // finds them; the results are streamed in a second.
  nlohmann::json notifications = nlohmann::json::array();
  bool successful = true;
  RepositoryPaths paths(report);
  report.findings->for_each_summary([&](const Finding& f) {
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

#include <nlohmann/json.hpp>

#include "report/emitter.hpp"

namespace hlint {

namespace {

constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

// One finding's JSON object, built once and refilled for every finding:
// building a fresh object per finding (a map node per key) cost more than
// writing it. Pointers into the object stay valid (std::map nodes never move).
class FindingObject {
 public:
  FindingObject() {
    for (const char* key : {"path", "rule", "severity", "message", "fingerprint"}) object_[key] = std::string();
    for (const char* key : {"byte_offset", "byte_end"}) object_[key] = std::size_t{0};
    for (const char* side : {"start", "end"})
      for (const char* key : {"line", "column", "utf16_column", "byte_column"}) object_[side][key] = std::uint32_t{0};
  }

  const nlohmann::json& fill(const Finding& f) {
    text("path") = f.path;
    text("rule") = f.rule;
    text("severity") = to_string(f.severity);
    text("message") = f.message;
    text("fingerprint") = f.fingerprint;
    object_["byte_offset"] = f.location.byte_offset;
    object_["byte_end"] = f.location.byte_end;
    position(object_["start"], f.location.start);
    position(object_["end"], f.location.end);
    object_.erase("fix");
    if (f.fix_description) {
      nlohmann::json edits = nlohmann::json::array();
      for (const auto& e : f.fix_edits) {
        nlohmann::json edit = {{"replacement", e.replacement}};
        position(edit["start"], e.location.start);
        position(edit["end"], e.location.end);
        edits.push_back(std::move(edit));
      }
      object_["fix"] = {{"description", *f.fix_description}, {"edits", std::move(edits)}};
    }
    return object_;
  }

 private:
  std::string& text(const char* key) { return object_[key].get_ref<std::string&>(); }
  static void position(nlohmann::json& into, const Position& p) {
    into["line"] = p.line;
    into["column"] = p.column;
    into["utf16_column"] = p.utf16_column;
    into["byte_column"] = p.byte_column;
  }

  nlohmann::json object_;
};

}  // namespace

// Shape (documented in the README, stable): {"version", "files", "findings":
// [{"path","rule","severity","message","start":{...},"end":{...},
// "byte_offset","byte_end","fingerprint","fix"?}]}
void emit_json(const Report& report, std::ostream& out) {
  // Written one finding at a time (one per line), as the spool is read.
  out << "{\n  \"version\": " << nlohmann::json(report.version).dump() << ",\n  \"files\": " << report.files
      << ",\n  \"findings\": [";
  bool first = true;
  FindingObject object;
  report.findings->for_each([&](const Finding& f) {
    out << (first ? "\n    " : ",\n    ") << object.fill(f).dump(-1, ' ', false, kReplace);
    first = false;
  });
  out << (first ? "]\n}\n" : "\n  ]\n}\n");
}

}  // namespace hlint

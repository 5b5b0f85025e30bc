#include <nlohmann/json.hpp>

#include "report/emitter.hpp"

namespace hlint {

namespace {
nlohmann::json position(const Position& p) {
  return {{"line", p.line}, {"column", p.column}, {"utf16_column", p.utf16_column}, {"byte_column", p.byte_column}};
}
}  // namespace

// Shape (documented in the README, stable): {"version", "files", "findings":
// [{"path","rule","severity","message","start":{...},"end":{...},
// "byte_offset","byte_end","fingerprint","fix"?}]}
void emit_json(const Report& report, std::ostream& out) {
  // Written one finding at a time (one per line): a DOM of a million
  // findings would cost several KB each.
  out << "{\n  \"version\": " << nlohmann::json(report.version).dump() << ",\n  \"files\": " << report.files
      << ",\n  \"findings\": [";
  bool first = true;
  report.findings->for_each([&](const Finding& f) {
    nlohmann::json item = {
        {"path", f.path},
        {"rule", f.rule},
        {"severity", to_string(f.severity)},
        {"message", f.message},
        {"start", position(f.location.start)},
        {"end", position(f.location.end)},
        {"byte_offset", f.location.byte_offset},
        {"byte_end", f.location.byte_end},
        {"fingerprint", f.fingerprint},
    };
    if (f.fix_description) {
      nlohmann::json edits = nlohmann::json::array();
      for (const auto& e : f.fix_edits)
        edits.push_back({{"start", position(e.location.start)}, {"end", position(e.location.end)},
                         {"replacement", e.replacement}});
      item["fix"] = {{"description", *f.fix_description}, {"edits", edits}};
    }
    out << (first ? "\n    " : ",\n    ") << item.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    first = false;
  });
  out << (first ? "]\n}\n" : "\n  ]\n}\n");
}

}  // namespace hlint

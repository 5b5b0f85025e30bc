#include <nlohmann/json.hpp>

#include "report/emitter.hpp"

namespace hlint {

namespace {

constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

// One finding's JSON object, built once and refilled for every finding:
// building a fresh object per finding (a map node per key) cost more than
// writing it. The object's values are reached through pointers kept at
// construction (std::map nodes never move), not looked up by key each time.
class FindingObject {
 public:
  FindingObject()
      : path_(text("path")),
        rule_(text("rule")),
        severity_(text("severity")),
        message_(text("message")),
        fingerprint_(text("fingerprint")),
        byte_offset_(number(object_, "byte_offset")),
        byte_end_(number(object_, "byte_end")),
        start_(position("start")),
        end_(position("end")),
        fix_description_((fix_["description"] = std::string()).get_ref<std::string&>()),
        fix_edits_(fix_["edits"] = nlohmann::json::array()),
        document_health_((document_["health_information"] = false).get_ref<bool&>()),
        document_advertisement_((document_["advertisement"] = false).get_ref<bool&>()) {}
  FindingObject(const FindingObject&) = delete;
  FindingObject& operator=(const FindingObject&) = delete;

  // The finding as JsonRenderer writes it (one line).
  std::string dump(const Finding& f) {
    path_ = f.path;
    rule_ = f.rule;
    severity_ = to_string(f.severity);
    message_ = f.message;
    fingerprint_ = f.fingerprint;
    byte_offset_ = f.location.byte_offset;
    byte_end_ = f.location.byte_end;
    start_.set(f.location.start);
    end_.set(f.location.end);
    // `document`: what the finding's document is, when the linter knew it.
    if (f.document_kind >= 0) {
      document_health_ = (f.document_kind & 1) != 0;
      document_advertisement_ = (f.document_kind & 2) != 0;
      object_["document"].swap(document_);
    }
    struct RestoreDocument {
      FindingObject& self;
      bool present;
      ~RestoreDocument() {
        if (!present) return;
        self.object_["document"].swap(self.document_);
        self.object_.erase("document");
      }
    } restore{*this, f.document_kind >= 0};
    if (!f.fix_description) return object_.dump(-1, ' ', false, kReplace);
    // The fix is refilled aside and swapped in for the dump: swapping moves
    // no map node, so neither object's references go stale.
    fill_fix(f);
    nlohmann::json& fix = object_["fix"];
    fix.swap(fix_);
    std::string dumped = object_.dump(-1, ' ', false, kReplace);
    fix.swap(fix_);
    object_.erase("fix");
    return dumped;
  }

 private:
  void fill_fix(const Finding& f) {
    fix_description_ = *f.fix_description;
    auto& edits = fix_edits_.get_ref<nlohmann::json::array_t&>();
    edits.resize(f.fix_edits.size());
    for (std::size_t i = 0; i < f.fix_edits.size(); ++i) {
      const ResolvedEdit& from = f.fix_edits[i];
      nlohmann::json& edit = edits[i];
      nlohmann::json& replacement = edit["replacement"];
      if (!replacement.is_string()) replacement = std::string();
      replacement.get_ref<std::string&>() = from.replacement;
      PositionObject(edit["start"]).set(from.location.start);
      PositionObject(edit["end"]).set(from.location.end);
    }
  }

  // An unsigned number of `object` at `key`, set through the reference
  // (assigning a json value would build and swap in a temporary each time).
  static nlohmann::json::number_unsigned_t& number(nlohmann::json& object, const char* key) {
    nlohmann::json& value = object[key];
    if (!value.is_number_unsigned()) value = 0u;
    return value.get_ref<nlohmann::json::number_unsigned_t&>();
  }

  struct PositionObject {
    explicit PositionObject(nlohmann::json& object)
        : line(number(object, "line")),
          column(number(object, "column")),
          utf16_column(number(object, "utf16_column")),
          byte_column(number(object, "byte_column")) {}
    void set(const Position& p) {
      line = p.line;
      column = p.column;
      utf16_column = p.utf16_column;
      byte_column = p.byte_column;
    }
    nlohmann::json::number_unsigned_t& line;
    nlohmann::json::number_unsigned_t& column;
    nlohmann::json::number_unsigned_t& utf16_column;
    nlohmann::json::number_unsigned_t& byte_column;
  };

  std::string& text(const char* key) { return (object_[key] = std::string()).get_ref<std::string&>(); }
  PositionObject position(const char* key) { return PositionObject(object_[key]); }

  // Declared first: the references below point into them.
  nlohmann::json object_;
  nlohmann::json fix_;  // {"description", "edits"}: swapped into object_ for a finding with a fix
  std::string& path_;
  std::string& rule_;
  std::string& severity_;
  std::string& message_;
  std::string& fingerprint_;
  nlohmann::json::number_unsigned_t& byte_offset_;
  nlohmann::json::number_unsigned_t& byte_end_;
  PositionObject start_;
  PositionObject end_;
  std::string& fix_description_;
  nlohmann::json& fix_edits_;
  nlohmann::json document_ = nlohmann::json::object();  // {"health_information", "advertisement"}: swapped in
  bool& document_health_;
  bool& document_advertisement_;
};

class JsonRenderer : public FindingRenderer {
 public:
  std::string render(const Finding& f) override { return object_.dump(f); }

 private:
  FindingObject object_;
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
  JsonRenderer renderer;
  std::string scratch;
  report.findings->for_each([&](const Finding& f) {
    out << (first ? "\n    " : ",\n    ") << rendered_text(report, "json", renderer, f, scratch);
    first = false;
  });
  out << (first ? "]\n}\n" : "\n  ]\n}\n");
}

}  // namespace hlint

namespace hlint {

std::unique_ptr<FindingRenderer> make_json_renderer(const Report&) { return std::make_unique<JsonRenderer>(); }

}  // namespace hlint

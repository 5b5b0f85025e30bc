#include "report/block_writer.hpp"
#include "report/emitter.hpp"
#include "report/json_writer.hpp"

#include <charconv>
#include <cstdint>
#include <string>

namespace hlint {

namespace {

// Compact JSON written with plain appends (append_literal, append_number): the
// output is exactly the JsonWriter's compact layout (`"key":value`, `,`
// between members, no spaces).

void append_position(std::string& out, const Position& p) {
  append_literal(out, "{\"byte_column\":");
  append_number(out, p.byte_column);
  append_literal(out, ",\"column\":");
  append_number(out, p.column);
  append_literal(out, ",\"line\":");
  append_number(out, p.line);
  append_literal(out, ",\"utf16_column\":");
  append_number(out, p.utf16_column);
  out.push_back('}');
}

// Keys in alphabetical order, the order the format has always had (it was
// once a std::map-backed document), so the output stays byte for byte the same.
void append_fix(std::string& out, const Finding& f) {
  append_literal(out, "{\"applicability\":");
  append_json_string(out, to_string(f.fix_applicability));
  append_literal(out, ",\"description\":");
  append_json_string(out, *f.fix_description);
  append_literal(out, ",\"edits\":[");
  for (std::size_t i = 0; i < f.fix_edits.size(); ++i) {
    const ResolvedEdit& edit = f.fix_edits[i];
    if (i > 0) out.push_back(',');
    append_literal(out, "{\"byte_end\":");
    append_number(out, edit.location.byte_end);
    append_literal(out, ",\"byte_offset\":");
    append_number(out, edit.location.byte_offset);
    append_literal(out, ",\"end\":");
    append_position(out, edit.location.end);
    append_literal(out, ",\"replacement\":");
    append_json_string(out, edit.replacement);
    append_literal(out, ",\"start\":");
    append_position(out, edit.location.start);
    out.push_back('}');
  }
  append_literal(out, "]}");
}

// One finding on one line, written straight into the output text (no
// document object is built per finding).
class JsonRenderer : public FindingRenderer {
 public:
  std::string render(const Finding& f) override {
    // Room for the whole line, so that it is one allocation: about 330 bytes
    // of keys, numbers and fingerprint, the strings (escaping rarely adds
    // to them) and the fix.
    std::size_t fix_size = 0;
    if (f.fix_description) {
      fix_size = 128 + f.fix_description->size();
      for (const ResolvedEdit& edit : f.fix_edits) fix_size += 256 + edit.replacement.size();
    }
    std::string out;
    out.reserve(384 + f.message.size() + f.path.size() + f.rule.size() + fix_size);
    append_literal(out, "{\"byte_end\":");
    append_number(out, f.location.byte_end);
    append_literal(out, ",\"byte_offset\":");
    append_number(out, f.location.byte_offset);
    // `document`: what the finding's document is, when the linter knew it.
    if (f.document_kind >= 0) {
      append_literal(out, ",\"document\":{\"advertisement\":");
      if ((f.document_kind & 2) != 0)
        append_literal(out, "true");
      else
        append_literal(out, "false");
      append_literal(out, ",\"health_information\":");
      if ((f.document_kind & 1) != 0)
        append_literal(out, "true}");
      else
        append_literal(out, "false}");
    }
    append_literal(out, ",\"end\":");
    append_position(out, f.location.end);
    append_literal(out, ",\"fingerprint\":");
    append_json_string(out, f.fingerprint);
    if (f.fix_description) {
      append_literal(out, ",\"fix\":");
      append_fix(out, f);
    }
    append_literal(out, ",\"message\":");
    append_json_string(out, f.message);
    append_literal(out, ",\"path\":");
    append_json_string(out, f.path);
    append_literal(out, ",\"rule\":");
    append_json_string(out, f.rule);
    append_literal(out, ",\"severity\":");
    append_json_string(out, to_string(f.severity));
    append_literal(out, ",\"start\":");
    append_position(out, f.location.start);
    out.push_back('}');
    return out;
  }
};

}  // namespace

// Shape (stable, docs/model.md): {"version", "files", "findings":
// [{"path","rule","severity","message","start":{...},"end":{...},
// "byte_offset","byte_end","fingerprint","fix"?,"document"?}]}
void emit_json(const Report& report, std::ostream& out) {
  // Written one finding at a time (one per line), as the spool is read.
  std::string version;
  append_json_string(version, report.version);
  out << "{\n  \"version\": " << version << ",\n  \"files\": " << report.files << ",\n  \"findings\": [";
  bool first = true;
  JsonRenderer renderer;
  BlockWriter writer(out);
  for_each_rendered(
      report, "json", renderer,
      [&](const SpooledFinding&, std::string_view text, bool lasting) {
        writer.append(first ? "\n    " : ",\n    ");
        lasting ? writer.append_lasting(text) : writer.append(text);
        first = false;
      },
      [&] { writer.flush(); });
  writer.flush();
  out << (first ? "]\n}\n" : "\n  ]\n}\n");
}

std::unique_ptr<FindingRenderer> make_json_renderer(const Report&) { return std::make_unique<JsonRenderer>(); }

}  // namespace hlint

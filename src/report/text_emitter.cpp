#include <fmt/format.h>

#include <map>
#include <sstream>

#include "core/utf8.hpp"
#include "report/emitter.hpp"

namespace hlint {

namespace {

struct Style {
  bool on;
  std::string paint(std::string_view code, std::string_view text) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
  }
};

std::string_view severity_color(Severity s) {
  switch (s) {
    case Severity::error: return "1;31";
    case Severity::warning: return "1;33";
    case Severity::info: return "1;36";
  }
  return "0";
}

// Display columns of line[0, byte_end): full-width CJK characters take two
// cells, so the caret lines up under Chinese text in a terminal.
std::size_t display_width(std::string_view line, std::size_t byte_end) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < line.size() && i < byte_end;) {
    const auto d = utf8::decode(line, i);
    width += d.code_point == '\t' ? 4 : static_cast<std::size_t>(utf8::display_width(d.code_point));
    i += d.length;
  }
  return width;
}

std::string expand_tabs(std::string_view line) {
  std::string out;
  for (char c : line) {
    if (c == '\t')
      out += "    ";
    else
      out.push_back(c);
  }
  return out;
}

// The finding's header line, its source line with the span underlined, the
// fix if there is one, and a blank line.
class TextRenderer : public FindingRenderer {
 public:
  explicit TextRenderer(const Report& settings) : style_{settings.color} {}

  std::string render(const Finding& f) override {
    const Style& style = style_;
    std::ostringstream out;
    out << style.paint("1", fmt::format("{}:{}:{}:", f.path, f.location.start.line, f.location.start.column)) << ' '
        << style.paint(severity_color(f.severity), fmt::format("{}[{}]", to_string(f.severity), f.rule)) << ' '
        << f.message << '\n';
    if (f.has_location && !f.source_line.empty()) {
      const std::string gutter(std::to_string(f.location.start.line).size(), ' ');
      const std::string_view line = f.source_line;
      // Byte range of the span on this line (the start line only); a long
      // line is shown as a window around the span, marked with `…`.
      const std::size_t shift = f.source_line_offset;
      auto in_window = [&](std::size_t byte_column) {
        const std::size_t at = byte_column - 1;
        return std::min<std::size_t>(at > shift ? at - shift : 0, line.size());
      };
      const std::size_t begin = in_window(f.location.start.byte_column);
      std::size_t end = f.location.end.line == f.location.start.line ? in_window(f.location.end.byte_column)
                                                                     : line.size();
      end = std::max(end, begin);
      const std::string_view lead = shift > 0 ? "…" : "";
      const std::size_t pad = display_width(line, begin) + (shift > 0 ? 1 : 0);
      const std::size_t width = std::max<std::size_t>(1, display_width(line, end) + (shift > 0 ? 1 : 0) - pad);
      out << style.paint("1;34", fmt::format("{} |", gutter)) << '\n';
      out << style.paint("1;34", fmt::format("{} |", f.location.start.line)) << ' ' << lead << expand_tabs(line)
          << (f.source_line_cut ? "…" : "") << '\n';
      out << style.paint("1;34", fmt::format("{} |", gutter)) << ' ' << std::string(pad, ' ')
          << style.paint(severity_color(f.severity), std::string(width, '^')) << '\n';
      if (f.fix_description)
        out << style.paint("1;34", fmt::format("{} =", gutter)) << ' ' << style.paint("1", "fix") << ": "
            << *f.fix_description << '\n';
    }
    out << '\n';
    return std::move(out).str();
  }

 private:
  Style style_;
};

}  // namespace

std::unique_ptr<FindingRenderer> make_text_renderer(const Report& settings) {
  return std::make_unique<TextRenderer>(settings);
}

void emit_text(const Report& report, std::ostream& out) {
  const Style style{report.color};
  TextRenderer renderer(report);
  std::string scratch;
  std::map<std::string, std::size_t> by_rule;
  std::size_t counts[3] = {0, 0, 0};
  // Findings come sorted by path: counting path changes counts files.
  std::size_t files_with_findings = 0;
  std::string last_path;
  report.findings->for_each([&](const Finding& f) {
    ++by_rule[f.rule];
    ++counts[static_cast<int>(f.severity)];
    if (files_with_findings == 0 || f.path != last_path) {
      ++files_with_findings;
      last_path = f.path;
    }
    out << rendered_text(report, "text", renderer, f, scratch);
  });
  // What --baseline and --since left out, so a short report is not mistaken
  // for a clean corpus.
  auto filtered_note = [&] {
    if (report.baseline_applied)
      out << fmt::format("{} finding{} matched the baseline and {} not shown.\n", report.baseline_matched,
                         report.baseline_matched == 1 ? "" : "s", report.baseline_matched == 1 ? "is" : "are");
    if (!report.since_revision.empty())
      out << fmt::format("{} finding{} on lines unchanged since {} {} not shown.\n", report.outside_changes,
                         report.outside_changes == 1 ? "" : "s", report.since_revision,
                         report.outside_changes == 1 ? "is" : "are");
  };
  if (report.findings->empty()) {
    out << fmt::format("No findings in {} file{}.\n", report.files, report.files == 1 ? "" : "s");
    filtered_note();
    return;
  }
  out << style.paint("1", "Findings by rule:") << '\n';
  for (const auto& [rule, count] : by_rule) out << fmt::format("  {:>5}  {}\n", count, rule);
  out << fmt::format("{} finding{} ({} error{}, {} warning{}, {} info) in {} of {} file{}.\n",
                     report.findings->size(), report.findings->size() == 1 ? "" : "s", counts[2],
                     counts[2] == 1 ? "" : "s", counts[1], counts[1] == 1 ? "" : "s", counts[0],
                     files_with_findings, report.files, report.files == 1 ? "" : "s");
  filtered_note();
}

}  // namespace hlint

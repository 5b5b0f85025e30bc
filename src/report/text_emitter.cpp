#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/utf8.hpp"
#include "report/block_writer.hpp"
#include "report/emitter.hpp"
#include "report/terminal_text.hpp"

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

using Buffer = std::string;

void append(Buffer& out, std::string_view text) { out.append(text); }
void append(Buffer& out, std::size_t number) {
  const fmt::format_int digits(number);
  out.append(digits.data(), digits.size());
}
void append_repeated(Buffer& out, char c, std::size_t count) { out.append(count, c); }

// Writes a painted piece straight into the finding's buffer: the escape that
// starts `code`'s style, then (after the caller wrote the text) the reset.
struct Paint {
  Paint(Buffer& out, bool on, std::string_view code) : out_(out), on_(on) {
    if (on_) {
      append(out_, "\x1b[");
      append(out_, code);
      out_.push_back('m');
    }
  }
  ~Paint() {
    if (on_) append(out_, "\x1b[0m");
  }
  Paint(const Paint&) = delete;
  Paint& operator=(const Paint&) = delete;

 private:
  Buffer& out_;
  bool on_;
};

// Display columns of a code point in the source line: full-width CJK
// characters take two cells, so the caret lines up under Chinese text in a
// terminal; a tab is shown as four spaces.
std::size_t cell_width(char32_t cp) {
  return cp == '\t' ? 4 : static_cast<std::size_t>(utf8::display_width(cp));
}

// Display columns of line[0, begin) and of line[0, end), end >= begin, in
// one pass over the line (a code point counts when it starts before the end).
struct Columns {
  std::size_t to_begin = 0;
  std::size_t to_end = 0;
};
Columns display_columns(std::string_view line, std::size_t begin, std::size_t end) {
  Columns columns;
  std::size_t i = 0;
  auto measure_to = [&](std::size_t stop, std::size_t width) {
    for (stop = std::min(stop, line.size()); i < stop;) {
      // Most of a Chinese line is printable ASCII or common Han (two
      // columns), told from the bytes without decoding.
      const auto lead = static_cast<unsigned char>(line[i]);
      if (lead >= 0x20 && lead < 0x7F) {
        ++width;
        ++i;
        continue;
      }
      if (utf8::starts_common_han(line, i)) {
        width += 2;
        i += 3;
        continue;
      }
      const auto d = utf8::decode(line, i);
      width += cell_width(d.code_point);
      i += d.length;
    }
    return width;
  };
  columns.to_begin = measure_to(begin, 0);
  columns.to_end = measure_to(end, columns.to_begin);
  return columns;
}

// The line with each tab shown as four spaces.
void append_expanding_tabs(Buffer& out, std::string_view line) {
  for (std::size_t tab; (tab = line.find('\t')) != std::string_view::npos; line.remove_prefix(tab + 1)) {
    append(out, line.substr(0, tab));
    append(out, "    ");
  }
  append(out, line);
}

// The finding's header line, its source line with the span underlined, the
// fix if there is one, and a blank line.
class TextRenderer : public FindingRenderer {
 public:
  explicit TextRenderer(const Report& settings) : color_(settings.color) {}

  std::string render(const Finding& f) override {
    // Plain appends rather than format strings: this runs for every finding.
    Buffer out;
    // Room for the lines without growing: the source line may be written
    // with tabs expanded, the rest is short.
    out.reserve(256 + f.path.size() + f.rule.size() + f.message.size() + 2 * f.source_line.size() +
                (f.fix_description ? f.fix_description->size() : 0));
    const std::string_view color = severity_color(f.severity);
    {
      Paint bold(out, color_, "1");
      append_terminal_safe(out, f.path);
      out.push_back(':');
      append(out, std::size_t{f.location.start.line});
      out.push_back(':');
      append(out, std::size_t{f.location.start.column});
      out.push_back(':');
    }
    out.push_back(' ');
    {
      Paint severity(out, color_, color);
      append(out, to_string(f.severity));
      out.push_back('[');
      append(out, f.rule);
      out.push_back(']');
    }
    out.push_back(' ');
    append_terminal_safe(out, f.message);
    out.push_back('\n');
    if (f.has_location && !f.source_line.empty()) {
      const fmt::format_int line_number(f.location.start.line);
      const std::size_t gutter = line_number.size();
      const std::string_view raw_line = f.source_line;
      // Byte range of the span on this line (the start line only); a long
      // line is shown as a window around the span, marked with `…`.
      const std::size_t shift = f.source_line_offset;
      auto in_window = [&](std::size_t byte_column) {
        const std::size_t at = byte_column - 1;
        return std::min<std::size_t>(at > shift ? at - shift : 0, raw_line.size());
      };
      std::size_t begin = in_window(f.location.start.byte_column);
      std::size_t end = f.location.end.line == f.location.start.line ? in_window(f.location.end.byte_column)
                                                                     : raw_line.size();
      end = std::max(end, begin);
      // Control characters are shown escaped (`\x1b`): escaped piece by
      // piece, so that the underline still starts and ends at the span.
      std::string safe_line;
      std::string_view line = raw_line;
      if (!is_terminal_safe(raw_line, /*keep_tabs=*/true)) {
        const std::size_t safe_begin = append_terminal_safe(safe_line, raw_line.substr(0, begin), true);
        const std::size_t safe_span = append_terminal_safe(safe_line, raw_line.substr(begin, end - begin), true);
        append_terminal_safe(safe_line, raw_line.substr(end), true);
        begin = safe_begin;
        end = safe_begin + safe_span;
        line = safe_line;
      }
      const std::size_t lead = shift > 0 ? 1 : 0;  // the `…` takes one column
      const Columns columns = display_columns(line, begin, end);
      const std::size_t pad = columns.to_begin + lead;
      const std::size_t width = std::max<std::size_t>(1, columns.to_end + lead - pad);
      auto gutter_mark = [&](char mark) {
        Paint blue(out, color_, "1;34");
        append_repeated(out, ' ', gutter);
        out.push_back(' ');
        out.push_back(mark);
      };
      gutter_mark('|');
      out.push_back('\n');
      {
        Paint blue(out, color_, "1;34");
        append(out, std::string_view(line_number.data(), line_number.size()));
        append(out, " |");
      }
      out.push_back(' ');
      if (lead) append(out, "…");
      append_expanding_tabs(out, line);
      if (f.source_line_cut) append(out, "…");
      out.push_back('\n');
      gutter_mark('|');
      out.push_back(' ');
      append_repeated(out, ' ', pad);
      {
        Paint caret(out, color_, color);
        append_repeated(out, '^', width);
      }
      out.push_back('\n');
      if (f.fix_description) {
        gutter_mark('=');
        out.push_back(' ');
        {
          Paint bold(out, color_, "1");
          append(out, "fix");
        }
        append(out, ": ");
        append_terminal_safe(out, *f.fix_description);
        out.push_back('\n');
      }
    }
    out.push_back('\n');
    return out;
  }

 private:
  bool color_;
};

}  // namespace

std::unique_ptr<FindingRenderer> make_text_renderer(const Report& settings) {
  return std::make_unique<TextRenderer>(settings);
}

void emit_text(const Report& report, std::ostream& out) {
  const Style style{report.color};
  TextRenderer renderer(report);
  std::map<std::string, std::size_t, std::less<>> by_rule;
  std::size_t counts[3] = {0, 0, 0};
  // Findings come sorted by path: counting path changes counts files.
  std::size_t files_with_findings = 0;
  std::string last_path;
  BlockWriter writer(out);
  for_each_rendered(
      report, "text", renderer,
      [&](const SpooledFinding& f, std::string_view text, bool lasting) {
    if (auto it = by_rule.find(f.rule); it != by_rule.end())
      ++it->second;
    else
      by_rule.emplace(std::string(f.rule), 1);
    ++counts[static_cast<int>(f.severity)];
    if (files_with_findings == 0 || f.path != last_path) {
      ++files_with_findings;
      last_path = f.path;
    }
    lasting ? writer.append_lasting(text) : writer.append(text);
      },
      [&] { writer.flush(); });
  writer.flush();
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
  // Five columns, or as wide as the largest count past 99,999.
  std::size_t count_width = 5;
  for (const auto& [rule, count] : by_rule) count_width = std::max(count_width, fmt::formatted_size("{}", count));
  for (const auto& [rule, count] : by_rule) out << fmt::format("  {:>{}}  {}\n", count, count_width, rule);
  out << fmt::format("{} finding{} ({} error{}, {} warning{}, {} info) in {} of {} file{}.\n",
                     report.findings->size(), report.findings->size() == 1 ? "" : "s", counts[2],
                     counts[2] == 1 ? "" : "s", counts[1], counts[1] == 1 ? "" : "s", counts[0],
                     files_with_findings, report.files, report.files == 1 ? "" : "s");
  filtered_note();
}

}  // namespace hlint

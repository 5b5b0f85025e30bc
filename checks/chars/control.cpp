// chars/control: C0/C1 control characters (other than tab and line breaks)
// and private-use characters in the text.
#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "chars/chars_scope.hpp"
#include "chars/latin1_mojibake.hpp"
#include "core/check.hpp"
#include "core/utf8.hpp"

namespace hlint {

namespace {

enum class Kind { none, control, private_use };

Kind kind_of(char32_t cp) {
  if (chars::is_control(cp)) return Kind::control;
  if (chars::is_private_use(cp)) return Kind::private_use;
  return Kind::none;
}

bool is_c1(char32_t cp) { return cp >= 0x80 && cp <= 0x9F; }

class ControlCheck : public Check {
 public:
  // The fix restores what the author wrote (see docs/fixing.md).
  static constexpr Applicability kFix = Applicability::safe;
  static CheckInfo info() {
    return {"chars/control", Severity::warning, {{"max-per-file", OptionType::integer, "20", "report at most this many runs per file, then one summary finding"}}, false};
  }
  explicit ControlCheck(const CheckOptions& options) : max_per_file_(options.get_int("max-per-file", 20)) {}

  void check(const Document& doc, Reporter& out) const override {
    chars::CappedReporter capped(out, max_per_file_, "runs of control or private-use characters");
    for (const chars::Segment& segment : doc.analysis<chars::CharsScope>().segments())
      if (segment.rare.control) check_segment(segment, capped);
    capped.finish();
  }

 private:
  struct Run {
    Kind kind = Kind::none;
    std::size_t begin = 0;
    std::size_t end = 0;
    std::vector<char32_t> code_points;
  };

  void check_segment(const chars::Segment& segment, chars::CappedReporter& out) const {
    const std::string_view text = segment.block->text;
    // C1 controls inside Latin-1 mojibake (`Ã\u0081`) are chars/mojibake's: computed on first need.
    std::optional<std::vector<chars::Latin1Mojibake>> mojibake;
    auto in_mojibake = [&](std::size_t offset) {
      if (!mojibake) mojibake = chars::find_latin1_mojibake(text, segment.begin, segment.end);
      // Runs are sorted and disjoint: the last one starting at or before offset.
      auto after = std::upper_bound(mojibake->begin(), mojibake->end(), offset,
                                    [](std::size_t value, const chars::Latin1Mojibake& run) { return value < run.begin; });
      return after != mojibake->begin() && offset < std::prev(after)->end;
    };
    Run run;
    for (std::size_t i = segment.begin; i < segment.end;) {
      const auto decoded = utf8::decode(text, i);
      Kind kind = kind_of(decoded.code_point);
      if (kind == Kind::control && is_c1(decoded.code_point) && in_mojibake(i)) kind = Kind::none;
      if (kind != run.kind || (kind != Kind::none && i != run.end)) {
        report(segment, run, out);
        run = Run{kind, i, i, {}};
      }
      if (kind != Kind::none) {
        run.end = i + decoded.length;
        run.code_points.push_back(decoded.code_point);
      }
      i += decoded.length;
    }
    report(segment, run, out);
  }

  void report(const chars::Segment& segment, const Run& run, chars::CappedReporter& out) const {
    if (run.kind == Kind::none || run.code_points.empty()) return;
    const Span span = segment.span(run.begin, run.end);
    const std::size_t count = run.code_points.size();
    if (run.kind == Kind::control) {
      out.report(span,
                 fmt::format("{} ({}) in the text: invisible or garbage in a browser",
                             count == 1 ? "control character" : fmt::format("{} control characters", count),
                             chars::code_point_list(run.code_points)),
                 Fix{count == 1 ? "delete the control character" : "delete the control characters", {Edit{span, ""}}});
      return;
    }
    // No fix: the character may be a digit or word drawn by the site's own
    // font (an icon font, or a font that hides text from scrapers).
    out.report(span, fmt::format("{} ({}) in the text: it only means something in the original site's font",
                                 count == 1 ? "private-use character" : fmt::format("{} private-use characters", count),
                                 chars::code_point_list(run.code_points)));
  }

  long max_per_file_;
};

}  // namespace

void add_control_check(CheckRegistry& registry) { registry.add<ControlCheck>(); }

}  // namespace hlint

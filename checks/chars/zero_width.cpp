// chars/zero-width: zero-width characters (U+200B..U+200D, U+2060, U+FEFF)
// hidden in the text.
#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "chars/chars_scope.hpp"
#include "chars/split_words.hpp"
#include "core/check.hpp"
#include "core/utf8.hpp"

namespace hlint {

namespace {

bool is_emoji_part(char32_t cp) {
  return cp >= 0x1F000 || (cp >= 0x2600 && cp <= 0x27BF) || cp == 0xFE0F || cp == 0x20E3 || cp == 0x2640 ||
         cp == 0x2642;
}

// Scripts that need ZWJ/ZWNJ to shape words (Arabic, Persian, Indic).
bool is_joining_script(char32_t cp) {
  return (cp >= 0x0600 && cp <= 0x08FF) || (cp >= 0x0900 && cp <= 0x0DFF) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
         (cp >= 0xFE70 && cp <= 0xFEFC);
}

// U+200C/U+200D have legitimate uses: ZWJ emoji sequences (👨‍👩‍👧) and
// shaping in joining scripts. Everywhere else they, like the rest, are noise.
bool is_legitimate_joiner(char32_t cp, char32_t before, char32_t after) {
  if (cp != 0x200C && cp != 0x200D) return false;
  if (cp == 0x200D && is_emoji_part(before) && is_emoji_part(after)) return true;
  return is_joining_script(before) || is_joining_script(after);
}

class ZeroWidthCheck : public Check {
 public:
  // The fix restores what the author wrote (see docs/fixing.md).
  static constexpr Applicability kFix = Applicability::safe;
  static CheckInfo info() {
    return {"chars/zero-width",
            Severity::warning,
            {{"defer-to-split-word", OptionType::boolean, "true",
              "leave zero-width characters inside a listed word to chars/split-word (one finding, not two)"},
             {"split-words", OptionType::phrase_list, "split-words",
              "the words chars/split-word reports (keep equal to its `words`)"},
             {"max-per-file", OptionType::integer, "20", "report at most this many runs per file, then one summary finding"}},
            false};
  }

  explicit ZeroWidthCheck(const CheckOptions& options) : max_per_file_(options.get_int("max-per-file", 20)) {
    if (options.get_bool("defer-to-split-word", true))
      split_words_.emplace(options.get_phrases("split-words", "split-words"), chars::SplitWordFinder::Settings{});
  }

  void check(const Document& doc, Reporter& out) const override {
    const auto& segments = doc.analysis<chars::CharsScope>().segments();
    chars::CappedReporter capped(out, max_per_file_, "runs of zero-width characters");
    // Spans of characters inserted into listed words, found on first need.
    std::optional<std::vector<Span>> inserted;
    auto in_split_word = [&](Span span) {
      if (!split_words_) return false;
      if (!inserted) {
        inserted.emplace();
        for (const auto& word : split_words_->find(doc)) inserted->insert(inserted->end(), word.gaps.begin(), word.gaps.end());
        std::sort(inserted->begin(), inserted->end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
      }
      auto after = std::upper_bound(inserted->begin(), inserted->end(), span.begin,
                                    [](std::size_t value, const Span& gap) { return value < gap.begin; });
      return after != inserted->begin() && span.end <= std::prev(after)->end;
    };

    for (const chars::Segment& segment : segments) {
      if (!segment.rare.zero_width) continue;
      const std::string_view text = segment.block->text;
      std::size_t run_begin = 0, run_end = 0;
      std::vector<char32_t> run;
      auto flush = [&] {
        if (run.empty()) return;
        report(segment.span(run_begin, run_end), run, capped);
        run.clear();
      };
      char32_t before = 0;
      for (std::size_t i = segment.begin; i < segment.end;) {
        const auto decoded = utf8::decode(text, i);
        const std::size_t end = i + decoded.length;
        if (!utf8::is_zero_width(decoded.code_point)) {
          flush();
          before = decoded.code_point;
          i = end;
          continue;
        }
        const char32_t after = end < segment.end ? utf8::decode(text, end).code_point : 0;
        const Span span = segment.span(i, end);
        const bool skipped = (decoded.code_point == 0xFEFF && span.begin == 0) ||
                             is_legitimate_joiner(decoded.code_point, before, after) || in_split_word(span);
        if (skipped) {
          flush();
        } else {
          if (run.empty() || i != run_end) {
            flush();
            run_begin = i;
          }
          run_end = end;
          run.push_back(decoded.code_point);
        }
        // `before` stays the last visible character so a run of joiners is judged by its neighbours.
        i = end;
      }
      flush();
    }
    capped.finish();
  }

 private:
  static void report(Span span, const std::vector<char32_t>& run, chars::CappedReporter& out) {
    const std::string what =
        run.size() == 1 ? "zero-width character" : fmt::format("{} zero-width characters", run.size());
    out.report(span, fmt::format("{} ({}) hidden in the text", what, chars::code_point_list(run)),
               Fix{run.size() == 1 ? "delete the zero-width character" : "delete the zero-width characters",
                   {Edit{span, ""}}});
  }

  long max_per_file_;
  std::optional<chars::SplitWordFinder> split_words_;
};

}  // namespace

void add_zero_width_check(CheckRegistry& registry) { registry.add<ZeroWidthCheck>(); }

}  // namespace hlint

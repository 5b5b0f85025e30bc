// chars/replacement-char: a U+FFFD `�` written in the file itself, i.e. text
// that was already damaged before it was saved. The decoder's own U+FFFD for
// bytes it could not decode are encoding/invalid-bytes findings.
#include <fmt/format.h>

#include <algorithm>

#include "chars/chars_scope.hpp"
#include "core/check.hpp"
#include "core/utf8.hpp"

namespace hlint {

namespace {

class ReplacementCharCheck : public Check {
 public:
  static CheckInfo info() {
    return {"chars/replacement-char", Severity::warning, {{"max-per-file", OptionType::integer, "20", "report at most this many runs per file, then one summary finding"}}, false};
  }
  explicit ReplacementCharCheck(const CheckOptions& options) : max_per_file_(options.get_int("max-per-file", 20)) {}

  void check(const Document& doc, Reporter& reporter) const override {
    chars::CappedReporter out(reporter, max_per_file_, "runs of U+FFFD");
    const auto& decoder_runs = doc.source().invalid_bytes();  // sorted by offset
    auto from_decoder = [&](std::size_t offset) {
      auto after = std::upper_bound(decoder_runs.begin(), decoder_runs.end(), offset,
                                    [](std::size_t value, const InvalidBytes& run) { return value < run.offset; });
      return after != decoder_runs.begin() && offset < std::prev(after)->offset + std::prev(after)->length;
    };
    for (const chars::Segment& segment : doc.analysis<chars::CharsScope>().segments()) {
      if (!segment.rare.replacement) continue;
      const std::string_view text = segment.block->text;
      std::size_t run_begin = 0, run_end = 0, run_length = 0;
      auto flush = [&] {
        if (run_length == 0) return;
        out.report(segment.span(run_begin, run_end),
                   run_length == 1
                       ? std::string("U+FFFD `\xEF\xBF\xBD` is written in the text: a character was lost before the "
                                     "file was saved")
                       : fmt::format("{} U+FFFD `\xEF\xBF\xBD` are written in the text: characters were lost before "
                                     "the file was saved",
                                     run_length));
        run_length = 0;
      };
      for (std::size_t i = segment.begin; i < segment.end;) {
        const auto decoded = utf8::decode(text, i);
        const std::size_t end = i + decoded.length;
        // The block maps each byte to where it came from: the decoder's
        // replacements sit at the offsets listed in invalid_bytes().
        const bool literal = decoded.code_point == 0xFFFD && decoded.length == 3 &&
                             !from_decoder(segment.block->begin_of(i));
        if (literal) {
          if (run_length == 0 || i != run_end) {
            flush();
            run_begin = i;
          }
          run_end = end;
          ++run_length;
        } else {
          flush();
        }
        i = end;
      }
      flush();
    }
    out.finish();
  }

 private:
  long max_per_file_;
};

}  // namespace

void add_replacement_char_check(CheckRegistry& registry) { registry.add<ReplacementCharCheck>(); }

}  // namespace hlint

// chars/mojibake: text decoded in the wrong encoding and saved again
// (`锟斤拷`, `烫烫烫`, `Ã©`, `é”Ÿæ–¤æ‹·`, `ï¼Œ`).
#include <fmt/format.h>

#include <algorithm>

#include "chars/chars_scope.hpp"
#include "chars/latin1_mojibake.hpp"
#include "core/check.hpp"
#include "core/utf8.hpp"

namespace hlint {

namespace {

class MojibakeCheck : public Check {
 public:
  static CheckInfo info() {
    return {"chars/mojibake",
            Severity::warning,
            {{"markers", OptionType::phrase_list, "mojibake-markers",
              "character sequences that only occur in damaged text"},
             {"latin1-heuristic", OptionType::boolean, "true",
              "also report UTF-8 decoded as Latin-1/Windows-1252 (see What it does)"},
             {"max-per-file", OptionType::integer, "20", "report at most this many runs per file, then one summary finding"}},
            false};
  }

  explicit MojibakeCheck(const CheckOptions& options)
      : markers_(options.get_phrases("markers", "mojibake-markers")),
        latin1_heuristic_(options.get_bool("latin1-heuristic", true)),
        max_per_file_(options.get_int("max-per-file", 20)) {
    markers_.erase(std::remove(markers_.begin(), markers_.end(), std::string()), markers_.end());
  }

  void check(const Document& doc, Reporter& out) const override {
    chars::CappedReporter capped(out, max_per_file_, "runs of mojibake");
    for (const chars::Segment& segment : doc.analysis<chars::CharsScope>().segments()) check_segment(segment, capped);
    capped.finish();
  }

 private:
  struct Damage {
    std::size_t begin;
    std::size_t end;
    std::string original;  // empty: unknown (a marker)
  };

  void check_segment(const chars::Segment& segment, chars::CappedReporter& out) const {
    const std::string_view text = segment.text();
    std::vector<Damage> damage;
    for (const std::string& marker : markers_) {
      // Overlapping matches, so `烫烫烫烫` is one run, not a match and a leftover.
      for (std::size_t at = text.find(marker); at != std::string_view::npos;
           at = text.find(marker, at + utf8::decode(text, at).length))
        damage.push_back({segment.begin + at, segment.begin + at + marker.size(), {}});
    }
    if (latin1_heuristic_)
      for (auto& run : chars::find_latin1_mojibake(segment.block->text, segment.begin, segment.end))
        damage.push_back({run.begin, run.end, std::move(run.original)});
    if (damage.empty()) return;

    // Longest first among pieces that start together, so a marker inside a
    // Latin-1 run (`Ã©` is both) leaves the run repairable.
    std::sort(damage.begin(), damage.end(), [](const Damage& a, const Damage& b) {
      return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
    // One finding per run: overlapping and touching pieces merge.
    std::vector<Damage> runs;
    std::vector<bool> repairable;  // one Latin-1 run, possibly with markers inside it
    for (Damage& piece : damage) {
      if (!runs.empty() && piece.begin <= runs.back().end) {
        Damage& run = runs.back();
        if (piece.end > run.end) {
          run.end = piece.end;
          repairable.back() = false;
        } else if (run.original.empty() && !piece.original.empty() && piece.begin == run.begin &&
                   piece.end == run.end) {
          run.original = std::move(piece.original);
          repairable.back() = true;
        }
        continue;
      }
      repairable.push_back(!piece.original.empty());
      runs.push_back(std::move(piece));
    }
    for (std::size_t r = 0; r < runs.size(); ++r) report(segment, runs[r], repairable[r], out);
  }

  void report(const chars::Segment& segment, const Damage& run, bool repairable, chars::CappedReporter& out) const {
    const std::string written = segment.block->text.substr(run.begin, run.end - run.begin);
    const Span span = segment.span(run.begin, run.end);
    if (!repairable) {
      out.report(span, fmt::format("`{}` is mojibake: text decoded in the wrong encoding and saved again", written));
      return;
    }
    // Repairing `é”Ÿæ–¤æ‹·` gives `锟斤拷`, itself damage: no fix for that.
    const bool repair_is_clean = std::none_of(markers_.begin(), markers_.end(), [&](const std::string& marker) {
      return run.original.find(marker) != std::string::npos;
    });
    const std::string message =
        fmt::format("`{}` is mojibake: UTF-8 text decoded as Latin-1/Windows-1252; it was `{}`", written, run.original);
    if (!repair_is_clean) {
      out.report(span, message);
      return;
    }
    out.report(span, message,
               Fix{fmt::format("replace `{}` with `{}`", written, run.original), {Edit{span, run.original}}});
  }

  std::vector<std::string> markers_;
  bool latin1_heuristic_;
  long max_per_file_;
};

}  // namespace

void add_mojibake_check(CheckRegistry& registry) { registry.add<MojibakeCheck>(); }

}  // namespace hlint

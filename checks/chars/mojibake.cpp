// chars/mojibake: text decoded in the wrong encoding and saved again
// (`锟斤拷`, `烫烫烫`, `Ã©`, `é”Ÿæ–¤æ‹·`, `ï¼Œ`).
#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "chars/chars_scope.hpp"
#include "chars/chinese_mojibake.hpp"
#include "chars/han_frequency.hpp"
#include "chars/latin1_mojibake.hpp"
#include "chars/legacy_codecs.hpp"
#include "core/character_signature.hpp"
#include "core/check.hpp"
#include "core/resources.hpp"
#include "core/utf8.hpp"

namespace hlint {

namespace {

// Finds the markers in a text, overlapping occurrences included. Markers are
// rare and so are the first two bytes of each: a table over byte pairs rules
// out nearly every position with one look-up, and the few positions left are
// compared.
class MarkerSearch {
 public:
  explicit MarkerSearch(std::vector<std::string> markers) : markers_(std::move(markers)) {
    std::erase(markers_, std::string());
    for (const std::string& marker : markers_) {
      const auto first = static_cast<unsigned char>(marker[0]);
      if (marker.size() > 1) {
        starts_.insert(first, static_cast<unsigned char>(marker[1]));
      } else {
        for (int second = 0; second < 256; ++second) starts_.insert(first, static_cast<unsigned char>(second));
      }
    }
  }

  // Calls on_match(begin, end) for every occurrence in text.
  template <typename OnMatch>
  void scan(std::string_view text, OnMatch&& on_match) const {
    if (markers_.empty()) return;
    for (std::size_t i = next_start(text, 0); i < text.size(); i = next_start(text, i + 1))
      for (const std::string& marker : markers_)  // the first byte spares most comparisons
        if (marker[0] == text[i] && text.substr(i).starts_with(marker)) on_match(i, i + marker.size());
  }

  bool contains_any(std::string_view text) const {
    return std::any_of(markers_.begin(), markers_.end(),
                       [&](const std::string& marker) { return text.find(marker) != std::string_view::npos; });
  }

 private:
  // The first position from `from` on where a marker may start, or text.size().
  std::size_t next_start(std::string_view text, std::size_t from) const {
    if (text.empty()) return 0;
    const std::size_t last = text.size() - 1;
    const std::size_t found = starts_.find_in(text, from, std::max(from, last));
    if (found < last) return found;
    // At the last byte, 0 stands for the missing second one (one-byte markers take any).
    if (from <= last && starts_.contains(static_cast<unsigned char>(text[last]), 0)) return last;
    return text.size();
  }

  std::vector<std::string> markers_;  // none empty
  chars::BytePairSet starts_;         // the first two bytes of some marker
};

class MojibakeCheck : public Check {
 public:
  // The fix restores what the author wrote (see docs/fixing.md).
  static constexpr Applicability kFix = Applicability::safe;
  static CheckInfo info() {
    return {"chars/mojibake",
            Severity::warning,
            {{"markers", OptionType::phrase_list, "mojibake-markers",
              "character sequences that only occur in damaged text"},
             {"latin1-heuristic", OptionType::boolean, "true",
              "also report UTF-8 decoded as Latin-1/Windows-1252 (see What it does)"},
             {"chinese-heuristic", OptionType::boolean, "true",
              "also report Chinese text decoded in a wrong encoding: UTF-8 as GBK or Big5, GBK or Big5 as "
              "Latin-1/Windows-1252, Big5 as GBK and GBK as Big5 (see What it does)"},
             {"max-per-file", OptionType::integer, "20", "report at most this many runs per file, then one summary finding"}},
            false};
  }

  explicit MojibakeCheck(const CheckOptions& options)
      : markers_(options.get_phrases("markers", "mojibake-markers")),
        marker_filter_(options.get_phrases("markers", "mojibake-markers"), PhraseMatcher::Folding::exact),
        latin1_heuristic_(options.get_bool("latin1-heuristic", true)),
        chinese_heuristic_(options.get_bool("chinese-heuristic", true)),
        model_(embedded_file("data/han-frequency.txt").value_or(std::string_view()),
               embedded_file("data/han-words.txt").value_or(std::string_view())),
        screen_(model_),
        shortlists_(model_),
        max_per_file_(options.get_int("max-per-file", 20)) {}

  void check(const Document& doc, Reporter& out) const override {
    chars::CappedReporter capped(out, max_per_file_, "runs of mojibake");
    // The body's segments lie in doc.blocks(), whose character signatures
    // (shared with the phrase checks) rule out the markers in nearly every
    // block: only the others are scanned. Front matter values always are.
    const std::vector<TextBlock>& blocks = doc.blocks();
    const BlockCharacters* characters = nullptr;  // computed at the first body segment
    for (const chars::Segment& segment : doc.analysis<chars::CharsScope>().segments()) {
      bool may_hold_marker = true;
      if (segment.body_block) {
        if (characters == nullptr) characters = &doc.analysis<BlockCharacters>();
        const auto block = static_cast<std::size_t>(segment.block - blocks.data());
        may_hold_marker = marker_filter_.may_occur(characters->signatures[block]);
      }
      check_segment(segment, may_hold_marker, capped);
    }
    capped.finish();
  }

 private:
  struct Damage {
    std::size_t begin;
    std::size_t end;
    std::string original;  // empty: unknown (a marker)
    std::string_view how = "UTF-8 text decoded as Latin-1/Windows-1252";
    bool certain = true;   // the original is known for sure (no lost byte guessed among near-equals)
    bool guessed = false;  // a lost byte was guessed: the repair is likely, not known (an unsafe fix)
    bool lossy = false;    // the kind of damage is known, but too many bytes were lost to repair it
  };

  void check_segment(const chars::Segment& segment, bool may_hold_marker, chars::CappedReporter& out) const {
    std::vector<Damage> damage;
    // Overlapping matches, so `烫烫烫烫` is one run, not a match and a leftover.
    if (may_hold_marker)
      markers_.scan(segment.text(), [&](std::size_t begin, std::size_t end) {
        damage.push_back({segment.begin + begin, segment.begin + end, {}});
      });
    // Only a character of U+00C0..U+00FF can start UTF-8 read as Latin-1.
    if (latin1_heuristic_ && segment.rare.latin1)
      for (auto& run : chars::find_latin1_mojibake(segment.block->text, segment.begin, segment.end))
        damage.push_back(latin1_damage(std::move(run), segment.block->text));
    if (chinese_heuristic_)
      if (const chars::DamageKinds kinds =
              screen_.worth_trying(segment.block->text, segment.begin, segment.end))
        add_chinese_damage(segment, kinds, damage);
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

  // A Latin-1 run whose original is itself damage (`Ã¦Â¸Â©`: UTF-8 read as
  // Windows-1252 twice, or UTF-8 then GBK) is repaired once more.
  Damage latin1_damage(chars::Latin1Mojibake run, std::string_view text) const {
    Damage damage{run.begin, run.end, std::move(run.original)};
    if (!chinese_heuristic_ || utf8::valid_prefix_length(damage.original) != damage.original.size()) return damage;
    std::string_view how;
    std::string twice = chars::repair_whole(damage.original, model_, &how, shortlists_);
    if (!twice.empty() && model_.text_cost(twice) < model_.text_cost(damage.original)) {
      // UTF-8 read as Mac OS Roman (`Ê∏©È¶®` for `温馨`) also reads as
      // Windows-1252 damage whose repair is damage again: when one wrong
      // reading of the run as written gives the same text, that is what
      // happened, and the message names it.
      std::string_view once_how;
      const std::string once = chars::repair_whole(text.substr(run.begin, run.end - run.begin), model_, &once_how,
                                                      shortlists_);
      damage.how = once == twice ? once_how : std::string_view("text decoded in a wrong encoding twice");
      damage.original = std::move(twice);
    } else if (still_latin1_damage(damage.original)) {
      // A piece of damage done twice, too short to undo twice (`Ã¥Â®` gives
      // `å®`, the first bytes of `它` read as Windows-1252): reported, with
      // no repair to offer.
      damage.original.clear();
    }
    return damage;
  }

  // Whether text still holds UTF-8 read as Windows-1252: a C1 control, or a
  // character standing for a UTF-8 lead byte followed by one standing for a
  // continuation byte.
  static bool still_latin1_damage(std::string_view text) {
    int previous = -1;
    for (std::size_t i = 0; i < text.size();) {
      const auto decoded = utf8::decode(text, i);
      i += decoded.length;
      if (decoded.code_point >= 0x80 && decoded.code_point <= 0x9F) return true;
      const int byte = decoded.code_point < 0x80 ? -1 : chars::windows_1252_byte(decoded.code_point);
      if (previous >= 0xC2 && previous <= 0xF4 && byte >= 0x80 && byte <= 0xBF) return true;
      previous = byte;
    }
    return false;
  }

  // Chinese mojibake; where a Latin-1 run covers the same characters, the
  // explanation whose repair is the more plausible text stays.
  void add_chinese_damage(const chars::Segment& segment, chars::DamageKinds kinds, std::vector<Damage>& damage) const {
    const std::string_view text = segment.block->text;
    auto gain = [&](std::size_t begin, std::size_t end, const std::string& repaired) {
      return model_.text_cost(text.substr(begin, end - begin)) - model_.text_cost(repaired);
    };
    for (auto& run : chars::find_chinese_mojibake(text, segment.begin, segment.end, model_, kinds, shortlists_)) {
      bool better_than_latin1 = true;
      const int run_gain = gain(run.begin, run.end, run.repaired);
      for (Damage& other : damage) {
        if (other.original.empty() || other.end <= run.begin || run.end <= other.begin) continue;
        if (run_gain <= gain(other.begin, other.end, other.original)) better_than_latin1 = false;
      }
      if (!better_than_latin1) continue;
      std::erase_if(damage, [&](const Damage& other) {
        return !other.original.empty() && other.begin < run.end && run.begin < other.end;
      });
      const bool lossy = run.repaired.empty();
      damage.push_back({run.begin, run.end, std::move(run.repaired), run.how, run.repair_certain,
                        run.repair_guessed, lossy});
    }
  }

  void report(const chars::Segment& segment, const Damage& run, bool repairable, chars::CappedReporter& out) const {
    const std::string written = segment.block->text.substr(run.begin, run.end - run.begin);
    const Span span = segment.span(run.begin, run.end);
    if (!repairable) {
      if (run.lossy)
        out.report(span, fmt::format("`{}` is mojibake: {}; too many bytes were lost to repair it", written, run.how));
      else
        out.report(span, fmt::format("`{}` is mojibake: text decoded in the wrong encoding and saved again", written));
      return;
    }
    // Repairing `é”Ÿæ–¤æ‹·` gives `锟斤拷`, itself damage: no fix for that.
    const bool repair_is_clean = !markers_.contains_any(run.original);
    if (!run.certain) {
      // The lost bytes could be one of several characters about as likely,
      // or the run is too short to tell its repair from another reading.
      out.report(span, run.guessed ? fmt::format("`{}` is mojibake: {}; too many bytes were lost to repair it for "
                                                 "sure (it was perhaps `{}`)",
                                                 written, run.how, run.original)
                                   : fmt::format("`{}` is mojibake: {}; too short to repair it for sure (it was "
                                                 "perhaps `{}`)",
                                                 written, run.how, run.original));
      return;
    }
    const std::string message =
        run.guessed ? fmt::format("`{}` is mojibake: {}; it was probably `{}` (a lost byte is guessed)", written,
                                  run.how, run.original)
                    : fmt::format("`{}` is mojibake: {}; it was `{}`", written, run.how, run.original);
    if (!repair_is_clean) {
      out.report(span, message);
      return;
    }
    // A guessed byte is likely, not known: such a repair is applied only
    // with --unsafe-fixes; exact repairs with --fix.
    Fix fix{fmt::format("replace `{}` with `{}`", written, run.original), {Edit{span, run.original}}};
    if (run.guessed) fix.applicability = Applicability::unsafe;
    out.report(span, message, std::move(fix));
  }

  MarkerSearch markers_;
  PhraseFilter marker_filter_;  // the blocks in which markers_ may find a marker
  bool latin1_heuristic_;
  bool chinese_heuristic_;
  chars::HanFrequencyModel model_;
  chars::DamageScreen screen_;
  chars::LostByteShortlists shortlists_;  // guesses of lost bytes, by pattern, made as the check meets them
  long max_per_file_;
};

}  // namespace

void add_mojibake_check(CheckRegistry& registry) { registry.add<MojibakeCheck>(); }

}  // namespace hlint

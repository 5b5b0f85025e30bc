// Chinese text decoded in the wrong encoding and saved again: UTF-8 read as
// GBK (`温馨提示` -> `娓╅Θ鎻愮ず`) or as Big5, GBK or Big5 read as
// Latin-1/Windows-1252 (`ÎÂÜ°ÌáÊ¾`), Big5 read as GBK and GBK as Big5, and
// the same damage done twice. A candidate run is encoded back with the
// encoding it was wrongly read in and decoded strictly with the one it was
// written in; the run is kept only when the result costs clearly fewer bits
// under the character-frequency model than the run as written.
#pragma once

#include <cstdint>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "chars/han_frequency.hpp"

namespace hlint::chars {

struct ChineseMojibake {
  std::size_t begin = 0;  // byte range of the damaged run in the text given
  std::size_t end = 0;
  std::string repaired;   // the text before the damage; empty when it cannot be told
  bool repair_certain = true;  // false when a lost byte had to be guessed among near-equals
  bool repair_guessed = false; // a lost byte was guessed (clearly the best guess when repair_certain)
  std::string_view how;   // "UTF-8 text decoded as GBK"
};

// A set of kinds of damage (wrong round trips), one bit each.
using DamageKinds = unsigned;

// Tells the kinds of damage a text may hold: a run long enough of characters
// the damage can produce, with rare ones among them. Nearly all plain text
// holds none and is not looked at further. Two stages: a prefilter counts the
// rare characters and the Latin-1 ones (every kind needs two rare ones or
// four Latin-1 ones), with one look-up per character in a table made from the
// frequency model when the screen is made (64 KB, by table_index); only
// text past it is screened per kind, with a table of the characters each kind
// can produce, built from the GBK and Big5 codecs on first use (a run over
// clean text never builds it), and the runs each kind needs followed by two
// small automata. Both loops index their tables straight from the UTF-8
// bytes (table_index) and do little for the common case, a Han character no
// kind is made of, read two at a time by the prefilter: they run over every
// character of every document.
class DamageScreen {
 public:
  explicit DamageScreen(const HanFrequencyModel& model);
  DamageKinds worth_trying(std::string_view text, std::size_t begin, std::size_t end) const;

  // Where the tables keep a BMP character, from the bytes of its three-byte
  // UTF-8 sequence as a number, first byte lowest (bytes above the third are
  // ignored): the 16 bits the sequence carries (4 of the lead, 6 of each
  // continuation byte) gathered by one multiplication, where decoding takes
  // three shifts and masks. Bits 16..31 of the product are a permutation of
  // them (multiplier found by search; a unit test checks that no two
  // sequences share an index), so the tables are laid out in that order.
  static unsigned table_index(std::uint32_t three_bytes) {
    return static_cast<std::uint32_t>((three_bytes & 0x3F3F0Fu) * 0x1004400u) >> 16;
  }
  // The same index from a code point below U+10000.
  static unsigned table_index_of(char32_t cp) {
    return table_index(static_cast<std::uint32_t>((cp >> 12 & 0x0F) | (cp >> 6 & 0x3F) << 8 | (cp & 0x3F) << 16));
  }

  // The tables' entries for a character below U+10000: the prefilter's mark
  // (1 rare, 2 of a single-byte code page's alphabets) and the kinds it can
  // be made by (0x80: suspicious). For the unit test that checks the screen
  // against a plain reading of the text, character by character.
  std::uint8_t prefilter_mark_of(char32_t cp) const { return prefilter_marks_[table_index_of(cp)]; }
  std::uint8_t traits_of(char32_t cp) const { return traits()[table_index_of(cp)]; }

 private:
  bool passes_prefilter(std::string_view text, std::size_t begin, std::size_t end) const;
  const std::vector<std::uint8_t>& traits() const;

  const HanFrequencyModel& model_;
  std::vector<std::uint8_t> prefilter_marks_;  // by table_index: kPrefilterRare, kPrefilterNarrow
  mutable std::once_flag traits_built_;
  mutable std::vector<std::uint8_t> traits_;  // by table_index: kinds it can be made by, and kSuspicious
};

// The characters a lost byte may have made, worked out once per pattern of
// surviving and lost bytes. Guessing a character with lost bytes tries every
// value of them (two lost GBK bytes: 126 x 191 pairs) and keeps the likeliest
// few by their own cost; which few depends only on the pattern (the encodings,
// the bytes that survived, where bytes were lost, the byte after the
// character), so the same pattern is not tried again: text mixing UTF-8 and
// GBK repeats a handful of patterns thousands of times (docs/hostile-input.md).
// One per check instance, for one frequency model; shared by threads.
class LostByteShortlists {
 public:
  using Shortlist = std::vector<std::pair<int, char32_t>>;  // (own cost, character), cheapest first

  explicit LostByteShortlists(const HanFrequencyModel& model) : model_(model) {}
  const HanFrequencyModel& model() const { return model_; }

  // The shortlist of `pattern` (a copy: the caller weighs it in context),
  // made by make() the first time it is asked for.
  template <typename Make>
  Shortlist get(std::uint64_t pattern, Make&& make) const {
    {
      std::shared_lock lock(mutex_);
      if (const auto found = shortlists_.find(pattern); found != shortlists_.end()) return found->second;
    }
    Shortlist made = make();
    std::unique_lock lock(mutex_);
    // Past the cap (text made to hold every pattern), each guess is worked
    // out anew: slower, never wrong.
    if (shortlists_.size() < kMaxPatterns) shortlists_.try_emplace(pattern, made);
    return made;
  }

  // At most this many patterns are kept (each up to 96 characters: about
  // 0.8 KB, so at most about 14 MB for text made to hold every pattern).
  static constexpr std::size_t kMaxPatterns = 16384;

 private:
  const HanFrequencyModel& model_;
  mutable std::shared_mutex mutex_;
  mutable std::unordered_map<std::uint64_t, Shortlist> shortlists_;
};

// Damaged runs in text[begin, end) of the given kinds, not overlapping, in order.
// `shortlists` must be for `model`.
std::vector<ChineseMojibake> find_chinese_mojibake(std::string_view text, std::size_t begin, std::size_t end,
                                                   const HanFrequencyModel& model, DamageKinds kinds,
                                                   const LostByteShortlists& shortlists);

// The text before the damage when the whole of `text` is one wrongly decoded
// run (used to undo a second layer of damage), or an empty string.
std::string repair_whole(std::string_view text, const HanFrequencyModel& model, std::string_view* how,
                         const LostByteShortlists& shortlists);

}  // namespace hlint::chars

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
#include <string>
#include <string_view>
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
// four Latin-1 ones), with one look-up in the frequency model per character;
// only text past it is screened per kind, with a table of the characters each
// kind can produce, built from the GBK and Big5 codecs on first use (a run
// over clean text never builds it).
class DamageScreen {
 public:
  explicit DamageScreen(const HanFrequencyModel& model) : model_(model) {}
  DamageKinds worth_trying(std::string_view text, std::size_t begin, std::size_t end) const;

 private:
  bool passes_prefilter(std::string_view text, std::size_t begin, std::size_t end) const;
  const std::vector<std::uint8_t>& traits() const;

  const HanFrequencyModel& model_;
  mutable std::once_flag traits_built_;
  mutable std::vector<std::uint8_t> traits_;  // by BMP code point: kinds it can be made by, and kSuspicious
};

// Damaged runs in text[begin, end) of the given kinds, not overlapping, in order.
std::vector<ChineseMojibake> find_chinese_mojibake(std::string_view text, std::size_t begin, std::size_t end,
                                                   const HanFrequencyModel& model, DamageKinds kinds);

// The text before the damage when the whole of `text` is one wrongly decoded
// run (used to undo a second layer of damage), or an empty string.
std::string repair_whole(std::string_view text, const HanFrequencyModel& model, std::string_view* how);

}  // namespace hlint::chars

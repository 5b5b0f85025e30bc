// Chinese text decoded in the wrong encoding and saved again: UTF-8 read as
// GBK (`温馨提示` -> `娓╅Θ鎻愮ず`) or as Big5, GBK or Big5 read as
// Latin-1/Windows-1252 (`ÎÂÜ°ÌáÊ¾`), Big5 read as GBK and GBK as Big5, and
// the same damage done twice. A candidate run is encoded back with the
// encoding it was wrongly read in and decoded strictly with the one it was
// written in; the run is kept only when the result costs clearly fewer bits
// under the character-frequency model than the run as written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "chars/han_frequency.hpp"

namespace hlint::chars {

struct ChineseMojibake {
  std::size_t begin = 0;  // byte range of the damaged run in the text given
  std::size_t end = 0;
  std::string repaired;   // the text before the damage
  bool repair_certain = true;  // false when a lost byte had to be guessed among near-equals
  std::string_view how;   // "UTF-8 text decoded as GBK"
};

// Damaged runs in text[begin, end), not overlapping, in order.
std::vector<ChineseMojibake> find_chinese_mojibake(std::string_view text, std::size_t begin, std::size_t end,
                                                   const HanFrequencyModel& model);

// Whether text[begin, end) holds any character find_chinese_mojibake could
// start from; nearly all plain text does not, and is not decoded further.
bool may_hold_chinese_mojibake(std::string_view text, std::size_t begin, std::size_t end,
                               const HanFrequencyModel& model);

// The text before the damage when the whole of `text` is one wrongly decoded
// run (used to undo a second layer of damage), or an empty string.
std::string repair_whole(std::string_view text, const HanFrequencyModel& model, std::string_view* how);

}  // namespace hlint::chars

// A word bigram model of Simplified Chinese: how likely a stretch of text is,
// segmented into the words that make it likeliest. The data file
// han-word-model.txt is derived from the trigram word model of the Debian
// package sunpinyin-data (see checks/data/generators/make_han_word_model.py).
// Chars/mojibake weighs with it the characters a byte lost to the damage may
// give, each in the line around it (`配置文件的格式及其内容参见`, not `参观`),
// where a character's own frequency and its two neighbours leave most
// guesses close (bench/accuracy/garbled/lm_experiment.py). Loaded on first
// use: only text with such damage needs it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "chars/han_frequency.hpp"

namespace hlint::chars {

class HanWordModel {
 public:
  // content: the data file (`@words`: `<word> <cost> <back-off cost>` a line,
  // the first `<unk>`; `@pairs`: `<first> <second>:<cost> ...`, each second
  // word as the difference from the one before; costs in tenths of a bit).
  explicit HanWordModel(std::string_view content);

  // The model of the embedded data file, made on first use; null when the
  // file is missing or empty.
  static const HanWordModel* shared();

  // Tenths of a bit that `text` costs as a sentence (from a boundary to a
  // boundary) in its likeliest segmentation. A run of characters the words
  // lack is one unknown word (ASCII: English, numbers), each character of it
  // beyond ASCII dearer: Chinese punctuation the words lack (（）《》) a
  // little, anything else (a rare Han character, kana, symbols) as a rare
  // character.
  int cost(std::u32string_view text) const;

  bool empty() const { return words_.size() <= 1; }

 private:
  struct Word {
    std::int32_t cost = 0;  // tenths of a bit
    std::int32_t back = 0;  // the back-off cost of a pair that starts with it
  };
  std::uint32_t find(std::u32string_view text, std::size_t at, std::size_t length) const;  // 0: no word
  int pair_cost(std::uint32_t first, std::uint32_t second) const;

  // An open-addressed table of nonzero keys (linear probing from the key's
  // Fibonacci hash; at most half full): read in about one probe, where
  // std::unordered_map's look-ups were half of the time spent on text that
  // is all such damage.
  class Table {
   public:
    void build(const std::vector<std::pair<std::uint64_t, std::int32_t>>& entries);
    // The value of key, or `missing`.
    std::int32_t get(std::uint64_t key, std::int32_t missing) const {
      if (keys_.empty()) return missing;
      const std::size_t mask = keys_.size() - 1;
      for (std::size_t slot = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);; slot = (slot + 1) & mask) {
        if (keys_[slot] == key) return values_[slot];
        if (keys_[slot] == 0) return missing;
      }
    }

   private:
    std::vector<std::uint64_t> keys_;
    std::vector<std::int32_t> values_;
    int shift_ = 64;
  };

  std::vector<Word> words_;
  // A word of up to four characters of the BMP as one number (16 bits a
  // character, the first highest) -> its index.
  Table index_;
  Table pairs_;                      // (first << 32 | second) with the top bit set -> cost
  std::uint32_t boundary_ = 0;       // `，`: where a sentence starts and ends
};

}  // namespace hlint::chars

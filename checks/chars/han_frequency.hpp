// How plausible a piece of text is as Chinese: each character costs a number
// of bits, few for common characters, many for rare ones and for characters
// Chinese text does not use. The costs of Han characters come from the data
// file han-frequency.txt (see checks/data/generators/make_han_frequency.py);
// the other classes are fixed below. Chars/mojibake keeps a repair only when
// the repaired text costs clearly fewer bits than the damaged one.
#pragma once

#include <cstdint>
#include <mutex>
#include <string_view>
#include <vector>

namespace hlint::chars {

class HanFrequencyModel {
 public:
  // content: the data file, one `<char> <cost>` per line, `#` comments;
  // words: han-words.txt, one `<two characters> <cost>` per line.
  explicit HanFrequencyModel(std::string_view content, std::string_view words = {});

  // Bits the character `cp` costs after `before` or before `after` (0: none)
  // when the two make a common word, else its own cost: how a lost byte is
  // guessed (`建` + `议`, not `建` + `要`).
  int cost_in_context(char32_t before, char32_t cp, char32_t after) const;

  // Bits a character costs.
  int cost(char32_t cp) const {
    if (cp < bmp_costs_.size()) return bmp_costs_[cp];
    return astral_cost(cp);
  }
  // The cost of a character as the writer's own choice: a Traditional
  // character costs what it does in Simplified text. Used to guess a lost
  // byte, where the Simplified reading is the likelier one.
  int own_cost(char32_t cp) const {
    if (cp < own_costs_.size()) return own_costs_[cp];
    return astral_cost(cp);
  }
  // Whether a character is one mojibake is made of and plain Chinese rarely
  // is: a rare Han character, a symbol of the GBK/Big5 symbol rows, U+FFFD,
  // Latin-1 letters. A text without any is not looked at further.
  bool is_suspicious(char32_t cp) const { return cost(cp) >= kSuspiciousCost; }

  // Total bits of a UTF-8 text.
  int text_cost(std::string_view utf8) const;

  static constexpr int kSuspiciousCost = 18;

 private:
  int astral_cost(char32_t cp) const;

  std::vector<std::uint8_t> bmp_costs_;  // by code point
  std::vector<std::uint8_t> own_costs_;  // by code point
  // Two-character words, (first << 32 | second) -> cost, in an open-addressed
  // table (0: an empty slot; no word has a zero key): built in one pass over
  // the data file, where a sorted list cost a sort of 47,000 words at every
  // start (a third of hlint's start-up), and read in about one probe. Built
  // on first use (only repairs weigh words): half of the model's start-up,
  // which most runs never need. `words_` must outlive the model (the
  // embedded data file does).
  std::string_view words_;
  mutable std::once_flag words_built_;
  mutable std::vector<std::uint64_t> word_keys_;
  mutable std::vector<std::uint8_t> word_costs_;
  mutable int word_shift_ = 64;
  void build_words() const;
  std::size_t word_slot(std::uint64_t key) const;
  void add_word(std::uint64_t key, std::uint8_t cost) const;
  int word_cost(char32_t first, char32_t second) const;
};

}  // namespace hlint::chars

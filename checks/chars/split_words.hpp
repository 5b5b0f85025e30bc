// Finds listed words with characters pushed into them (`彻.底`, `根 治`,
// `治\u200B愈`). Shared by chars/split-word, which reports them, and
// chars/zero-width, which leaves the zero-width characters inside them to
// chars/split-word so one problem gives one finding.
#pragma once

#include <bitset>
#include <cstdint>
#include <string>
#include <vector>

#include "chars/chars_scope.hpp"
#include "core/character_signature.hpp"
#include "core/document.hpp"

namespace hlint::chars {

struct SplitWord {
  Span word;                       // from the word's first character to its last
  std::string written;             // as the reader sees it: `彻.底`
  std::string joined;              // the listed word: `彻底`
  std::vector<Span> gaps;          // the inserted characters, one span per gap
  std::vector<char32_t> inserted;  // the inserted code points, in order
};

// Invisible characters that never belong between two Han characters.
bool is_invisible_separator(char32_t value);
// Visible characters used to split words: spaces, dots, stars, dashes, bars…
// (not sentence punctuation such as `,` `。` `：`, nor brackets and quotes).
bool is_visible_separator(char32_t value);

class SplitWordFinder {
 public:
  struct Settings {
    std::size_t max_gap = 3;          // inserted code points between two characters of a word
    long punctuation_threshold = 3;   // see split-word.md: a separator used this often is punctuation
  };

  SplitWordFinder(const std::vector<std::string>& words, Settings settings);

  std::vector<SplitWord> find(const Document& doc) const;

 private:
  struct Node {
    std::vector<std::pair<char32_t, std::uint32_t>> children;  // sorted by character
    bool terminal = false;
  };
  std::uint32_t child(std::uint32_t node, char32_t value) const;  // 0 if none (0 is the root)
  // child(0, value): the node of the listed words starting with `value`, or 0.
  std::uint32_t first_node(char32_t value) const {
    if (value < first_characters_.size() && !first_characters_[value]) return 0;
    return child(0, value);
  }
  // False when no listed word can be split in the segment.
  bool may_hold_split_word(const Segment& segment) const;
  // Whether a visible separator stands between two Han characters that
  // follow each other in no listed word at least punctuation_threshold times.
  bool is_punctuation(const Document& doc, char32_t value) const;

  // Whether `first` is followed by `second` in some listed word.
  bool is_adjacent_pair(char32_t first, char32_t second) const;
  // False when `value` follows no character in any listed word.
  bool may_come_second(char32_t value) const;

  std::vector<Node> nodes_;
  // Consecutive characters of a listed word (pair_key), sorted: a binary
  // search is cheaper than hashing for the few hundred pairs of a word list.
  std::vector<std::uint64_t> adjacent_pairs_;
  // The characters of the Basic Multilingual Plane that come second in some
  // pair: the text after most separators is none, which one look-up tells.
  std::bitset<0x10000> second_characters_;
  // The characters of the BMP that start some listed word: find() asks at
  // every character of a candidate segment, and most start none, which one
  // look-up tells (the root's children take a binary search).
  std::bitset<0x10000> first_characters_;
  // The blocks whose characters may hold a listed word; ruling out none when
  // filter_blocks_ is false.
  PhraseFilter words_filter_;
  bool filter_blocks_ = true;
  Settings settings_;
};

}  // namespace hlint::chars

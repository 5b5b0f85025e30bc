// Which characters a block of text holds, as a Bloom filter: a phrase can
// only occur in a block that holds every one of its characters. Checks that
// look for a phrase list in every block (disclaimer/missing,
// attribution/missing, advertising/claim) ask a PhraseFilter first and
// run their matcher only on the few blocks it lets through; the signatures are
// computed once per document, in one pass, through
// Document::analysis<BlockCharacters>().
//
// A filter never rules out a block where a phrase occurs: it answers "maybe"
// or "certainly not". At 1024 bits a block's signature lets through hardly
// more blocks than its exact set of characters would (on the bench corpus,
// 1.3% of the blocks for the disclaimer cues, 11% for the banned words).
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.hpp"
#include "core/phrase_matcher.hpp"
#include "core/utf8.hpp"

namespace hlint {

// The set of characters of a text, 1024 bits wide: wide enough that the
// longest paragraphs (a few hundred distinct characters) still leave most
// bits clear. A character is hashed from its UTF-8 bytes, read as a number
// (first byte lowest), so that a scan need not decode the text. ASCII letters
// are folded to lower case, so one signature serves phrases matched with
// either folding.
class CharacterSignature {
 public:
  static constexpr std::size_t kWords = 16;

  // The key of a character: its UTF-8 bytes, first byte lowest, A-Z folded.
  static std::uint32_t key_of(char32_t cp) {
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    std::string bytes;
    utf8::append(bytes, cp);
    return key_of_bytes(bytes);
  }
  static std::uint32_t key_of_bytes(std::string_view bytes) {
    std::uint32_t key = 0;
    for (std::size_t k = 0; k < bytes.size() && k < 4; ++k)
      key |= std::uint32_t{static_cast<unsigned char>(bytes[k])} << (8 * k);
    return key;
  }

  // The bit a key sets: a multiplicative hash, as the characters of a phrase
  // are often neighbours in the code chart.
  static std::size_t bit_of(std::uint32_t key) {
    return static_cast<std::size_t>((std::uint64_t{key} * 0x9E3779B97F4A7C15ull) >> 54);
  }

  void add(std::uint32_t key) {
    const std::size_t bit = bit_of(key);
    words_[bit / 64] |= std::uint64_t{1} << (bit % 64);
  }

  std::uint64_t word(std::size_t index) const { return words_[index]; }

 private:
  std::array<std::uint64_t, kWords> words_{};
};

// The exact set of the ASCII characters of a text (not case-folded). Unlike
// a signature it never lets through a text without the characters asked
// about: a check whose every finding holds an ASCII digit skips the blocks
// without one.
class AsciiSet {
 public:
  constexpr AsciiSet() = default;
  explicit constexpr AsciiSet(std::string_view characters) {
    for (const char c : characters) add(static_cast<unsigned char>(c));
  }

  constexpr void add(unsigned char c) { words_[(c >> 6) & 1] |= std::uint64_t{1} << (c & 63); }  // c < 0x80
  constexpr bool contains_any_of(const AsciiSet& wanted) const {
    return ((words_[0] & wanted.words_[0]) | (words_[1] & wanted.words_[1])) != 0;
  }

 private:
  std::array<std::uint64_t, 2> words_{};
};

// The signatures and ASCII sets of doc.blocks(), from one pass over their text.
struct BlockCharacters {
  explicit BlockCharacters(const Document& doc) {
    // Made in place: a signature is 128 bytes, and most blocks hold a few
    // dozen characters.
    signatures.reserve(doc.blocks().size());
    ascii.reserve(doc.blocks().size());
    for (const TextBlock& block : doc.blocks()) add_characters(block.text, signatures.emplace_back(), ascii.emplace_back());
  }

  struct TextCharacters {
    CharacterSignature signature;
    AsciiSet ascii;  // the ASCII characters, exactly
  };

  static CharacterSignature signature_of(std::string_view text) { return characters_of(text).signature; }

  static TextCharacters characters_of(std::string_view text) {
    TextCharacters found;
    add_characters(text, found.signature, found.ascii);
    return found;
  }

  std::vector<CharacterSignature> signatures;  // per block of doc.blocks()
  std::vector<AsciiSet> ascii;                 // per block of doc.blocks()

 private:
  // Adds the characters of text to signature and its ASCII characters to ascii.
  static void add_characters(std::string_view text, CharacterSignature& signature, AsciiSet& ascii) {
    constexpr std::uint64_t kTwoLeadsMask = 0xC0C0F0C0C0F0;  // twice a lead and two continuation bytes
    constexpr std::uint64_t kTwoLeads = 0x8080E08080E0;
    const char* const data = text.data();
    const std::size_t size = text.size();
    std::size_t i = 0;
    while (i < size) {
      // Most of the text: runs of three-byte characters (Han, CJK
      // punctuation), keyed from their bytes as they are. An overlong or
      // surrogate sequence gets a key no phrase character has, where the
      // decoder would read U+FFFDs: no phrase matches either.
      // While eight bytes are left, one load reads two characters' six bytes
      // (and two more, masked off).
      if (i + 8 <= size) {
        const char* p = data + i;
        for (const char* const last = data + size - 8; p <= last; p += 6) {
          const auto eight = utf8::load_first_byte_lowest<std::uint64_t>(p);
          if ((eight & kTwoLeadsMask) != kTwoLeads) break;
          signature.add(static_cast<std::uint32_t>(eight & 0xFFFFFF));
          signature.add(static_cast<std::uint32_t>((eight >> 24) & 0xFFFFFF));
        }
        i = static_cast<std::size_t>(p - data);
      }
      // Then one character: three bytes (one load while four are left), an
      // ASCII one or another.
      if (i + 4 <= size) {
        const std::uint32_t key = utf8::load_first_byte_lowest<std::uint32_t>(data + i) & 0xFFFFFF;
        if ((key & 0xC0C0F0) == 0x8080E0) {
          signature.add(key);
          i += 3;
          continue;
        }
      } else if (i + 3 <= size) {
        const unsigned lead = static_cast<unsigned char>(text[i]);
        const unsigned tail = static_cast<unsigned char>(text[i + 1]) | static_cast<unsigned char>(text[i + 2]) << 8;
        if ((lead & 0xF0) == 0xE0 && (tail & 0xC0C0) == 0x8080) {
          signature.add(lead | tail << 8);
          i += 3;
          continue;
        }
      }
      if (static_cast<unsigned char>(text[i]) < 0x80) {
        // ASCII comes in words and numbers: the whole run.
        do {
          const unsigned c = static_cast<unsigned char>(text[i]);
          ascii.add(static_cast<unsigned char>(c));
          signature.add(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        } while (++i < size && static_cast<unsigned char>(text[i]) < 0x80);
        continue;
      }
      const utf8::Decoded d = utf8::decode(text, i);
      signature.add(CharacterSignature::key_of_bytes(text.substr(i, d.length)));
      i += d.length;
    }
  }

};

// Whether the blocks hold at least `wanted` Han characters (stops counting
// there): the checks that skip short articles ask this first.
inline bool has_han_chars(const std::vector<TextBlock>& blocks, long wanted) {
  if (wanted <= 0) return true;
  long han = 0;
  for (const TextBlock& block : blocks) {
    const std::string_view text = block.text;
    for (std::size_t i = 0; i < text.size();) {
      if (utf8::starts_common_han(text, i)) {  // most Han characters, told without decoding
        if (++han >= wanted) return true;
        i += 3;
        continue;
      }
      const auto d = utf8::decode(text, i);
      if (utf8::is_han(d.code_point) && ++han >= wanted) return true;
      i += d.length;
    }
  }
  return false;
}

// Whether some phrase of a list may occur in a text, told from the text's
// signature: a phrase needs all the characters it keeps under its folding
// (compact folding drops white space and punctuation).
class PhraseFilter {
 public:
  PhraseFilter() = default;
  PhraseFilter(const std::vector<std::string>& phrases, PhraseMatcher::Folding folding) {
    std::vector<std::vector<std::size_t>> needs;  // per phrase, the sorted bits of its characters
    for (const std::string& phrase : phrases) {
      const std::string kept = folding == PhraseMatcher::Folding::compact ? PhraseMatcher::compact(phrase) : phrase;
      if (kept.empty()) continue;  // never matches
      if (utf8::valid_prefix_length(kept) != kept.size()) {
        // Matched byte for byte: no character to require, so never ruled out.
        always_ = true;
        return;
      }
      std::vector<std::size_t> bits;
      for (std::size_t i = 0; i < kept.size();) {
        const utf8::Decoded d = utf8::decode(kept, i);
        bits.push_back(CharacterSignature::bit_of(CharacterSignature::key_of(d.code_point)));
        i += d.length;
      }
      std::sort(bits.begin(), bits.end());
      bits.erase(std::unique(bits.begin(), bits.end()), bits.end());
      needs.push_back(std::move(bits));
    }
    // A phrase that needs all the bits another one needs adds nothing: the
    // other one lets through every text it would.
    std::sort(needs.begin(), needs.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); });
    std::vector<std::vector<std::size_t>> minimal;
    for (const auto& need : needs) {
      const bool redundant = std::any_of(minimal.begin(), minimal.end(), [&](const auto& smaller) {
        return std::includes(need.begin(), need.end(), smaller.begin(), smaller.end());
      });
      if (!redundant) minimal.push_back(need);
    }
    // Each phrase is filed under one of its bits: for a text, only the
    // phrases filed under the bits it has are looked at. The bits are taken
    // from as few signature words as cover every phrase (chosen greedily), as
    // a text costs one look per such word; within them, a phrase is filed
    // under the bit fewest phrases share, as a character common to many
    // phrases (`不`, `医`) tends to be common in any text too.
    std::array<bool, CharacterSignature::kWords> filing_word{};
    std::vector<bool> covered(minimal.size(), false);
    for (std::size_t left = minimal.size(); left > 0;) {
      std::array<std::size_t, CharacterSignature::kWords> covers{};  // per word, the phrases left it would cover
      for (std::size_t p = 0; p < minimal.size(); ++p) {
        if (covered[p]) continue;
        std::size_t previous_word = CharacterSignature::kWords;
        for (const std::size_t bit : minimal[p])  // sorted: count each word once
          if (bit / 64 != previous_word) ++covers[previous_word = bit / 64];
      }
      const auto best = static_cast<std::size_t>(std::max_element(covers.begin(), covers.end()) - covers.begin());
      filing_word[best] = true;
      filing_words_.push_back(static_cast<std::uint8_t>(best));
      for (std::size_t p = 0; p < minimal.size(); ++p) {
        if (covered[p]) continue;
        covered[p] = std::any_of(minimal[p].begin(), minimal[p].end(), [&](std::size_t bit) { return bit / 64 == best; });
        if (covered[p]) --left;
      }
    }
    std::sort(filing_words_.begin(), filing_words_.end());
    std::vector<std::size_t> sharing(kBits, 0);
    for (const auto& need : minimal)
      for (const std::size_t bit : need) ++sharing[bit];
    std::vector<std::vector<std::size_t>> filed_under(kBits);  // indexes into minimal
    for (std::size_t p = 0; p < minimal.size(); ++p) {
      std::size_t filed = kBits;
      for (const std::size_t bit : minimal[p])
        if (filing_word[bit / 64] && (filed == kBits || sharing[bit] < sharing[filed])) filed = bit;
      filed_under[filed].push_back(p);
      filing_bits_[filed / 64] |= std::uint64_t{1} << (filed % 64);
    }
    filed_begin_.reserve(kBits + 1);
    for (std::size_t bit = 0; bit < kBits; ++bit) {
      filed_begin_.push_back(static_cast<std::uint32_t>(tests_.size()));
      for (const std::size_t p : filed_under[bit]) add_tests(minimal[p], bit);
    }
    filed_begin_.push_back(static_cast<std::uint32_t>(tests_.size()));
  }

  bool may_occur(const CharacterSignature& text) const {
    if (always_) return true;
    const Test* const tests = tests_.data();
    for (const std::size_t w : filing_words_) {
      for (std::uint64_t bits = text.word(w) & filing_bits_[w]; bits != 0; bits &= bits - 1) {
        const std::size_t bit = w * 64 + static_cast<std::size_t>(std::countr_zero(bits));
        // The tests of the phrases filed under the bit, one phrase after the
        // other: a failed test skips the rest of its phrase.
        const std::uint32_t end = filed_begin_[bit + 1];
        for (std::uint32_t k = filed_begin_[bit]; k < end;) {
          const Test& test = tests[k];
          if ((text.word(test.word) & test.mask) != test.mask) {
            k = test.next_phrase;
          } else if (test.last) {
            return true;
          } else {
            ++k;
          }
        }
      }
    }
    return false;
  }

 private:
  static constexpr std::size_t kBits = CharacterSignature::kWords * 64;

  // One test of a phrase: the text has all of `mask` in signature word `word`.
  struct Test {
    std::uint64_t mask;
    std::uint32_t next_phrase;  // index in tests_ of the next phrase's first test
    std::uint8_t word;
    bool last;                  // the phrase's last test: passing it, the phrase may occur
  };

  // Appends the tests of a phrase needing the (sorted) `bits`, filed under
  // `filed_bit`. The filed bit is known to be set when they run: it is left
  // out, and a phrase needing no other bit gets one test that always passes.
  // The words needing the most bits come first, as they fail most often.
  void add_tests(const std::vector<std::size_t>& bits, std::size_t filed_bit) {
    std::vector<Test> phrase_tests;
    for (const std::size_t bit : bits) {  // sorted: the bits of one word are neighbours
      if (bit == filed_bit) continue;
      if (phrase_tests.empty() || phrase_tests.back().word != bit / 64)
        phrase_tests.push_back({0, 0, static_cast<std::uint8_t>(bit / 64), false});
      phrase_tests.back().mask |= std::uint64_t{1} << (bit % 64);
    }
    if (phrase_tests.empty()) phrase_tests.push_back({0, 0, 0, false});
    std::stable_sort(phrase_tests.begin(), phrase_tests.end(), [](const Test& a, const Test& b) {
      return std::popcount(a.mask) > std::popcount(b.mask);
    });
    phrase_tests.back().last = true;
    const auto next_phrase = static_cast<std::uint32_t>(tests_.size() + phrase_tests.size());
    for (Test& test : phrase_tests) test.next_phrase = next_phrase;
    tests_.insert(tests_.end(), phrase_tests.begin(), phrase_tests.end());
  }

  // Per phrase (the minimal ones, in order of the bit each is filed under),
  // its tests: phrase after phrase, so the phrases filed under one bit are
  // the tests [filed_begin_[bit], filed_begin_[bit + 1]).
  std::vector<Test> tests_;
  std::vector<std::uint8_t> filing_words_;  // the signature words holding the bits phrases are filed under
  std::array<std::uint64_t, CharacterSignature::kWords> filing_bits_{};  // the bits phrases are filed under
  std::vector<std::uint32_t> filed_begin_;  // per bit, the first test filed under it; one more at the end
  bool always_ = false;
};

}  // namespace hlint

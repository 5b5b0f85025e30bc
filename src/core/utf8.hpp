// Small UTF-8 helpers shared by the model and the checks. Input text in the
// model is always valid UTF-8 (the decoder replaces invalid bytes), but these
// helpers stay defensive so a check can never read past a buffer.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace hlint::utf8 {

// sizeof(Word) bytes at `bytes` as a number, first byte lowest: how the
// byte-at-a-time scans (the phrase matcher, the character signatures, the
// mojibake screen) read several bytes of UTF-8 with one load, whatever the
// machine's byte order. The caller makes sure the bytes are there.
template <typename Word>
Word load_first_byte_lowest(const void* at) {
  Word word = 0;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(&word, at, sizeof word);
  } else {
    const auto* bytes = static_cast<const unsigned char*>(at);
    for (std::size_t k = 0; k < sizeof word; ++k) word |= Word{bytes[k]} << (8 * k);
  }
  return word;
}

// Whether some byte of `word` is below `limit` (at most 0x80), eight bytes
// at once: (word - limit in each byte) & ~word has a high bit set exactly when
// one is. Scans skip whole words of Chinese text (no byte below 0x80) with it.
constexpr bool has_byte_below(std::uint64_t word, unsigned char limit) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  return ((word - kOnes * limit) & ~word & (kOnes * 0x80)) != 0;
}

struct Decoded {
  char32_t code_point;
  std::size_t length;  // bytes consumed, >= 1
};

// Decodes the code point starting at text[pos]. An invalid sequence yields
// U+FFFD with length 1, so callers always make progress. Inline, with an
// ASCII fast path: every check walks text with it.
Decoded decode_multibyte(std::string_view text, std::size_t pos);
inline Decoded decode(std::string_view text, std::size_t pos) {
  if (pos < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[pos]);
    if (c < 0x80) return {c, 1};
    // The common cases in Chinese text: a well-formed three-byte sequence
    // (Han, CJK and full-width punctuation) or two-byte one (·, NBSP).
    if (c >= 0xE0 && c <= 0xEF && pos + 2 < text.size()) {
      const unsigned char c1 = static_cast<unsigned char>(text[pos + 1]);
      const unsigned char c2 = static_cast<unsigned char>(text[pos + 2]);
      if ((c1 & 0xC0) == 0x80 && (c2 & 0xC0) == 0x80) {
        const char32_t cp = ((c & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (c2 & 0x3F);
        if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) return {cp, 3};  // no overlong, no surrogate
      }
    } else if (c >= 0xC2 && c <= 0xDF && pos + 1 < text.size()) {
      const unsigned char c1 = static_cast<unsigned char>(text[pos + 1]);
      if ((c1 & 0xC0) == 0x80) return {static_cast<char32_t>(((c & 0x1F) << 6) | (c1 & 0x3F)), 2};
    }
  }
  return decode_multibyte(text, pos);
}

// Length in bytes of a valid sequence starting at text[pos], or 0 if the bytes
// there are not valid UTF-8 (overlongs, surrogates and truncation included).
std::size_t valid_sequence_length(std::string_view text, std::size_t pos);

// Length of the longest prefix of text that is valid UTF-8: text.size() when
// all of it is. Checks eight ASCII bytes at a time, so validating a whole
// file costs little more than reading it.
std::size_t valid_prefix_length(std::string_view text);

void append(std::string& out, char32_t code_point);

// Number of UTF-16 code units the code point needs (1 or 2).
inline int utf16_units(char32_t cp) { return cp >= 0x10000 ? 2 : 1; }

// Terminal display width: 2 for East Asian wide and full-width characters,
// 0 for combining marks and zero-width characters, 1 otherwise. Printable
// ASCII and the common Han block, most of any Chinese line, are answered
// inline; the rest by display_width_of_other (libunistring's uc_width; a
// unit test checks that the inline answers agree with it).
int display_width_of_other(char32_t cp);
inline int display_width(char32_t cp) {
  if (cp >= 0x20 && cp < 0x7F) return 1;
  if (cp >= 0x4E00 && cp <= 0x9FFF) return 2;
  return display_width_of_other(cp);
}

// Classifiers, inline: every check calls them once per code point.
constexpr bool is_han(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x2EBEF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x30000 && cp <= 0x3134F);
}
// 、。，！？：；“”《》…（）【】 and friends
constexpr bool is_cjk_punctuation(char32_t cp) {
  if (cp < 0xB7) return false;
  return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
         (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
         (cp >= 0xFF5B && cp <= 0xFF65) || cp == 0x2026 || cp == 0x2014 ||
         (cp >= 0x2018 && cp <= 0x201F) || cp == 0x00B7;
}
inline bool is_ascii_punctuation(char32_t cp) {
  return (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) || (cp >= 0x5B && cp <= 0x60) ||
         (cp >= 0x7B && cp <= 0x7E);
}
inline bool is_ascii_letter(char32_t cp) { return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'); }
inline bool is_ascii_digit(char32_t cp) { return cp >= '0' && cp <= '9'; }
// U+200B..U+200D, U+2060, U+FEFF
inline bool is_zero_width(char32_t cp) {
  return (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF;
}
// ASCII and Unicode spaces, incl. U+3000 and NBSP
inline bool is_whitespace(char32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= '\t' && cp <= '\r');
  return cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
         cp == 0x205F || cp == 0x1680;
}

// Whether text[pos] starts a well-formed three-byte U+4E00..U+9FFF (the CJK
// Unified Ideographs block: most of any Chinese text), told from the bytes
// without decoding. Hot loops use it to step over Han characters 3 bytes at a time.
// is_common_han_at reads three bytes the caller knows are there.
inline bool is_common_han_at(const char* bytes) {
  const unsigned lead = static_cast<unsigned char>(bytes[0]);
  if (lead - 0xE4 > 0xE9 - 0xE4) return false;
  const unsigned second = static_cast<unsigned char>(bytes[1]);
  const unsigned third = static_cast<unsigned char>(bytes[2]);
  return ((second ^ 0x80) | (third ^ 0x80)) <= 0x3F && (lead != 0xE4 || second >= 0xB8);
}
inline bool starts_common_han(std::string_view text, std::size_t pos) {
  return pos + 2 < text.size() && is_common_han_at(text.data() + pos);
}

// Returns the number of code points in text.
std::size_t length(std::string_view text);

}  // namespace hlint::utf8

// Small UTF-8 helpers shared by the model and the checks. Input text in the
// model is always valid UTF-8 (the decoder replaces invalid bytes), but these
// helpers stay defensive so a check can never read past a buffer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace hlint::utf8 {

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
  }
  return decode_multibyte(text, pos);
}

// Length in bytes of a valid sequence starting at text[pos], or 0 if the bytes
// there are not valid UTF-8 (overlongs, surrogates and truncation included).
std::size_t valid_sequence_length(std::string_view text, std::size_t pos);

void append(std::string& out, char32_t code_point);

// Number of UTF-16 code units the code point needs (1 or 2).
inline int utf16_units(char32_t cp) { return cp >= 0x10000 ? 2 : 1; }

// Terminal display width: 2 for East Asian wide and full-width characters,
// 0 for combining marks and zero-width characters, 1 otherwise.
int display_width(char32_t cp);

bool is_han(char32_t cp);
bool is_cjk_punctuation(char32_t cp);  // 、。，！？：；“”《》…（）【】 and friends
bool is_ascii_letter(char32_t cp);
bool is_ascii_digit(char32_t cp);
bool is_zero_width(char32_t cp);  // U+200B..U+200D, U+2060, U+FEFF
bool is_whitespace(char32_t cp);  // ASCII and Unicode spaces, incl. U+3000 and NBSP

// Returns the number of code points in text.
std::size_t length(std::string_view text);

}  // namespace hlint::utf8

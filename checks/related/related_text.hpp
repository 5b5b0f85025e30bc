// Text helpers of the related/ checks: the normalisation under which two
// titles or blurbs count as "the same", the bigrams related/near-duplicate
// compares, and the shapes of a related item's parts (a trailing
// date, a trailing ellipsis). Pure functions on UTF-8 text, all linear.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "core/utf8.hpp"

namespace hlint::related {

// Drops white space, zero-width characters, punctuation and decorative
// symbols, folds full-width ASCII to ASCII and lower-cases ASCII letters, so
// `肉毒素的作用, 和功效。` and `肉毒素的作用和功效` normalise to the same text.
std::string normalize(std::string_view text);
// The same, but stops once the result is longer than max_bytes: enough to
// tell whether the text normalises to one of a few short texts (headings), or
// what such a text starts with.
std::string normalize(std::string_view text, std::size_t max_bytes);

// Number of code points of (valid UTF-8) text: its bytes but the continuation bytes.
std::size_t code_points(std::string_view text);

// Calls on_bigram(std::uint64_t) for every pair of adjacent characters of a
// normalised text, repeats included: two numbers that are equal exactly when
// the pairs are (see next_character_key). A bigram is never 0: normalised
// text holds no control characters.
template <typename OnBigram>
void for_each_bigram(std::string_view normalized, OnBigram&& on_bigram);

// A 64-bit hash of a normalised text (the corpus check keeps hashes, not
// texts).
std::uint64_t text_hash(std::string_view normalized);

// Byte offset where a trailing ellipsis (`...`, `…`, `……`, `。。。`) starts,
// ignoring trailing white space; nullopt if the text does not end with one.
struct Ellipsis {
  std::size_t begin = 0;
  std::size_t end = 0;
};
std::optional<Ellipsis> trailing_ellipsis(std::string_view text);

// True if the whole text is a date as related lists print them: `03-15`,
// `2025-01-29`, `2025/1/29 16:12`, `3月15日`, `2025年3月15日`.
bool is_date(std::string_view text);

// Byte offset where a date at the end of the text starts (after white space),
// e.g. `膝盖痛看哪个科室 03-15` -> the offset of `03-15`; nullopt if none or if
// the whole text is a date.
std::optional<std::size_t> trailing_date(std::string_view text);

// The text cut to at most `max_code_points` code points, with `…` if cut: for
// quoting a title or blurb in a message.
std::string excerpt(std::string_view text, std::size_t max_code_points);

// A number for the character at normalized[i], and i moved past it: two
// characters have the same number exactly when they are the same character.
// Normalised text is valid UTF-8, mostly three-byte Han characters: their
// number is their three bytes as they are (first byte lowest), read in one
// load while four bytes are left; any other character's is its code point.
// The two never meet: three bytes as a number are at least 0x8080E0, above
// every code point.
inline std::uint32_t next_character_key(std::string_view normalized, std::size_t& i) {
  const unsigned char lead = static_cast<unsigned char>(normalized[i]);
  if (lead >= 0xE0 && lead < 0xF0) {
    if (i + 3 < normalized.size()) {
      std::uint32_t four;
      if constexpr (std::endian::native == std::endian::little) {
        std::memcpy(&four, normalized.data() + i, sizeof four);
      } else {
        four = lead | std::uint32_t{static_cast<unsigned char>(normalized[i + 1])} << 8 |
               std::uint32_t{static_cast<unsigned char>(normalized[i + 2])} << 16;
      }
      i += 3;
      return four & 0xFFFFFF;
    }
    if (i + 2 < normalized.size()) {
      const std::uint32_t key = lead | std::uint32_t{static_cast<unsigned char>(normalized[i + 1])} << 8 |
                                std::uint32_t{static_cast<unsigned char>(normalized[i + 2])} << 16;
      i += 3;
      return key;
    }
  }
  const auto decoded = utf8::decode(normalized, i);
  i += decoded.length;
  return static_cast<std::uint32_t>(decoded.code_point);
}

template <typename OnBigram>
void for_each_bigram(std::string_view normalized, OnBigram&& on_bigram) {
  if (normalized.empty()) return;
  std::size_t i = 0;
  std::uint32_t previous = next_character_key(normalized, i);
  while (i < normalized.size()) {
    const std::uint32_t key = next_character_key(normalized, i);
    on_bigram((static_cast<std::uint64_t>(previous) << 32) | key);
    previous = key;
  }
}

}  // namespace hlint::related

// Text helpers of the related/ checks: the normalisation under which two
// titles or blurbs count as "the same", the bigrams related/near-duplicate
// compares, and the shapes of a related item's parts (a trailing
// date, a trailing ellipsis). Pure functions on UTF-8 text, all linear.
#pragma once

#include <cstddef>
#include <cstdint>
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
// normalised text, repeats included. A bigram is never 0: normalised text
// holds no control characters.
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

// The code point at normalized[i], and i moved past it. Normalised text is
// valid UTF-8, mostly three-byte Han characters: they are read without the
// checks of utf8::decode.
inline char32_t next_code_point(std::string_view normalized, std::size_t& i) {
  const unsigned char lead = static_cast<unsigned char>(normalized[i]);
  if (lead >= 0xE0 && lead < 0xF0 && i + 2 < normalized.size()) {
    const unsigned char second = static_cast<unsigned char>(normalized[i + 1]);
    const unsigned char third = static_cast<unsigned char>(normalized[i + 2]);
    i += 3;
    return static_cast<char32_t>((lead & 0x0F) << 12 | (second & 0x3F) << 6 | (third & 0x3F));
  }
  const auto decoded = utf8::decode(normalized, i);
  i += decoded.length;
  return decoded.code_point;
}

template <typename OnBigram>
void for_each_bigram(std::string_view normalized, OnBigram&& on_bigram) {
  if (normalized.empty()) return;
  std::size_t i = 0;
  char32_t previous = next_code_point(normalized, i);
  while (i < normalized.size()) {
    const char32_t code_point = next_code_point(normalized, i);
    // Code points fit in 21 bits, so a pair fits in 42.
    on_bigram((static_cast<std::uint64_t>(previous) << 21) | code_point);
    previous = code_point;
  }
}

}  // namespace hlint::related

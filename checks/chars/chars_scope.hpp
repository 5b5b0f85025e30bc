// The text the chars/ checks read: the visible text of the body (doc.blocks():
// no tags, comments or scripts), the `alt` and `title` attributes of HTML
// elements (readers see them; `style`, `class` and URLs they do not) and the
// values of the front matter, cut into segments that leave out URLs, e-mail addresses and, in
// text/Markdown bodies, inline HTML tags and Markdown link targets.
// Built once per document (doc.analysis<CharsScope>()) and shared by the six
// chars/ checks.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/check.hpp"
#include "core/finding_cap.hpp"
#include "core/document.hpp"

namespace hlint::chars {

// C0 and C1 control characters other than tab and line breaks.
inline bool is_control(char32_t cp) {
  return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp <= 0x9F);
}
inline bool is_private_use(char32_t cp) {
  return (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xF0000 && cp <= 0xFFFFD) || (cp >= 0x100000 && cp <= 0x10FFFD);
}

// A set of byte values: the bytes that may start what a scan looks for.
using ByteSet = std::array<bool, 256>;

// The first position in [from, to) whose byte is in `set`, or `to`. The
// scans of the chars checks pass over text that is nearly all bytes outside
// their set, so this tests eight bytes per step with one branch.
inline std::size_t find_byte_in(std::string_view text, std::size_t from, std::size_t to, const ByteSet& set) {
  constexpr std::size_t kStep = 8;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (; from + kStep <= to; from += kStep) {
    bool any = false;
    for (std::size_t k = 0; k < kStep; ++k) any |= set[bytes[from + k]];
    if (any) break;
  }
  while (from < to && !set[bytes[from]]) ++from;
  return from;
}

// A set of byte pairs: the first two bytes of what a scan looks for. One
// look-up per position rules out far more positions than a ByteSet can.
class BytePairSet {
 public:
  void insert(unsigned char first, unsigned char second) { pairs_[index(first, second)] = true; }
  bool contains(unsigned char first, unsigned char second) const { return pairs_[index(first, second)]; }
  // Whether text[at], text[at + 1] is in the set; at + 1 < text.size().
  bool contains_at(std::string_view text, std::size_t at) const { return pairs_[load(text.data() + at)]; }

  // The first position in [from, to) whose byte and the next are in the set,
  // or `to`; to < text.size(). Tests eight positions per step with one branch.
  std::size_t find_in(std::string_view text, std::size_t from, std::size_t to) const {
    constexpr std::size_t kStep = 8;
    for (; from + kStep <= to; from += kStep) {
      bool any = false;
      for (std::size_t k = 0; k < kStep; ++k) any |= contains_at(text, from + k);
      if (any) break;
    }
    while (from < to && !contains_at(text, from)) ++from;
    return from;
  }

 private:
  // The two bytes at `bytes` as the machine loads 16 bits: one load per position.
  static std::uint16_t load(const char* bytes) {
    std::uint16_t pair;
    std::memcpy(&pair, bytes, sizeof pair);
    return pair;
  }
  static std::uint16_t index(unsigned char first, unsigned char second) {
    const char bytes[2] = {static_cast<char>(first), static_cast<char>(second)};
    return load(bytes);
  }

  std::array<bool, 65536> pairs_{};
};

// Which rare characters a segment may hold: those of its whole unit, found
// in the pass that cuts the unit into segments. The checks looking for them
// skip the segments without any, which is nearly all of them.
struct RareCharacters {
  bool zero_width = false;   // utf8::is_zero_width
  bool replacement = false;  // U+FFFD
  bool control = false;      // is_control or is_private_use
  bool latin1 = false;       // U+00C0..U+00FF, which UTF-8 read as Latin-1 starts with
};

// A range of one text unit that the checks scan.
struct Segment {
  const TextBlock* block = nullptr;  // the unit: a body block or one front matter value line
  std::size_t begin = 0;             // byte range in block->text
  std::size_t end = 0;
  bool front_matter = false;
  // Whether block is one of doc.blocks() (false for front matter values and
  // the alt/title attributes that readers see).
  bool body_block = true;
  RareCharacters rare;

  std::string_view text() const { return std::string_view(block->text).substr(begin, end - begin); }
  // Document span of block->text[from, to).
  Span span(std::size_t from, std::size_t to) const { return block->span(from, to); }
};

// A decoded code point of a block's text with its byte range in that text.
struct CodePoint {
  char32_t value = 0;
  std::size_t begin = 0;
  std::size_t end = 0;
};

class CharsScope {
 public:
  explicit CharsScope(const Document& doc);
  CharsScope(const CharsScope&) = delete;  // segments point into front_matter_lines_
  CharsScope& operator=(const CharsScope&) = delete;

  const std::vector<Segment>& segments() const { return segments_; }

 private:
  void add_unit(const TextBlock& block, bool front_matter, bool body_block, bool markup_in_text);

  std::vector<TextBlock> front_matter_lines_;
  std::vector<TextBlock> attribute_values_;  // alt and title
  std::vector<Segment> segments_;
};

// Where CharsScope looks in a unit: the first position from `from` on of a
// byte that may start a URL, an e-mail address, markup or a rare character
// other than common punctuation, or text.size(). Found byte by byte through
// a table, or sixteen (SSSE3) or thirty-two (AVX2) bytes at a time on
// processors that have them; every scan gives the same answers (a unit test
// compares them).
enum class KindScan { table, ssse3, avx2 };
KindScan fastest_kind_scan();            // the one CharsScope uses
std::vector<KindScan> kind_scans();      // those this processor runs
std::size_t next_byte_of_kind(std::string_view text, std::size_t from, KindScan scan);

// The code points of segment.text(), with offsets in segment.block->text.
std::vector<CodePoint> decode_segment(const Segment& segment);

// The code point decode_segment(segment) reads just before `at`, a position
// after segment.begin where that walk starts a code point (it does at every
// byte that is no continuation byte): found from the few bytes before `at`,
// where a check needs one or two neighbours of a rare match, not the
// segment's every code point.
CodePoint code_point_before(const Segment& segment, std::size_t at);

// A watermarked page may hide a zero-width character after every word: the
// chars checks cap their findings per file with the core's FindingCap.
using CappedReporter = FindingCap;

// "U+200B"
std::string code_point_label(char32_t value);
// "U+200B U+200B", at most eight, then " …"
std::string code_point_list(const std::vector<char32_t>& values);

}  // namespace hlint::chars

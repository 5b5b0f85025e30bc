// CharsScope notes which rare characters each unit holds. Its scan steps over
// common punctuation sharing a lead byte with them (`，` `“` `—` `…`) without
// decoding it: checked against decoding every character of random texts.
#include <catch2/catch.hpp>

#include <random>

#include "chars/chars_scope.hpp"
#include "core/document.hpp"
#include "core/utf8.hpp"

using hlint::chars::CharsScope;

TEST_CASE("CharsScope notes exactly the rare characters of a unit", "[chars]") {
  const std::vector<std::string> alphabet = {
      "文", "，", "：", "（", "“", "”", "—", "…", "‘", " ",
      "\xE2\x80\x8B", "\xE2\x80\x8C", "\xE2\x80\x8D", "\xE2\x81\xA0", "\xEF\xBB\xBF",  // zero-width
      "\xEF\xBF\xBD", "\xEE\x80\x80", "\xEF\xA3\xBF", "\xC2\x85", "é", "\x01",          // U+FFFD, private, control, Latin-1
      "\xEF\xBC", "\xE2\x80"};  // cut short: invalid in the file, U+FFFD in the model
  std::mt19937 rng(20261125);
  for (int t = 0; t < 500; ++t) {
    std::string line;
    for (std::size_t n = 1 + rng() % 12; n > 0; --n) line += alphabet[rng() % alphabet.size()];
    const auto doc = hlint::Document::load("t.txt", line + "\n");
    const CharsScope scope(*doc);
    for (const hlint::chars::Segment& segment : scope.segments()) {
      hlint::chars::RareCharacters expected;
      const std::string_view text = segment.block->text;
      for (std::size_t i = 0; i < text.size();) {
        const auto d = hlint::utf8::decode(text, i);
        expected.zero_width = expected.zero_width || hlint::utf8::is_zero_width(d.code_point);
        expected.replacement = expected.replacement || d.code_point == 0xFFFD;
        expected.control =
            expected.control || hlint::chars::is_control(d.code_point) || hlint::chars::is_private_use(d.code_point);
        expected.latin1 = expected.latin1 || (d.code_point >= 0xC0 && d.code_point <= 0xFF);
        i += d.length;
      }
      INFO("text: " << text);
      CHECK(segment.rare.zero_width == expected.zero_width);
      CHECK(segment.rare.replacement == expected.replacement);
      CHECK(segment.rare.control == expected.control);
      CHECK(segment.rare.latin1 == expected.latin1);
    }
  }
}

TEST_CASE("every scan for the bytes CharsScope looks at gives the same answers", "[chars]") {
  // The table, SSSE3 and AVX2 scans (those this processor runs), from every
  // position of random texts of every length up to a few vectors: all the
  // bytes of some kind (URL, address and markup starts, controls, the leads
  // of rare characters), common punctuation sharing their leads, the bytes
  // the vector scans' classes let through and sort out (`'`, Ä U+00C4,
  // U+80000), Han characters and sequences cut short.
  const std::vector<std::string> alphabet = {
      "文", "字", "，", "：", "“", "…", " ", "a", "w", "W", "www.", "://", "//", "@", "<", "<b>", "](", "]", ":",
      "/", "'", "\t", "\x01", "\x1F", "\x7F", "\xE2\x80\x8B", "\xEF\xBF\xBD", "\xEE\x80\x80", "\xC2\x85", "é", "Ä",
      "\xF3\xA0\x80\x81", "\xF4\x8F\xBF\xBD", "\xF2\x80\x80\x80", "\xEF\xBC", "\xE2\x80"};
  const std::vector<hlint::chars::KindScan> scans = hlint::chars::kind_scans();
  REQUIRE(scans.front() == hlint::chars::KindScan::table);
  std::mt19937 rng(20261207);
  for (int t = 0; t < 3000; ++t) {
    std::string text;
    for (std::size_t n = rng() % 40; n > 0; --n) text += alphabet[rng() % alphabet.size()];
    for (std::size_t from = 0; from <= text.size(); ++from) {
      const std::size_t expected = hlint::chars::next_byte_of_kind(text, from, hlint::chars::KindScan::table);
      REQUIRE(expected >= from);
      for (const hlint::chars::KindScan scan : scans) {
        INFO("text: " << text << ", from " << from << ", scan " << static_cast<int>(scan));
        REQUIRE(hlint::chars::next_byte_of_kind(text, from, scan) == expected);
      }
    }
  }
}

TEST_CASE("code_point_before reads the code point decode_segment reads before a position", "[chars]") {
  // Checks that look at one match's neighbours (chars/latin-for-han) walk
  // back a few bytes instead of decoding the segment: at every code point
  // decode_segment reads, of random texts with sequences cut short, stray
  // continuation bytes and segments starting inside a sequence, both must
  // give the same code point and byte range.
  const std::vector<std::string> alphabet = {"Z", "a", "-", "文", "到", "，", "é", "\xF0\x9F\x98\x80", "\xEF\xBC",
                                             "\xE2\x80", "\x80", "\xBF\xBF\xBF", "\xC3", "\xF0\x9F\x98", "\xED\xA0\x80",
                                             "\xC0\xAF", "\xFF"};
  std::mt19937 rng(20261207);
  for (int t = 0; t < 2000; ++t) {
    hlint::TextBlock block;
    for (std::size_t n = 1 + rng() % 10; n > 0; --n) block.text += alphabet[rng() % alphabet.size()];
    hlint::chars::Segment segment;
    segment.block = &block;
    segment.begin = rng() % block.text.size();
    segment.end = segment.begin + 1 + rng() % (block.text.size() - segment.begin);
    const std::vector<hlint::chars::CodePoint> code_points = hlint::chars::decode_segment(segment);
    for (std::size_t k = 1; k < code_points.size(); ++k) {
      const hlint::chars::CodePoint before = hlint::chars::code_point_before(segment, code_points[k].begin);
      INFO("text: " << block.text << ", segment " << segment.begin << ".." << segment.end << ", at "
                    << code_points[k].begin);
      CHECK(before.value == code_points[k - 1].value);
      CHECK(before.begin == code_points[k - 1].begin);
      CHECK(before.end == code_points[k - 1].end);
    }
  }
}

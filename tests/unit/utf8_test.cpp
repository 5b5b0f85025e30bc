#include <catch2/catch.hpp>

#include <array>
#include <random>
#include <string>
#include <string_view>

#include "core/utf8.hpp"

namespace {

// Length of the valid prefix, one sequence at a time: what the word-at-a-time
// fast paths of valid_prefix_length must agree with.
std::size_t valid_prefix_one_by_one(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t length = hlint::utf8::valid_sequence_length(text, i);
    if (length == 0) return i;
    i += length;
  }
  return i;
}

}  // namespace

TEST_CASE("valid_prefix_length agrees with a check of one sequence at a time") {
  // Pieces that straddle the four-character fast path: common Chinese, the
  // edge leads E0 and ED valid and invalid, other lengths and bad bytes.
  static constexpr std::array<std::string_view, 14> kPieces = {
      "中",           "文",           "，",           "\xEF\xBF\xBD", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xED\xA0\x80",
      "\xE0\x80\x80", "a",            "\xC3\xA9",     "\xF0\x9F\x98\x80", "\x80",    "\xE4\xB8",     "\xFF"};
  std::mt19937 random(20261122);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int pieces = static_cast<int>(random() % 24);
    for (int k = 0; k < pieces; ++k) {
      // Mostly common characters, so that long valid runs occur.
      const std::size_t pick = random() % 4 != 0 ? random() % 3 : random() % kPieces.size();
      text += kPieces[pick];
    }
    INFO(text);
    CHECK(hlint::utf8::valid_prefix_length(text) == valid_prefix_one_by_one(text));
  }
  CHECK(hlint::utf8::valid_prefix_length("中文中文中文中文\xED\xA0\x80") == 24);
  CHECK(hlint::utf8::valid_prefix_length("中文中\xE0\x80\x80文中文中文") == 9);
}

TEST_CASE("display_width answers ASCII and common Han inline as the full table does", "[utf8]") {
  for (char32_t cp = 0; cp < 0x80; ++cp) CHECK(hlint::utf8::display_width(cp) == hlint::utf8::display_width_of_other(cp));
  for (char32_t cp = 0x4E00; cp <= 0x9FFF; ++cp)
    CHECK(hlint::utf8::display_width(cp) == hlint::utf8::display_width_of_other(cp));
  CHECK(hlint::utf8::display_width(U'a') == 1);
  CHECK(hlint::utf8::display_width(U'中') == 2);
  CHECK(hlint::utf8::display_width(U'\u0301') == 0);  // combining acute accent
  CHECK(hlint::utf8::display_width(U'\u200B') == 0);  // zero-width space
  CHECK(hlint::utf8::display_width(U'，') == 2);
}

TEST_CASE("is_common_han_at agrees with decoding", "[utf8]") {
  for (char32_t cp = 0x3000; cp < 0xA000; ++cp) {
    std::string bytes;
    hlint::utf8::append(bytes, cp);
    INFO(static_cast<unsigned>(cp));
    CHECK(hlint::utf8::is_common_han_at(bytes.data()) == (cp >= 0x4E00 && cp <= 0x9FFF));
    CHECK(hlint::utf8::starts_common_han(bytes, 0) == (cp >= 0x4E00 && cp <= 0x9FFF));
    CHECK_FALSE(hlint::utf8::starts_common_han(bytes.substr(0, 2), 0));
  }
}

TEST_CASE("has_byte_below agrees with a byte-by-byte look at every limit") {
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  auto next = [&] {  // xorshift: words of every byte, biased to Chinese text's high bytes half the time
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (int round = 0; round < 20000; ++round) {
    std::uint64_t word = next();
    if (round % 2) word |= 0x8080808080808080ULL & next();
    for (unsigned limit = 1; limit <= 0x80; ++limit) {
      bool some = false;
      for (int k = 0; k < 8; ++k) some = some || ((word >> (8 * k)) & 0xFF) < limit;
      REQUIRE(hlint::utf8::has_byte_below(word, static_cast<unsigned char>(limit)) == some);
    }
  }
}

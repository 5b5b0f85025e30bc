// SplitWordFinder scans a segment for separators many bytes at a time
// (thirty-two with AVX2, then eight, then byte by byte near the end): a split
// word is found wherever its separator falls among those steps.
#include <catch2/catch.hpp>

#include <random>

#include "chars/split_words.hpp"
#include "core/document.hpp"

TEST_CASE("a split word is found at every offset of a long line", "[chars]") {
  const hlint::chars::SplitWordFinder finder({"彻底"}, {});
  // Filler with no separator and no character of the word: Han characters
  // of the leads the scans rule out in bulk (E5..E9) and of those they look
  // at (一 不 E4, `，` `。` `“` `”`), ASCII letters.
  const std::vector<std::string> filler = {"的", "是", "病", "一", "不", "中", "，", "。", "“", "”", "a", "Z"};
  const std::vector<std::string> separators = {".", " ", "*", "\xE2\x80\x8B", "·", "．"};
  std::mt19937 rng(20261207);
  for (int t = 0; t < 400; ++t) {
    std::string before;
    std::string after;
    for (std::size_t n = rng() % 60; n > 0; --n) before += filler[rng() % filler.size()];
    for (std::size_t n = rng() % 60; n > 0; --n) after += filler[rng() % filler.size()];
    const std::string separator = separators[rng() % separators.size()];
    const std::string written = "彻" + separator + "底";
    const auto doc = hlint::Document::load("t.txt", "正文" + before + written + after + "\n");
    INFO("line: " << before << written << after);
    const std::vector<hlint::chars::SplitWord> found = finder.find(*doc);
    REQUIRE(found.size() == 1);
    CHECK(found[0].written == written);
    CHECK(found[0].joined == "彻底");
    CHECK(found[0].word.begin == std::string("正文").size() + before.size());
  }
}

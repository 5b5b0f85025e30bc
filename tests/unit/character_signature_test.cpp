// PhraseFilter may let through a block without a phrase, but must never rule
// out a block where PhraseMatcher finds one (with either folding): checked on
// random texts and phrase lists made of the characters that matter (Han, CJK
// and ASCII punctuation, spaces, both ASCII cases, full-width letters, emoji).
#include <catch2/catch.hpp>

#include <random>

#include "core/character_signature.hpp"
#include "core/phrase_matcher.hpp"

using hlint::PhraseMatcher;

TEST_CASE("PhraseFilter never rules out a text in which the matcher finds a phrase", "[signature]") {
  const std::vector<std::string> alphabet = {"本", "文", "仅", "供", "参", "考", "最", "彻", "底", "，", "。", "、",
                                             " ",  "\t", ".", "-", "a",  "A",  "b",  "B",  "Ｚ", "😀", "\xEF\xBC\x8E"};
  std::mt19937 rng(20261122);
  auto random_text = [&](std::size_t max_characters) {
    std::string text;
    const std::size_t n = rng() % (max_characters + 1);
    for (std::size_t k = 0; k < n; ++k) text += alphabet[rng() % alphabet.size()];
    return text;
  };
  std::size_t matched = 0;
  for (const auto folding : {PhraseMatcher::Folding::exact, PhraseMatcher::Folding::compact}) {
    for (int list = 0; list < 200; ++list) {
      std::vector<std::string> phrases;
      for (std::size_t p = 1 + rng() % 6; p > 0; --p) phrases.push_back(random_text(4));
      const PhraseMatcher matcher(phrases, folding);
      const hlint::PhraseFilter filter(phrases, folding);
      for (int t = 0; t < 200; ++t) {
        const std::string text = random_text(24);
        if (!matcher.contains_any(text)) continue;
        ++matched;
        INFO("text: " << text);
        CHECK(filter.may_occur(hlint::BlockCharacters::signature_of(text)));
      }
    }
  }
  CHECK(matched > 1000);  // the lists and texts do overlap: the check above ran
}

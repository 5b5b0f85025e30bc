// PhraseFilter may let through a block without a phrase, but must never rule
// out a block where PhraseMatcher finds one (with either folding): checked on
// random texts and phrase lists made of the characters that matter (Han, CJK
// and ASCII punctuation, spaces, both ASCII cases, full-width letters, emoji).
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "core/character_signature.hpp"
#include "core/phrase_matcher.hpp"

using hlint::PhraseMatcher;

namespace {

// Random texts of up to max_characters characters drawn from an alphabet.
class RandomTexts {
 public:
  RandomTexts(std::vector<std::string> alphabet, unsigned seed) : alphabet_(std::move(alphabet)), rng_(seed) {}
  std::string operator()(std::size_t max_characters) {
    std::string text;
    const std::size_t n = rng_() % (max_characters + 1);
    for (std::size_t k = 0; k < n; ++k) text += alphabet_[rng_() % alphabet_.size()];
    return text;
  }
  std::size_t below(std::size_t n) { return rng_() % n; }

 private:
  std::vector<std::string> alphabet_;
  std::mt19937 rng_;
};

}  // namespace

TEST_CASE("PhraseFilter never rules out a text in which the matcher finds a phrase", "[signature]") {
  const std::vector<std::string> alphabet = {"本", "文", "仅", "供", "参", "考", "最", "彻", "底", "，", "。", "、",
                                             " ",  "\t", ".", "-", "a",  "A",  "b",  "B",  "Ｚ", "😀", "\xEF\xBC\x8E"};
  RandomTexts random_text(alphabet, 20261122);
  std::size_t matched = 0;
  for (const auto folding : {PhraseMatcher::Folding::exact, PhraseMatcher::Folding::compact}) {
    for (int list = 0; list < 200; ++list) {
      std::vector<std::string> phrases;
      for (std::size_t p = 1 + random_text.below(6); p > 0; --p) phrases.push_back(random_text(4));
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

// Nor does it let through more than it must: a text passes exactly when its
// signature has the bits of every character of some phrase (as folded).
TEST_CASE("PhraseFilter lets through exactly the signatures covering some phrase", "[signature]") {
  const std::vector<std::string> alphabet = {"本", "文", "仅", "供", "参", "考", "最", "彻", "底", "，",
                                             " ",  "a",  "A",  "b",  "Ｚ", "😀", "医", "生", "不"};
  RandomTexts random_text(alphabet, 20261123);
  auto has_bit = [](const hlint::CharacterSignature& signature, std::size_t bit) {
    return (signature.word(bit / 64) >> (bit % 64) & 1) != 0;
  };
  std::size_t passed = 0, ruled_out = 0;
  for (const auto folding : {PhraseMatcher::Folding::exact, PhraseMatcher::Folding::compact}) {
    for (int list = 0; list < 200; ++list) {
      std::vector<std::string> phrases;
      for (std::size_t p = 1 + random_text.below(8); p > 0; --p) phrases.push_back(random_text(5));
      const hlint::PhraseFilter filter(phrases, folding);
      for (int t = 0; t < 100; ++t) {
        const auto signature = hlint::BlockCharacters::signature_of(random_text(12));
        const bool expected = std::any_of(phrases.begin(), phrases.end(), [&](const std::string& phrase) {
          const std::string kept = folding == PhraseMatcher::Folding::compact ? PhraseMatcher::compact(phrase) : phrase;
          if (kept.empty()) return false;
          for (std::size_t i = 0; i < kept.size();) {
            const auto d = hlint::utf8::decode(kept, i);
            if (!has_bit(signature, hlint::CharacterSignature::bit_of(hlint::CharacterSignature::key_of(d.code_point))))
              return false;
            i += d.length;
          }
          return true;
        });
        CHECK(filter.may_occur(signature) == expected);
        ++(expected ? passed : ruled_out);
      }
    }
  }
  CHECK(passed > 1000);
  CHECK(ruled_out > 1000);
}

// The ASCII set of a text is exact: it holds a character iff the text does.
TEST_CASE("characters_of gives the exact set of a text's ASCII characters", "[signature]") {
  const std::vector<std::string> alphabet = {"本", "文", "0", "7", "9", "a", "Z", "z", " ", "-", "\x7F", "\x01",
                                             "Ｚ", "０", "😀", "\xE4\xB8", "\x80"};  // and broken sequences
  RandomTexts random_text(alphabet, 20261124);
  for (int t = 0; t < 2000; ++t) {
    const std::string text = random_text(15);
    const hlint::AsciiSet ascii = hlint::BlockCharacters::characters_of(text).ascii;
    INFO("text: " << text);
    for (int c = 0; c < 0x80; ++c) {
      const bool in_text = text.find(static_cast<char>(c)) != std::string::npos;
      CHECK(ascii.contains_any_of(hlint::AsciiSet(std::string(1, static_cast<char>(c)))) == in_text);
    }
    CHECK(ascii.contains_any_of(hlint::AsciiSet("0123456789")) ==
          (text.find_first_of("0123456789") != std::string::npos));
  }
  CHECK_FALSE(hlint::AsciiSet().contains_any_of(hlint::AsciiSet("abc")));
  CHECK_FALSE(hlint::AsciiSet("xyz").contains_any_of(hlint::AsciiSet("abc")));
  CHECK(hlint::AsciiSet("xyz\x7F").contains_any_of(hlint::AsciiSet("\x7F")));
}

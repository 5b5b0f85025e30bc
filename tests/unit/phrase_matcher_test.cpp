// PhraseMatcher against the obvious implementation (find() per phrase), on
// random texts over a small alphabet so that overlaps and shared prefixes are
// frequent, in both foldings.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>
#include <tuple>

#include "core/phrase_matcher.hpp"

using hlint::PhraseMatcher;

namespace {

using Triple = std::tuple<std::uint32_t, std::size_t, std::size_t>;

std::set<Triple> matcher_matches(const PhraseMatcher& matcher, std::string_view text) {
  std::set<Triple> out;
  matcher.scan(text, [&](const PhraseMatcher::Match& m) {
    out.insert({m.phrase, m.begin, m.end});
    return true;
  });
  return out;
}

std::set<Triple> naive_exact(const std::vector<std::string>& phrases, std::string_view text) {
  std::set<Triple> out;
  for (std::uint32_t p = 0; p < phrases.size(); ++p) {
    if (phrases[p].empty()) continue;
    for (auto at = text.find(phrases[p]); at != std::string_view::npos; at = text.find(phrases[p], at + 1))
      out.insert({p, at, at + phrases[p].size()});
  }
  return out;
}

// Compact folding by hand: the kept code points with their original offsets.
std::set<Triple> naive_compact(const std::vector<std::string>& phrases, std::string_view text) {
  std::string folded;
  std::vector<std::size_t> begin_of, end_of;  // per folded byte: its code point's original span
  for (std::size_t i = 0; i < text.size();) {
    const auto d = hlint::utf8::decode(text, i);
    if (!PhraseMatcher::compact_drops(d.code_point)) {
      const std::string piece = PhraseMatcher::compact(text.substr(i, d.length));
      for (char c : piece) {
        folded.push_back(c);
        begin_of.push_back(i);
        end_of.push_back(i + d.length);
      }
    }
    i += d.length;
  }
  std::set<Triple> out;
  for (std::uint32_t p = 0; p < phrases.size(); ++p) {
    const std::string key = PhraseMatcher::compact(phrases[p]);
    if (key.empty()) continue;
    for (auto at = folded.find(key); at != std::string::npos; at = folded.find(key, at + 1))
      out.insert({p, begin_of[at], end_of[at + key.size() - 1]});
  }
  return out;
}

std::string random_text(std::mt19937& rng, const std::vector<std::string>& alphabet, std::size_t length) {
  std::string out;
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  for (std::size_t i = 0; i < length; ++i) out += alphabet[pick(rng)];
  return out;
}

}  // namespace

TEST_CASE("PhraseMatcher finds what find() finds, overlaps included", "[phrase_matcher]") {
  std::mt19937 rng(42);
  const std::vector<std::string> alphabet{"仅", "供", "参", "考", "a", "b", "最", "主"};
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string> phrases;
    const int count = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < count; ++i) phrases.push_back(random_text(rng, alphabet, 1 + rng() % 4));
    if (round % 7 == 0) phrases.push_back("");
    const std::string text = random_text(rng, alphabet, rng() % 60);
    const PhraseMatcher matcher(phrases);
    REQUIRE(matcher_matches(matcher, text) == naive_exact(phrases, text));
    REQUIRE(matcher.contains_any(text) == !naive_exact(phrases, text).empty());
  }
}

TEST_CASE("PhraseMatcher compact folding ignores spaces, punctuation and ASCII case", "[phrase_matcher]") {
  std::mt19937 rng(7);
  const std::vector<std::string> alphabet{"仅", "供", "参", "考", "，", " ", "A", "a", "\u3000", "-", "b"};
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string> phrases;
    const int count = 1 + static_cast<int>(rng() % 10);
    for (int i = 0; i < count; ++i) phrases.push_back(random_text(rng, alphabet, 1 + rng() % 5));
    const std::string text = random_text(rng, alphabet, rng() % 80);
    const PhraseMatcher matcher(phrases, PhraseMatcher::Folding::compact);
    REQUIRE(matcher_matches(matcher, text) == naive_compact(phrases, text));
  }
}

TEST_CASE("PhraseMatcher maps a compact match back to the original span", "[phrase_matcher]") {
  const PhraseMatcher matcher({"仅供参考，不作诊断依据", "Source"}, PhraseMatcher::Folding::compact);
  const std::string text = "本文 仅供参考 不作诊断 依据。 SOURCE: x";
  std::vector<PhraseMatcher::Match> matches;
  matcher.scan(text, [&](const PhraseMatcher::Match& m) {
    matches.push_back(m);
    return true;
  });
  REQUIRE(matches.size() == 2);
  CHECK(text.substr(matches[0].begin, matches[0].end - matches[0].begin) == "仅供参考 不作诊断 依据");
  CHECK(text.substr(matches[1].begin, matches[1].end - matches[1].begin) == "SOURCE");
}

TEST_CASE("PhraseMatcher reports the longest phrase first at one end and can stop", "[phrase_matcher]") {
  const PhraseMatcher matcher({"根治", "可根治", "治"});
  std::vector<std::uint32_t> order;
  matcher.scan("可根治", [&](const PhraseMatcher::Match& m) {
    order.push_back(m.phrase);
    return true;
  });
  CHECK(order == std::vector<std::uint32_t>{1, 0, 2});
  int calls = 0;
  matcher.scan("可根治根治", [&](const PhraseMatcher::Match&) { return ++calls < 2; });
  CHECK(calls == 2);
  CHECK_FALSE(PhraseMatcher(std::vector<std::string>{}).contains_any("anything"));
  CHECK_FALSE(PhraseMatcher({""}).contains_any("anything"));
}

TEST_CASE("PhraseMatcher handles long phrases and every byte value", "[phrase_matcher]") {
  std::string all_bytes;
  for (int c = 1; c < 256; ++c) all_bytes.push_back(static_cast<char>(c));
  all_bytes.push_back('\0');
  const std::string long_phrase(600, 'x');
  const PhraseMatcher exact({all_bytes, long_phrase});
  CHECK(matcher_matches(exact, "ab" + all_bytes + long_phrase) ==
        std::set<Triple>{{0, 2, 258}, {1, 258, 858}});
  const PhraseMatcher compact({long_phrase + "y"}, PhraseMatcher::Folding::compact);
  CHECK(matcher_matches(compact, "  " + long_phrase + " Y") == std::set<Triple>{{0, 2, 604}});
}

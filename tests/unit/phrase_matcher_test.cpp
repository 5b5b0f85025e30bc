// PhraseMatcher against the obvious implementation (find() per phrase), on
// random texts over a small alphabet so that overlaps and shared prefixes are
// frequent, in both foldings. The matcher steps over characters, or over
// bytes for phrases that are not valid UTF-8 and for very large lists; the
// alphabets below reach both.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>
#include <tuple>
#include <vector>

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

// Every occurrence of each phrase's compact key in `folded` (the compact
// bytes of a text), as the original span from the begin of its first byte to
// the end of its last; a last byte whose end is npos ends no character, and
// no match ends there.
std::set<Triple> find_compact_keys(const std::vector<std::string>& phrases, const std::string& folded,
                                   const std::vector<std::size_t>& begin_of, const std::vector<std::size_t>& end_of) {
  std::set<Triple> out;
  for (std::uint32_t p = 0; p < phrases.size(); ++p) {
    const std::string key = PhraseMatcher::compact(phrases[p]);
    if (key.empty()) continue;
    for (auto at = folded.find(key); at != std::string::npos; at = folded.find(key, at + 1))
      if (const std::size_t end = end_of[at + key.size() - 1]; end != std::string::npos)
        out.insert({p, begin_of[at], end});
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
  return find_compact_keys(phrases, folded, begin_of, end_of);
}

// Compact folding by characters: each kept code point, or invalid byte, is one
// unit and a phrase matches whole units only. With valid UTF-8 text this is
// the same as naive_compact; with invalid bytes, naive_compact may also join
// invalid bytes around a dropped character into one character.
std::set<Triple> naive_compact_units(const std::vector<std::string>& phrases, std::string_view text) {
  const auto units_of = [](std::string_view folded) {
    std::vector<std::string> units;
    for (std::size_t i = 0; i < folded.size();) {
      const auto d = hlint::utf8::decode(folded, i);
      units.emplace_back(folded.substr(i, d.length));
      i += d.length;
    }
    return units;
  };
  std::vector<std::string> units;
  std::vector<std::size_t> begin_of, end_of;  // per unit: its original span
  for (std::size_t i = 0; i < text.size();) {
    const auto d = hlint::utf8::decode(text, i);
    if (!PhraseMatcher::compact_drops(d.code_point)) {
      units.push_back(PhraseMatcher::compact(text.substr(i, d.length)));
      begin_of.push_back(i);
      end_of.push_back(i + d.length);
    }
    i += d.length;
  }
  std::set<Triple> out;
  for (std::uint32_t p = 0; p < phrases.size(); ++p) {
    const std::vector<std::string> key = units_of(PhraseMatcher::compact(phrases[p]));
    if (key.empty()) continue;
    for (auto at = std::search(units.begin(), units.end(), key.begin(), key.end()); at != units.end();
         at = std::search(at + 1, units.end(), key.begin(), key.end())) {
      const std::size_t first = static_cast<std::size_t>(at - units.begin());
      out.insert({p, begin_of[first], end_of[first + key.size() - 1]});
    }
  }
  return out;
}

// Compact folding of phrases that are not valid UTF-8, which the matcher
// steps over byte by byte: the folded bytes of the text match byte for byte,
// but a match counts only where a kept character ends, and begins at its
// first byte itself (which may be inside a character).
std::set<Triple> naive_compact_bytes(const std::vector<std::string>& phrases, std::string_view text) {
  std::string folded;
  std::vector<std::size_t> offset_of;  // per folded byte: its original offset
  std::vector<std::size_t> end_of;     // per folded byte: where its character ends, if it is the last byte
  for (std::size_t i = 0; i < text.size();) {
    const auto d = hlint::utf8::decode(text, i);
    if (!PhraseMatcher::compact_drops(d.code_point)) {
      const std::string piece = PhraseMatcher::compact(text.substr(i, d.length));
      for (std::size_t b = 0; b < piece.size(); ++b) {
        folded.push_back(piece[b]);
        offset_of.push_back(i + b);
        end_of.push_back(b + 1 == piece.size() ? i + d.length : std::string::npos);
      }
    }
    i += d.length;
  }
  return find_compact_keys(phrases, folded, offset_of, end_of);
}

// The matches in the order scan() reports them.
std::vector<Triple> matcher_sequence(const PhraseMatcher& matcher, std::string_view text) {
  std::vector<Triple> out;
  matcher.scan(text, [&](const PhraseMatcher::Match& m) {
    out.emplace_back(m.phrase, m.begin, m.end);
    return true;
  });
  return out;
}

// The order scan() promises: by end, then longest phrase (folded) first, then
// by index (the same phrase listed twice is reported twice).
void require_scan_order(const std::vector<Triple>& sequence, const std::vector<std::size_t>& key_bytes) {
  const auto rank = [&](const Triple& m) {
    return std::tuple(std::get<2>(m), ~key_bytes[std::get<0>(m)], std::get<0>(m));
  };
  REQUIRE(std::is_sorted(sequence.begin(), sequence.end(),
                         [&](const Triple& a, const Triple& b) { return rank(a) < rank(b); }));
}

std::vector<std::size_t> key_bytes(const std::vector<std::string>& phrases, PhraseMatcher::Folding folding) {
  std::vector<std::size_t> out;
  for (const std::string& phrase : phrases)
    out.push_back(folding == PhraseMatcher::Folding::compact ? PhraseMatcher::compact(phrase).size() : phrase.size());
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

TEST_CASE("PhraseMatcher reports in order of end, longest first", "[phrase_matcher]") {
  std::mt19937 rng(11);
  const std::vector<std::string> alphabet{"根", "治", "可", "，", " ", "A", "a"};
  for (int round = 0; round < 200; ++round) {
    std::vector<std::string> phrases;
    const int count = 1 + static_cast<int>(rng() % 10);
    for (int i = 0; i < count; ++i) phrases.push_back(random_text(rng, alphabet, 1 + rng() % 4));
    phrases.push_back(phrases.front());  // the same phrase twice
    const std::string text = random_text(rng, alphabet, rng() % 60);
    for (const auto folding : {PhraseMatcher::Folding::exact, PhraseMatcher::Folding::compact}) {
      const PhraseMatcher matcher(phrases, folding);
      require_scan_order(matcher_sequence(matcher, text), key_bytes(phrases, folding));
    }
  }
}

TEST_CASE("PhraseMatcher matches 4-byte characters and every UTF-8 length", "[phrase_matcher]") {
  // Ext-B Han (U+20000, U+2A6A5), an emoji, 2-byte letters, a compact-dropped
  // NBSP and middle dot, BMP Han on the same page as others.
  std::mt19937 rng(5);
  const std::vector<std::string> alphabet{"𠀀", "𪚥", "😀", "é", "ü", "\u00A0", "·", "中", "丫", "x", "X", "。"};
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string> phrases;
    const int count = 1 + static_cast<int>(rng() % 10);
    for (int i = 0; i < count; ++i) phrases.push_back(random_text(rng, alphabet, 1 + rng() % 4));
    const std::string text = random_text(rng, alphabet, rng() % 60);
    REQUIRE(matcher_matches(PhraseMatcher(phrases), text) == naive_exact(phrases, text));
    REQUIRE(matcher_matches(PhraseMatcher(phrases, PhraseMatcher::Folding::compact), text) ==
            naive_compact(phrases, text));
  }
  const PhraseMatcher matcher({"𠀀𪚥", "𪚥"}, PhraseMatcher::Folding::compact);
  CHECK(matcher_sequence(matcher, "a𠀀 𪚥") == std::vector<Triple>{{0, 1, 10}, {1, 6, 10}});
}

TEST_CASE("PhraseMatcher on text that is not valid UTF-8", "[phrase_matcher]") {
  // Pieces of 中 (E4 B8 AD), a real U+FFFD (EF BF BD), bytes that are never
  // valid, a truncated 4-byte sequence: scanning must not crash or read past
  // the text. Exact matches are still exactly find()'s.
  std::mt19937 rng(13);
  const std::vector<std::string> alphabet{"中", "\xE4", "\xB8", "\xAD", "\xE4\xB8", "\xEF\xBF\xBD", "\xFF",
                                          "\xC0\x80", "\xF0\xA0\x80", " ", "，", "a"};
  const std::vector<std::string> valid{"中", "\xEF\xBF\xBD", " ", "，", "a"};
  for (int round = 0; round < 400; ++round) {
    std::vector<std::string> phrases;
    const int count = 1 + static_cast<int>(rng() % 8);
    for (int i = 0; i < count; ++i) phrases.push_back(random_text(rng, valid, 1 + rng() % 3));
    const std::string text = random_text(rng, alphabet, rng() % 60);
    REQUIRE(matcher_matches(PhraseMatcher(phrases), text) == naive_exact(phrases, text));
    // Compact: invalid bytes on both sides of a dropped character may or may
    // not join into a character, so the matches lie between the two readings.
    const std::set<Triple> found = matcher_matches(PhraseMatcher(phrases, PhraseMatcher::Folding::compact), text);
    const std::set<Triple> at_least = naive_compact_units(phrases, text);
    const std::set<Triple> at_most = naive_compact(phrases, text);
    REQUIRE(std::includes(found.begin(), found.end(), at_least.begin(), at_least.end()));
    REQUIRE(std::includes(at_most.begin(), at_most.end(), found.begin(), found.end()));
    // With no invalid bytes around a dropped character the readings agree.
    if (text.find("\xE4 ") == std::string::npos && text.find("\xE4\xB8 ") == std::string::npos &&
        text.find("\xE4，") == std::string::npos && text.find("\xE4\xB8，") == std::string::npos)
      REQUIRE(found == at_least);
  }
  // An invalid byte is not the U+FFFD the decoder reads it as.
  CHECK_FALSE(PhraseMatcher({"\xEF\xBF\xBD"}).contains_any("a\xFF" "b"));
  CHECK_FALSE(PhraseMatcher({"\xEF\xBF\xBD"}, PhraseMatcher::Folding::compact).contains_any("a\xFF" "b"));
  CHECK(PhraseMatcher({"\xEF\xBF\xBD"}).contains_any("a\xEF\xBF\xBD" "b"));
  // A character cut off by the end of the text.
  CHECK_FALSE(PhraseMatcher({"中"}).contains_any("a\xE4\xB8"));
  CHECK(matcher_matches(PhraseMatcher({"中"}, PhraseMatcher::Folding::compact), "\xE4中") ==
        std::set<Triple>{{0, 1, 4}});
}

TEST_CASE("PhraseMatcher reads every lead byte as the decoder does", "[phrase_matcher]") {
  // The scan reads a three-byte character from its bytes without decoding:
  // valid E0 and ED characters must find their class, and an overlong E0 or a
  // surrogate ED sequence (two continuation bytes after the lead) none, next
  // to characters of every length and near the end of the text, where fewer
  // than four bytes are left.
  std::mt19937 rng(31);
  const std::vector<std::string> valid{"\xE0\xA4\x85", "\xE0\xBF\xBF", "\xED\x9F\xBF", "\xED\x80\x80", "中",
                                       "\xEF\xBF\xBD", "\xC3\xA9", "\xF0\xA0\x80\x80", "a", "Z"};
  std::vector<std::string> alphabet = valid;
  for (const char* broken : {"\xE0\x80\x80", "\xE0\x83\xA9", "\xE0\x9F\xBF", "\xED\xA0\x80", "\xED\xBF\xBF", "\x80", "\xE4\xB8",
                             "\xE0", "\xED", "\xFF"})
    alphabet.emplace_back(broken);
  for (int round = 0; round < 2000; ++round) {
    std::vector<std::string> phrases;
    const int count = 1 + static_cast<int>(rng() % 6);
    for (int i = 0; i < count; ++i) phrases.push_back(random_text(rng, valid, 1 + rng() % 3));
    const std::string text = random_text(rng, alphabet, rng() % 24);
    const PhraseMatcher matcher(phrases);
    REQUIRE(matcher_matches(matcher, text) == naive_exact(phrases, text));
    require_scan_order(matcher_sequence(matcher, text), key_bytes(phrases, PhraseMatcher::Folding::exact));
    // No character of the alphabet is one compact folding drops: its units are the decoder's.
    const PhraseMatcher compact(phrases, PhraseMatcher::Folding::compact);
    REQUIRE(matcher_matches(compact, text) == naive_compact_units(phrases, text));
    require_scan_order(matcher_sequence(compact, text), key_bytes(phrases, PhraseMatcher::Folding::compact));
  }
  // An overlong or surrogate sequence is not the character its bits spell.
  CHECK_FALSE(PhraseMatcher({"\xC3\xA9"}).contains_any("x\xE0\x83\xA9y"));  // é, overlong
  CHECK_FALSE(PhraseMatcher({"\xC3\xA9"}, PhraseMatcher::Folding::compact).contains_any("x\xE0\x83\xA9y"));
  CHECK(matcher_matches(PhraseMatcher({"\xE0\xA4\x85"}), "\xE0\x80\x80\xE0\xA4\x85") == std::set<Triple>{{0, 3, 6}});
}

TEST_CASE("PhraseMatcher with no phrase of one character steps over pairs", "[phrase_matcher]") {
  // Lists without a phrase of one character let the scan step over two
  // characters at the root when the second one can neither start a phrase
  // nor follow its first character: the matches must be find()'s all the
  // same, with characters that occur only third or later in a phrase, in
  // no phrase, ASCII and broken sequences between them, at every alignment.
  std::mt19937 rng(37);
  const std::vector<std::string> han{"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"};
  std::vector<std::string> alphabet = han;
  for (const char* other : {"中", "国", "a", "\xC3\xA9", "\xE0\x80\x80", "\xED\xA0\x80", "\xFF", "，"})
    alphabet.emplace_back(other);
  for (int round = 0; round < 3000; ++round) {
    std::vector<std::string> phrases;
    const int count = 1 + static_cast<int>(rng() % 5);
    for (int i = 0; i < count; ++i) phrases.push_back(random_text(rng, han, 2 + rng() % 3));
    const std::string text = random_text(rng, alphabet, rng() % 40);
    const PhraseMatcher matcher(phrases);
    REQUIRE(matcher_matches(matcher, text) == naive_exact(phrases, text));
    require_scan_order(matcher_sequence(matcher, text), key_bytes(phrases, PhraseMatcher::Folding::exact));
  }
  // `丙` follows `乙` only third: after `甲乙`, `丙` must not be stepped over.
  CHECK(matcher_matches(PhraseMatcher({"甲乙丙", "丁戊"}), "中甲乙丙丁戊国") ==
        std::set<Triple>{{0, 3, 12}, {1, 12, 18}});
}

TEST_CASE("PhraseMatcher with phrases that are not valid UTF-8 matches bytes", "[phrase_matcher]") {
  // Such phrases match byte for byte (half a character included), against
  // any text; in compact folding only where a character of the text ends.
  std::mt19937 rng(17);
  const std::vector<std::string> alphabet{"中", "\xE4", "\xB8", "\xAD", "\xEF\xBF\xBD", "\xFF", " ", "，", "a", "B"};
  for (int round = 0; round < 400; ++round) {
    std::vector<std::string> phrases;
    const int count = 1 + static_cast<int>(rng() % 8);
    for (int i = 0; i < count; ++i) phrases.push_back(random_text(rng, alphabet, 1 + rng() % 3));
    phrases.push_back("\xB8");  // never valid on its own: this list steps over bytes
    const std::string text = random_text(rng, alphabet, rng() % 60);
    REQUIRE(matcher_matches(PhraseMatcher(phrases), text) == naive_exact(phrases, text));
    const PhraseMatcher compact(phrases, PhraseMatcher::Folding::compact);
    REQUIRE(matcher_matches(compact, text) == naive_compact_bytes(phrases, text));
    require_scan_order(matcher_sequence(compact, text), key_bytes(phrases, PhraseMatcher::Folding::compact));
  }
  CHECK(matcher_matches(PhraseMatcher({"\xE4\xB8"}), "a中") == std::set<Triple>{{0, 1, 3}});
  CHECK(matcher_matches(PhraseMatcher({"\xB8\xAD"}, PhraseMatcher::Folding::compact), "a中") ==
        std::set<Triple>{{0, 2, 4}});
  CHECK(matcher_matches(PhraseMatcher({"\xE4\xB8"}, PhraseMatcher::Folding::compact), "a中").empty());
}

TEST_CASE("PhraseMatcher on random bytes", "[phrase_matcher]") {
  // Bytes chosen so that valid characters, broken ones and matches are all
  // frequent; phrases are valid UTF-8 about half of the time.
  const std::string bytes = "\xE4\xB8\xAD\x80\xEF\xBF\xBD\xF0\xA0 a,";
  const auto is_valid = [](std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
      const std::size_t length = hlint::utf8::valid_sequence_length(text, i);
      if (length == 0) return false;
      i += length;
    }
    return true;
  };
  std::mt19937 rng(29);
  const auto random_bytes = [&](std::size_t length) {
    std::string out;
    for (std::size_t i = 0; i < length; ++i) out.push_back(bytes[rng() % bytes.size()]);
    return out;
  };
  for (int round = 0; round < 1000; ++round) {
    std::vector<std::string> phrases;
    const int count = 1 + static_cast<int>(rng() % 6);
    for (int i = 0; i < count; ++i) phrases.push_back(random_bytes(1 + rng() % 4));
    const std::string text = random_bytes(rng() % 80);
    REQUIRE(matcher_matches(PhraseMatcher(phrases), text) == naive_exact(phrases, text));
    const std::set<Triple> found = matcher_matches(PhraseMatcher(phrases, PhraseMatcher::Folding::compact), text);
    if (std::all_of(phrases.begin(), phrases.end(), is_valid)) {
      const std::set<Triple> at_least = naive_compact_units(phrases, text);
      const std::set<Triple> at_most = naive_compact(phrases, text);
      REQUIRE(std::includes(found.begin(), found.end(), at_least.begin(), at_least.end()));
      REQUIRE(std::includes(at_most.begin(), at_most.end(), found.begin(), found.end()));
    } else {
      REQUIRE(found == naive_compact_bytes(phrases, text));
    }
  }
}

TEST_CASE("PhraseMatcher with thousands of phrases", "[phrase_matcher]") {
  std::mt19937 rng(23);
  const auto han = [](char32_t cp) {
    std::string out;
    hlint::utf8::append(out, cp);
    return out;
  };
  // 5000 phrases over 3000 characters (a character table would have some
  // 15000 rows of 3000 columns: this list steps over bytes), and 3000 phrases
  // over 60 characters (which stay a table over characters).
  for (const auto& [phrase_count, character_count] : {std::pair{5000, 3000}, std::pair{3000, 60}}) {
    std::vector<std::string> alphabet;
    for (int c = 0; c < character_count; ++c) alphabet.push_back(han(0x4E00 + static_cast<char32_t>(c)));
    alphabet.push_back("，");
    alphabet.push_back("A");
    std::vector<std::string> phrases;
    for (int p = 0; p < phrase_count; ++p) phrases.push_back(random_text(rng, alphabet, 1 + rng() % 6));
    // Text that holds many of the phrases, with random characters in between.
    std::string text;
    for (int k = 0; k < 400; ++k) text += random_text(rng, alphabet, rng() % 4) + phrases[rng() % phrases.size()];
    const PhraseMatcher exact(phrases);
    const std::set<Triple> found = matcher_matches(exact, text);
    CHECK(found.size() >= 400);
    REQUIRE(found == naive_exact(phrases, text));
    require_scan_order(matcher_sequence(exact, text), key_bytes(phrases, PhraseMatcher::Folding::exact));
    const PhraseMatcher compact(phrases, PhraseMatcher::Folding::compact);
    REQUIRE(matcher_matches(compact, text) == naive_compact(phrases, text));
    require_scan_order(matcher_sequence(compact, text), key_bytes(phrases, PhraseMatcher::Folding::compact));
  }
}

TEST_CASE("PhraseMatcher compact folding drops no character outside the BMP", "[phrase_matcher]") {
  // The matcher marks the characters folding drops in its table for the BMP only.
  bool drops_any = false;
  for (char32_t cp = 0x10000; cp <= 0x10FFFF; ++cp) drops_any = drops_any || PhraseMatcher::compact_drops(cp);
  CHECK_FALSE(drops_any);
}

TEST_CASE("PhraseMatcher compact matches of phrases longer than 256 characters", "[phrase_matcher]") {
  std::string phrase, text = "前言";
  for (int k = 0; k < 300; ++k) {
    phrase += "中文";
    text += k % 50 == 0 ? "中，文" : "中文";
  }
  const PhraseMatcher compact({phrase, "中文"}, PhraseMatcher::Folding::compact);
  const std::vector<Triple> sequence = matcher_sequence(compact, text);
  REQUIRE(sequence.size() == 301);
  CHECK(sequence[299] == Triple{0, 6, text.size()});
  CHECK(sequence[300] == Triple{1, text.size() - 6, text.size()});
}

#include "chars/han_frequency.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>

#include "core/resources.hpp"
#include "core/utf8.hpp"

namespace hlint::chars {

namespace {

// Costs of the characters the data file does not list. A Han character that
// is not listed is rarer than any listed one (those cost at most 24).
constexpr int kUnlistedHan = 26;
constexpr int kAsciiCost = 6;
constexpr int kCommonestPunctuationCost = 5;
constexpr int kChinesePunctuationCost = 8;
constexpr int kLatinLetterCost = 12;      // é, ü, ß: common in names and loanwords
constexpr int kKanaCost = 14;             // Japanese in Chinese text
constexpr int kOtherLetterCost = 14;      // Greek, Cyrillic, Hangul
constexpr int kSymbolCost = 16;           // mathematical, currency, arrows, Latin-1 signs
constexpr int kRareSymbolCost = 20;       // box drawing, bopomofo, GBK's and Big5's odd rows
constexpr int kBrokenCost = 30;           // U+FFFD, private use, controls

// The marks nearly every Chinese sentence has: 。，、：；！？“”（）
constexpr bool is_commonest_punctuation(char32_t cp) {
  return cp == 0x3002 || cp == 0xFF0C || cp == 0x3001 || cp == 0xFF1A || cp == 0xFF1B || cp == 0xFF01 ||
         cp == 0xFF1F || cp == 0x201C || cp == 0x201D || cp == 0xFF08 || cp == 0xFF09;
}

constexpr int default_cost(char32_t cp) {
  if (cp < 0x80) return cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r' ? kBrokenCost : kAsciiCost;
  if (cp == 0x3002 || cp == 0xFF0C) return kCommonestPunctuationCost - 1;  // 。，
  if (is_commonest_punctuation(cp)) return kCommonestPunctuationCost;
  if (cp == 0x3000) return kLatinLetterCost;  // the ideographic space: indents, rarely inside a sentence
  // Hangzhou numerals, tone marks and other rare signs of the CJK punctuation block.
  if (cp >= 0x3021 && cp <= 0x303F) return kRareSymbolCost;
  if (utf8::is_cjk_punctuation(cp)) return kChinesePunctuationCost;
  if (utf8::is_han(cp)) return kUnlistedHan;
  if (cp < 0xA0) return kBrokenCost;  // C1 controls
  if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return kSymbolCost;
  if (cp < 0x250) return kLatinLetterCost;
  if (cp >= 0x3040 && cp <= 0x30FF) return kKanaCost;
  if ((cp >= 0x370 && cp <= 0x52F) || (cp >= 0xAC00 && cp <= 0xD7A3)) return kOtherLetterCost;
  if (cp >= 0xFF10 && cp <= 0xFF5A) return kKanaCost;  // full-width letters and digits
  if (cp == 0xFFFD || (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xD800 && cp <= 0xDFFF)) return kBrokenCost;
  if ((cp >= 0x2500 && cp <= 0x259F) || (cp >= 0x3100 && cp <= 0x312F) || (cp >= 0x2460 && cp <= 0x24FF) ||
      (cp >= 0x3220 && cp <= 0x33FF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0x2170 && cp <= 0x217F))
    return kRareSymbolCost;
  return kSymbolCost;
}

// The costs of the Basic Multilingual Plane before the data file's, worked
// out by the compiler: at start-up they are one copy instead of 65,536 calls
// (13 M instructions, a tenth of hlint's start-up).
constexpr std::array<std::uint8_t, 0x10000> kDefaultBmpCosts = [] {
  std::array<std::uint8_t, 0x10000> costs{};
  for (char32_t cp = 0; cp < 0x10000; ++cp) costs[cp] = static_cast<std::uint8_t>(default_cost(cp));
  return costs;
}();

}  // namespace

HanFrequencyModel::HanFrequencyModel(std::string_view content, std::string_view words) : words_(words) {
  bmp_costs_.assign(kDefaultBmpCosts.begin(), kDefaultBmpCosts.end());
  own_costs_ = bmp_costs_;
  for_each_data_line(content, [&](std::string_view line) {
    const auto decoded = utf8::decode(line, 0);
    if (decoded.length + 1 >= line.size() || line[decoded.length] != ' ') return;
    // `<cost>` or `<cost> <own cost>`
    int cost = 0;
    const std::string_view numbers = line.substr(decoded.length + 1);
    const auto [after_cost, error] = std::from_chars(numbers.data(), numbers.data() + numbers.size(), cost);
    if (error != std::errc() || cost <= 0 || cost >= 255 || decoded.code_point >= bmp_costs_.size()) return;
    int own = cost;
    if (after_cost + 1 < numbers.data() + numbers.size() && *after_cost == ' ')
      std::from_chars(after_cost + 1, numbers.data() + numbers.size(), own);
    bmp_costs_[decoded.code_point] = static_cast<std::uint8_t>(cost);
    own_costs_[decoded.code_point] = static_cast<std::uint8_t>(std::clamp(own, cost, 254));
  });
}

void HanFrequencyModel::build_words() const {
  const std::string_view words = words_;
  // A table at most half full: twice the lines, rounded up to a power of two.
  const auto lines = static_cast<std::size_t>(std::count(words.begin(), words.end(), '\n')) + 1;
  std::size_t capacity = 64;
  while (capacity < 2 * lines) capacity *= 2;
  word_keys_.assign(capacity, 0);
  word_costs_.assign(capacity, 0);
  word_shift_ = 64 - std::countr_zero(capacity);
  for_each_data_line(words, [&](std::string_view line) {
    const auto first = utf8::decode(line, 0);
    const auto second = utf8::decode(line, first.length);
    const std::size_t space = first.length + second.length;
    if (space >= line.size() || line[space] != ' ') return;
    int cost = 0;
    if (std::from_chars(line.data() + space + 1, line.data() + line.size(), cost).ec != std::errc() || cost <= 0 ||
        cost > 255)
      return;
    add_word(static_cast<std::uint64_t>(first.code_point) << 32 | second.code_point, static_cast<std::uint8_t>(cost));
  });
}

// The slot of `key`, or the empty slot where it would go (linear probing from
// the key's Fibonacci hash).
std::size_t HanFrequencyModel::word_slot(std::uint64_t key) const {
  const std::size_t mask = word_keys_.size() - 1;
  std::size_t slot = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> word_shift_);
  while (word_keys_[slot] != 0 && word_keys_[slot] != key) slot = (slot + 1) & mask;
  return slot;
}

// A word listed twice keeps its lower cost (what the sorted list's first entry gave).
void HanFrequencyModel::add_word(std::uint64_t key, std::uint8_t cost) const {
  const std::size_t slot = word_slot(key);
  if (word_keys_[slot] == 0 || cost < word_costs_[slot]) word_costs_[slot] = cost;
  word_keys_[slot] = key;
}

int HanFrequencyModel::word_cost(char32_t first, char32_t second) const {
  const std::uint64_t key = static_cast<std::uint64_t>(first) << 32 | second;
  std::call_once(words_built_, [this] { build_words(); });
  if (key == 0 || word_keys_.empty()) return -1;
  const std::size_t slot = word_slot(key);
  return word_keys_[slot] == key ? word_costs_[slot] : -1;
}

int HanFrequencyModel::cost_in_context(char32_t before, char32_t cp, char32_t after) const {
  // The cost of the word less that of its other character: roughly the bits
  // of cp given its neighbour.
  int best = own_cost(cp);
  if (before != 0)
    if (const int word = word_cost(before, cp); word > 0) best = std::min(best, std::max(0, word - cost(before)));
  if (after != 0)
    if (const int word = word_cost(cp, after); word > 0) best = std::min(best, std::max(0, word - cost(after)));
  return best;
}

int HanFrequencyModel::astral_cost(char32_t cp) const {
  if (utf8::is_han(cp)) return kUnlistedHan;
  if (cp >= 0x1F300 && cp <= 0x1FAFF) return kSymbolCost;  // emoji
  if (cp >= 0xF0000) return kBrokenCost;                  // private use planes
  return kRareSymbolCost;
}

int HanFrequencyModel::text_cost(std::string_view text) const {
  int total = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto decoded = utf8::decode(text, i);
    total += cost(decoded.code_point);
    i += decoded.length;
  }
  return total;
}

}  // namespace hlint::chars

#include "chars/han_word_model.hpp"

#include <algorithm>
#include <bit>
#include <charconv>

#include "core/resources.hpp"
#include "core/utf8.hpp"

namespace hlint::chars {

namespace {

constexpr std::size_t kMaxWordLength = 4;  // characters (the generator keeps no longer word)
// What a character the words lack adds to the unknown word's cost, in tenths
// of a bit: Chinese punctuation (6 nats) and any other character (12 nats, a
// rare one). Measured with lm_experiment.py: 6 nats for punctuation kept
// `（` possible after `删除` and `，` the likelier at a line's end; 12 nats for
// punctuation made every `（` a `！`.
constexpr int kUnlistedPunctuation = 87;
constexpr int kUnlistedCharacter = 173;
// Segmentations kept at each position (by cost; a bigram model needs only
// the last word of each).
constexpr std::size_t kKeep = 8;

bool parse_int(std::string_view text, int& out) {
  return !text.empty() && std::from_chars(text.data(), text.data() + text.size(), out).ec == std::errc();
}

// The word as one number, or 0 when it has a character beyond the BMP or is too long.
std::uint64_t pack(std::u32string_view text, std::size_t at, std::size_t length) {
  if (length == 0 || length > kMaxWordLength) return 0;
  std::uint64_t key = 0;
  for (std::size_t k = 0; k < length; ++k) {
    const char32_t cp = text[at + k];
    if (cp == 0 || cp >= 0x10000) return 0;
    key = key << 16 | cp;
  }
  return key;
}

}  // namespace

constexpr std::uint64_t kPairBit = std::uint64_t{1} << 63;  // no pair key is 0

void HanWordModel::Table::build(const std::vector<std::pair<std::uint64_t, std::int32_t>>& entries) {
  std::size_t capacity = 64;
  while (capacity < 2 * entries.size()) capacity *= 2;
  keys_.assign(capacity, 0);
  values_.assign(capacity, 0);
  shift_ = 64 - std::countr_zero(capacity);
  const std::size_t mask = capacity - 1;
  for (const auto& [key, value] : entries) {
    std::size_t slot = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);
    while (keys_[slot] != 0 && keys_[slot] != key) slot = (slot + 1) & mask;
    if (keys_[slot] == key) continue;  // the first entry stands
    keys_[slot] = key;
    values_[slot] = value;
  }
}

HanWordModel::HanWordModel(std::string_view content) {
  enum class Section { none, words, pairs } section = Section::none;
  std::vector<std::pair<std::uint64_t, std::int32_t>> index, pairs;
  std::u32string word;
  for_each_data_line(content, [&](std::string_view line) {
    if (line == "@words") {
      section = Section::words;
      return;
    }
    if (line == "@pairs") {
      section = Section::pairs;
      return;
    }
    if (section == Section::words) {
      const std::size_t space = line.find(' ');
      const std::size_t second = space == std::string_view::npos ? space : line.find(' ', space + 1);
      int cost = 0, back = 0;
      if (second == std::string_view::npos || !parse_int(line.substr(space + 1, second - space - 1), cost) ||
          !parse_int(line.substr(second + 1), back))
        return;
      const std::string_view text = line.substr(0, space);
      if (!words_.empty()) {  // the first is `<unk>`
        word.clear();
        for (std::size_t i = 0; i < text.size();) {
          const auto d = utf8::decode(text, i);
          word.push_back(d.code_point);
          i += d.length;
        }
        if (const std::uint64_t key = pack(word, 0, word.size()); key != 0) {
          index.emplace_back(key, static_cast<std::int32_t>(words_.size()));
          if (word == U"，") boundary_ = static_cast<std::uint32_t>(words_.size());
        }
      }
      words_.push_back({cost, back});
    } else if (section == Section::pairs) {
      std::size_t at = line.find(' ');
      int first = 0;
      if (at == std::string_view::npos || !parse_int(line.substr(0, at), first) || first < 0) return;
      std::int64_t second = 0;
      while (at != std::string_view::npos) {
        const std::size_t begin = at + 1;
        at = line.find(' ', begin);
        const std::string_view cell = line.substr(begin, at == std::string_view::npos ? at : at - begin);
        const std::size_t colon = cell.find(':');
        int delta = 0, cost = 0;
        if (colon == std::string_view::npos || !parse_int(cell.substr(0, colon), delta) ||
            !parse_int(cell.substr(colon + 1), cost))
          return;
        second += delta;
        pairs.emplace_back(kPairBit | static_cast<std::uint64_t>(first) << 32 | static_cast<std::uint64_t>(second),
                           cost);
      }
    }
  });
  index_.build(index);
  pairs_.build(pairs);
}

const HanWordModel* HanWordModel::shared() {
  static const HanWordModel model(embedded_file("data/han-word-model.txt").value_or(std::string_view()));
  return model.empty() || model.boundary_ == 0 ? nullptr : &model;
}

std::uint32_t HanWordModel::find(std::u32string_view text, std::size_t at, std::size_t length) const {
  const std::uint64_t key = pack(text, at, length);
  return key == 0 ? 0 : static_cast<std::uint32_t>(index_.get(key, 0));
}

int HanWordModel::pair_cost(std::uint32_t first, std::uint32_t second) const {
  const std::int32_t cost = pairs_.get(kPairBit | static_cast<std::uint64_t>(first) << 32 | second, -1);
  return cost >= 0 ? cost : words_[first].back + words_[second].cost;
}

int HanWordModel::cost(std::u32string_view text) const {
  struct State {
    std::uint32_t word;
    int cost;
  };
  struct Move {
    std::size_t length;
    std::uint32_t word;
    int extra;
  };
  const std::size_t n = text.size();
  // Reused from call to call (a guess weighs up to 16 windows).
  thread_local std::vector<std::vector<State>> states;
  thread_local std::vector<Move> moves;
  if (states.size() < n + 1) states.resize(n + 1);
  for (std::size_t i = 0; i <= n; ++i) states[i].clear();
  states[0].push_back({boundary_, 0});
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<State>& here = states[i];
    if (here.empty()) continue;
    if (here.size() > kKeep) {
      std::partial_sort(here.begin(), here.begin() + kKeep, here.end(),
                        [](const State& a, const State& b) { return a.cost < b.cost; });
      here.resize(kKeep);
    }
    moves.clear();
    bool listed = false;  // the character is a word of its own
    for (std::size_t length = 1; length <= kMaxWordLength && i + length <= n; ++length) {
      if (const std::uint32_t word = find(text, i, length); word != 0) {
        moves.push_back({length, word, 0});
        listed = listed || length == 1;
      }
    }
    if (!listed) {
      // A run the words lack, of ASCII or of other characters: the unknown word.
      const bool ascii = text[i] < 0x80;
      std::size_t j = i + 1;
      while (j < n && (text[j] < 0x80) == ascii && find(text, j, 1) == 0) ++j;
      int extra = 0;
      for (std::size_t k = i; k < j; ++k)
        if (text[k] >= 0x80) extra += utf8::is_cjk_punctuation(text[k]) ? kUnlistedPunctuation : kUnlistedCharacter;
      moves.push_back({j - i, 0, extra});
    }
    for (const State& state : here) {
      for (const Move& move : moves) {
        const int cost = state.cost + pair_cost(state.word, move.word) + move.extra;
        std::vector<State>& target = states[i + move.length];
        const auto same = std::find_if(target.begin(), target.end(),
                                       [&](const State& s) { return s.word == move.word; });
        if (same == target.end()) target.push_back({move.word, cost});
        else if (cost < same->cost) same->cost = cost;
      }
    }
  }
  int best = 1 << 30;
  for (const State& state : states[n]) best = std::min(best, state.cost + pair_cost(state.word, boundary_));
  return best;
}

}  // namespace hlint::chars

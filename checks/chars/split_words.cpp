#include "chars/split_words.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <bitset>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>  // AVX2, used when the processor has it (next_separator_start)
#define HLINT_SEPARATOR_SCAN_AVX2 1
#endif

#include "chars/chars_scope.hpp"
#include "core/character_signature.hpp"
#include "core/utf8.hpp"

namespace hlint::chars {

namespace {

std::uint64_t pair_key(char32_t first, char32_t second) {
  return (static_cast<std::uint64_t>(first) << 32) | static_cast<std::uint64_t>(second);
}

std::vector<char32_t> code_points_of(std::string_view text) {
  std::vector<char32_t> result;
  for (std::size_t i = 0; i < text.size();) {
    const auto decoded = utf8::decode(text, i);
    result.push_back(decoded.code_point);
    i += decoded.length;
  }
  return result;
}

bool is_space(char32_t value) { return value != '\n' && value != '\r' && utf8::is_whitespace(value); }

// Which ASCII characters are separators: a table, since every character of
// the text is looked up.
const std::array<bool, 128> kAsciiSeparators = [] {
  std::array<bool, 128> table{};
  for (char32_t c = 0; c < 128; ++c) table[c] = is_invisible_separator(c) || is_visible_separator(c);
  return table;
}();

// The blocks of the other characters common in Chinese text: general
// punctuation (“ ” — …), CJK symbols and punctuation and kana (、 。 「 」),
// half- and full-width forms (， ： ！). Most are no separators, yet the
// two functions take a while to say so: their answers are looked up.
struct CodePointRange {
  char32_t first;
  char32_t last;
};
constexpr std::array<CodePointRange, 3> kLookedUpBlocks = {{{0x2000, 0x206F}, {0x3000, 0x30FF}, {0xFF00, 0xFFEF}}};

// Built on first use rather than at start-up: runs without the split-word
// checks never pay for it.
const std::bitset<0x10000>& looked_up_separators() {
  static const std::bitset<0x10000> table = [] {
    std::bitset<0x10000> separators;
    for (const CodePointRange& block : kLookedUpBlocks)
      for (char32_t c = block.first; c <= block.last; ++c)
        separators[c] = is_invisible_separator(c) || is_visible_separator(c);
    return separators;
  }();
  return table;
}

// is_invisible_separator(value) || is_visible_separator(value), answering
// the common cases (ASCII, Han characters, punctuation) first. Inline: the
// scans ask at every character they stop at.
inline bool is_separator(char32_t value) {
  if (value < 0x80) return kAsciiSeparators[value];
  if (value >= 0x4E00 && value <= 0x9FFF) return value == 0x4E36;  // 丶, the one Han character among them
  for (const CodePointRange& block : kLookedUpBlocks)
    if (value >= block.first && value <= block.last) return looked_up_separators()[value];
  return is_invisible_separator(value) || is_visible_separator(value);
}

// The bytes a separator can start with: the ASCII separators and every lead
// byte but E5..E9. Those start U+5000..U+9FFF, Han characters, which are
// never separators (is_separator). Continuation bytes start nothing.
const ByteSet kSeparatorStarts = [] {
  ByteSet set{};
  for (int byte = 0; byte < 0x80; ++byte) set[byte] = kAsciiSeparators[byte];
  for (int byte = 0xC0; byte < 0x100; ++byte) set[byte] = byte < 0xE5 || byte > 0xE9;
  return set;
}();

// The same by a byte and the next, which also rules out E4 B9..E4 BF:
// U+4E40..U+4FFF, common Han characters that are no separators either (丶
// U+4E36 is E4 B8 B6). Built on first use (64 KiB).
const BytePairSet& separator_start_pairs() {
  static const BytePairSet pairs = [] {
    BytePairSet starts;
    for (int first = 0; first < 256; ++first) {
      if (!kSeparatorStarts[first]) continue;
      for (int second = 0; second < 256; ++second)
        if (first != 0xE4 || second < 0xB9 || second > 0xBF)
          starts.insert(static_cast<unsigned char>(first), static_cast<unsigned char>(second));
    }
    return starts;
  }();
  return pairs;
}

// Of the three-byte characters common in Chinese text whose lead bytes also
// start separators, which may be separators: per lead (E2, E3, E4, EF) and
// second byte, a mask of third-byte low bits. The byte pairs let these
// leads through for their few separators (U+2000.., U+3000, 丶 U+4E36,
// `．`), but most characters they lead are none: general and CJK
// punctuation and full-width forms (`“` `。` `，`), the commonest
// punctuation of Chinese text, and common Han characters (一 不 中, E4 B8).
// Only the rows of those characters are worked out at start-up (about 4,900
// characters); the others keep every bit set, "maybe", as does a separator.
constexpr std::size_t kNoSlot = 4;  // a lead without rows
constexpr std::array<std::uint8_t, 16> kThreeByteSlots = {4, 4, 0, 1, 2, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3};  // by lead & 0x0F
using ThreeByteSeparators = std::array<std::array<std::uint64_t, 64>, 4>;
const ThreeByteSeparators kMaybeSeparators = [] {
  ThreeByteSeparators masks;
  for (auto& slot : masks) slot.fill(~std::uint64_t{0});
  struct Rows {
    unsigned lead, first_second, last_second;  // second bytes' low six bits
  };
  // U+2000..U+2FFF, U+3000..U+30FF, U+4E00..U+4E3F, U+FE00..U+FFFF.
  for (const Rows rows : {Rows{0xE2, 0x00, 0x3F}, Rows{0xE3, 0x00, 0x03}, Rows{0xE4, 0x38, 0x38}, Rows{0xEF, 0x38, 0x3F}})
    for (unsigned second = rows.first_second; second <= rows.last_second; ++second) {
      std::uint64_t& mask = masks[kThreeByteSlots[rows.lead & 0x0F]][second];
      mask = 0;
      for (unsigned third = 0; third < 64; ++third)
        if (is_separator(((rows.lead & 0x0F) << 12) | (second << 6) | third)) mask |= std::uint64_t{1} << third;
    }
  return masks;
}();

// Whether text[at] starts a well-formed three-byte character that the
// table knows is no separator: utf8::decode reads it whole (these leads are
// never overlong nor a surrogate), and the scan may step over it.
inline bool starts_three_byte_non_separator(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  if ((lead & 0xF0) != 0xE0 || at + 2 >= text.size()) return false;
  const std::size_t slot = kThreeByteSlots[lead & 0x0F];
  if (slot == kNoSlot) return false;
  const auto second = static_cast<unsigned char>(text[at + 1]);
  const auto third = static_cast<unsigned char>(text[at + 2]);
  if ((second & 0xC0) != 0x80 || (third & 0xC0) != 0x80) return false;
  return (kMaybeSeparators[slot][second & 0x3F] >> (third & 0x3F) & 1) == 0;
}

// Of eight bytes read as a number, the high bit of each byte that may start
// a separator as far as a few operations on the whole number tell: every
// byte but the continuation bytes (10xxxxxx) and E5..E9 (111 and five low
// bits from 5 to 9), a superset of kSeparatorStarts. Each step keeps within
// its byte: shifts bring a byte's own lower bits to its high bit, and the
// sums of five-bit values never carry out of it.
std::uint64_t possible_separator_starts(std::uint64_t bytes) {
  constexpr std::uint64_t kHighBits = 0x8080808080808080ull;
  const std::uint64_t continuation = bytes & ~(bytes << 1);
  const std::uint64_t low = bytes & 0x1F1F1F1F1F1F1F1Full;
  const std::uint64_t at_least_5 = low + 0x7B7B7B7B7B7B7B7Bull;   // high bit set when low >= 5
  const std::uint64_t at_least_10 = low + 0x7676767676767676ull;  // high bit set when low >= 10
  const std::uint64_t han_lead = bytes & (bytes << 1) & (bytes << 2) & at_least_5 & ~at_least_10;
  return ~(continuation | han_lead) & kHighBits;
}

// Whether a separator may start at text[at], a byte the word-at-a-time tests let through.
inline bool may_start_separator_at(const BytePairSet& pairs, std::string_view text, std::size_t at) {
  return pairs.contains_at(text, at) && !starts_three_byte_non_separator(text, at);
}

#ifdef HLINT_SEPARATOR_SCAN_AVX2
constexpr std::size_t kNoStart = static_cast<std::size_t>(-1);
// The loop of next_separator_start thirty-two bytes per step, on processors
// with AVX2 (the build targets the baseline; CharsScope's scan tells which
// processor this is): the same bytes let through as possible_separator_starts
// (all but continuation bytes and E5..E9), looked at in the same order. The
// position found, or kNoStart with `from` past the steps taken, a multiple
// of eight bytes on, so the word loop after it ends where it would alone.
__attribute__((target("avx2"))) std::size_t next_separator_start_avx2(const BytePairSet& pairs, std::string_view text,
                                                                      std::size_t& from, std::size_t last) {
  constexpr std::size_t kStep = 32;
  const __m256i top_two = _mm256_set1_epi8(static_cast<char>(0xC0));
  const __m256i continuation = _mm256_set1_epi8(static_cast<char>(0x80));
  const __m256i first_han_lead = _mm256_set1_epi8(static_cast<char>(0xE5));
  const __m256i han_leads = _mm256_set1_epi8(0xE9 - 0xE5);
  for (; from + kStep <= last; from += kStep) {
    const __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(text.data() + from));
    const __m256i is_continuation = _mm256_cmpeq_epi8(_mm256_and_si256(bytes, top_two), continuation);
    // byte - 0xE5 (mod 256) <= 4: a lead of U+5000..U+9FFF.
    const __m256i offset = _mm256_sub_epi8(bytes, first_han_lead);
    const __m256i is_han_lead = _mm256_cmpeq_epi8(_mm256_min_epu8(offset, han_leads), offset);
    auto starts = ~static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_or_si256(is_continuation, is_han_lead)));
    for (; starts != 0; starts &= starts - 1) {
      const std::size_t at = from + static_cast<std::size_t>(std::countr_zero(starts));
      if (may_start_separator_at(pairs, text, at)) return at;
    }
  }
  return kNoStart;
}
#endif

// The first position in [from, to) where a separator may start, or `to`.
// Han text is mostly bytes that start no separator: eight at a time are ruled
// out together, and only the bytes left are looked up by pairs.
std::size_t next_separator_start(std::string_view text, std::size_t from, std::size_t to) {
  if (from >= to) return to;
  const BytePairSet& pairs = separator_start_pairs();
  const std::size_t last = to - 1;  // the pairs need a byte after the position; the last one is judged alone
  if constexpr (std::endian::native == std::endian::little) {  // byte k of the number is text[from + k]
#ifdef HLINT_SEPARATOR_SCAN_AVX2
    if (from + 32 <= last && fastest_kind_scan() == KindScan::avx2)
      if (const std::size_t at = next_separator_start_avx2(pairs, text, from, last); at != kNoStart) return at;
#endif
    constexpr std::size_t kStep = sizeof(std::uint64_t);
    for (; from + kStep <= last; from += kStep) {
      std::uint64_t bytes;
      std::memcpy(&bytes, text.data() + from, kStep);
      for (std::uint64_t starts = possible_separator_starts(bytes); starts != 0; starts &= starts - 1) {
        const std::size_t at = from + static_cast<std::size_t>(std::countr_zero(starts)) / 8;
        if (may_start_separator_at(pairs, text, at)) return at;
      }
    }
  }
  const std::size_t found = pairs.find_in(text, from, last);
  if (found < last) return found;
  return kSeparatorStarts[static_cast<unsigned char>(text[last])] ? last : to;
}

// The code point that a walk decoding text from `begin` on reads just before
// `at`, a byte that is no continuation byte (such bytes always start a code
// point of that walk). It starts at the last byte before `at` that is no
// continuation byte; if that sequence does not end at `at`, the bytes left
// are invalid and each reads as U+FFFD.
char32_t code_point_before(std::string_view text, std::size_t begin, std::size_t at) {
  std::size_t start = at - 1;
  while (start > begin && at - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
  const auto decoded = utf8::decode(text, start);
  return start + decoded.length == at ? decoded.code_point : char32_t{0xFFFD};
}

// One segment, decoded, with which code points may be inserted characters.
struct DecodedSegment {
  const Segment* segment;
  std::vector<CodePoint> code_points;
  std::vector<bool> separator;
};

// A line break in the HTML source shows as a space but is layout, not an insertion.
bool is_layout_space(const Document& doc, const Segment& segment, const CodePoint& cp) {
  if (!is_space(cp.value)) return false;
  const std::string_view source = doc.slice(segment.span(cp.begin, cp.end));
  return source.find_first_of("\r\n") != std::string_view::npos;
}

DecodedSegment decode(const Document& doc, const Segment& segment) {
  DecodedSegment decoded{&segment, decode_segment(segment), {}};
  decoded.separator.reserve(decoded.code_points.size());
  for (const CodePoint& cp : decoded.code_points)
    decoded.separator.push_back(is_separator(cp.value) && !is_layout_space(doc, segment, cp));
  return decoded;
}

}  // namespace

bool is_invisible_separator(char32_t value) { return utf8::is_zero_width(value) || value == 0x00AD; }

bool is_visible_separator(char32_t value) {
  if (is_space(value)) return true;
  switch (value) {
    case U'.': case U'*': case U'_': case U'-': case U'|': case U'/': case U'\\': case U'~': case U'^':
    case U'`': case U'+': case U'=': case U'#':
    case U'\u00B7': case U'\u2022': case U'\u2027': case U'\u30FB': case U'\u4E36':  // · • ‧ ・ 丶
    // full-width ． ＊ ＿ － ｜ ／ ＼ ～ ＾ ＋ ＝ ＃
    case U'\uFF0E': case U'\uFF0A': case U'\uFF3F': case U'\uFF0D': case U'\uFF5C': case U'\uFF0F':
    case U'\uFF3C': case U'\uFF5E': case U'\uFF3E': case U'\uFF0B': case U'\uFF1D': case U'\uFF03':
      return true;
    default:
      return false;
  }
}

SplitWordFinder::SplitWordFinder(const std::vector<std::string>& words, Settings settings) : settings_(settings) {
  nodes_.emplace_back();
  for (const std::string& word : words) {
    const std::vector<char32_t> characters = code_points_of(word);
    if (characters.size() < 2) continue;
    bool usable = true;
    for (char32_t c : characters) usable = usable && !is_invisible_separator(c) && !is_visible_separator(c);
    if (!usable) continue;
    std::uint32_t node = 0;
    for (std::size_t i = 0; i < characters.size(); ++i) {
      if (i > 0) adjacent_pairs_.push_back(pair_key(characters[i - 1], characters[i]));
      std::uint32_t next = child(node, characters[i]);
      if (next == 0) {
        next = static_cast<std::uint32_t>(nodes_.size());
        auto& children = nodes_[node].children;
        children.insert(std::lower_bound(children.begin(), children.end(), std::make_pair(characters[i], next)),
                        {characters[i], next});
        nodes_.emplace_back();
      }
      node = next;
    }
    nodes_[node].terminal = true;
  }
  // A word holding U+FFFD matches any invalid bytes, which the signatures
  // key apart from it: then no block is ruled out by its characters.
  std::vector<std::string> filtered_words;
  for (const std::string& word : words) {
    const std::vector<char32_t> characters = code_points_of(word);
    if (std::find(characters.begin(), characters.end(), char32_t{0xFFFD}) != characters.end()) {
      filter_blocks_ = false;
      break;
    }
    filtered_words.push_back(word);
  }
  if (filter_blocks_) words_filter_ = PhraseFilter(filtered_words, PhraseMatcher::Folding::exact);
  for (std::uint64_t pair : adjacent_pairs_) {
    const auto second = static_cast<char32_t>(pair & 0xFFFFFFFF);
    if (second < second_characters_.size()) second_characters_.set(second);
  }
  for (const auto& root_child : nodes_[0].children)
    if (root_child.first < first_characters_.size()) first_characters_.set(root_child.first);
  std::sort(adjacent_pairs_.begin(), adjacent_pairs_.end());
  adjacent_pairs_.erase(std::unique(adjacent_pairs_.begin(), adjacent_pairs_.end()), adjacent_pairs_.end());
}

bool SplitWordFinder::may_come_second(char32_t value) const {
  return value >= second_characters_.size() || second_characters_[value];
}

bool SplitWordFinder::is_adjacent_pair(char32_t first, char32_t second) const {
  return may_come_second(second) &&
         std::binary_search(adjacent_pairs_.begin(), adjacent_pairs_.end(), pair_key(first, second));
}

// Children are sorted by character: every character of a candidate segment
// is looked up among the root's, the first characters of all listed words.
std::uint32_t SplitWordFinder::child(std::uint32_t node, char32_t value) const {
  const auto& children = nodes_[node].children;
  const auto found = std::lower_bound(children.begin(), children.end(), value,
                                      [](const auto& child, char32_t character) { return child.first < character; });
  return found != children.end() && found->first == value ? found->second : 0;
}

// A split word needs a run of one to max_gap separators between two
// characters that follow each other in a listed word. Most segments have no
// such run, and one pass without allocations tells: it stops only where a
// separator may start. Spaces count as separators here even where the source
// has a line break, so no word is missed: find() decides.
bool SplitWordFinder::may_hold_split_word(const Segment& segment) const {
  const std::string_view text = segment.block->text;
  std::size_t i = segment.begin;
  while ((i = next_separator_start(text, i, segment.end)) < segment.end) {
    const std::size_t run_begin = i;
    std::size_t run = 0;  // separators from run_begin on
    utf8::Decoded decoded = utf8::decode(text, i);
    while (is_separator(decoded.code_point)) {
      ++run;
      i += decoded.length;
      if (i >= segment.end) return false;  // no character after the run
      decoded = utf8::decode(text, i);
    }
    // The scan resumes after the character that is no separator: the first
    // separator it finds starts a run. may_come_second first: it spares
    // looking for the character before the run.
    if (run > 0 && run <= settings_.max_gap && run_begin > segment.begin && may_come_second(decoded.code_point) &&
        is_adjacent_pair(code_point_before(text, segment.begin, run_begin), decoded.code_point))
      return true;
    i += decoded.length;
  }
  return false;
}

// A visible separator that stands between two Han characters of no listed
// word again and again is this document's punctuation (a scrape that uses
// "." as its full stop, titles spaced out word by word), not an insertion.
// Asked only for the separators of words found; only the text around each
// occurrence of the separator is decoded.
bool SplitWordFinder::is_punctuation(const Document& doc, char32_t value) const {
  if (!is_separator(value)) return false;
  std::string encoded;
  utf8::append(encoded, value);
  // A separator never seen between Han characters is no punctuation, whatever the threshold.
  const long needed = std::max(settings_.punctuation_threshold, 1L);
  long uses = 0;
  for (const Segment& segment : doc.analysis<CharsScope>().segments()) {
    // Each occurrence of the separator with a character on both sides. Its
    // first byte is no continuation byte, so every occurrence starts a code
    // point, as decode_segment reads the segment.
    const std::string_view text = segment.block->text;
    const std::string_view searched = text.substr(0, segment.end);
    for (std::size_t at = searched.find(encoded, segment.begin); at != std::string_view::npos;
         at = searched.find(encoded, at + 1)) {
      const std::size_t after = at + encoded.size();
      if (at == segment.begin || after >= segment.end || is_layout_space(doc, segment, {value, at, after})) continue;
      const char32_t before = code_point_before(text, segment.begin, at);
      const char32_t next = utf8::decode(text, after).code_point;
      if (utf8::is_han(before) && utf8::is_han(next) && !is_adjacent_pair(before, next) && ++uses >= needed)
        return true;
    }
  }
  return false;
}

std::vector<SplitWord> SplitWordFinder::find(const Document& doc) const {
  std::vector<SplitWord> found;
  if (nodes_[0].children.empty()) return found;
  std::vector<const Segment*> candidates;
  // The body's segments lie in doc.blocks(), whose character signatures
  // (shared with the phrase checks) rule out every listed word in many
  // blocks: a split word holds all the characters of the word. Front matter
  // values are always looked at.
  const std::vector<TextBlock>& blocks = doc.blocks();
  const BlockCharacters* characters = nullptr;  // computed at the first body segment
  for (const Segment& segment : doc.analysis<CharsScope>().segments()) {
    if (filter_blocks_ && segment.body_block) {
      if (characters == nullptr) characters = &doc.analysis<BlockCharacters>();
      const auto block = static_cast<std::size_t>(segment.block - blocks.data());
      if (!words_filter_.may_occur(characters->signatures[block])) continue;
    }
    if (may_hold_split_word(segment)) candidates.push_back(&segment);
  }
  if (candidates.empty()) return found;

  std::vector<std::pair<char32_t, bool>> punctuation;  // is_punctuation of the separators asked about
  auto trusted = [&](char32_t value) {
    if (is_invisible_separator(value)) return true;
    auto known = std::find_if(punctuation.begin(), punctuation.end(), [&](const auto& p) { return p.first == value; });
    if (known == punctuation.end()) known = punctuation.insert(known, {value, is_punctuation(doc, value)});
    return !known->second;
  };

  for (const Segment* candidate : candidates) {
    const DecodedSegment s = decode(doc, *candidate);
    const auto& cps = s.code_points;
    const std::size_t n = cps.size();
    for (std::size_t k = 0; k < n; ++k) {
      if (s.separator[k]) continue;
      std::uint32_t node = first_node(cps[k].value);
      if (node == 0) continue;
      // Walk the word list, allowing a short run of separators between characters;
      // keep the longest listed word that has at least one.
      std::vector<std::pair<std::size_t, std::size_t>> gaps;
      std::vector<std::pair<std::size_t, std::size_t>> best_gaps;
      std::size_t best_end = 0;
      std::size_t pos = k + 1;
      while (true) {
        if (nodes_[node].terminal && !gaps.empty()) {
          best_end = pos;
          best_gaps = gaps;
        }
        std::size_t j = pos;
        while (j < n && s.separator[j] && j - pos < settings_.max_gap) ++j;
        if (j >= n || s.separator[j]) break;
        const std::uint32_t next = child(node, cps[j].value);
        if (next == 0) break;
        if (j > pos) gaps.emplace_back(pos, j);
        node = next;
        pos = j + 1;
      }
      if (best_gaps.empty()) continue;

      bool all_trusted = true;
      bool only_spaces = true;
      for (const auto& [from, to] : best_gaps)
        for (std::size_t i = from; i < to; ++i) {
          all_trusted = all_trusted && trusted(cps[i].value);
          only_spaces = only_spaces && is_space(cps[i].value);
        }
      if (!all_trusted) continue;
      // Letter-spaced text (`第 一 章`) spaces every character, not one word.
      if (only_spaces && ((k >= 2 && s.separator[k - 1] && is_space(cps[k - 1].value) && utf8::is_han(cps[k - 2].value)) ||
                          (best_end + 1 < n && s.separator[best_end] && is_space(cps[best_end].value) &&
                           utf8::is_han(cps[best_end + 1].value))))
        continue;

      const Segment& segment = *s.segment;
      SplitWord word;
      word.word = segment.span(cps[k].begin, cps[best_end - 1].end);
      word.written = std::string(segment.block->text.substr(cps[k].begin, cps[best_end - 1].end - cps[k].begin));
      std::size_t at = k;
      for (const auto& [from, to] : best_gaps) {
        for (std::size_t i = at; i < from; ++i)
          word.joined.append(segment.block->text, cps[i].begin, cps[i].end - cps[i].begin);
        for (std::size_t i = from; i < to; ++i) word.inserted.push_back(cps[i].value);
        word.gaps.push_back(segment.span(cps[from].begin, cps[to - 1].end));
        at = to;
      }
      for (std::size_t i = at; i < best_end; ++i)
        word.joined.append(segment.block->text, cps[i].begin, cps[i].end - cps[i].begin);
      found.push_back(std::move(word));
      k = best_end - 1;
    }
  }
  return found;
}

}  // namespace hlint::chars

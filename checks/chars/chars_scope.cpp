#include "chars/chars_scope.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>  // SSSE3 and AVX2, used when the processor has them (next_byte_of_kind)
#endif

#include "core/utf8.hpp"

namespace hlint::chars {

namespace {

struct ByteRange {
  std::size_t begin;
  std::size_t end;
};

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// Characters a URL written in prose may contain. Anything non-ASCII (a Han
// character right after the address), white space and quotes end it.
bool is_url_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u >= 0x7F) return false;
  return c != '<' && c != '>' && c != '"' && c != '\'' && c != '`' && c != '{' && c != '}' && c != '|' &&
         c != '\\' && c != '^';
}

bool is_scheme_char(char c) { return is_alnum(c) || c == '+' || c == '.' || c == '-'; }
bool is_email_local_char(char c) { return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; }
bool is_domain_char(char c) { return is_alnum(c) || c == '.' || c == '-'; }

// End of a URL whose address part starts at `from`.
std::size_t url_end(std::string_view text, std::size_t from) {
  std::size_t end = from;
  int open_parens = 0;
  while (end < text.size()) {
    // A zero-width character pasted into an address is part of that broken
    // address (the link rules report it), not of the prose around it.
    if (static_cast<unsigned char>(text[end]) >= 0x80) {
      const auto decoded = utf8::decode(text, end);
      if (!utf8::is_zero_width(decoded.code_point) || end + decoded.length >= text.size() ||
          !is_url_char(text[end + decoded.length]))
        break;
      end += decoded.length;
      continue;
    }
    if (!is_url_char(text[end])) break;
    if (text[end] == '(') ++open_parens;
    if (text[end] == ')' && open_parens-- == 0) break;  // "(see https://x.org)" keeps its ")"
    ++end;
  }
  // Sentence punctuation after an address is not part of it.
  while (end > from && std::string_view(".,;:!?").find(text[end - 1]) != std::string_view::npos) --end;
  return end;
}

// Notes the rare character at text[at], if it is one.
void note_rare_character(std::string_view text, std::size_t at, RareCharacters& rare) {
  const char32_t cp = utf8::decode(text, at).code_point;
  rare.zero_width = rare.zero_width || utf8::is_zero_width(cp);
  rare.replacement = rare.replacement || cp == 0xFFFD;
  rare.control = rare.control || is_control(cp) || is_private_use(cp);
  rare.latin1 = rare.latin1 || (cp >= 0xC0 && cp <= 0xFF);
}

// Whether text[at] starts a full-width form (U+FF00..U+FFBF: `，` `：` `（`)
// or general punctuation other than a zero-width character (U+2000..U+203F
// but U+200B..U+200D: `“` `”` `—` `…`). They are common in Chinese text and
// share their lead bytes with rare characters, which they never are: told
// from the bytes, so note_rare_character need not decode them.
bool is_common_punctuation_at(std::string_view text, std::size_t at) {
  if (at + 2 >= text.size()) return false;
  const auto lead = static_cast<unsigned char>(text[at]);
  const auto second = static_cast<unsigned char>(text[at + 1]);
  const auto third = static_cast<unsigned char>(text[at + 2]);
  if ((third & 0xC0) != 0x80) return false;
  if (lead == 0xEF) return second >= 0xBC && second <= 0xBE;
  if (lead == 0xE2) return second == 0x80 && (third < 0x8B || third > 0x8D);
  return false;
}

// What scan_unit does at a byte. Nearly every byte of a text is of no kind
// and costs one look-up. The rare characters start with an ASCII control, or
// with the lead byte of C1 controls and U+00C0..U+00FF (C2, C3), of the
// zero-width characters (E2, EF), of U+FFFD (EF) or of the private-use
// planes (EE, EF, F3, F4). Lead bytes start a code point wherever they are
// (continuation bytes are never leads), so looking at them alone finds every
// rare character, even after an invalid byte.
constexpr std::uint8_t kSkipStart = 1;  // may start a URL, an e-mail address or markup
constexpr std::uint8_t kRareStart = 2;  // may start a rare character
constexpr std::array<std::uint8_t, 256> kByteKinds = [] {
  std::array<std::uint8_t, 256> kinds{};
  for (char c : std::string_view(":wW/@<]")) kinds[static_cast<unsigned char>(c)] = kSkipStart;
  for (int byte = 0; byte < 0x20; ++byte)
    if (byte != '\t' && byte != '\n' && byte != '\r') kinds[byte] = kRareStart;
  for (int byte : {0x7F, 0xC2, 0xC3, 0xE2, 0xEE, 0xEF, 0xF3, 0xF4}) kinds[byte] = kRareStart;
  return kinds;
}();

struct UnitScan {
  // URLs, e-mail addresses and (when markup_in_text) inline tags, comments
  // and Markdown link targets, sorted by begin.
  std::vector<ByteRange> skipped;
  // The rare characters of the unit outside those ranges (and perhaps some
  // inside them).
  RareCharacters rare;
};

// The bytes of some kind.
const ByteSet kBytesOfSomeKind = [] {
  ByteSet set{};
  for (int byte = 0; byte < 256; ++byte) set[byte] = kByteKinds[byte] != 0;
  return set;
}();

// The bytes of some kind by their two nibbles, for a vector scan that looks
// up sixteen bytes at once (SSSE3's byte shuffle): a byte may be of some kind
// when the classes of its low and high nibble share a bit. A class is a set
// of high nibbles with the low nibbles that follow them in some byte of kind;
// eight bits hold the ten high nibbles that have any only when two pairs of
// them share a class, which lets through a few bytes of no kind (`'`, 0xC4,
// 0xF2), sorted out by the table.
struct NibbleClasses {
  std::array<std::uint8_t, 16> low{};
  std::array<std::uint8_t, 16> high{};
};
constexpr NibbleClasses kKindNibbles = [] {
  // The class bit of each high nibble: 0x2 shares one with 0x7, 0xC with 0xF.
  constexpr std::array<int, 16> kClassOfHigh = {0, 1, 2, 3, 4, 5, -1, 2, -1, -1, -1, -1, 6, -1, 7, 6};
  NibbleClasses classes;
  for (int byte = 0; byte < 256; ++byte) {
    if (kByteKinds[byte] == 0) continue;
    const int bit = kClassOfHigh[byte >> 4];
    classes.high[byte >> 4] |= static_cast<std::uint8_t>(1 << bit);
    classes.low[byte & 0x0F] |= static_cast<std::uint8_t>(1 << bit);
  }
  return classes;
}();
// Every byte of some kind gets through (the classes above cover them all).
constexpr bool kNibblesCoverKinds = [] {
  for (int byte = 0; byte < 256; ++byte)
    if (kByteKinds[byte] != 0 && (kKindNibbles.low[byte & 0x0F] & kKindNibbles.high[byte >> 4]) == 0) return false;
  return true;
}();
static_assert(kNibblesCoverKinds);

// The first position from `from` on of a byte of some kind other than common
// punctuation (`，` `“`, which scan_unit passes over), or text.size(): byte
// by byte through the table, eight bytes per step.
std::size_t next_byte_of_kind_table(std::string_view text, std::size_t from) {
  for (;; ++from) {
    from = find_byte_in(text, from, text.size(), kBytesOfSomeKind);
    if (from >= text.size() || kByteKinds[static_cast<unsigned char>(text[from])] == kSkipStart ||
        !is_common_punctuation_at(text, from))
      return from;
  }
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HLINT_KIND_SCAN_VECTOR 1
// The vector scans below are built for processors with SSSE3 (nearly every
// x86-64 one since 2006) and AVX2 (since 2013); the build targets the
// baseline, so they are asked for here and used when the processor has them.

// The first byte of some kind other than common punctuation among those of
// `maybe` (a bit per byte of text from `base` on), or kNone.
constexpr std::size_t kNone = static_cast<std::size_t>(-1);
[[gnu::always_inline]] inline std::size_t first_of_kind(std::string_view text, std::size_t base, unsigned maybe) {
  for (; maybe != 0; maybe &= maybe - 1) {
    const std::size_t at = base + static_cast<std::size_t>(std::countr_zero(maybe));
    const std::uint8_t kind = kByteKinds[static_cast<unsigned char>(text[at])];
    if (kind == kSkipStart || (kind == kRareStart && !is_common_punctuation_at(text, at))) return at;
  }
  return kNone;
}

// The bytes of sixteen that may be of some kind, a bit each.
__attribute__((target("ssse3"))) unsigned maybe_of_kind(const unsigned char* sixteen_bytes) {
  const __m128i low_classes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(kKindNibbles.low.data()));
  const __m128i high_classes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(kKindNibbles.high.data()));
  const __m128i nibble = _mm_set1_epi8(0x0F);
  const __m128i sixteen = _mm_loadu_si128(reinterpret_cast<const __m128i*>(sixteen_bytes));
  const __m128i low = _mm_shuffle_epi8(low_classes, _mm_and_si128(sixteen, nibble));
  const __m128i high = _mm_shuffle_epi8(high_classes, _mm_and_si128(_mm_srli_epi16(sixteen, 4), nibble));
  const __m128i none = _mm_cmpeq_epi8(_mm_and_si128(low, high), _mm_setzero_si128());
  return static_cast<unsigned>(~_mm_movemask_epi8(none)) & 0xFFFF;
}

// The first position in [from, text.size()) of a byte of some kind, sixteen
// bytes per step. A text of sixteen bytes or more ends with the sixteen last
// ones (those already looked at masked off); a shorter one is read byte by
// byte.
__attribute__((target("ssse3"))) std::size_t next_byte_of_kind_ssse3(std::string_view text, std::size_t from) {
  const auto* const bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  if (size < 16) return next_byte_of_kind_table(text, from);
  for (; from + 16 <= size; from += 16)
    if (const std::size_t at = first_of_kind(text, from, maybe_of_kind(bytes + from)); at != kNone) return at;
  if (from >= size) return size;
  const std::size_t last = size - 16;
  const std::size_t at = first_of_kind(text, last, maybe_of_kind(bytes + last) & (0xFFFFu << (from - last)));
  return at == kNone ? size : at;
}

// The same, thirty-two bytes per step, then as next_byte_of_kind_ssse3.
__attribute__((target("avx2"))) std::size_t next_byte_of_kind_avx2(std::string_view text, std::size_t from) {
  const auto* const bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  if (from + 32 <= size) {
    const __m256i low_classes =
        _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(kKindNibbles.low.data())));
    const __m256i high_classes =
        _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(kKindNibbles.high.data())));
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    for (; from + 32 <= size; from += 32) {
      const __m256i bytes32 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(bytes + from));
      const __m256i low = _mm256_shuffle_epi8(low_classes, _mm256_and_si256(bytes32, nibble));
      const __m256i high = _mm256_shuffle_epi8(high_classes, _mm256_and_si256(_mm256_srli_epi16(bytes32, 4), nibble));
      const __m256i none = _mm256_cmpeq_epi8(_mm256_and_si256(low, high), _mm256_setzero_si256());
      const auto maybe = ~static_cast<unsigned>(_mm256_movemask_epi8(none));
      if (const std::size_t at = first_of_kind(text, from, maybe); at != kNone) return at;
    }
  }
  return next_byte_of_kind_ssse3(text, from);
}

#endif

using NextByteOfKind = std::size_t (*)(std::string_view text, std::size_t from);
NextByteOfKind next_byte_of_kind_function(KindScan scan) {
  switch (scan) {
#ifdef HLINT_KIND_SCAN_VECTOR
    case KindScan::avx2: return next_byte_of_kind_avx2;
    case KindScan::ssse3: return next_byte_of_kind_ssse3;
#endif
    default: return next_byte_of_kind_table;
  }
}
// One pass over a unit's text.
UnitScan scan_unit(std::string_view text, bool markup_in_text) {
  UnitScan scan;
  std::vector<ByteRange>& skipped = scan.skipped;
  std::size_t floor = 0;  // backward walks never re-read text already skipped
  const NextByteOfKind next_byte_of_kind = next_byte_of_kind_function(fastest_kind_scan());
  for (std::size_t i = next_byte_of_kind(text, 0); i < text.size(); i = next_byte_of_kind(text, i + 1)) {
    const std::uint8_t kind = kByteKinds[static_cast<unsigned char>(text[i])];
    if (kind == kRareStart) {
      if (!is_common_punctuation_at(text, i)) note_rare_character(text, i, scan.rare);
      continue;
    }
    const char c = text[i];
    if (c == ':' && text.substr(i, 3) == "://") {
      std::size_t start = i;
      while (start > floor && is_scheme_char(text[start - 1])) --start;
      if (start < i && ((text[start] >= 'a' && text[start] <= 'z') || (text[start] >= 'A' && text[start] <= 'Z'))) {
        const std::size_t end = url_end(text, i + 3);
        skipped.push_back({start, end});
        floor = end;
        i = end - 1;
      }
    } else if ((c == 'w' || c == 'W') && (i == 0 || !is_alnum(text[i - 1])) && text.size() - i > 4 &&
               (text.substr(i, 4) == "www." || text.substr(i, 4) == "WWW.") && is_alnum(text[i + 4])) {
      const std::size_t end = url_end(text, i);
      skipped.push_back({i, end});
      floor = end;
      i = end - 1;
    } else if (c == '/' && text.substr(i, 2) == "//" && (i == 0 || (text[i - 1] != ':' && !is_alnum(text[i - 1]))) &&
               i + 2 < text.size() && is_alnum(text[i + 2])) {
      // A protocol-relative address: //img.example.com/a.png
      const std::size_t end = url_end(text, i + 2);
      skipped.push_back({i, end});
      floor = end;
      i = end - 1;
    } else if (c == '@') {
      std::size_t start = i;
      while (start > floor && is_email_local_char(text[start - 1])) --start;
      std::size_t end = i + 1;
      while (end < text.size() && is_domain_char(text[end])) ++end;
      while (end > i + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) --end;
      const std::string_view domain = text.substr(i + 1, end - i - 1);
      if (start < i && domain.find('.') != std::string_view::npos && domain.front() != '.') {
        skipped.push_back({start, end});
        floor = end;
        i = end - 1;
      }
    } else if (markup_in_text && c == '<' && i + 1 < text.size() &&
               (is_alnum(text[i + 1]) || text[i + 1] == '/' || text[i + 1] == '!' || text[i + 1] == '?')) {
      // An inline tag or comment left in a text or Markdown body, bounded so
      // a stray "<" never swallows the rest of a huge line.
      const std::size_t close = text.substr(i, 2000).find('>');
      if (close != std::string_view::npos) {
        skipped.push_back({i, i + close + 1});
        floor = i + close + 1;
        i += close;
      }
    } else if (markup_in_text && c == ']' && text.substr(i, 2) == "](") {
      const std::size_t close = text.substr(i + 2, 2000).find(')');
      if (close != std::string_view::npos) {
        skipped.push_back({i + 2, i + 2 + close});
        floor = i + 2 + close;
        i = i + 1 + close;
      }
    }
  }
  std::sort(skipped.begin(), skipped.end(), [](const ByteRange& a, const ByteRange& b) { return a.begin < b.begin; });
  return scan;
}

// A front matter value line as a unit whose offsets map 1:1 to the document.
TextBlock identity_block(std::string_view text, std::size_t begin, std::size_t end, Span element_span) {
  TextBlock block;
  block.text.assign(text.substr(begin, end - begin));
  block.map.copy(0, {begin, end});
  block.element = "front-matter";
  block.element_span = element_span;
  return block;
}

}  // namespace

CharsScope::CharsScope(const Document& doc) {
  const std::string_view text = doc.text();
  const LineIndex& lines = doc.lines();
  if (const auto& front_matter = doc.front_matter()) {
    front_matter_lines_.reserve(front_matter->entries.size());  // most values are one line
    for (const auto& entry : front_matter->entries) {
      const Span value = entry.value_span;
      if (value.empty()) continue;
      const std::size_t last_line = lines.line_of(value.end > value.begin ? value.end - 1 : value.begin);
      for (std::size_t line = lines.line_of(value.begin); line <= last_line; ++line) {
        const std::size_t begin = std::max(lines.line_start(line), value.begin);
        const std::size_t end = std::min(lines.line_end(line), value.end);
        if (begin < end) front_matter_lines_.push_back(identity_block(text, begin, end, entry.key_span));
      }
    }
  }
  // The alt and title text of elements, as written (a value with a
  // character reference is left out: its offsets would not map 1:1).
  for (const HtmlToken& token : doc.html_tokens()) {
    if (token.kind != HtmlToken::Kind::start_tag) continue;
    for (const HtmlAttribute& attribute : token.attributes) {
      if ((attribute.name != "alt" && attribute.name != "title") || attribute.value_span.empty() ||
          attribute.value.find('&') != std::string::npos)
        continue;
      TextBlock block = identity_block(text, attribute.value_span.begin, attribute.value_span.end, token.span);
      block.element = token.name;
      attribute_values_.push_back(std::move(block));
    }
  }
  segments_.reserve(front_matter_lines_.size() + attribute_values_.size() + doc.blocks().size());
  for (const TextBlock& line : front_matter_lines_) add_unit(line, true, false, false);
  for (const TextBlock& value : attribute_values_) add_unit(value, false, false, false);
  const bool markup_in_text = doc.body_format() != BodyFormat::html;
  for (const TextBlock& block : doc.blocks()) add_unit(block, false, true, markup_in_text);
}

void CharsScope::add_unit(const TextBlock& block, bool front_matter, bool body_block, bool markup_in_text) {
  const UnitScan scan = scan_unit(block.text, markup_in_text);
  auto add = [&](std::size_t begin, std::size_t end) {
    segments_.push_back({&block, begin, end, front_matter, body_block, scan.rare});
  };
  std::size_t at = 0;
  for (const ByteRange& range : scan.skipped) {
    if (range.begin > at) add(at, range.begin);
    at = std::max(at, range.end);
  }
  if (at < block.text.size()) add(at, block.text.size());
}

KindScan fastest_kind_scan() {
  static const KindScan fastest = [] {
#ifdef HLINT_KIND_SCAN_VECTOR
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2")) return KindScan::avx2;
    if (__builtin_cpu_supports("ssse3")) return KindScan::ssse3;
#endif
    return KindScan::table;
  }();
  return fastest;
}

std::vector<KindScan> kind_scans() {
  std::vector<KindScan> scans = {KindScan::table};
  if (fastest_kind_scan() == KindScan::ssse3 || fastest_kind_scan() == KindScan::avx2) scans.push_back(KindScan::ssse3);
  if (fastest_kind_scan() == KindScan::avx2) scans.push_back(KindScan::avx2);
  return scans;
}

std::size_t next_byte_of_kind(std::string_view text, std::size_t from, KindScan scan) {
  return next_byte_of_kind_function(scan)(text, from);
}

std::vector<CodePoint> decode_segment(const Segment& segment) {
  const std::string_view text = segment.block->text;
  std::vector<CodePoint> code_points;
  code_points.reserve(segment.end - segment.begin);
  for (std::size_t i = segment.begin; i < segment.end;) {
    const auto decoded = utf8::decode(text, i);
    const std::size_t end = std::min(i + decoded.length, segment.end);
    code_points.push_back({decoded.code_point, i, end});
    i = end;
  }
  return code_points;
}

// The walk decodes a valid sequence whole (its bytes after the first are all
// continuation bytes) and an invalid byte alone as U+FFFD: the code point
// before `at` starts at the last byte before it that is no continuation byte
// (at most three back), and if the sequence there does not end at `at`, the
// byte just before `at` was read alone.
CodePoint code_point_before(const Segment& segment, std::size_t at) {
  const std::string_view text = segment.block->text;
  std::size_t start = at - 1;
  while (start > segment.begin && at - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
  const auto decoded = utf8::decode(text, start);
  if (start + decoded.length == at) return {decoded.code_point, start, at};
  return {char32_t{0xFFFD}, at - 1, at};
}

std::string code_point_label(char32_t value) { return fmt::format("U+{:04X}", static_cast<std::uint32_t>(value)); }

std::string code_point_list(const std::vector<char32_t>& values) {
  constexpr std::size_t kShown = 8;
  std::string listed;
  for (std::size_t k = 0; k < values.size() && k < kShown; ++k) {
    if (k > 0) listed.push_back(' ');
    listed.append(code_point_label(values[k]));
  }
  if (values.size() > kShown) listed.append(" …");
  return listed;
}

}  // namespace hlint::chars

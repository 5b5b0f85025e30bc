// residue/scrape-residue: blocks that are page chrome a scraper left in the
// text: breadcrumbs (`当前位置: 首页 …`), buttons (`举报/反馈`, `在线预约 立即挂号`),
// end markers (`- THE END -`), counters (`2898次浏览`). Whole blocks only.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bitset>
#include <optional>
#include <vector>

#include "core/finding_cap.hpp"
#include "core/check.hpp"
#include "core/utf8.hpp"

namespace hlint {

namespace {

// Characters that decorate chrome without changing what it is: the dashes of
// `- THE END -`, the brackets of `【取消】`, a trailing `：`.
bool is_decoration(char32_t cp) {
  if (cp < 0x80)
    return cp != '/' && cp != '{' && cp != '}' && !utf8::is_ascii_letter(cp) && !utf8::is_ascii_digit(cp) && cp > ' ';
  return utf8::is_cjk_punctuation(cp) || cp == U'─' || cp == U'━' || cp == U'–' || cp == U'•' || cp == U'丨';
}

bool is_digit(char32_t cp) { return utf8::is_ascii_digit(cp) || (cp >= U'０' && cp <= U'９'); }

// The first bytes of the UTF-8 encodings of the code points `wanted` holds
// for. A loop looking for such characters may step over every other byte
// without decoding: such a byte never starts one of them, and the first byte
// of a character (ASCII or 0xC2 and up) is never inside another one. Only
// the Basic Multilingual Plane is searched (fast enough to do once per run):
// the first bytes of longer sequences are all included.
template <typename Predicate>
std::array<bool, 256> first_bytes_of(Predicate wanted) {
  std::array<bool, 256> bytes{};
  for (char32_t cp = 0; cp <= 0xFFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;  // surrogates are not characters
    if (!wanted(cp)) continue;
    std::string encoded;
    utf8::append(encoded, cp);
    bytes[static_cast<unsigned char>(encoded.front())] = true;
  }
  for (int byte = 0xF0; byte <= 0xFF; ++byte) bytes[byte] = true;
  return bytes;
}

bool is_dropped(char32_t cp) { return utf8::is_whitespace(cp) || utf8::is_zero_width(cp); }

// White space dropped, ASCII lower-cased, `：` as `:`; into `out` (reused
// across blocks, so normalizing allocates nothing). Text between the
// characters that change is copied in one piece.
void normalize(std::string_view text, std::string& out) {
  static const std::array<bool, 256> may_change =
      first_bytes_of([](char32_t cp) { return is_dropped(cp) || (cp >= 'A' && cp <= 'Z') || cp == U'：'; });
  out.clear();
  std::size_t unchanged = 0;  // start of the bytes not copied yet
  for (std::size_t i = 0; i < text.size();) {
    if (!may_change[static_cast<unsigned char>(text[i])]) {
      ++i;
      continue;
    }
    const auto d = utf8::decode(text, i);
    const char32_t cp = d.code_point;
    const bool dropped = is_dropped(cp);
    if (dropped || (cp >= 'A' && cp <= 'Z') || cp == U'：') {
      out.append(text.substr(unchanged, i - unchanged));
      if (!dropped) out.push_back(cp == U'：' ? ':' : static_cast<char>(cp - 'A' + 'a'));
      unchanged = i + d.length;
    }
    i += d.length;
  }
  out.append(text.substr(unchanged));
}

std::string normalize(std::string_view text) {
  std::string out;
  normalize(text, out);
  return out;
}

// The first character of text that normalize() and strip_leading() keep,
// normalized: what the stripped, normalized text starts with.
std::optional<char32_t> first_kept_character(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    i += d.length;
    if (is_dropped(d.code_point)) continue;
    char32_t cp = d.code_point;
    if (cp >= 'A' && cp <= 'Z') cp = cp - 'A' + 'a';
    if (cp == U'：') cp = ':';
    if (!is_decoration(cp)) return cp;
  }
  return std::nullopt;
}

std::string_view strip_leading(std::string_view text) {
  while (!text.empty()) {
    const auto d = utf8::decode(text, 0);
    if (!is_decoration(d.code_point)) break;
    text.remove_prefix(d.length);
  }
  return text;
}

std::string_view strip_both(std::string_view text) {
  text = strip_leading(text);
  while (!text.empty()) {
    std::size_t back = text.size() - 1;
    while (back > 0 && (static_cast<unsigned char>(text[back]) & 0xC0) == 0x80) --back;
    if (!is_decoration(utf8::decode(text, back).code_point)) break;
    text.remove_suffix(text.size() - back);
  }
  return text;
}

// One entry of scrape-residue: literal pieces and `{N}` (a run of digits).
struct Pattern {
  enum class Kind { exact, label, prefix };
  Kind kind = Kind::exact;
  std::string source;               // as written in the list, for messages
  std::vector<std::string> pieces;  // literal text; an empty piece is `{N}`

  // The end of the match of the pattern at the start of text, if any.
  std::optional<std::size_t> match_prefix(std::string_view text) const {
    std::size_t pos = 0;
    for (const std::string& piece : pieces) {
      if (piece.empty()) {
        const std::size_t start = pos;
        while (pos < text.size()) {
          const auto d = utf8::decode(text, pos);
          if (!is_digit(d.code_point)) break;
          pos += d.length;
        }
        if (pos == start) return std::nullopt;
      } else {
        if (text.substr(pos, piece.size()) != piece) return std::nullopt;
        pos += piece.size();
      }
    }
    return pos;
  }

  bool matches(std::string_view text) const {
    const auto end = match_prefix(text);
    if (!end) return false;
    switch (kind) {
      case Kind::exact:
        return *end == text.size();
      case Kind::label:
        return *end < text.size() && text[*end] == ':';
      case Kind::prefix:
        return true;
    }
    return false;
  }
};

std::optional<Pattern> parse_pattern(const std::string& entry) {
  Pattern pattern;
  pattern.source = entry;
  std::string body = normalize(entry);
  if (!body.empty() && body.back() == '*') {
    pattern.kind = Pattern::Kind::prefix;
    body.pop_back();
  } else if (!body.empty() && body.back() == ':') {
    pattern.kind = Pattern::Kind::label;
    body.pop_back();
  }
  const std::string_view text = pattern.kind == Pattern::Kind::exact ? strip_both(body) : strip_leading(body);
  std::size_t start = 0;
  for (std::size_t at = text.find("{n}"); at != std::string_view::npos; at = text.find("{n}", start)) {
    if (at > start) pattern.pieces.emplace_back(text.substr(start, at - start));
    pattern.pieces.emplace_back();
    start = at + 3;
  }
  if (start < text.size()) pattern.pieces.emplace_back(text.substr(start));
  if (pattern.pieces.empty()) return std::nullopt;
  return pattern;
}

bool is_token_separator(char32_t cp) { return utf8::is_whitespace(cp) || cp == '|' || cp == U'｜' || cp == U'丨'; }

// The end of the token starting at text[pos]: the next separator, or the end.
std::size_t token_end(std::string_view text, std::size_t pos) {
  static const std::array<bool, 256> may_separate = first_bytes_of(is_token_separator);
  while (pos < text.size()) {
    if (!may_separate[static_cast<unsigned char>(text[pos])]) {
      ++pos;
      continue;
    }
    const auto d = utf8::decode(text, pos);
    if (is_token_separator(d.code_point)) break;
    pos += d.length;
  }
  return pos;
}

}  // namespace

class ScrapeResidueCheck : public Check {
 public:
  static CheckInfo info() {
    return {
        "residue/scrape-residue",
        Severity::warning,
        {{"patterns", OptionType::phrase_list, "scrape-residue",
          "chrome patterns: `text` (the whole block), `label:` (block starts with the label and a colon), "
          "`text*` (block starts with the text), `{N}` for digits"},
         {"max-per-file", OptionType::integer, "50", "report at most this many findings per file, then one summary"}},
        false};
  }

  explicit ScrapeResidueCheck(const CheckOptions& options) : max_per_file_(options.get_int("max-per-file", 50)) {
    for (const std::string& entry : options.get_phrases("patterns", "scrape-residue"))
      if (auto pattern = parse_pattern(entry)) patterns_.push_back(std::move(*pattern));
    // A pattern can only match text that starts with its first byte: a digit
    // (ASCII or the lead byte of `０`-`９`) for `{N}`, else its first literal byte.
    for (std::size_t k = 0; k < patterns_.size(); ++k) {
      const std::string& first = patterns_[k].pieces.front();
      if (!first.empty()) {
        by_first_byte_[static_cast<unsigned char>(first.front())].push_back(k);
        const char32_t first_character = utf8::decode(first, 0).code_point;
        first_characters_.push_back(first_character);
        first_character_bits_.set(first_character % first_character_bits_.size());
        continue;
      }
      digit_starts_pattern_ = true;
      for (char digit = '0'; digit <= '9'; ++digit) by_first_byte_[static_cast<unsigned char>(digit)].push_back(k);
      by_first_byte_[static_cast<unsigned char>(std::string_view("０").front())].push_back(k);
    }
    std::sort(first_characters_.begin(), first_characters_.end());
  }

  void check(const Document& doc, Reporter& out) const override {
    FindingCap cap(out, max_per_file_);
    Buffers buffers;
    for (const TextBlock& block : doc.blocks()) {
      if (const Pattern* pattern = match_block(block.text, buffers))
        cap.report(block.span(), [&] {
          return fmt::format("scrape residue: `{}` is page chrome, not article text (matches `{}`)",
                             excerpt(block.text), pattern->source);
        });
      else if (is_tag_list(block.text))
        cap.report(block.span(), [&] {
          return fmt::format("scrape residue: `{}` is the page's tag list, not article text", excerpt(block.text));
        });
    }
    cap.finish("residue blocks");
  }

 private:
  // Chrome is short: a long block is only looked at for a leading label.
  static constexpr std::size_t kMaxChromeBytes = 240;
  static constexpr std::size_t kLabelWindowBytes = 120;

  // Normalized text, kept from block to block so that matching allocates nothing.
  struct Buffers {
    std::string block;
    std::string token;
  };

  // Whether a pattern starts with this character (normalized), or with a
  // digit and the character is one. Every match starts with the first
  // character normalizing and stripping keep; so does the first word of a
  // line of buttons, as the separators between words are all dropped or
  // decoration.
  bool may_start_pattern(std::optional<char32_t> first) const {
    if (!first) return false;
    if (digit_starts_pattern_ && is_digit(*first)) return true;
    // Most first characters are told by their bit alone.
    if (!first_character_bits_.test(*first % first_character_bits_.size())) return false;
    return std::binary_search(first_characters_.begin(), first_characters_.end(), *first);
  }

  // The patterns that may match a text starting with this byte, in list order.
  const std::vector<std::size_t>& candidates(std::string_view text) const {
    static const std::vector<std::size_t> none;
    return text.empty() ? none : by_first_byte_[static_cast<unsigned char>(text.front())];
  }

  const Pattern* match_block(std::string_view text, Buffers& buffers) const {
    // Most blocks are article text whose first character starts no pattern:
    // they are settled without normalizing anything.
    if (!may_start_pattern(first_kept_character(text))) return nullptr;
    const bool is_short = text.size() <= kMaxChromeBytes;
    normalize(is_short ? text : head(text, kLabelWindowBytes), buffers.block);
    const std::string_view whole = strip_both(buffers.block);
    const std::string_view lead = strip_leading(buffers.block);
    // `whole` is `lead` with its end stripped: both start with the same byte.
    for (std::size_t k : candidates(lead)) {
      const Pattern& pattern = patterns_[k];
      if (pattern.kind == Pattern::Kind::exact ? (is_short && pattern.matches(whole)) : pattern.matches(lead))
        return &pattern;
    }
    if (!is_short) return nullptr;
    // `在线预约 立即挂号`: several buttons on one line.
    const Pattern* first = nullptr;
    std::size_t tokens = 0;
    for (std::size_t i = 0; i < text.size();) {
      const std::size_t end = token_end(text, i);
      // One token is one word at most: never several buttons.
      if (i == 0 && end == text.size()) return nullptr;
      normalize(text.substr(i, end - i), buffers.token);
      if (const std::string_view word = strip_both(buffers.token); !word.empty()) {
        const Pattern* hit = exact_match(word);
        if (!hit) return nullptr;
        if (!first) first = hit;
        ++tokens;
      }
      i = end < text.size() ? end + utf8::decode(text, end).length : end;
    }
    return tokens >= 2 ? first : nullptr;
  }

  // A block made only of two or more hashtags (`#神经#医生`, `#减肥 #健康`): the
  // tag links a site prints under an article. `#` directly followed by the tag,
  // so a Markdown heading (`# 神经`) is never one; tags are short words.
  static bool is_tag_list(std::string_view text) {
    constexpr std::size_t kMaxTagCharacters = 12;
    if (text.size() > kMaxChromeBytes) return false;
    std::size_t tags = 0;
    std::size_t i = 0;
    auto is_hash = [](char32_t cp) { return cp == '#' || cp == U'＃'; };
    while (i < text.size()) {
      utf8::Decoded d = utf8::decode(text, i);
      if (utf8::is_whitespace(d.code_point)) {
        i += d.length;
        continue;
      }
      if (!is_hash(d.code_point)) return false;
      i += d.length;
      std::size_t characters = 0;
      while (i < text.size()) {
        d = utf8::decode(text, i);
        if (is_hash(d.code_point) || utf8::is_whitespace(d.code_point)) break;
        if (utf8::is_cjk_punctuation(d.code_point) || utf8::is_ascii_punctuation(d.code_point)) return false;
        if (++characters > kMaxTagCharacters) return false;
        i += d.length;
      }
      if (characters == 0) return false;
      ++tags;
    }
    return tags >= 2;
  }

  const Pattern* exact_match(std::string_view word) const {
    for (std::size_t k : candidates(word))
      if (patterns_[k].kind == Pattern::Kind::exact && patterns_[k].matches(word)) return &patterns_[k];
    return nullptr;
  }

  static std::string_view head(std::string_view text, std::size_t bytes) {
    if (text.size() <= bytes) return text;
    while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
    return text.substr(0, bytes);
  }

  static std::string excerpt(std::string_view text) {
    constexpr std::size_t kExcerptBytes = 60;
    return text.size() <= kExcerptBytes ? std::string(text) : std::string(head(text, kExcerptBytes)) + "…";
  }

  std::vector<Pattern> patterns_;
  std::array<std::vector<std::size_t>, 256> by_first_byte_;  // indexes into patterns_
  std::vector<char32_t> first_characters_;  // sorted: the first character of each pattern starting with text
  std::bitset<1024> first_character_bits_;  // bit (character % 1024) of each of first_characters_
  bool digit_starts_pattern_ = false;       // some pattern starts with `{N}`
  long max_per_file_;
};

void add_scrape_residue_check(CheckRegistry& registry) { registry.add<ScrapeResidueCheck>(); }

}  // namespace hlint

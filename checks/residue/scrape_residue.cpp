// residue/scrape-residue: blocks that are page chrome a scraper left in the
// text: breadcrumbs (`当前位置: 首页 …`), buttons (`举报/反馈`, `在线预约 立即挂号`),
// navigation tabs glued together (`相关文章健康资讯`), end markers
// (`- THE END -`), counters (`2898次浏览`). Whole blocks only.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdint>
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

std::string_view strip_trailing(std::string_view text) {
  while (!text.empty()) {
    std::size_t back = text.size() - 1;
    while (back > 0 && (static_cast<unsigned char>(text[back]) & 0xC0) == 0x80) --back;
    if (!is_decoration(utf8::decode(text, back).code_point)) break;
    text.remove_suffix(text.size() - back);
  }
  return text;
}

std::string_view strip_both(std::string_view text) { return strip_trailing(strip_leading(text)); }

// One entry of scrape-residue: literal pieces and `{N}` (a run of digits).
// A `companion` (`相关文章+`) is an exact entry that is chrome only next to
// another entry: it never matches a block alone.
struct Pattern {
  enum class Kind { exact, label, prefix, companion };
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
      case Kind::companion:
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
  } else if (!body.empty() && body.back() == '+') {
    pattern.kind = Pattern::Kind::companion;
    body.pop_back();
  } else if (!body.empty() && body.back() == ':') {
    pattern.kind = Pattern::Kind::label;
    body.pop_back();
  }
  const bool whole_block = pattern.kind == Pattern::Kind::exact || pattern.kind == Pattern::Kind::companion;
  const std::string_view text = whole_block ? strip_both(body) : strip_leading(body);
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
          "`text*` (block starts with the text), `text+` (chrome only next to another entry), `{N}` for digits"},
         {"max-per-file", OptionType::integer, "50", "report at most this many findings per file, then one summary"}},
        false};
  }

  explicit ScrapeResidueCheck(const CheckOptions& options) : max_per_file_(options.get_int("max-per-file", 50)) {
    for (const std::string& entry : options.get_phrases("patterns", "scrape-residue")) {
      if (entry.starts_with('*')) {
        // `*text`: a link glued to the end of another block (`责任编辑：风云文章纠错`).
        std::string text(strip_both(std::string_view(entry).substr(1)));
        if (!text.empty()) suffixes_.push_back({entry, std::move(text)});
        continue;
      }
      if (auto pattern = parse_pattern(entry)) patterns_.push_back(std::move(*pattern));
    }
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
    // Likewise, a word made of entries ends with the last character of one.
    for (const Pattern& pattern : patterns_) {
      if (!is_glueable(pattern)) continue;
      const std::string& last = pattern.pieces.back();
      if (last.empty()) {
        digit_ends_entry_ = true;
        continue;
      }
      const char32_t last_character = utf8::decode(last, character_start(last, last.size() - 1)).code_point;
      last_characters_.push_back(last_character);
      last_character_bits_.set(last_character % last_character_bits_.size());
    }
    std::sort(last_characters_.begin(), last_characters_.end());
  }

  void check(const Document& doc, Reporter& out) const override {
    FindingCap cap(out, max_per_file_);
    Buffers buffers;
    const auto& blocks = doc.blocks();
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      const TextBlock& block = blocks[i];
      const Pattern* pattern = match_block(block.text, buffers);
      // A breadcrumb split over blocks (`您的位置 :` / `北京好中医` / `>` /
      // `新闻资讯` / `>`, one `<li>` each) is one finding, from the label to the
      // last separator.
      if (pattern && is_bare_breadcrumb_label(*pattern, block.text)) {
        const std::size_t last = breadcrumb_end(blocks, i);
        if (last > i) {
          std::string crumbs;
          for (std::size_t k = i; k <= last; ++k) crumbs += (k == i ? "" : " ") + blocks[k].text;
          cap.report(Span{block.span().begin, blocks[last].span().end}, [&] {
            return fmt::format("scrape residue: the breadcrumb `{}` is page chrome, not article text (matches `{}`)",
                               excerpt(crumbs), pattern->source);
          });
          i = last;
          continue;
        }
      }
      if (pattern)
        cap.report(block.span(), [&] {
          return fmt::format("scrape residue: `{}` is page chrome, not article text (matches `{}`)",
                             excerpt(block.text), pattern->source);
        });
      else if (is_tag_list(block.text, block.element == "line" ? 2 : 1))
        cap.report(block.span(), [&] {
          return fmt::format("scrape residue: `{}` is the page's tag list, not article text", excerpt(block.text));
        });
      else if (const auto suffix = trailing_chrome(block.text))
        cap.report(block.span(suffix->first, suffix->first + suffix->second->text.size()), [&] {
          return fmt::format("scrape residue: `{}` at the end of the block is page chrome, not article text "
                             "(matches `{}`)",
                             suffix->second->text, suffix->second->source);
        });
    }
    cap.finish("residue blocks");
  }

 private:
  // A breadcrumb label (`您的位置 :`, `当前位置：`) alone in its block.
  static bool is_bare_breadcrumb_label(const Pattern& pattern, std::string_view text) {
    if (pattern.kind != Pattern::Kind::label) return false;
    if (pattern.source.find("位置") == std::string::npos && pattern.source.find("当前页面") == std::string::npos)
      return false;
    std::size_t visible = 0;
    for (char c : text) visible += c != ' ';
    return visible <= pattern.source.size() + 2;  // the label and `:` or `：`
  }

  // A block of breadcrumb separators only (`>`, `»`, `›`, `/`).
  static bool is_separator_block(std::string_view text) {
    bool any = false;
    for (std::size_t i = 0; i < text.size();) {
      const auto d = utf8::decode(text, i);
      i += d.length;
      if (d.code_point == ' ') continue;
      if (d.code_point != '>' && d.code_point != U'»' && d.code_point != U'›' && d.code_point != U'＞' &&
          d.code_point != '/' && d.code_point != U'→')
        return false;
      any = true;
    }
    return any;
  }

  // The last block of a breadcrumb whose label is blocks[label]: crumbs (short
  // blocks) each followed by a separator block. `label` when there are none.
  static std::size_t breadcrumb_end(const std::vector<TextBlock>& blocks, std::size_t label) {
    constexpr std::size_t kMaxCrumbBytes = 48;
    constexpr std::size_t kMaxBlocks = 12;
    std::size_t last = label;
    std::size_t j = label + 1;
    while (j < blocks.size() && j <= label + kMaxBlocks) {
      if (is_separator_block(blocks[j].text)) {
        last = j++;
      } else if (blocks[j].text.size() <= kMaxCrumbBytes && j + 1 < blocks.size() &&
                 is_separator_block(blocks[j + 1].text)) {
        last = j + 1;
        j += 2;
      } else {
        break;
      }
    }
    return last;
  }

  // Chrome is short: a long block is only looked at for a leading label.
  static constexpr std::size_t kMaxChromeBytes = 240;
  static constexpr std::size_t kLabelWindowBytes = 120;

  // The ways a text splits into entries, told apart by their state: how many
  // entries (0, 1, or 2 and more) and whether one of them is not a companion
  // (`相关文章+`); for each state reached, the first such entry of a split
  // reaching it, the entry a finding names (its index in patterns_ plus one;
  // 0 for none). Small: the word-break fills one per byte of the word.
  struct Split {
    static constexpr int kStates = 6;           // state = min(entries, 2) * 2 + (has a non-companion)
    static constexpr int kResidue = 2 * 2 + 1;  // two or more entries, one not a companion
    std::uint8_t reached = 0;                   // bit per state
    std::array<std::uint32_t, kStates> named{};

    static Split empty() {
      Split split;
      split.reached = 1;  // no entries yet
      return split;
    }
    void reach(int state, std::uint32_t name) {
      if (reached & (1u << state)) return;  // the first split to reach a state names it
      reached |= static_cast<std::uint8_t>(1u << state);
      named[state] = name;
    }
    // Every state of this split followed by one of `next`.
    Split then(const Split& next) const {
      Split joined;
      for (int a = 0; a < kStates; ++a) {
        if (!(reached & (1u << a))) continue;
        for (int b = 0; b < kStates; ++b) {
          if (!(next.reached & (1u << b))) continue;
          const int entries = std::min(a / 2 + b / 2, 2);
          joined.reach(entries * 2 + ((a | b) & 1), named[a] ? named[a] : next.named[b]);
        }
      }
      return joined;
    }
  };

  // Normalized text and the word-break's table, kept from block to block so
  // that matching allocates nothing.
  struct Buffers {
    std::string block;
    std::string token;
    std::vector<Split> splits;
  };

  // Entries that may stand next to others in a line of buttons or tabs.
  static bool is_glueable(const Pattern& pattern) {
    return pattern.kind == Pattern::Kind::exact || pattern.kind == Pattern::Kind::companion;
  }

  static std::size_t character_start(std::string_view text, std::size_t pos) {
    while (pos > 0 && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) --pos;
    return pos;
  }

  // Whether an entry ends with this character (normalized), or with `{N}`
  // and the character is a digit.
  bool may_end_entry(char32_t last) const {
    if (digit_ends_entry_ && is_digit(last)) return true;
    if (!last_character_bits_.test(last % last_character_bits_.size())) return false;
    return std::binary_search(last_characters_.begin(), last_characters_.end(), last);
  }

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
      if (pattern.kind == Pattern::Kind::companion) continue;  // never alone
      if (pattern.kind == Pattern::Kind::exact ? (is_short && pattern.matches(whole)) : pattern.matches(lead))
        return &pattern;
    }
    if (!is_short) return nullptr;
    // `在线预约 立即挂号`, `相关文章健康资讯`, `相关文章 | 健康资讯`: several
    // buttons or tabs on one line, separated by white space or `|` or glued
    // together. Every word must split into entries, two or more in all, one
    // of them not a companion.
    Split line = Split::empty();
    for (std::size_t i = 0; i < text.size();) {
      const std::size_t end = token_end(text, i);
      std::string_view word = whole;  // a block of one word is normalized already
      if (i != 0 || end != text.size()) {
        normalize(text.substr(i, end - i), buffers.token);
        word = strip_both(buffers.token);
      }
      if (!word.empty()) {
        const Split split = split_into_entries(word, buffers.splits);
        if (!split.reached) return nullptr;
        line = line.then(split);
      }
      i = end < text.size() ? end + utf8::decode(text, end).length : end;
    }
    if (!(line.reached & (1u << Split::kResidue))) return nullptr;
    return &patterns_[line.named[Split::kResidue] - 1];
  }

  // The splits of a word (normalized and stripped, with no separator) into
  // exact and companion entries glued together: a word-break over its bytes,
  // trying at each position reached the entries that start with its byte.
  // Nothing is reached if the word is no such run of entries. Never between
  // two ASCII letters or digits: `end` is an entry, `extend` or `endend` no
  // run of entries, and `阅读{N}` then `{N}次浏览` would share the digits.
  Split split_into_entries(std::string_view word, std::vector<Split>& at) const {
    // Most words are settled by their ends: the last character, then whether
    // an entry starts the word (the word-break's first step).
    if (!may_end_entry(utf8::decode(word, character_start(word, word.size() - 1)).code_point)) return {};
    if (std::none_of(candidates(word).begin(), candidates(word).end(), [&](std::size_t k) {
          return is_glueable(patterns_[k]) && patterns_[k].match_prefix(word);
        }))
      return {};
    at.assign(word.size() + 1, Split{});
    at[0] = Split::empty();
    for (std::size_t i = 0; i < word.size(); ++i) {
      if (!at[i].reached) continue;
      if (i > 0 && is_ascii_alphanumeric(word[i - 1]) && is_ascii_alphanumeric(word[i])) continue;
      const std::string_view rest = word.substr(i);
      for (std::size_t k : candidates(rest)) {
        const Pattern& pattern = patterns_[k];
        if (!is_glueable(pattern)) continue;
        const auto end = pattern.match_prefix(rest);
        if (!end) continue;
        const bool named = pattern.kind == Pattern::Kind::exact;
        const auto name = static_cast<std::uint32_t>(k + 1);
        for (int state = 0; state < Split::kStates; ++state) {
          if (!(at[i].reached & (1u << state))) continue;
          const int entries = std::min(state / 2 + 1, 2);
          at[i + *end].reach(entries * 2 + ((state & 1) | int{named}),
                             at[i].named[state] ? at[i].named[state] : (named ? name : 0));
        }
      }
    }
    return at[word.size()];
  }

  static bool is_ascii_alphanumeric(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  // A `*text` entry: chrome glued to the end of a block.
  struct Suffix {
    std::string source;  // as written in the list
    std::string text;    // matched as written, at the end of the block
  };

  // Where a `*text` entry ends the block (before trailing white space and
  // decoration), if one does and the block holds more than it: the offset of
  // the entry's text in the block and the entry.
  std::optional<std::pair<std::size_t, const Suffix*>> trailing_chrome(std::string_view text) const {
    if (suffixes_.empty() || text.size() > kMaxChromeBytes) return std::nullopt;
    // Stripped at the end first: most blocks end with no entry, and are told
    // without stripping their start. (In valid UTF-8, which block text is,
    // stripping the start then the end or the end then the start keeps the
    // same characters.)
    const std::string_view end_stripped = strip_trailing(text);
    if (std::none_of(suffixes_.begin(), suffixes_.end(),
                     [&](const Suffix& suffix) { return end_stripped.ends_with(suffix.text); }))
      return std::nullopt;
    const std::string_view kept = strip_leading(end_stripped);
    if (kept.empty()) return std::nullopt;
    const std::size_t kept_begin = static_cast<std::size_t>(kept.data() - text.data());
    for (const Suffix& suffix : suffixes_)
      if (kept.size() > suffix.text.size() && kept.ends_with(suffix.text))
        return std::pair{kept_begin + kept.size() - suffix.text.size(), &suffix};
    return std::nullopt;
  }

  // A block made only of hashtags (`#神经#医生`, `#减肥 #健康`; in an HTML
  // body also one alone, `<p><a>#口罩</a></p>`): the tag links a site prints
  // under an article. `#` directly followed by the tag, so a Markdown heading
  // (`# 神经`) is never one; tags are short words, a lone one not only digits
  // (`#1`). A line of a text scrape needs two: `#神经` alone may be a hashtag.
  static bool is_tag_list(std::string_view text, std::size_t min_tags) {
    constexpr std::size_t kMaxTagCharacters = 12;
    if (text.size() > kMaxChromeBytes) return false;
    std::size_t tags = 0;
    bool has_word = false;  // a tag holds something other than digits
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
        has_word = has_word || !is_digit(d.code_point);
        i += d.length;
      }
      if (characters == 0) return false;
      ++tags;
    }
    return tags >= std::max<std::size_t>(min_tags, 1) && (tags >= 2 || has_word);
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
  std::vector<Suffix> suffixes_;
  std::array<std::vector<std::size_t>, 256> by_first_byte_;  // indexes into patterns_
  std::vector<char32_t> first_characters_;  // sorted: the first character of each pattern starting with text
  std::bitset<1024> first_character_bits_;  // bit (character % 1024) of each of first_characters_
  bool digit_starts_pattern_ = false;       // some pattern starts with `{N}`
  std::vector<char32_t> last_characters_;   // sorted: the last character of each exact or companion entry
  std::bitset<1024> last_character_bits_;   // bit (character % 1024) of each of last_characters_
  bool digit_ends_entry_ = false;           // some exact or companion entry ends with `{N}`
  long max_per_file_;
};

void add_scrape_residue_check(CheckRegistry& registry) { registry.add<ScrapeResidueCheck>(); }

}  // namespace hlint

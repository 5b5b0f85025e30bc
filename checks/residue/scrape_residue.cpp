// residue/scrape-residue: blocks that are page chrome a scraper left in the
// text: breadcrumbs (`当前位置: 首页 …`), buttons (`举报/反馈`, `在线预约 立即挂号`),
// end markers (`- THE END -`), counters (`2898次浏览`). Whole blocks only.
#include <fmt/format.h>

#include <algorithm>
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

// White space dropped, ASCII lower-cased, `：` as `:`.
std::string normalize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    if (utf8::is_whitespace(d.code_point) || utf8::is_zero_width(d.code_point)) {
    } else if (d.code_point >= 'A' && d.code_point <= 'Z') {
      out.push_back(static_cast<char>(d.code_point - 'A' + 'a'));
    } else if (d.code_point == U'：') {
      out.push_back(':');
    } else {
      out.append(text.substr(i, d.length));
    }
    i += d.length;
  }
  return out;
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
  }

  void check(const Document& doc, Reporter& out) const override {
    FindingCap cap(out, max_per_file_);
    for (const TextBlock& block : doc.blocks()) {
      if (const Pattern* pattern = match_block(block.text))
        cap.report(block.span(), [&] {
          return fmt::format("scrape residue: `{}` is page chrome, not article text (matches `{}`)",
                             excerpt(block.text), pattern->source);
        });
    }
    cap.finish("residue blocks");
  }

 private:
  // Chrome is short: a long block is only looked at for a leading label.
  static constexpr std::size_t kMaxChromeBytes = 240;
  static constexpr std::size_t kLabelWindowBytes = 120;

  const Pattern* match_block(std::string_view text) const {
    const bool is_short = text.size() <= kMaxChromeBytes;
    const std::string normal = normalize(is_short ? text : head(text, kLabelWindowBytes));
    const std::string_view whole = strip_both(normal);
    const std::string_view lead = strip_leading(normal);
    for (const Pattern& pattern : patterns_) {
      if (pattern.kind == Pattern::Kind::exact ? (is_short && pattern.matches(whole)) : pattern.matches(lead))
        return &pattern;
    }
    if (!is_short) return nullptr;
    // `在线预约 立即挂号`: several buttons on one line.
    const Pattern* first = nullptr;
    std::size_t tokens = 0;
    for (std::size_t i = 0; i < text.size();) {
      std::size_t end = i;
      while (end < text.size()) {
        const auto d = utf8::decode(text, end);
        if (is_token_separator(d.code_point)) break;
        end += d.length;
      }
      const std::string token = normalize(text.substr(i, end - i));
      if (const std::string_view word = strip_both(token); !word.empty()) {
        const Pattern* hit = exact_match(word);
        if (!hit) return nullptr;
        if (!first) first = hit;
        ++tokens;
      }
      i = end < text.size() ? end + utf8::decode(text, end).length : end;
    }
    return tokens >= 2 ? first : nullptr;
  }

  const Pattern* exact_match(std::string_view word) const {
    for (const Pattern& pattern : patterns_)
      if (pattern.kind == Pattern::Kind::exact && pattern.matches(word)) return &pattern;
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
  long max_per_file_;
};

void add_scrape_residue_check(CheckRegistry& registry) { registry.add<ScrapeResidueCheck>(); }

}  // namespace hlint

#include "core/article.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>

#include "core/character_signature.hpp"
#include "core/phrase_matcher.hpp"
#include "core/resources.hpp"
#include "core/utf8.hpp"

namespace hlint {

namespace {

// Header lines of scraped pages (seen in the user's corpus). These are
// structural patterns of page headers, not phrase lists a user tunes. They
// were std::regex patterns (quoted above each matcher); the hand-written
// matchers accept exactly what those matched, byte for byte, at a fraction of
// the cost: `\s` and `\d` are the C locale's classes of single bytes.

bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }  // \s: space, \t \n \v \f \r
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t skip_spaces(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_space(text[pos])) ++pos;
  return pos;
}

std::size_t skip_digits(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_digit(text[pos])) ++pos;
  return pos;
}

bool digits_at(std::string_view text, std::size_t pos, std::size_t count) {
  return skip_digits(text, pos) >= pos + count;
}

bool starts_with_at(std::string_view text, std::size_t pos, std::string_view prefix) {
  return pos <= text.size() && text.substr(pos).starts_with(prefix);
}

// `(?::|：)`: the length of the colon at text[pos], or 0.
std::size_t colon_length(std::string_view text, std::size_t pos) {
  if (pos < text.size() && text[pos] == ':') return 1;
  return starts_with_at(text, pos, "：") ? std::string_view("：").size() : 0;
}

// `\d{1,2}:\d{2}(?::\d{2})?` at text[pos]: the end of the time, or npos.
std::size_t time_end(std::string_view text, std::size_t pos) {
  const std::size_t hours = skip_digits(text, pos);
  if (hours == pos || hours - pos > 2 || hours >= text.size() || text[hours] != ':') return std::string_view::npos;
  if (!digits_at(text, hours + 1, 2)) return std::string_view::npos;
  const std::size_t end = hours + 3;
  if (end < text.size() && text[end] == ':' && digits_at(text, end + 1, 2)) return end + 3;
  return end;
}

// `^(当前位置|您的位置|你的位置|所在位置)\s*(?::|：)`
bool is_breadcrumb(std::string_view text) {
  for (std::string_view label : {"当前位置", "您的位置", "你的位置", "所在位置"})
    if (text.starts_with(label)) return colon_length(text, skip_spaces(text, label.size())) > 0;
  return false;
}

// `(发布者|作者|来源|发布时间|时间|日期|编辑|责任编辑)\s*(?::|：)\s*([^\s]+(?: \d{1,2}:\d{2}(?::\d{2})?)?)`
struct Labelled {
  std::string_view label;
  std::size_t value_begin = 0;
  std::size_t value_end = 0;
};

constexpr std::string_view kLabels[] = {"发布者", "作者", "来源", "发布时间", "时间", "日期", "编辑", "责任编辑"};

// The labelled value starting at text[pos], if any.
std::optional<Labelled> labelled_at(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return std::nullopt;
  for (std::string_view label : kLabels) {
    if (text[pos] != label.front() || !starts_with_at(text, pos, label)) continue;
    std::size_t p = skip_spaces(text, pos + label.size());
    const std::size_t colon = colon_length(text, p);
    if (colon == 0) continue;
    p = skip_spaces(text, p + colon);
    const std::size_t value_begin = p;
    while (p < text.size() && !is_space(text[p])) ++p;
    if (p == value_begin) continue;
    // The value may go on with ` 15:08` or ` 15:08:33`.
    if (p < text.size() && text[p] == ' ')
      if (const std::size_t end = time_end(text, p + 1); end != std::string_view::npos) p = end;
    return Labelled{label, value_begin, p};
  }
  return std::nullopt;
}

// The first two bytes of each label (all are longer), and their first bytes
// alone: labelled_at() is only tried where a pair of them starts.
constexpr std::uint16_t byte_pair(std::string_view text, std::size_t pos) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(text[pos]) << 8 |
                                    static_cast<unsigned char>(text[pos + 1]));
}
constexpr std::array<std::uint16_t, std::size(kLabels)> kLabelStarts = [] {
  std::array<std::uint16_t, std::size(kLabels)> starts{};
  for (std::size_t k = 0; k < std::size(kLabels); ++k) starts[k] = byte_pair(kLabels[k], 0);
  return starts;
}();
constexpr std::array<bool, 256> kLabelFirstBytes = [] {
  std::array<bool, 256> bytes{};
  for (std::string_view label : kLabels) bytes[static_cast<unsigned char>(label.front())] = true;
  return bytes;
}();

bool may_start_label(std::string_view text, std::size_t pos) {
  if (!kLabelFirstBytes[static_cast<unsigned char>(text[pos])] || pos + 1 >= text.size()) return false;
  return std::find(kLabelStarts.begin(), kLabelStarts.end(), byte_pair(text, pos)) != kLabelStarts.end();
}

// The leftmost labelled value at or after text[from], like std::regex_search.
std::optional<Labelled> find_labelled(std::string_view text, std::size_t from) {
  for (std::size_t pos = from; pos < text.size(); ++pos)
    if (may_start_label(text, pos))
      if (const auto found = labelled_at(text, pos)) return found;
  return std::nullopt;
}

// `^(\d{4}(?:[-/.]|年)\d{1,2}(?:[-/.]|月)\d{1,2}(?:日)?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s*(.*)$`,
// the whole text: the end of the date (and time); the rest after white space is the site.
std::optional<std::size_t> date_line_end(std::string_view text) {
  const auto date_separator = [&](std::size_t pos, std::string_view han) -> std::size_t {
    if (pos < text.size() && (text[pos] == '-' || text[pos] == '/' || text[pos] == '.')) return 1;
    return starts_with_at(text, pos, han) ? han.size() : 0;
  };
  if (!digits_at(text, 0, 4)) return std::nullopt;
  std::size_t p = 4;
  std::size_t separator = date_separator(p, "年");
  if (separator == 0) return std::nullopt;
  p += separator;
  const std::size_t month_end = skip_digits(text, p);
  if (month_end == p || month_end - p > 2) return std::nullopt;
  p = month_end;
  separator = date_separator(p, "月");
  if (separator == 0) return std::nullopt;
  p += separator;
  const std::size_t day_end = std::min(skip_digits(text, p), p + 2);
  if (day_end == p) return std::nullopt;
  p = day_end;
  if (starts_with_at(text, p, "日")) p += std::string_view("日").size();
  if (p < text.size() && is_space(text[p]))
    if (const std::size_t end = time_end(text, skip_spaces(text, p)); end != std::string_view::npos) p = end;
  // `(.*)$`: `.` is any byte but a line break.
  if (text.find_first_of("\n\r", skip_spaces(text, p)) != std::string_view::npos) return std::nullopt;
  return p;
}

// `(\d+)\s*(次浏览|次阅读|人浏览|人阅读)`: the first view count, as [begin, end) of its digits.
std::optional<std::pair<std::size_t, std::size_t>> find_view_count(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    if (!is_digit(text[pos])) {
      ++pos;
      continue;
    }
    const std::size_t digits_end = skip_digits(text, pos);
    const std::size_t suffix = skip_spaces(text, digits_end);
    for (std::string_view word : {"次浏览", "次阅读", "人浏览", "人阅读"})
      if (starts_with_at(text, suffix, word)) return std::pair{pos, digits_end};
    pos = digits_end;
  }
  return std::nullopt;
}

// utf8::length(text) > limit, counting no further than the limit.
bool longer_than(std::string_view text, std::size_t limit) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); i += utf8::decode(text, i).length)
    if (++count > limit) return true;
  return false;
}

std::string field_name(std::string_view label) {
  if (label == "发布者" || label == "作者" || label == "编辑" || label == "责任编辑") return "author";
  if (label == "来源") return "source";
  return "date";
}

bool is_header_block(const TextBlock& block, std::vector<HeaderField>& out) {
  const std::string_view text = block.text;
  if (text.size() > 240) return false;
  if (is_breadcrumb(text)) {
    out.push_back({"breadcrumb", block.text, block.span()});
    return true;
  }
  bool found = false;
  for (auto match = find_labelled(text, 0); match; match = find_labelled(text, match->value_end)) {
    const std::string_view value = text.substr(match->value_begin, match->value_end - match->value_begin);
    // `发布者: 时间:2025-1-29`: an empty label must not swallow the next one.
    if (labelled_at(value, 0)) continue;
    out.push_back({field_name(match->label), std::string(value), block.span(match->value_begin, match->value_end)});
    found = true;
  }
  if (found) return true;
  if (const auto date_end = date_line_end(text)) {
    out.push_back({"date", std::string(text.substr(0, *date_end)), block.span(0, *date_end)});
    if (const std::size_t site = skip_spaces(text, *date_end); site < text.size())
      out.push_back({"site", std::string(text.substr(site)), block.span(site, text.size())});
    return true;
  }
  if (longer_than(text, 20)) return false;
  if (const auto views = find_view_count(text)) {
    const auto [begin, end] = *views;
    out.push_back({"views", std::string(text.substr(begin, end - begin)), block.span(begin, end)});
    return true;
  }
  return false;
}

// Whether text holds at least `wanted` Han characters (stops counting there).
bool has_han_chars(std::string_view text, std::size_t wanted) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size() && n < wanted;) {
    const auto d = utf8::decode(text, i);
    if (utf8::is_han(d.code_point)) ++n;
    i += d.length;
  }
  return n >= wanted;
}

}  // namespace

std::optional<Span> ArticleInfo::anchor(const Document& doc) const {
  if (title && !title_span.empty()) return title_span;
  if (!doc.blocks().empty()) return doc.blocks().front().span();
  return std::nullopt;
}

const HeaderField* ArticleInfo::field(std::string_view name) const {
  for (const auto& f : header)
    if (f.name == name) return &f;
  return nullptr;
}

ArticleInfo::ArticleInfo(const Document& doc) {
  const auto& blocks = doc.blocks();
  const auto& fm = doc.front_matter();
  if (fm && !fm->error) {
    if (const FrontMatterEntry* entry = fm->find("title"); entry && entry->value.IsScalar()) {
      title = entry->value.Scalar();
      title_span = entry->value_span;
      const std::string_view raw = doc.slice(entry->value_span);
      if (raw.size() >= 2 && (raw.front() == '\'' || raw.front() == '"'))
        title_span = {entry->value_span.begin + 1, entry->value_span.end - 1};
    }
  }

  std::size_t index = 0;
  if (!fm) {
    // A text scrape's header: [breadcrumb] [site name] title, then metadata
    // lines (`发布者:X 时间:Y`, a date line, a view count). The title is the
    // last short line before the first metadata line, or the first short
    // line when the page has none.
    constexpr std::size_t kHeaderLimit = 8;
    std::vector<std::size_t> candidates;
    std::optional<std::size_t> first_metadata;
    std::optional<std::size_t> last_header;
    for (std::size_t i = 0; i < blocks.size() && i < kHeaderLimit; ++i) {
      if (is_header_block(blocks[i], header)) {
        if (header.back().name != "breadcrumb" && !first_metadata) first_metadata = i;
        last_header = i;
        continue;
      }
      if (first_metadata) break;  // the article starts after the metadata
      if (longer_than(blocks[i].text, 60) || blocks[i].text.find("。") != std::string::npos) break;
      candidates.push_back(i);
    }
    if (!candidates.empty()) {
      const std::size_t chosen = first_metadata ? candidates.back() : candidates.front();
      for (std::size_t c : candidates)
        if (c < chosen) header.push_back({"site", blocks[c].text, blocks[c].span()});
      title_block = chosen;
      if (!title) {
        title = blocks[chosen].text;
        title_span = blocks[chosen].span();
      }
    }
    index = std::max(title_block ? *title_block + 1 : 0, last_header ? *last_header + 1 : 0);
  }
  body_block = index;
  std::vector<HeaderField> ignored;
  for (std::size_t i = index; i < blocks.size(); ++i) {
    ignored.clear();
    if (is_header_block(blocks[i], ignored)) continue;
    if (has_han_chars(blocks[i].text, 15)) {
      lead_block = i;
      break;
    }
  }
}

}  // namespace hlint

// ---------------------------------------------------------------------------
// DocumentKind


namespace hlint {

namespace {

struct KindVocabulary {
  std::vector<std::string> health;
  std::vector<std::string> marks;         // advertisement marks, `@notice ` removed
  std::vector<bool> notice;               // per mark: an explicit notice
  // Both lists in one automaton, health words first (phrase p < health.size()
  // is health[p], the others marks[p - health.size()]): a paragraph that
  // needs both is read once. The matches of each list are those its own
  // matcher would report, in the same order (every occurrence, by end, then
  // longest first; the lists share no phrase).
  PhraseMatcher matcher;

  KindVocabulary() {
    if (const auto list = embedded_file("data/health-terms.txt")) health = parse_phrase_list(*list);
    if (const auto list = embedded_file("data/advertisement-cues.txt")) {
      for (std::string entry : parse_phrase_list(*list)) {
        const bool is_notice = entry.starts_with("@notice ");
        if (is_notice) entry.erase(0, std::string_view("@notice ").size());
        marks.push_back(std::move(entry));
        notice.push_back(is_notice);
      }
    }
    std::vector<std::string> both = health;
    both.insert(both.end(), marks.begin(), marks.end());
    matcher = PhraseMatcher(both, PhraseMatcher::Folding::exact);
    marks_filter = PhraseFilter(marks, PhraseMatcher::Folding::exact);
  }
  PhraseFilter marks_filter;  // the blocks in which a mark may occur
  PhraseFilter price_filter{std::vector<std::string>{"元"}, PhraseMatcher::Folding::exact};  // blocks with `元`
};

// Every match of `matcher` in `text`, in the order the scan reports them. Out
// of line, with a callback that only stores: inlined into the document kind's
// decision, the scan loop kept its pointers and bounds on the stack.
[[gnu::noinline]] void find_phrases(const PhraseMatcher& matcher, std::string_view text,
                                    std::vector<PhraseMatcher::Match>& found) {
  found.clear();
  matcher.scan(text, [&](const PhraseMatcher::Match& m) {
    found.push_back(m);
    return true;
  });
}

// Built once per run (the lists are the embedded data files, read-only after).
const KindVocabulary& kind_vocabulary() {
  static const KindVocabulary vocabulary;
  return vocabulary;
}

bool is_ascii_digit_byte(char c) { return c >= '0' && c <= '9'; }

// A price: digits, `元`, then `/`, `一` or `每` and a unit (`59元/盒`, `0.14元_片`,
// `39.9元一瓶`), or `¥`/`￥` before digits (counted as a mark by the list).
// Where `元` (E5 85 83) occurs at or after `from`, or npos: found by its last
// byte, which is rare in Chinese text, where its lead byte E5 starts one
// character in six (string_view::find stops at each).
std::size_t find_yuan(std::string_view text, std::size_t from) {
  for (std::size_t last = from + 2; last < text.size();) {
    const void* found = std::memchr(text.data() + last, 0x83, text.size() - last);
    if (!found) return std::string_view::npos;
    last = static_cast<std::size_t>(static_cast<const char*>(found) - text.data());
    if (text[last - 1] == '\x85' && text[last - 2] == '\xE5') return last - 2;
    ++last;
  }
  return std::string_view::npos;
}

bool holds_price(std::string_view text) {
  static constexpr std::string_view kYuan = "元";
  for (std::size_t at = find_yuan(text, 0); at != std::string_view::npos; at = find_yuan(text, at + 1)) {
    if (at == 0 || !is_ascii_digit_byte(text[at - 1])) continue;
    std::size_t next = at + kYuan.size();
    for (std::string_view joiner : {"/", "_", "一", "每", "／"})
      if (text.substr(next).starts_with(joiner)) {
        next += joiner.size();
        if (next < text.size()) {
          const char32_t unit = utf8::decode(text, next).code_point;
          for (char32_t u : std::u32string_view(U"盒瓶袋支片斤件份罐粒包套"))
            if (unit == u) return true;
        }
      }
  }
  return false;
}

}  // namespace

DocumentKind::DocumentKind(const Document& doc) {
  const KindVocabulary& vocabulary = kind_vocabulary();
  const auto health_count = static_cast<std::uint32_t>(vocabulary.health.size());
  std::vector<int> seen(vocabulary.health.size(), 0);
  std::vector<std::string> marks;
  auto add_mark = [&](std::string mark) {
    if (std::find(marks.begin(), marks.end(), mark) == marks.end()) marks.push_back(std::move(mark));
  };
  // Han characters of the Basic Plane's main block start with bytes
  // 0xE4-0xE9 in UTF-8: counting those bytes is counting them, without
  // decoding. An 8-bit count per stretch of 255 bytes: the compiler's vector
  // loop then adds the bytes' 0 or 1 sixteen at a time without widening them.
  auto han_in = [](std::string_view text) {
    long n = 0;
    constexpr std::size_t kStretch = 255;
    for (std::size_t from = 0; from < text.size(); from += kStretch) {
      const std::string_view stretch = text.substr(from, kStretch);
      std::uint8_t count = 0;
      for (const char c : stretch)
        count += static_cast<unsigned char>(static_cast<unsigned char>(c) - 0xE4u) <= 0xE9u - 0xE4u;
      n += count;
    }
    return n;
  };
  const ArticleInfo& article = doc.analysis<ArticleInfo>();
  const bool front_matter_title = article.title && doc.front_matter();
  const auto& blocks = doc.blocks();
  const auto& characters = doc.analysis<BlockCharacters>();
  // Health words count in paragraphs only: navigation, sidebars and lists of
  // other articles' titles (short blocks) say what the site is about, not
  // what this document says. Advertisement marks count everywhere.
  if (front_matter_title) han_chars += han_in(*article.title);
  for (const TextBlock& block : blocks)
    if (block.text.size() >= kMinParagraphBytes) han_chars += han_in(block.text);
  // Health words are counted paragraph by paragraph until the decision is
  // certain: most health articles reach both thresholds in their first
  // paragraphs.
  const double needed = kMinHealthDensity * static_cast<double>(han_chars) / 1000.0;
  bool health_decided = false;
  // One scan of `text` for what it is asked for: marks (reported at spans
  // to_span gives), health words (a paragraph, while undecided), or both.
  std::vector<PhraseMatcher::Match> found;
  auto scan = [&](std::string_view text, bool for_marks, bool for_health, auto to_span) {
    find_phrases(vocabulary.matcher, text, found);
    for (const PhraseMatcher::Match& m : found) {
      if (m.phrase < health_count) {
        if (for_health) {
          if (seen[m.phrase]++ == 0) {
            ++health_terms;
            health_words_found.push_back(m.phrase);
          }
          ++health_occurrences;
        }
      } else if (for_marks) {
        const std::uint32_t mark = m.phrase - health_count;
        if (vocabulary.notice[mark] && !advertisement_notice) advertisement_notice = to_span(m.begin, m.end);
        add_mark(vocabulary.marks[mark]);
      }
    }
    if (for_marks && holds_price(text)) add_mark("price");
    if (for_health && health_terms >= kMinHealthTerms && health_occurrences >= needed) health_decided = true;
  };
  if (front_matter_title) {
    const Span title = article.title_span;
    scan(*article.title, true, true, [&](std::size_t b, std::size_t e) { return Span{title.begin + b, title.begin + e}; });
  }
  health_scan_end = blocks.size();
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const TextBlock& block = blocks[i];
    if (health_decided && health_scan_end == blocks.size()) health_scan_end = i;
    const bool for_marks = vocabulary.marks_filter.may_occur(characters.signatures[i]);
    const bool for_health = !health_decided && block.text.size() >= kMinParagraphBytes;
    if (for_marks || for_health)
      scan(block.text, for_marks, for_health, [&](std::size_t b, std::size_t e) { return block.span(b, e); });
    if (!for_marks && vocabulary.price_filter.may_occur(characters.signatures[i]) && holds_price(block.text))
      add_mark("price");
  }
  // Shop links are marks too: `<a href="https://item.taobao.com/...">`.
  if (doc.body_format() == BodyFormat::html) {
    for (const HtmlToken& token : doc.html_tokens()) {
      if (token.kind != HtmlToken::Kind::start_tag || token.name != "a") continue;
      const HtmlAttribute* attribute = token.attribute("href");
      if (!attribute) continue;
      for (std::string_view shop : {"taobao.com", "tmall.com", "jd.com", "pinduoduo.com", "yangkeduo.com", "youzan.com",
                                    "weidian.com"})
        if (attribute->value.find(shop) != std::string::npos) add_mark("shop link");
    }
  }
  health_information = han_chars > 0 && health_terms >= kMinHealthTerms && health_occurrences >= needed;
  advertisement = advertisement_notice.has_value() || marks.size() >= 2;
  advertisement_marks = std::move(marks);
}

const std::vector<std::string>& DocumentKind::health_words() { return kind_vocabulary().health; }

}  // namespace hlint

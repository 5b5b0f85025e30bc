#include "related/related_sections.hpp"

#include <algorithm>
#include <functional>
#include <ranges>
#include <string_view>

#include "core/utf8.hpp"
#include "related/related_text.hpp"

namespace hlint {

namespace {

// A title longer than this (in code points) reads as a blurb.
constexpr std::size_t kMaxTitleCodePoints = 48;
// A longer text is an article, not a blurb: it ends the section (and keeps
// the pairwise comparison of blurbs cheap).
constexpr std::size_t kMaxBlurbCodePoints = 2000;
// A text cut off with an ellipsis reads as a blurb above this length.
constexpr std::size_t kMaxCutTitleCodePoints = 30;
// A heading line longer than this (in bytes) is not looked up at all.
constexpr std::size_t kMaxHeadingBytes = 120;
// An `<li>` holds at most a title link and its doubled copy before the blurb.
constexpr int kMaxLeadingLinks = 2;

// A piece of visible text the item grammar reads: a text line, an HTML block,
// or part of one (a leading `<a>` title, a trailing date).
struct Unit {
  std::string_view text;  // trimmed, a view of the block's text
  Span span{};
  std::size_t block = 0;
  std::size_t offset = 0;  // of text in the block's text
  bool item_start = false;  // after a bullet or number, or an `<li>`/`<dt>`
  bool whole_block = true;  // the block's whole text: deleting it deletes the line/element
  std::optional<Span> link;  // the `<a>...</a>` extent when the unit is a leading link
};

bool is_bullet(char32_t cp) {
  switch (cp) {
    case U'•': case U'·': case U'●': case U'○': case U'◆': case U'◇': case U'■': case U'□':
    case U'▪': case U'▶': case U'►': case U'★': case U'☆': case U'・': case U'‣': case U'⁃':
    case U'›':
      return true;
    default:
      return false;
  }
}

// The first three bytes of a text (one Han character) as a number.
std::uint32_t first_three_bytes(std::string_view text) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(text[0]) << 16 |
                                    static_cast<unsigned char>(text[1]) << 8 | static_cast<unsigned char>(text[2]));
}

bool is_blank_code_point(char32_t cp) { return utf8::is_whitespace(cp) || utf8::is_zero_width(cp); }

// Skips white space from text[pos] on.
std::size_t skip_space(std::string_view text, std::size_t pos, std::size_t end) {
  while (pos < end) {
    const auto decoded = utf8::decode(text, pos);
    if (!is_blank_code_point(decoded.code_point)) break;
    pos += decoded.length;
  }
  return pos;
}

// Trims [begin, end) of text on both sides.
void trim_range(std::string_view text, std::size_t& begin, std::size_t& end) {
  begin = skip_space(text, begin, end);
  while (end > begin) {
    std::size_t back = end - 1;
    while (back > begin && (static_cast<unsigned char>(text[back]) & 0xC0) == 0x80) --back;
    if (!is_blank_code_point(utf8::decode(text, back).code_point)) break;
    end = back;
  }
}

// Length of a list marker at text[pos]: a bullet symbol, `-`/`*`/`+` and a
// space, or a number `1.`/`2、`/`3)` before text; 0 if there is none.
std::size_t list_marker_length(std::string_view text, std::size_t pos, std::size_t end) {
  if (pos >= end) return 0;
  const auto first = utf8::decode(text, pos);
  if (is_bullet(first.code_point)) return first.length;
  if ((first.code_point == '-' || first.code_point == '*' || first.code_point == '+') && pos + 1 < end &&
      (text[pos + 1] == ' ' || text[pos + 1] == '\t'))
    return 1;
  std::size_t digits = 0;
  while (pos + digits < end && digits < 3 && text[pos + digits] >= '0' && text[pos + digits] <= '9') ++digits;
  if (digits == 0 || digits > 2) return 0;
  std::size_t at = pos + digits;
  for (std::string_view separator : {".", "、", "．", ")", "）"}) {
    if (text.substr(at, separator.size()) != separator) continue;
    at += separator.size();
    // `1.5倍` is a number, `1.` at the end is not a list item.
    if (at >= end || (text[at] >= '0' && text[at] <= '9')) return 0;
    return at - pos;
  }
  return 0;
}

// Number of code points of (valid UTF-8) text, counting at most `limit`.
std::size_t code_points_up_to(std::string_view text, std::size_t limit) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size() && count < limit; ++i)
    count += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  return count;
}

// True if (valid UTF-8) text has at most `limit` code points; no counting
// when it has no more bytes than that.
bool at_most_code_points(std::string_view text, std::size_t limit) {
  return text.size() <= limit || code_points_up_to(text, limit + 1) <= limit;
}

bool is_title_like(std::string_view text) {
  // A code point has at most four bytes: a longer text is too long, uncounted
  // (and a shorter one is short enough to count in full).
  if (text.size() > 4 * kMaxTitleCodePoints) return false;
  if (text.find("。") != std::string_view::npos || text.find("；") != std::string_view::npos ||
      text.find(';') != std::string_view::npos)
    return false;
  const std::size_t length = related::code_points(text);
  // Sites cut long titles too (`膝盖疼是缺钙吗...`), but a cut text that long,
  // or cut after a clause (`，`, `、`), is a blurb cut to a fixed length.
  if (related::trailing_ellipsis(text) &&
      (length > kMaxCutTitleCodePoints || text.find("，") != std::string_view::npos ||
       text.find(',') != std::string_view::npos || text.find("、") != std::string_view::npos))
    return false;
  return length <= kMaxTitleCodePoints;
}

// Whether the text normalises to `normalized`. Normalising keeps a leading
// Han character as it is, so most texts are told apart by their first three
// bytes alone.
bool normalizes_to(std::string_view text, std::string_view normalized) {
  if (utf8::starts_common_han(text, 0) && text.substr(0, 3) != normalized.substr(0, 3)) return false;
  return related::normalize(text, normalized.size()) == normalized;
}

bool is_blurb_like(std::string_view text) {
  return !is_title_like(text) && !related::is_date(text) &&
         at_most_code_points(text, kMaxBlurbCodePoints);
}

// Reads the units of the blocks after a heading, one block at a time.
class UnitReader {
 public:
  UnitReader(const Document& doc, std::size_t first_block) : doc_(doc), next_block_(first_block) {}

  // The next unit, or nullptr at the end of the document.
  const Unit* peek() {
    while (position_ >= units_.size()) {
      if (next_block_ >= doc_.blocks().size()) return nullptr;
      units_.clear();
      position_ = 0;
      split_block(next_block_++);
    }
    return &units_[position_];
  }
  void advance() { ++position_; }

 private:
  // Index of the last token that starts at or before offset.
  std::size_t token_at(std::size_t offset) const {
    const auto& tokens = doc_.html_tokens();
    auto it = std::upper_bound(tokens.begin(), tokens.end(), offset,
                               [](std::size_t at, const HtmlToken& token) { return at < token.span.begin; });
    return it == tokens.begin() ? tokens.size() : static_cast<std::size_t>(it - tokens.begin()) - 1;
  }

  // If the visible character at `offset` is the first one inside an `<a>`,
  // the index of that `<a>` start tag.
  std::optional<std::size_t> enclosing_link(std::size_t offset) const {
    const auto& tokens = doc_.html_tokens();
    std::size_t index = token_at(offset);
    if (index >= tokens.size()) return std::nullopt;
    const std::string_view text = doc_.text();
    // Walk back over inline tags and white space to the `<a>` (bounded by the block).
    while (index-- > 0) {
      const HtmlToken& token = tokens[index];
      if (token.kind == HtmlToken::Kind::comment) continue;
      if (token.kind == HtmlToken::Kind::text) {
        const std::string_view content = text.substr(token.span.begin, token.span.end - token.span.begin);
        if (content.find_first_not_of(" \t\r\n") == std::string_view::npos) continue;
        return std::nullopt;
      }
      if (token.kind != HtmlToken::Kind::start_tag && token.kind != HtmlToken::Kind::end_tag) return std::nullopt;
      if (is_block_element(token.name)) return std::nullopt;
      if (token.name == "a") {
        if (token.kind == HtmlToken::Kind::start_tag) return index;
        return std::nullopt;
      }
    }
    return std::nullopt;
  }

  // The `</a>` closing the link opened at tokens[start], or nullopt if a block
  // boundary or another link comes first.
  std::optional<std::size_t> link_end(std::size_t start) const {
    const auto& tokens = doc_.html_tokens();
    for (std::size_t index = start + 1; index < tokens.size(); ++index) {
      const HtmlToken& token = tokens[index];
      if (token.kind != HtmlToken::Kind::start_tag && token.kind != HtmlToken::Kind::end_tag) continue;
      if (token.name == "a") {
        if (token.kind == HtmlToken::Kind::end_tag) return index;
        return std::nullopt;
      }
      if (is_block_element(token.name)) return std::nullopt;
    }
    return std::nullopt;
  }

  // Adds text[begin, end) of the block, trimmed already, as a unit (if not empty).
  void push(const TextBlock& block, std::size_t index, std::size_t begin, std::size_t end, bool item_start,
            bool whole_block, std::optional<Span> link) {
    if (begin >= end) return;
    Unit unit;
    unit.text = std::string_view(block.text).substr(begin, end - begin);
    unit.span = block.span(begin, end);
    unit.block = index;
    unit.offset = begin;
    unit.item_start = item_start;
    unit.whole_block = whole_block;
    unit.link = link;
    units_.push_back(std::move(unit));
  }

  void split_block(std::size_t index) {
    const TextBlock& block = doc_.blocks()[index];
    const std::string_view text = block.text;
    std::size_t begin = 0;
    std::size_t end = text.size();
    trim_range(text, begin, end);
    if (begin >= end) return;
    bool item_start = block.element == "li" || block.element == "dt";
    bool whole_block = true;
    if (const std::size_t marker = list_marker_length(text, begin, end); marker > 0) {
      const std::size_t after = skip_space(text, begin + marker, end);
      if (after < end) {
        begin = after;
        item_start = true;
        whole_block = false;
      }
    }
    if (block.element != "line") {
      // An `<li>`'s title is its leading link; a doubled title is a second one.
      for (int links = 0; links < kMaxLeadingLinks && begin < end; ++links) {
        const auto open = enclosing_link(block.begin_of(begin));
        if (!open) break;
        const auto close = link_end(*open);
        if (!close) break;
        const std::size_t close_offset = doc_.html_tokens()[*close].span.begin;
        // The first byte at or after the link's end tag: begin_of() only grows
        // along a block's text, so a bisection finds it.
        const auto positions = std::views::iota(begin, end);
        const auto after_link = std::ranges::partition_point(
            positions, [&](std::size_t i) { return block.begin_of(i) < close_offset; });
        const std::size_t split = after_link == positions.end() ? end : *after_link;
        if (skip_space(text, split, end) >= end) break;  // nothing after the link: the whole unit
        const Span extent{doc_.html_tokens()[*open].span.begin, doc_.html_tokens()[*close].span.end};
        std::size_t link_text_begin = begin;
        std::size_t link_text_end = split;  // the link's text may end in white space
        trim_range(text, link_text_begin, link_text_end);
        push(block, index, link_text_begin, link_text_end, item_start, false, extent);
        item_start = false;
        whole_block = false;
        begin = skip_space(text, split, end);
      }
    }
    // A date at the end of the line (`title 03-15`) is the item's date.
    const std::string_view rest = text.substr(begin, end - begin);
    if (const auto date = related::trailing_date(rest)) {
      std::size_t title_begin = begin;
      std::size_t title_end = begin + *date;  // white space separates the date
      trim_range(text, title_begin, title_end);
      push(block, index, title_begin, title_end, item_start, false, std::nullopt);
      push(block, index, begin + *date, end, false, false, std::nullopt);
      return;
    }
    push(block, index, begin, end, item_start, whole_block, std::nullopt);
  }

  const Document& doc_;
  std::size_t next_block_;
  std::vector<Unit> units_;
  std::size_t position_ = 0;
};

// What deleting a doubled title removes: its line (text scrape), its `<a>`
// element, or its block element; the text itself when that is not clear.
Span removal_of(const Document& doc, const Unit& unit) {
  if (unit.link) return *unit.link;
  if (!unit.whole_block) return unit.span;
  const TextBlock& block = doc.blocks()[unit.block];
  const LineIndex& lines = doc.lines();
  if (block.element == "line") {
    const std::size_t line = lines.line_of(unit.span.begin);
    const std::size_t end = line + 1 < lines.line_count() ? lines.line_start(line + 1) : doc.text().size();
    return {lines.line_start(line), end};
  }
  // An HTML block: its start tag to its end tag, if nothing else is inside.
  const auto& tokens = doc.html_tokens();
  if (block.element_span.begin > unit.span.begin) return unit.span;
  auto it = std::lower_bound(tokens.begin(), tokens.end(), unit.span.end,
                             [](const HtmlToken& token, std::size_t at) { return token.span.begin < at; });
  for (; it != tokens.end(); ++it) {
    if (it->kind == HtmlToken::Kind::text) {
      const std::string_view content = doc.slice(it->span);
      if (content.find_first_not_of(" \t\r\n") != std::string_view::npos) return unit.span;
      continue;
    }
    if (it->kind != HtmlToken::Kind::start_tag && it->kind != HtmlToken::Kind::end_tag) continue;
    if (it->kind == HtmlToken::Kind::end_tag && it->name == block.element)
      return {block.element_span.begin, it->span.end};
    if (is_block_element(it->name)) return unit.span;
  }
  return unit.span;
}

// Reads one section's items after its heading. The first item fixes the
// shape: bulleted or not, with blurbs or without; the section ends at the
// first unit that cannot continue that shape.
class SectionParser {
 public:
  SectionParser(const Document& doc, const RelatedSyntax& syntax, std::size_t heading_block)
      : doc_(doc), syntax_(syntax), reader_(doc, heading_block + 1) {
    const TextBlock& heading = doc.blocks()[heading_block];
    section_.heading = heading.text;
    section_.heading_span = heading.span();
    section_.heading_block = heading_block;
  }

  // Parses the items; returns the block where the scan for headings resumes.
  std::size_t parse() {
    bool has_blurbs = false;
    for (;;) {
      const Unit* unit = reader_.peek();
      if (!unit) return doc_.blocks().size();
      if (ends_section(*unit) || section_.items.size() >= RelatedSections::kMaxItems) return unit->block;
      const bool first = section_.items.empty();
      if (first) section_.bulleted = unit->item_start;
      if (unit->item_start != section_.bulleted) return unit->block;
      const Unit start = *unit;
      RelatedItem item;
      if (is_title_like(start.text) && !related::is_date(start.text)) {
        item.title = start.text;
        item.normalized_title = related::normalize(item.title);
        item.title_span = start.span;
      } else if (section_.bulleted && is_blurb_like(start.text) && (first || has_blurbs)) {
        set_blurb(item, start);  // a bullet with a blurb and no title
      } else {
        return start.block;  // cannot start an item
      }
      reader_.advance();
      read_rest_of_item(item, first || has_blurbs);
      if (first) {
        has_blurbs = item.has_blurb();
      } else if (has_blurbs && !item.has_blurb() && !section_.bulleted) {
        return start.block;  // a title without a blurb among items with blurbs: not an item
      }
      section_.items.push_back(std::move(item));
    }
  }

  RelatedSection take() { return std::move(section_); }

 private:
  static void set_blurb(RelatedItem& item, const Unit& unit) {
    item.blurb = unit.text;
    item.normalized_blurb = related::normalize(item.blurb);
    item.blurb_code_points = related::code_points(item.normalized_blurb);
    item.blurb_span = unit.span;
    item.blurb_block = unit.block;
    item.blurb_offset = unit.offset;
  }

  bool ends_section(const Unit& unit) const { return syntax_.ends_section(unit.text); }

  // After the title: the title again (doubled), a blurb, a date.
  void read_rest_of_item(RelatedItem& item, bool blurbs_allowed) {
    const std::string& title = item.normalized_title;
    for (const Unit* unit = reader_.peek(); unit && !unit->item_start && !ends_section(*unit);
         unit = reader_.peek()) {
      if (related::is_date(unit->text)) {
        if (!item.date.empty()) return;  // one date per item
        item.date = unit->text;
        item.date_span = unit->span;
        reader_.advance();
        continue;
      }
      if (item.has_title() && !item.doubled_title && !item.has_blurb() && item.date.empty() &&
          normalizes_to(unit->text, title)) {
        item.doubled_title = unit->span;
        item.doubled_removal = removal_of(doc_, *unit);
        reader_.advance();
        continue;
      }
      // In a bulleted list everything up to the next bullet is the item's;
      // otherwise a blurb must read like one (a title may follow a title).
      const bool fits = at_most_code_points(unit->text, kMaxBlurbCodePoints);
      if (!item.has_blurb() && blurbs_allowed && fits && (section_.bulleted || is_blurb_like(unit->text))) {
        set_blurb(item, *unit);
        reader_.advance();
        continue;
      }
      return;
    }
  }

  const Document& doc_;
  const RelatedSyntax& syntax_;
  UnitReader reader_;
  RelatedSection section_;
};

}  // namespace

RelatedSyntax::RelatedSyntax(const CheckOptions& options) {
  for (const auto& heading : options.get_phrases("headings", "related-headings")) {
    std::string normalized = related::normalize(heading);
    if (!normalized.empty()) headings_.push_back(std::move(normalized));
  }
  std::sort(headings_.begin(), headings_.end());
  headings_.erase(std::unique(headings_.begin(), headings_.end()), headings_.end());
  for (const auto& heading : headings_) longest_heading_ = std::max(longest_heading_, heading.size());
  for (const auto& end : options.get_phrases("section-ends", "related-section-ends")) {
    std::string normalized = related::normalize(end);
    if (!normalized.empty()) ends_.push_back(std::move(normalized));
  }
  std::sort(ends_.begin(), ends_.end());
  ends_.erase(std::unique(ends_.begin(), ends_.end()), ends_.end());
  longest_ = longest_heading_;
  for (const auto& end : ends_) {
    longest_ = std::max(longest_, end.size());
    end_lengths_.push_back(end.size());
  }
  std::sort(end_lengths_.begin(), end_lengths_.end());
  end_lengths_.erase(std::unique(end_lengths_.begin(), end_lengths_.end()), end_lengths_.end());
  for (const auto* list : {&headings_, &ends_}) {
    for (const auto& text : *list) {
      if (text.size() < 3) {
        every_start_ = true;
      } else {
        starts_.push_back(first_three_bytes(text));
      }
    }
  }
  std::sort(starts_.begin(), starts_.end());
  starts_.erase(std::unique(starts_.begin(), starts_.end()), starts_.end());
  for (const std::uint32_t start : starts_) start_bits_.set(start % start_bits_.size());
  for (const auto& heading : headings_) key_ += heading + '\n';
  key_ += '\x1f';
  for (const auto& end : ends_) key_ += end + '\n';
}

std::vector<OptionSpec> RelatedSyntax::with_section_options(std::vector<OptionSpec> own) {
  own.push_back({"headings", OptionType::phrase_list, "related-headings",
                 "headings that open a related-articles section (the whole line or element)"});
  own.push_back({"section-ends", OptionType::phrase_list, "related-section-ends",
                 "a line starting with one of these ends a related-articles section"});
  return own;
}

// Most lines start with no heading or end: the first character or so,
// normalised, tells.
bool RelatedSyntax::may_start_heading_or_end(std::string_view text) const {
  if (every_start_) return true;
  const auto is_start = [&](std::uint32_t start) {
    return start_bits_.test(start % start_bits_.size()) && std::binary_search(starts_.begin(), starts_.end(), start);
  };
  // Most lines start with a Han character, which normalising keeps as it is.
  if (utf8::starts_common_han(text, 0)) return is_start(first_three_bytes(text));
  const std::string start = related::normalize(text, 2);
  return start.size() < 3 || is_start(first_three_bytes(start));
}

bool RelatedSyntax::is_heading(std::string_view text) const {
  if (text.size() > kMaxHeadingBytes || headings_.empty() || !may_start_heading_or_end(text)) return false;
  // Normalised further, the text would be longer than any heading.
  return std::binary_search(headings_.begin(), headings_.end(), related::normalize(text, longest_heading_));
}

bool RelatedSyntax::ends_section(std::string_view text) const {
  // Only the start of the text matters: normalise a bounded prefix, once.
  std::size_t prefix = std::min<std::size_t>(text.size(), kMaxHeadingBytes);
  while (prefix < text.size() && (static_cast<unsigned char>(text[prefix]) & 0xC0) == 0x80) ++prefix;
  if (!may_start_heading_or_end(text.substr(0, prefix))) return false;
  // Normalised further, it would only be longer than any heading or end.
  const std::string normalized = related::normalize(text.substr(0, prefix), longest_);
  if (prefix == text.size() && std::binary_search(headings_.begin(), headings_.end(), normalized)) return true;
  // Does an end start it? Its starts of the ends' lengths are looked up.
  return std::any_of(end_lengths_.begin(), end_lengths_.end(), [&](std::size_t length) {
    return length <= normalized.size() &&
           std::binary_search(ends_.begin(), ends_.end(), std::string_view(normalized).substr(0, length), std::less<>());
  });
}

const std::vector<RelatedSection>& RelatedSections::sections(const RelatedSyntax& syntax) const {
  for (const auto& [key, found] : cache_)
    if (key == syntax.key()) return found;
  cache_.emplace_back(syntax.key(), find_sections(syntax));
  return cache_.back().second;
}

std::vector<RelatedSection> RelatedSections::find_sections(const RelatedSyntax& syntax) const {
  std::vector<RelatedSection> found;
  const auto& blocks = doc_->blocks();
  std::size_t index = 0;
  while (index < blocks.size()) {
    if (!syntax.is_heading(blocks[index].text)) {
      ++index;
      continue;
    }
    SectionParser parser(*doc_, syntax, index);
    // Each block is read by at most one section, so the scan stays linear.
    const std::size_t resume = std::max(parser.parse(), index + 1);
    RelatedSection section = parser.take();
    if (!section.items.empty()) found.push_back(std::move(section));
    index = resume;
  }
  return found;
}

}  // namespace hlint

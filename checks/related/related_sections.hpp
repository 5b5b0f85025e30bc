// The related-article sections of a document (`相关推荐`, `相关阅读`, `猜你喜欢`...)
// split into items (title, blurb, trailing date), with exact spans. Shared by
// every related/ check through doc.analysis<RelatedSections>().
//
// Shapes recognised (seen in the user's corpus):
//   - a text scrape: a line that is only the heading, then items of one title
//     line and one blurb line (seed 002), or bulleted items `  • title`, the
//     title again, a blurb, a date `03-15` (seed 004);
//   - HTML: a block (h3, div, p...) whose whole text is the heading, then the
//     items in the following blocks: `<li>`s (a leading `<a>` is the title)
//     or alternating title and blurb blocks.
// A section ends at the end of the document, at another heading, at a line
// starting with a section-end phrase (`上一篇`, `版权所有`...), or at the first
// block that cannot continue the list (see RelatedSections::parse_section).
#pragma once

#include <algorithm>
#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/check.hpp"
#include "core/document.hpp"

namespace hlint {

// How related sections are recognised: the heading and section-end phrase
// lists of one check's options (every related/ rule has them, so a user can
// tune them per rule or globally with `phrases:`).
class RelatedSyntax {
 public:
  explicit RelatedSyntax(const CheckOptions& options);

  // The options every related/ rule declares, appended to its own.
  static std::vector<OptionSpec> with_section_options(std::vector<OptionSpec> own);

  // True if the whole text, ignoring white space, punctuation and brackets
  // (`【相关推荐】`, `相关阅读：`), is one of the headings.
  bool is_heading(std::string_view text) const;
  // True if the text is a heading (a next section starts) or starts with a
  // section-end phrase (`上一篇：...`).
  bool ends_section(std::string_view text) const;
  // Identifies the lists: analyses are cached per document and per syntax.
  const std::string& key() const { return key_; }

 private:
  // False when the text, normalised, cannot start with a heading or an end.
  bool may_start_heading_or_end(std::string_view text) const;

  std::vector<std::string> headings_;  // normalised, sorted
  std::vector<std::string> ends_;      // normalised, sorted
  std::vector<std::size_t> end_lengths_;  // the lengths of ends_, sorted
  // The first three bytes (a Han character) of the normalised headings and
  // ends, sorted; or every_start_ when one is shorter than that.
  std::vector<std::uint32_t> starts_;
  std::bitset<1024> start_bits_;  // bit (start % 1024) of each of starts_: most lines are told by it alone
  bool every_start_ = false;
  std::size_t longest_heading_ = 0;    // in bytes, normalised
  std::size_t longest_ = 0;            // of headings and ends, in bytes, normalised
  std::string key_;
};

// The texts are views of the document's blocks (doc.blocks()[i].text), which
// live as long as the document and its analyses.
struct RelatedItem {
  std::string_view title;  // empty when the item has no title line
  std::string normalized_title;  // related::normalize(title), which every check compares
  Span title_span{};
  // The title printed a second time in place (seed 004's `  • X` then `X`).
  std::optional<Span> doubled_title;
  Span doubled_removal{};  // what deleting that second copy removes (its whole line or element)
  std::string_view blurb;  // empty when the item has no blurb
  std::string normalized_blurb;  // related::normalize(blurb)
  std::size_t blurb_code_points = 0;  // of normalized_blurb: the length the checks' min-chars compare
  Span blurb_span{};
  std::size_t blurb_block = 0;   // where the blurb's text is: doc.blocks()[blurb_block].text
  std::size_t blurb_offset = 0;  // from this byte on
  std::string_view date;   // `03-15`, empty if none
  Span date_span{};

  bool has_title() const { return !title.empty(); }
  bool has_blurb() const { return !blurb.empty(); }
  // The document span of blurb[begin, end) (entities and collapsed spaces of
  // HTML make byte arithmetic on blurb_span wrong).
  Span blurb_part(const Document& doc, std::size_t begin, std::size_t end) const {
    return doc.blocks()[blurb_block].span(blurb_offset + begin, blurb_offset + end);
  }
};

// The 1-based line of a span's start, for messages that point at another item
// (what doc.locate(span).start.line says, without counting columns).
inline std::uint32_t line_number(const Document& doc, Span span) {
  return static_cast<std::uint32_t>(doc.lines().line_of(std::min(span.begin, doc.text().size())) + 1);
}

struct RelatedSection {
  std::string heading;
  Span heading_span{};
  std::size_t heading_block = 0;  // index in doc.blocks()
  bool bulleted = false;          // items start at bullets (`•`, `1.`) or `<li>`s
  std::vector<RelatedItem> items;
};

class RelatedSections {
 public:
  // At most this many items are read from one section: beyond it a page is
  // not a related list but a site map, and the checks stay linear.
  static constexpr std::size_t kMaxItems = 200;

  explicit RelatedSections(const Document& doc) : doc_(&doc) {}

  // The document's sections as `syntax` recognises them; computed on first use
  // and kept (per syntax) for the other related checks of this document.
  const std::vector<RelatedSection>& sections(const RelatedSyntax& syntax) const;

 private:
  std::vector<RelatedSection> find_sections(const RelatedSyntax& syntax) const;

  const Document* doc_;
  // A document is read by one thread only (see Document::analysis).
  mutable std::vector<std::pair<std::string, std::vector<RelatedSection>>> cache_;
};

}  // namespace hlint

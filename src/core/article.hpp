// What a reader sees first: the article's title, the metadata a page header
// or the front matter gives (author, date, views, site), and the lead
// paragraph. Shared by the front-matter, attribution and related-blurb checks
// through Document::analysis<ArticleInfo>().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/document.hpp"

namespace hlint {

struct HeaderField {
  std::string name;   // "author", "date", "views", "site", "breadcrumb", "source"
  std::string value;  // the text of the value
  Span span;          // the value in the document
};

class ArticleInfo {
 public:
  explicit ArticleInfo(const Document& doc);

  // Title: the front matter's `title`, else the page header's title line.
  std::optional<std::string> title;
  Span title_span{};
  // For documents without front matter: metadata read from the page header
  // (`发布者:X 时间:Y`, `2026-01-25 15:08:33 济南南郊医院`, `2898次浏览`, breadcrumbs).
  std::vector<HeaderField> header;
  // Index in doc.blocks() of the block holding the title (text scrapes).
  std::optional<std::size_t> title_block;
  // Index in doc.blocks() of the lead paragraph: the first block of article text.
  std::optional<std::size_t> lead_block;
  // Index of the first block after the header (the article body starts here).
  std::size_t body_block = 0;

  const HeaderField* field(std::string_view name) const;
  // Where a finding about the whole article goes: its title, else its first
  // text block; nothing for a document without text.
  std::optional<Span> anchor(const Document& doc) const;
};

}  // namespace hlint

namespace hlint {

// What the document is, decided once per document and shared by the checks
// that depend on it (disclaimer/missing, attribution/*, advertising/claim),
// shown by --dump-model and in the JSON output. See docs/document-kind.md.
//
// - health_information: the text gives health information or advice: at
//   least `kMinHealthTerms` distinct words of checks/data/health-terms.txt,
//   and at least `kMinHealthDensity` occurrences per 1,000 Han characters
//   (a software tutorial that says `身体` once is not a health article).
// - advertisement: the document says it is one (`【广告】`), or holds two
//   different marks of commerce (prices such as `59元/盒`, `包邮`, `下单`,
//   `领券`, a shop name or shop link).
class DocumentKind {
 public:
  explicit DocumentKind(const Document& doc);

  static constexpr int kMinHealthTerms = 4;
  static constexpr double kMinHealthDensity = 4.0;
  // Blocks shorter than this (about 30 Han characters) are navigation, widgets
  // or lists of titles: health words are counted in longer blocks only.
  static constexpr std::size_t kMinParagraphBytes = 90;

  bool health_information = false;
  bool advertisement = false;
  int health_terms = 0;          // distinct health words found (the scan stops once the decision is certain)
  int health_occurrences = 0;    // their occurrences (likewise)
  long han_chars = 0;            // Han characters of the paragraphs (blocks of kMinParagraphBytes and more)
  std::vector<std::string> advertisement_marks;  // the marks that decided (`【广告】`, `price`, `包邮`)
  std::optional<Span> advertisement_notice;      // where the document says it is an advertisement

  // What the health-word count read, for checks that count the same words
  // in the same texts (disclaimer/missing's topic words): the distinct words
  // found (indexes in health_words()) in the front matter's title and in the
  // paragraphs before `health_scan_end`, the first block not read for them
  // (the count stops once the decision is certain; blocks().size() if it
  // read them all).
  std::vector<std::uint32_t> health_words_found;
  std::size_t health_scan_end = 0;
  // The list health_terms counts (checks/data/health-terms.txt).
  static const std::vector<std::string>& health_words();
};

}  // namespace hlint

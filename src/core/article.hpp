// What a reader sees first: the article's title, the metadata a page header
// or the front matter gives (author, date, views, site), and the lead
// paragraph. Shared by the front-matter, attribution and related-blurb checks
// through Document::analysis<ArticleInfo>().
#pragma once

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

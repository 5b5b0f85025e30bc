#include "core/article.hpp"

#include <regex>

#include "core/utf8.hpp"

namespace hlint {

namespace {

// Header lines of scraped pages (seen in the user's corpus). These are
// structural patterns of page headers, not phrase lists a user tunes.
struct HeaderPatterns {
  std::regex breadcrumb{R"(^(当前位置|您的位置|你的位置|所在位置)\s*(?::|：))"};
  std::regex labelled{R"((发布者|作者|来源|发布时间|时间|日期|编辑|责任编辑)\s*(?::|：)\s*([^\s]+(?: \d{1,2}:\d{2}(?::\d{2})?)?))"};
  // Multi-byte characters are grouped: std::regex works on bytes.
  std::regex date_line{R"(^(\d{4}(?:[-/.]|年)\d{1,2}(?:[-/.]|月)\d{1,2}(?:日)?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s*(.*)$)"};
    std::regex views_suffix{R"((\d+)\s*(次浏览|次阅读|人浏览|人阅读))"};
};

const HeaderPatterns& patterns() {
  static const HeaderPatterns instance;  // immutable after construction
  return instance;
}

std::string field_name(const std::string& label) {
  if (label == "发布者" || label == "作者" || label == "编辑" || label == "责任编辑") return "author";
  if (label == "来源") return "source";
  return "date";
}

bool is_header_block(const TextBlock& block, std::vector<HeaderField>& out) {
  const auto& p = patterns();
  const std::string& text = block.text;
  if (text.size() > 240) return false;
  std::smatch m;
  if (std::regex_search(text, m, p.breadcrumb)) {
    out.push_back({"breadcrumb", text, block.span()});
    return true;
  }
  bool found = false;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), p.labelled); it != std::sregex_iterator(); ++it) {
    const auto& match = *it;
    // `发布者: 时间:2025-1-29`: an empty label must not swallow the next one.
    std::smatch inner;
    const std::string value = match[2].str();
    if (std::regex_search(value, inner, p.labelled) && inner.position(0) == 0) continue;
    const std::size_t b = static_cast<std::size_t>(match.position(2));
    out.push_back({field_name(match[1].str()), match[2].str(), block.span(b, b + match.length(2))});
    found = true;
  }
  if (found) return true;
  if (std::regex_match(text, m, p.date_line)) {
    const std::size_t b = static_cast<std::size_t>(m.position(1));
    out.push_back({"date", m[1].str(), block.span(b, b + m.length(1))});
    if (m.length(2) > 0) {
      const std::size_t s = static_cast<std::size_t>(m.position(2));
      out.push_back({"site", m[2].str(), block.span(s, s + m.length(2))});
    }
    return true;
  }
  if (std::regex_search(text, m, p.views_suffix) && utf8::length(text) <= 20) {
    const std::size_t b = static_cast<std::size_t>(m.position(1));
    out.push_back({"views", m[1].str(), block.span(b, b + m.length(1))});
    return true;
  }
  return false;
}

std::size_t han_count(std::string_view text) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    if (utf8::is_han(d.code_point)) ++n;
    i += d.length;
  }
  return n;
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
      if (utf8::length(blocks[i].text) > 60 || blocks[i].text.find("。") != std::string::npos) break;
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
  for (std::size_t i = index; i < blocks.size(); ++i) {
    std::vector<HeaderField> ignored;
    if (is_header_block(blocks[i], ignored)) continue;
    if (han_count(blocks[i].text) >= 15) {
      lead_block = i;
      break;
    }
  }
}

}  // namespace hlint

#include "core/model_dump.hpp"

#include <fmt/format.h>

#include "core/article.hpp"

namespace hlint {

namespace {
std::string where(const Document& doc, Span span) {
  const Location l = doc.locate(span);
  return fmt::format("{}:{}-{}:{}", l.start.line, l.start.column, l.end.line, l.end.column);
}
}  // namespace

nlohmann::json dump_model(const Document& doc) {
  nlohmann::json out;
  out["path"] = doc.path();
  out["encoding"] = to_string(doc.source().encoding());
  out["body_format"] = to_string(doc.body_format());
  out["body"] = where(doc, doc.body());
  if (const auto& fm = doc.front_matter()) {
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& e : fm->entries)
      entries.push_back({{"key", e.key}, {"key_at", where(doc, e.key_span)}, {"value_at", where(doc, e.value_span)},
                         {"value", std::string(doc.slice(e.value_span))}});
    out["front_matter"] = {{"block", where(doc, fm->block)}, {"entries", entries}};
    if (fm->error) out["front_matter"]["error"] = {{"message", fm->error->message}, {"at", where(doc, fm->error->span)}};
  }
  nlohmann::json blocks = nlohmann::json::array();
  for (const auto& b : doc.blocks())
    blocks.push_back({{"element", b.element}, {"at", where(doc, b.span())}, {"text", b.text}});
  out["blocks"] = blocks;
  nlohmann::json elements = nlohmann::json::array();
  if (!doc.dom().empty()) {
    for (const auto& x : doc.dom().document().select_nodes("//img | //a | //p[@class]")) {
      const pugi::xml_node node = x.node();
      const HtmlToken* tag = doc.dom().source_tag(node);
      elements.push_back({{"element", node.name()},
                          {"at", tag ? where(doc, doc.dom().source_extent(node)) : std::string("implied")}});
    }
  }
  out["elements"] = elements;
  const ArticleInfo& article = doc.analysis<ArticleInfo>();
  nlohmann::json info;
  if (article.title) info["title"] = {{"text", *article.title}, {"at", where(doc, article.title_span)}};
  if (article.lead_block) info["lead_block"] = *article.lead_block;
  info["body_block"] = article.body_block;
  nlohmann::json header = nlohmann::json::array();
  for (const auto& f : article.header) header.push_back({{"name", f.name}, {"value", f.value}, {"at", where(doc, f.span)}});
  info["header"] = header;
  out["article"] = info;
  const DocumentKind& kind = doc.analysis<DocumentKind>();
  nlohmann::json decisions = {{"health_information", kind.health_information},
                              {"advertisement", kind.advertisement},
                              {"health_terms", kind.health_terms},
                              {"health_occurrences", kind.health_occurrences},
                              {"han_chars", kind.han_chars},
                              {"advertisement_marks", kind.advertisement_marks}};
  if (kind.advertisement_notice) decisions["advertisement_notice"] = where(doc, *kind.advertisement_notice);
  out["decisions"] = decisions;
  return out;
}

}  // namespace hlint

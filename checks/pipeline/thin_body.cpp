// pipeline/thin-body: the body says nothing beyond the title (`<p>标题</p>` and
// nothing else): the feed item had no text, or the scraper kept only the
// heading.
#include <fmt/format.h>

#include "core/article.hpp"
#include "core/check.hpp"
#include "pipeline/title_text.hpp"

namespace hlint {

class ThinBodyCheck : public Check {
 public:
  static CheckInfo info() {
    return {"pipeline/thin-body",
            Severity::warning,
            {{"extra-chars", OptionType::integer, "10",
              "a body with at most this many letters, digits or Han characters beyond the title's is thin"},
             {"min-title-chars", OptionType::integer, "6",
              "titles shorter than this (letters, digits, Han characters) are not compared: too short to tell"}},
            false};
  }
  explicit ThinBodyCheck(const CheckOptions& options)
      : extra_chars_(options.get_int("extra-chars", 10)), min_title_chars_(options.get_int("min-title-chars", 6)) {}

  void check(const Document& doc, Reporter& out) const override {
    const ArticleInfo& article = doc.analysis<ArticleInfo>();
    if (!article.title || article.title_span.empty()) return;
    const std::string title = pipeline::compact(*article.title);
    if (static_cast<long>(chars(title)) < min_title_chars_) return;
    std::string body;
    const auto& blocks = doc.blocks();
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      if (article.title_block && i == *article.title_block) continue;
      if (!doc.front_matter() && i < article.body_block) continue;
      pipeline::append_compact(body, blocks[i].text);
      if (body.size() > title.size() + 4 * static_cast<std::size_t>(extra_chars_)) return;  // bytes ≥ characters
    }
    if (body.empty()) return;  // an empty body is document/empty's or html's
    // Only the title again, perhaps with a few characters more (a date, `原文`).
    if (body.find(title) == std::string::npos && title.find(body) == std::string::npos) return;
    if (chars(body) > chars(title) + static_cast<std::size_t>(extra_chars_)) return;
    out.report(article.title_span, "the body is only the title again: the article has no text");
  }

 private:
  static std::size_t chars(std::string_view text) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size(); i += utf8::decode(text, i).length) ++n;
    return n;
  }
  long extra_chars_;
  long min_title_chars_;
};

void add_thin_body_check(CheckRegistry& registry) { registry.add<ThinBodyCheck>(); }

}  // namespace hlint

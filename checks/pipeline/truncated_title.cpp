// pipeline/truncated-title: the title is the body's first line cut with `...`
// (`title: 近日，国家卫健委发布通知，要求各地...`): the feed had no title and the
// pipeline made one from the text.
#include <fmt/format.h>

#include "core/article.hpp"
#include "core/check.hpp"
#include "pipeline/title_text.hpp"

namespace hlint {

class TruncatedTitleCheck : public Check {
 public:
  static CheckInfo info() {
    return {"pipeline/truncated-title",
            Severity::warning,
            {{"min-chars", OptionType::integer, "6",
              "the title before the ellipsis must have at least this many letters, digits or Han characters"}},
            false};
  }
  explicit TruncatedTitleCheck(const CheckOptions& options) : min_chars_(options.get_int("min-chars", 6)) {}

  void check(const Document& doc, Reporter& out) const override {
    const ArticleInfo& article = doc.analysis<ArticleInfo>();
    if (!article.title || article.title_span.empty()) return;
    const std::string_view title = doc.slice(article.title_span);
    const std::size_t ellipsis = pipeline::trailing_ellipsis(title);
    if (ellipsis == 0) return;
    const std::string stem = pipeline::compact(title.substr(0, title.size() - ellipsis));
    if (static_cast<long>(utf8_length(stem)) < min_chars_) return;
    // The title is cut from the body when a text block starts with what is left of it.
    const auto& blocks = doc.blocks();
    for (std::size_t i = article.body_block; i < blocks.size() && i < article.body_block + 8; ++i) {
      if (article.title_block && i == *article.title_block) continue;
      if (!pipeline::compact(blocks[i].text).starts_with(stem)) continue;
      out.report(article.title_span,
                 fmt::format("the title is the first line of the body cut with `{}` (line of the body: {}): the "
                             "pipeline made a title from the text",
                             title.substr(title.size() - ellipsis), doc.locate(blocks[i].span()).start.line));
      return;
    }
  }

 private:
  static std::size_t utf8_length(std::string_view text) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size(); i += utf8::decode(text, i).length) ++n;
    return n;
  }
  long min_chars_;
};

void add_truncated_title_check(CheckRegistry& registry) { registry.add<TruncatedTitleCheck>(); }

}  // namespace hlint

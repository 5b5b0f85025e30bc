// related/repeats-article: a related item that is the article itself: its
// title is the article's title, or its blurb is the article's lead paragraph.
#include <fmt/format.h>

#include <algorithm>

#include "core/article.hpp"
#include "related/related_sections.hpp"
#include "related/related_text.hpp"

namespace hlint {

class RepeatsArticleCheck : public Check {
 public:
  // Shorter titles (`概述`) match too easily to mean "the same article".
  static constexpr std::size_t kMinTitleCodePoints = 4;
  // A cut-off blurb must keep this much of the lead to count as repeating it.
  static constexpr std::size_t kMinPrefixCodePoints = 15;

  static CheckInfo info() {
    return {"related/repeats-article", Severity::warning, RelatedSyntax::with_section_options({}), false};
  }
  explicit RepeatsArticleCheck(const CheckOptions& options) : syntax_(options) {}

  void check(const Document& doc, Reporter& out) const override {
    const auto& sections = doc.analysis<RelatedSections>().sections(syntax_);
    if (sections.empty()) return;
    const ArticleInfo& article = doc.analysis<ArticleInfo>();
    const std::string title = article.title ? related::normalize(*article.title) : std::string();
    const bool title_long_enough = related::code_points(title) >= kMinTitleCodePoints;
    // The lead, normalised once and only as far as a blurb reaches: a longer
    // lead equals no blurb, and a cut blurb is compared with its start only.
    std::size_t longest_blurb = 0;
    for (const RelatedSection& section : sections)
      for (const RelatedItem& item : section.items) longest_blurb = std::max(longest_blurb, item.normalized_blurb.size());
    const std::string lead_text = article.lead_block && longest_blurb > 0
                                      ? related::normalize(doc.blocks()[*article.lead_block].text, longest_blurb)
                                      : std::string();
    for (const RelatedSection& section : sections) {
      // The title and lead count only where they come before the section:
      // a page whose "lead" is a related blurb has no lead of its own.
      const bool title_usable = title_long_enough && article.title_span.begin < section.heading_span.begin;
      const TextBlock* lead = nullptr;
      if (article.lead_block && *article.lead_block < section.heading_block) lead = &doc.blocks()[*article.lead_block];
      for (const RelatedItem& item : section.items) {
        if (title_usable && item.has_title() && item.normalized_title == title)
          out.report(item.title_span, fmt::format("related item `{}` is this article itself: it repeats the article's "
                                                  "title (line {})",
                                                  related::excerpt(item.title, 30), line_number(doc, article.title_span)));
        if (lead && item.has_blurb() && repeats_lead(item, lead_text))
          out.report(item.blurb_span, fmt::format("related item blurb `{}` repeats this article's lead paragraph (line {})",
                                                  related::excerpt(item.blurb, 20), line_number(doc, lead->span())));
      }
    }
  }

 private:
  // The same text, or the lead cut off with an ellipsis.
  static bool repeats_lead(const RelatedItem& item, const std::string& lead) {
    const std::string& text = item.normalized_blurb;
    if (text.empty() || lead.empty()) return false;
    if (text == lead) return true;
    return related::trailing_ellipsis(item.blurb) && item.blurb_code_points >= kMinPrefixCodePoints &&
           lead.compare(0, text.size(), text) == 0;
  }

  RelatedSyntax syntax_;
};

void add_repeats_article_check(CheckRegistry& registry) { registry.add<RepeatsArticleCheck>(); }

}  // namespace hlint

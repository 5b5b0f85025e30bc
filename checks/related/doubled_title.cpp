// related/doubled-title: an item's title printed twice in place (the scrape
// kept both the link text and the heading of a related card).
#include <fmt/format.h>

#include "related/related_sections.hpp"
#include "related/related_text.hpp"

namespace hlint {

class DoubledTitleCheck : public Check {
 public:
  // The fix removes or rewrites content (see docs/fixing.md).
  static constexpr Applicability kFix = Applicability::unsafe;
  static CheckInfo info() {
    return {"related/doubled-title", Severity::warning, RelatedSyntax::with_section_options({}), false};
  }
  explicit DoubledTitleCheck(const CheckOptions& options) : syntax_(options) {}

  void check(const Document& doc, Reporter& out) const override {
    for (const RelatedSection& section : doc.analysis<RelatedSections>().sections(syntax_)) {
      for (const RelatedItem& item : section.items) {
        if (!item.doubled_title) continue;
        const std::string title = related::excerpt(item.title, 30);
        Fix fix{fmt::format("delete the second copy of `{}`", title), {{item.doubled_removal, ""}}};
        out.report(*item.doubled_title,
                   fmt::format("related item title `{}` is printed twice: this copy repeats the title on line {}", title,
                               line_number(doc, item.title_span)),
                   std::move(fix));
      }
    }
  }

 private:
  RelatedSyntax syntax_;
};

void add_doubled_title_check(CheckRegistry& registry) { registry.add<DoubledTitleCheck>(); }

}  // namespace hlint

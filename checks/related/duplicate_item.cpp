// related/duplicate-item: an item of a related-articles section whose title
// or blurb repeats another item's of the same section.
#include <fmt/format.h>

#include <optional>
#include <string>
#include <vector>

#include "related/related_sections.hpp"
#include "related/related_text.hpp"

namespace hlint {

class DuplicateItemCheck : public Check {
 public:
  static CheckInfo info() {
    return {"related/duplicate-item", Severity::warning, RelatedSyntax::with_section_options({}), false};
  }
  explicit DuplicateItemCheck(const CheckOptions& options) : syntax_(options) {}

  void check(const Document& doc, Reporter& out) const override {
    for (const RelatedSection& section : doc.analysis<RelatedSections>().sections(syntax_)) {
      const auto& items = section.items;
      for (std::size_t index = 0; index < items.size(); ++index) {
        const RelatedItem& item = items[index];
        const auto same_title = first_with(items, index, &RelatedItem::normalized_title);
        const auto same_blurb = first_with(items, index, &RelatedItem::normalized_blurb);
        if (same_title && same_blurb && *same_title == *same_blurb) {
          const RelatedItem& first = items[*same_title];
          out.report(item.title_span, fmt::format("related item `{}` repeats the item on line {} (same title and blurb)",
                                                  related::excerpt(item.title, 30), line_number(doc, first.title_span)));
          continue;
        }
        if (same_title) {
          const RelatedItem& first = items[*same_title];
          out.report(item.title_span, fmt::format("related item title `{}` repeats the title of the item on line {}",
                                                  related::excerpt(item.title, 30), line_number(doc, first.title_span)));
        }
        if (same_blurb) {
          const RelatedItem& first = items[*same_blurb];
          out.report(item.blurb_span, fmt::format("related item blurb `{}` repeats the blurb of the item on line {}",
                                                  related::excerpt(item.blurb, 20), line_number(doc, first.blurb_span)));
        }
      }
    }
  }

 private:
  // The first item before items[index] whose normalised text (title or
  // blurb, by `field`) is the same, non-empty. A linear scan: a section has
  // at most RelatedSections::kMaxItems items, and comparing two texts of
  // different lengths, the usual case, costs one comparison, less than
  // hashing either text.
  static std::optional<std::size_t> first_with(const std::vector<RelatedItem>& items, std::size_t index,
                                               std::string RelatedItem::*field) {
    const std::string& text = items[index].*field;
    if (text.empty()) return std::nullopt;
    for (std::size_t earlier = 0; earlier < index; ++earlier)
      if (items[earlier].*field == text) return earlier;
    return std::nullopt;
  }

  RelatedSyntax syntax_;
};

void add_duplicate_item_check(CheckRegistry& registry) { registry.add<DuplicateItemCheck>(); }

}  // namespace hlint

// related/duplicate-item: an item of a related-articles section whose title
// or blurb repeats another item's of the same section.
#include <fmt/format.h>

#include <optional>
#include <string_view>
#include <unordered_map>

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
      // Normalised text -> the first item that has it.
      std::unordered_map<std::string_view, std::size_t> first_title;
      std::unordered_map<std::string_view, std::size_t> first_blurb;
      for (std::size_t index = 0; index < section.items.size(); ++index) {
        const RelatedItem& item = section.items[index];
        const auto same_title = earlier(first_title, item.normalized_title, index);
        const auto same_blurb = earlier(first_blurb, item.normalized_blurb, index);
        if (same_title && same_blurb && *same_title == *same_blurb) {
          const RelatedItem& first = section.items[*same_title];
          out.report(item.title_span, fmt::format("related item `{}` repeats the item on line {} (same title and blurb)",
                                                  related::excerpt(item.title, 30), line_number(doc, first.title_span)));
          continue;
        }
        if (same_title) {
          const RelatedItem& first = section.items[*same_title];
          out.report(item.title_span, fmt::format("related item title `{}` repeats the title of the item on line {}",
                                                  related::excerpt(item.title, 30), line_number(doc, first.title_span)));
        }
        if (same_blurb) {
          const RelatedItem& first = section.items[*same_blurb];
          out.report(item.blurb_span, fmt::format("related item blurb `{}` repeats the blurb of the item on line {}",
                                                  related::excerpt(item.blurb, 20), line_number(doc, first.blurb_span)));
        }
      }
    }
  }

 private:
  // The index of an earlier item with the same normalised text; records
  // this one if it is the first.
  static std::optional<std::size_t> earlier(std::unordered_map<std::string_view, std::size_t>& seen,
                                            std::string_view normalized, std::size_t index) {
    if (normalized.empty()) return std::nullopt;
    const auto [it, inserted] = seen.emplace(normalized, index);
    if (inserted) return std::nullopt;
    return it->second;
  }

  RelatedSyntax syntax_;
};

void add_duplicate_item_check(CheckRegistry& registry) { registry.add<DuplicateItemCheck>(); }

}  // namespace hlint

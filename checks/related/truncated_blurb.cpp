// related/truncated-blurb: a related item's blurb cut off with an ellipsis.
#include <fmt/format.h>

#include <utility>

#include "related/related_sections.hpp"
#include "related/related_text.hpp"

namespace hlint {

class TruncatedBlurbCheck : public Check {
 public:
  static CheckInfo info() {
    return {"related/truncated-blurb", Severity::info, RelatedSyntax::with_section_options({}), false};
  }
  explicit TruncatedBlurbCheck(const CheckOptions& options) : syntax_(options) {}

  void check(const Document& doc, Reporter& out) const override {
    for (const RelatedSection& section : doc.analysis<RelatedSections>().sections(syntax_)) {
      for (const RelatedItem& item : section.items) {
        if (!item.has_blurb()) continue;
        const auto ellipsis = related::trailing_ellipsis(item.blurb);
        if (!ellipsis) continue;
        // `等……` ("and so on") ends a complete sentence; it is not a cut.
        const std::string_view before = item.blurb.substr(0, ellipsis->begin);
        if (before.size() >= 3 && before.substr(before.size() - 3) == "等") continue;
        const std::string_view marker = item.blurb.substr(ellipsis->begin, ellipsis->end - ellipsis->begin);
        std::string message = item.has_title() ? fmt::format("the blurb of `{}` is cut off with `{}`",
                                                              related::excerpt(item.title, 30), marker)
                                               : fmt::format("the related blurb is cut off with `{}`", marker);
        out.report(item.blurb_part(doc, ellipsis->begin, ellipsis->end), std::move(message));
      }
    }
  }

 private:
  RelatedSyntax syntax_;
};

void add_truncated_blurb_check(CheckRegistry& registry) { registry.add<TruncatedBlurbCheck>(); }

}  // namespace hlint

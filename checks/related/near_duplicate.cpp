// related/near-duplicate: two blurbs of one related section that say nearly
// the same thing (character-bigram Jaccard similarity at or above a threshold).
#include <fmt/format.h>

#include <algorithm>

#include "related/related_sections.hpp"
#include "related/related_text.hpp"

namespace hlint {

class NearDuplicateCheck : public Check {
 public:
  static CheckInfo info() {
    return {"related/near-duplicate", Severity::info,
            RelatedSyntax::with_section_options({
                {"threshold", OptionType::number, "0.42",
                 "report two blurbs whose character-bigram Jaccard similarity is at least this (0 to 1)"},
                {"min-chars", OptionType::integer, "20",
                 "blurbs shorter than this many characters (without spaces and punctuation) are not compared"},
                {"max-items", OptionType::integer, "60", "compare only the first this many items of a section"},
            }),
            false};
  }
  explicit NearDuplicateCheck(const CheckOptions& options)
      : syntax_(options),
        threshold_(options.get_number("threshold", 0.42)),
        min_chars_(static_cast<std::size_t>(std::max(1L, options.get_int("min-chars", 20)))),
        max_items_(static_cast<std::size_t>(std::max(0L, options.get_int("max-items", 60)))) {}

  void check(const Document& doc, Reporter& out) const override {
    for (const RelatedSection& section : doc.analysis<RelatedSections>().sections(syntax_)) check_section(doc, section, out);
  }

 private:
  struct Blurb {
    const RelatedItem* item;
    std::vector<std::uint64_t> bigrams;
  };

  void check_section(const Document& doc, const RelatedSection& section, Reporter& out) const {
    std::vector<Blurb> blurbs;
    const std::size_t limit = std::min(section.items.size(), max_items_);
    for (std::size_t index = 0; index < limit; ++index) {
      const RelatedItem& item = section.items[index];
      if (!item.has_blurb()) continue;
      if (related::code_points(item.normalized_blurb) < min_chars_) continue;
      blurbs.push_back({&item, related::bigram_set(item.normalized_blurb)});
    }
    // Quadratic in the items of one section only (at most max-items).
    for (std::size_t later = 1; later < blurbs.size(); ++later) {
      const Blurb* most_similar = nullptr;
      double best = 0.0;
      bool exact_copy = false;
      for (std::size_t earlier = 0; earlier < later; ++earlier) {
        if (blurbs[earlier].item->normalized_blurb == blurbs[later].item->normalized_blurb) {
          exact_copy = true;  // related/duplicate-item reports it
          break;
        }
        // Only a similarity above the best so far matters.
        const auto similarity =
            related::jaccard_at_least(blurbs[earlier].bigrams, blurbs[later].bigrams, std::max(threshold_, best));
        if (similarity && *similarity > best) {
          best = *similarity;
          most_similar = &blurbs[earlier];
        }
      }
      if (exact_copy || !most_similar) continue;
      const RelatedItem& item = *blurbs[later].item;
      out.report(item.blurb_span,
                 fmt::format("related item blurb `{}` nearly repeats the blurb of the item on line {} "
                             "(similarity {:.2f}, threshold {:.2f})",
                             related::excerpt(item.blurb, 20), line_number(doc, most_similar->item->blurb_span), best,
                             threshold_));
    }
  }

  RelatedSyntax syntax_;
  double threshold_;
  std::size_t min_chars_;
  std::size_t max_items_;
};

void add_near_duplicate_check(CheckRegistry& registry) { registry.add<NearDuplicateCheck>(); }

}  // namespace hlint

// related/near-duplicate: two blurbs of one related section that say nearly
// the same thing (character-bigram Jaccard similarity at or above a threshold).
#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <vector>

#include "related/related_sections.hpp"
#include "related/related_text.hpp"

namespace hlint {

namespace {

// The bigram sets of a section's blurbs. Each distinct bigram of the section
// gets a number and each blurb a bit per number, so the intersection of two
// sets is a few ANDs and popcounts: the comparison of every pair of blurbs
// costs next to nothing beside reading the blurbs once.
class BigramSets {
 public:
  explicit BigramSets(const std::vector<const RelatedItem*>& items) {
    std::size_t bigrams = 0;  // at most
    for (const RelatedItem* item : items) bigrams += related::code_points(item->normalized_blurb);
    std::size_t slots = 16;
    while (slots < 2 * bigrams) slots *= 2;
    keys_.assign(slots, 0);
    numbers_.assign(slots, 0);
    // The numbers of every blurb's bigrams, blurb after blurb.
    std::vector<std::uint32_t> numbered;
    numbered.reserve(bigrams);
    std::vector<std::size_t> ends;
    for (const RelatedItem* item : items) {
      related::for_each_bigram(item->normalized_blurb, [&](std::uint64_t bigram) { numbered.push_back(number(bigram)); });
      ends.push_back(numbered.size());
    }
    words_ = (count_ + 63) / 64;
    bits_.assign(items.size() * words_, 0);
    sizes_.assign(items.size(), 0);
    for (std::size_t k = 0, n = 0; k < items.size(); ++k) {
      std::uint64_t* set = &bits_[k * words_];
      for (; n < ends[k]; ++n) set[numbered[n] / 64] |= std::uint64_t{1} << (numbered[n] % 64);
      for (std::size_t w = 0; w < words_; ++w) sizes_[k] += static_cast<std::size_t>(std::popcount(set[w]));
    }
  }

  // |A ∩ B| / |A ∪ B| of the bigram sets of blurbs a and b; 0 when both are empty.
  double jaccard(std::size_t a, std::size_t b) const {
    if (sizes_[a] == 0 && sizes_[b] == 0) return 0.0;
    std::size_t common = 0;
    for (std::size_t w = 0; w < words_; ++w)
      common += static_cast<std::size_t>(std::popcount(bits_[a * words_ + w] & bits_[b * words_ + w]));
    return static_cast<double>(common) / static_cast<double>(sizes_[a] + sizes_[b] - common);
  }

 private:
  // The bigram's number (open addressing, linear probing; 0 marks a free
  // slot, and no bigram is 0).
  std::uint32_t number(std::uint64_t bigram) {
    const std::size_t mask = keys_.size() - 1;
    for (std::size_t slot = (bigram * 0x9E3779B97F4A7C15ULL) >> 20 & mask;; slot = (slot + 1) & mask) {
      if (keys_[slot] == bigram) return numbers_[slot];
      if (keys_[slot] == 0) {
        keys_[slot] = bigram;
        numbers_[slot] = count_;
        return count_++;
      }
    }
  }

  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> numbers_;
  std::uint32_t count_ = 0;          // distinct bigrams
  std::size_t words_ = 0;            // per set
  std::vector<std::uint64_t> bits_;  // the sets, one after the other
  std::vector<std::size_t> sizes_;   // of the sets
};

}  // namespace

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
  void check_section(const Document& doc, const RelatedSection& section, Reporter& out) const {
    std::vector<const RelatedItem*> items;  // those whose blurbs are compared
    const std::size_t limit = std::min(section.items.size(), max_items_);
    for (std::size_t index = 0; index < limit; ++index) {
      const RelatedItem& item = section.items[index];
      if (item.has_blurb() && related::code_points(item.normalized_blurb) >= min_chars_) items.push_back(&item);
    }
    if (items.size() < 2) return;
    const BigramSets sets(items);
    // Quadratic in the items of one section only (at most max-items).
    for (std::size_t later = 1; later < items.size(); ++later) {
      const RelatedItem* most_similar = nullptr;
      double best = 0.0;
      bool exact_copy = false;
      for (std::size_t earlier = 0; earlier < later; ++earlier) {
        if (items[earlier]->normalized_blurb == items[later]->normalized_blurb) {
          exact_copy = true;  // related/duplicate-item reports it
          break;
        }
        const double similarity = sets.jaccard(earlier, later);
        if (similarity >= threshold_ && similarity > best) {
          best = similarity;
          most_similar = items[earlier];
        }
      }
      if (exact_copy || !most_similar) continue;
      const RelatedItem& item = *items[later];
      out.report(item.blurb_span,
                 fmt::format("related item blurb `{}` nearly repeats the blurb of the item on line {} "
                             "(similarity {:.2f}, threshold {:.2f})",
                             related::excerpt(item.blurb, 20), line_number(doc, most_similar->blurb_span), best,
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

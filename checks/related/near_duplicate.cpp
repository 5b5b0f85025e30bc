// related/near-duplicate: two blurbs of one related section that say nearly
// the same thing (character-bigram Jaccard similarity at or above a threshold).
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "related/related_sections.hpp"
#include "related/related_text.hpp"

namespace hlint {

namespace {

// The bigram sets of a section's blurbs as an inverted index: each distinct
// bigram of the section gets a number, and each number the list of the blurbs
// that have it. Adding a blurb walks only the lists of its own bigrams to count
// what it shares with every earlier blurb, so blurbs that share nothing cost
// nothing to compare (a bitset per blurb costs every pair its full width).
class BigramIndex {
 public:
  // `bigrams`: at most this many bigrams will be added, repeats included (the
  // blurbs' code points bound them: normalised text is valid UTF-8, so
  // for_each_bigram reads no more code points than related::code_points counts).
  explicit BigramIndex(std::size_t bigrams) {
    // At most two thirds full. Slots hold only numbers, the bigrams are in
    // bigrams_: the table to clear per section is small.
    std::size_t slots = 16;
    slot_shift_ = 60;
    while (2 * slots < 3 * bigrams) {
      slots *= 2;
      --slot_shift_;
    }
    slots_.assign(slots, kNone);
    // Allocated once and not initialised: entries are written whole as they
    // are counted in, without the bookkeeping of push_back.
    bigrams_ = std::make_unique_for_overwrite<Bigram[]>(bigrams);
    postings_ = std::make_unique_for_overwrite<Posting[]>(bigrams);
  }

  // Adds the bigram set of blurb number `blurb` (blurbs are added in order,
  // 0, 1, 2...) and sets shared[earlier] to the number of bigrams it has in
  // common with each earlier blurb. Returns the size of its set.
  std::size_t add(std::uint32_t blurb, std::string_view normalized, std::vector<std::uint32_t>& shared) {
    shared.assign(blurb, 0);
    std::size_t size = 0;
    related::for_each_bigram(normalized, [&](std::uint64_t bigram) {
      const std::uint32_t number = number_of(bigram);
      Bigram& entry = bigrams_[number];
      if (entry.last_blurb == blurb) return;  // a repeat inside this blurb
      entry.last_blurb = blurb;
      ++size;
      for (std::uint32_t at = entry.first_posting; at != kNone; at = postings_[at].next) ++shared[postings_[at].blurb];
      postings_[posting_count_] = {blurb, entry.first_posting};
      entry.first_posting = posting_count_++;
    });
    return size;
  }

 private:
  static constexpr std::uint32_t kNone = 0xFFFFFFFF;

  struct Bigram {
    std::uint64_t pair;             // the two code points
    std::uint32_t last_blurb;       // the last blurb that had it
    std::uint32_t first_posting;    // the list of blurbs that have it, newest first
  };
  struct Posting {
    std::uint32_t blurb;
    std::uint32_t next;  // index in postings_, or kNone
  };

  // The bigram's number (open addressing, linear probing). The slot is the
  // top bits of a multiplicative hash, which all bits of both characters
  // reach (their keys are mostly UTF-8 bytes, whose low bits vary little).
  std::uint32_t number_of(std::uint64_t bigram) {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t slot = (bigram * 0x9E3779B97F4A7C15ULL) >> slot_shift_;; slot = (slot + 1) & mask) {
      const std::uint32_t number = slots_[slot];
      if (number == kNone) {
        bigrams_[bigram_count_] = {bigram, kNone, kNone};
        slots_[slot] = bigram_count_;
        return bigram_count_++;
      }
      if (bigrams_[number].pair == bigram) return number;
    }
  }

  std::vector<std::uint32_t> slots_;  // bigram numbers, kNone when free
  unsigned slot_shift_ = 60;          // 64 - log2(slots_.size())
  std::unique_ptr<Bigram[]> bigrams_;  // by number, the first bigram_count_ in use
  std::unique_ptr<Posting[]> postings_;  // the first posting_count_ in use
  std::uint32_t bigram_count_ = 0;
  std::uint32_t posting_count_ = 0;
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
    std::size_t bigrams = 0;                // of their blurbs, at most
    const std::size_t limit = std::min(section.items.size(), max_items_);
    items.reserve(limit);
    for (std::size_t index = 0; index < limit; ++index) {
      const RelatedItem& item = section.items[index];
      if (item.has_blurb() && item.blurb_code_points >= min_chars_) {
        items.push_back(&item);
        bigrams += item.blurb_code_points;
      }
    }
    if (items.size() < 2) return;
    BigramIndex index(bigrams);
    // Sized once: both grow by one per item.
    std::vector<std::size_t> sizes;   // of the bigram sets of the items so far
    std::vector<std::uint32_t> shared;  // bigrams the current item shares with each earlier one
    sizes.reserve(items.size());
    shared.reserve(items.size());
    // Quadratic in the items of one section only (at most max-items).
    for (std::size_t later = 0; later < items.size(); ++later) {
      sizes.push_back(index.add(static_cast<std::uint32_t>(later), items[later]->normalized_blurb, shared));
      const RelatedItem* most_similar = nullptr;
      double best = 0.0;
      bool exact_copy = false;
      for (std::size_t earlier = 0; earlier < later; ++earlier) {
        if (items[earlier]->normalized_blurb == items[later]->normalized_blurb) {
          exact_copy = true;  // related/duplicate-item reports it
          break;
        }
        // Blurbs that share no bigram have similarity 0, which never beats `best`.
        if (shared[earlier] == 0) continue;
        const double similarity = static_cast<double>(shared[earlier]) /
                                  static_cast<double>(sizes[earlier] + sizes[later] - shared[earlier]);
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

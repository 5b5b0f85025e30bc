// related/corpus-boilerplate: the same related blurb in many documents of the
// corpus (a site-wide widget or a template blurb scraped into every page).
//
// Memory does not grow with the corpus: the blurbs' places are kept by a
// CorpusPlaces (common/corpus_places.hpp), which sorts them through a
// temporary file past its budget.
#include "related/corpus_boilerplate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "common/corpus_places.hpp"
#include "related/related_sections.hpp"
#include "related/related_text.hpp"

namespace hlint {

namespace {

class CorpusBoilerplateCheck : public Check {
 public:
  static CheckInfo info() {
    return {"related/corpus-boilerplate", Severity::info,
            RelatedSyntax::with_section_options({
                {"min-documents", OptionType::integer, "3", "report a blurb found in at least this many documents"},
                {"min-chars", OptionType::integer, "10",
                 "blurbs shorter than this many characters (without spaces and punctuation) are not counted"},
                {"max-places", OptionType::integer, "5", "list at most this many other places in the message"},
            }),
            true};
  }
  CorpusBoilerplateCheck(const CheckOptions& options, std::size_t memory_budget)
      : syntax_(options),
        min_documents_(static_cast<std::uint64_t>(std::clamp(options.get_int("min-documents", 3), 2L, 1000000000L))),
        min_chars_(static_cast<std::size_t>(std::max(1L, options.get_int("min-chars", 10)))),
        max_places_(static_cast<std::size_t>(std::clamp(options.get_int("max-places", 5), 0L, 1000L))),
        places_(memory_budget, "related blurbs") {}

  void observe(const Document& doc) override {
    if (places_.failed()) return;
    const auto& sections = doc.analysis<RelatedSections>().sections(syntax_);
    counted_.clear();
    for (const RelatedSection& section : sections) {
      for (const RelatedItem& item : section.items) {
        if (!item.has_blurb()) continue;
        if (item.blurb_code_points < min_chars_) continue;
        const std::uint64_t hash = related::text_hash(item.normalized_blurb);
        if (!counted_.insert(hash).second) continue;  // counted once per document, at its first place
        places_.add(hash, doc.locate(item.blurb_span), doc.path(), related::excerpt(item.blurb, 24));
      }
    }
  }

  void finish(CorpusReporter& out) override {
    places_.report(out, min_documents_, max_places_, [](const CorpusGroup& group) {
      return fmt::format("the related blurb `{}` appears in {} documents; also in {}", group.excerpt,
                         group.documents, group.others);
    });
  }

 private:
  RelatedSyntax syntax_;
  std::uint64_t min_documents_;
  std::size_t min_chars_;
  std::size_t max_places_;
  CorpusPlaces places_;                        // a place per counted blurb
  std::unordered_set<std::uint64_t> counted_;  // hashes of the current document's blurbs
};

}  // namespace

std::unique_ptr<Check> make_corpus_boilerplate_check(const CheckOptions& options, std::size_t memory_budget) {
  return std::make_unique<CorpusBoilerplateCheck>(options, memory_budget);
}

void add_corpus_boilerplate_check(CheckRegistry& registry) {
  registry.add(CorpusBoilerplateCheck::info(), [](const CheckOptions& options) {
    return make_corpus_boilerplate_check(options, kCorpusBoilerplateMemory);
  });
}

}  // namespace hlint

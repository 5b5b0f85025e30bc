// related/corpus-boilerplate: the same related blurb in many documents of the
// corpus (a site-wide widget or a template blurb scraped into every page).
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "related/related_sections.hpp"
#include "related/related_text.hpp"

namespace hlint {

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
  explicit CorpusBoilerplateCheck(const CheckOptions& options)
      : syntax_(options),
        min_documents_(static_cast<std::uint32_t>(std::clamp(options.get_int("min-documents", 3), 2L, 1000000000L))),
        min_chars_(static_cast<std::size_t>(std::max(1L, options.get_int("min-chars", 10)))),
        max_places_(static_cast<std::size_t>(std::clamp(options.get_int("max-places", 5), 0L, 1000L))) {}

  void observe(const Document& doc) override {
    const auto& sections = doc.analysis<RelatedSections>().sections(syntax_);
    if (sections.empty()) return;
    paths_.push_back(doc.path());
    const auto document = static_cast<std::uint32_t>(paths_.size() - 1);
    bool counted = false;
    for (const RelatedSection& section : sections) {
      for (const RelatedItem& item : section.items) {
        if (!item.has_blurb()) continue;
        if (item.blurb_code_points < min_chars_) continue;
        Tally& tally = tallies_[related::text_hash(item.normalized_blurb)];
        if (tally.documents > 0 && tally.last_document == document) continue;  // counted once per document
        counted = true;
        ++tally.documents;
        tally.last_document = document;
        // Lines and columns are counted only for the places kept.
        const std::size_t offset = doc.source().original_offset(item.blurb_span.begin);
        auto place = [&] { return Place{document, doc.locate(item.blurb_span)}; };
        if (tally.documents == 1) {
          tally.first = place();
          tally.excerpt = related::excerpt(item.blurb, 24);
          continue;
        }
        // The finding points at the smallest place (path, offset), so the
        // output does not depend on the order the threads read the corpus.
        if (before(document, offset, tally.first)) {
          remember(tally.others, tally.first);
          tally.first = place();
          tally.excerpt = related::excerpt(item.blurb, 24);
        } else if (rank(tally.others, document, offset) < max_places_) {
          remember(tally.others, place());
        }
      }
    }
    if (!counted) paths_.pop_back();
  }

  void finish(CorpusReporter& out) override {
    std::vector<const Tally*> repeated;
    for (const auto& entry : tallies_)
      if (entry.second.documents >= min_documents_) repeated.push_back(&entry.second);
    std::sort(repeated.begin(), repeated.end(), [&](const Tally* a, const Tally* b) { return before(a->first, b->first); });
    for (const Tally* tally : repeated) {
      std::string others;
      for (const Place& place : tally->others)
        others += fmt::format("{}{}:{}", others.empty() ? "" : ", ", paths_[place.document], place.location.start.line);
      const std::size_t unlisted = tally->documents - 1 - tally->others.size();
      if (unlisted > 0) others += fmt::format("{}{} more", others.empty() ? "" : " and ", unlisted);
      PlacedSpan where;
      where.path = paths_[tally->first.document];
      where.location = tally->first.location;
      where.excerpt = tally->excerpt;
      out.report(where, fmt::format("the related blurb `{}` appears in {} documents; also in {}", tally->excerpt,
                                    tally->documents, others));
    }
  }

 private:
  // A place without the document's text: the source line is not kept, so
  // memory grows with the number of distinct blurbs, not with their pages.
  struct Place {
    std::uint32_t document = 0;  // index in paths_
    Location location;
  };
  struct Tally {
    std::uint32_t documents = 0;
    std::uint32_t last_document = std::numeric_limits<std::uint32_t>::max();
    Place first;
    std::string excerpt;        // of the blurb at `first`
    std::vector<Place> others;  // the smallest other places, at most max-places
  };

  // Whether the place at `offset` in `document` comes before `b`.
  bool before(std::uint32_t document, std::size_t offset, const Place& b) const {
    if (document != b.document) {
      const int order = paths_[document].compare(paths_[b.document]);
      if (order != 0) return order < 0;
    }
    return offset < b.location.byte_offset;
  }
  bool before(const Place& a, const Place& b) const { return before(a.document, a.location.byte_offset, b); }

  // Where a place would go in the sorted places.
  std::size_t rank(const std::vector<Place>& places, std::uint32_t document, std::size_t offset) const {
    const auto at = std::find_if(places.begin(), places.end(),
                                 [&](const Place& place) { return before(document, offset, place); });
    return static_cast<std::size_t>(at - places.begin());
  }

  void remember(std::vector<Place>& places, const Place& place) const {
    const auto at = std::upper_bound(places.begin(), places.end(), place,
                                     [&](const Place& a, const Place& b) { return before(a, b); });
    if (static_cast<std::size_t>(at - places.begin()) >= max_places_) return;
    places.insert(at, place);
    if (places.size() > max_places_) places.pop_back();
  }

  RelatedSyntax syntax_;
  std::uint32_t min_documents_;
  std::size_t min_chars_;
  std::size_t max_places_;
  std::vector<std::string> paths_;  // of the documents that have a counted blurb
  // Keyed by the 64-bit hash of the normalised blurb (collisions are
  // negligible below billions of distinct blurbs).
  std::unordered_map<std::uint64_t, Tally> tallies_;
};

void add_corpus_boilerplate_check(CheckRegistry& registry) { registry.add<CorpusBoilerplateCheck>(); }

}  // namespace hlint

// related/corpus-boilerplate: the same related blurb in many documents of the
// corpus (a site-wide widget or a template blurb scraped into every page).
//
// Memory does not grow with the corpus: every counted blurb becomes a record
// (its hash, its place, its document's path and its excerpt) in an
// ExternalSorter, which keeps a few MB in RAM and sorts the rest through a
// temporary file. finish() walks the records sorted by (hash, path, offset): each
// hash's records are its documents' places in the order the message lists
// them, whatever order the threads read the documents in.
#include "related/corpus_boilerplate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <unordered_set>

#include "core/external_sorter.hpp"
#include "related/related_sections.hpp"
#include "related/related_text.hpp"

namespace hlint {

namespace {

// A counted blurb's record: this fixed part, then its document's path, then
// the blurb's excerpt.
struct BlurbPlace {
  std::uint64_t hash = 0;  // of the normalised blurb
  std::uint64_t byte_offset = 0;
  std::uint64_t byte_end = 0;
  Position start;
  Position end;
  std::uint32_t path_size = 0;
  std::uint32_t unused = 0;  // no padding: every byte written is set

  Location location() const { return {start, end, byte_offset, byte_end}; }
};

BlurbPlace place_of(std::string_view record) {
  BlurbPlace place;
  std::memcpy(&place, record.data(), sizeof place);
  return place;
}
std::string_view path_of(std::string_view record) {
  std::uint32_t size;
  std::memcpy(&size, record.data() + offsetof(BlurbPlace, path_size), sizeof size);
  return record.substr(sizeof(BlurbPlace), size);
}
std::string_view excerpt_of(std::string_view record) { return record.substr(sizeof(BlurbPlace) + path_of(record).size()); }

// Records in the order of (hash, path, offset).
struct ByHashThenPlace {
  bool operator()(std::string_view a, std::string_view b) const {
    std::uint64_t hash_a, hash_b;
    std::memcpy(&hash_a, a.data() + offsetof(BlurbPlace, hash), sizeof hash_a);
    std::memcpy(&hash_b, b.data() + offsetof(BlurbPlace, hash), sizeof hash_b);
    if (hash_a != hash_b) return hash_a < hash_b;
    if (const int order = path_of(a).compare(path_of(b)); order != 0) return order < 0;
    std::uint64_t offset_a, offset_b;
    std::memcpy(&offset_a, a.data() + offsetof(BlurbPlace, byte_offset), sizeof offset_a);
    std::memcpy(&offset_b, b.data() + offsetof(BlurbPlace, byte_offset), sizeof offset_b);
    return offset_a < offset_b;
  }
};

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
        places_(ByHashThenPlace{}, memory_budget, "related blurbs") {}

  void observe(const Document& doc) override {
    if (!failure_.empty()) return;
    const auto& sections = doc.analysis<RelatedSections>().sections(syntax_);
    counted_.clear();
    for (const RelatedSection& section : sections) {
      for (const RelatedItem& item : section.items) {
        if (!item.has_blurb()) continue;
        if (item.blurb_code_points < min_chars_) continue;
        BlurbPlace place;
        place.hash = related::text_hash(item.normalized_blurb);
        if (!counted_.insert(place.hash).second) continue;  // counted once per document, at its first place
        const Location location = doc.locate(item.blurb_span);
        place.start = location.start;
        place.end = location.end;
        place.byte_offset = location.byte_offset;
        place.byte_end = location.byte_end;
        place.path_size = static_cast<std::uint32_t>(doc.path().size());
        record_.assign(reinterpret_cast<const char*>(&place), sizeof place);
        record_ += doc.path();
        record_ += related::excerpt(item.blurb, 24);
        try {
          places_.add(record_);
        } catch (const std::runtime_error& e) {
          // The temporary file failed (disk full): the check fails once, in
          // finish(), rather than on every later document.
          failure_ = e.what();
          return;
        }
      }
    }
  }

  void finish(CorpusReporter& out) override {
    if (!failure_.empty()) throw std::runtime_error(failure_);
    // A hash's records: its first place, then the others in the order listed.
    struct Found {
      PlacedSpan where;
      std::string message;
    };
    std::vector<Found> found;
    std::uint64_t hash = 0;
    std::uint64_t documents = 0;
    BlurbPlace first;
    std::string first_path;
    std::string excerpt;  // of the blurb at `first`
    std::vector<std::string> others;  // "path:line", at most max-places
    auto report = [&] {
      if (documents < min_documents_) return;
      std::string listed;
      for (const std::string& other : others) listed += fmt::format("{}{}", listed.empty() ? "" : ", ", other);
      const std::uint64_t unlisted = documents - 1 - others.size();
      if (unlisted > 0) listed += fmt::format("{}{} more", listed.empty() ? "" : " and ", unlisted);
      Found finding;
      finding.where.path = first_path;
      finding.where.location = first.location();
      finding.where.excerpt = excerpt;
      finding.message = fmt::format("the related blurb `{}` appears in {} documents; also in {}",
                                    finding.where.excerpt, documents, listed);
      found.push_back(std::move(finding));
    };
    places_.for_each([&](std::string_view record) {
      const BlurbPlace place = place_of(record);
      if (documents > 0 && place.hash == hash) {
        ++documents;
        if (others.size() < max_places_) others.push_back(fmt::format("{}:{}", path_of(record), place.start.line));
        return;
      }
      if (documents > 0) report();
      hash = place.hash;
      documents = 1;
      first = place;
      first_path.assign(path_of(record));
      excerpt.assign(excerpt_of(record));
      others.clear();
    });
    if (documents > 0) report();
    // In the order of their places, as the engine numbers equal fingerprints.
    std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
      if (const int order = a.where.path.compare(b.where.path); order != 0) return order < 0;
      return a.where.location.byte_offset < b.where.location.byte_offset;
    });
    for (Found& finding : found) out.report(finding.where, std::move(finding.message));
  }

 private:
  RelatedSyntax syntax_;
  std::uint64_t min_documents_;
  std::size_t min_chars_;
  std::size_t max_places_;
  ExternalSorter<ByHashThenPlace> places_;  // a record per counted blurb
  std::unordered_set<std::uint64_t> counted_;  // hashes of the current document's blurbs
  std::string record_;                         // reused by observe()
  std::string failure_;                        // why the temporary file failed
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

// CorpusPlaces: the places of one thing (a related blurb, a lead image) in
// the documents of a corpus, grouped by the thing's hash and reported once per
// group found in enough documents, at the group's first place. Shared by the
// corpus checks that find the same thing in many documents
// (related/corpus-boilerplate, pipeline/shared-lead-image).
//
// Memory does not grow with the corpus: every place becomes a record (the
// hash, the place, the document's path and an excerpt) in an ExternalSorter,
// which keeps a few MB in RAM and sorts the rest through a temporary file.
// report() walks the records sorted by (hash, path, offset): each group's
// records are its documents' places in the order the message lists them,
// whatever order the threads read the documents in.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/check.hpp"
#include "core/external_sorter.hpp"

namespace hlint {

// A group of places of one thing, as the message describes it.
struct CorpusGroup {
  std::uint64_t documents = 0;
  std::string_view excerpt;  // of the thing at its first place
  std::string_view others;   // `path:line, path:line and 3 more`: the other places
};

class CorpusPlaces {
 public:
  // Records in the order of (hash, path, offset).
  struct ByHashThenPlace {
    bool operator()(std::string_view a, std::string_view b) const;
  };

  CorpusPlaces(std::size_t memory_budget, std::string what);

  // Whether the temporary file failed (disk full): the caller may skip its work,
  // nothing more is recorded, and report() throws.
  bool failed() const { return !failure_.empty(); }

  // Records that the thing with this hash is at `location` of the document at `path`.
  void add(std::uint64_t hash, const Location& location, std::string_view path, std::string_view excerpt);

  // Reports every group found in at least min_documents places, at its first
  // place, naming at most max_places others; in the order of the places.
  void report(CorpusReporter& out, std::uint64_t min_documents, std::size_t max_places,
              const std::function<std::string(const CorpusGroup&)>& message);

 private:
  ExternalSorter<ByHashThenPlace> places_;
  std::string record_;   // reused by add()
  std::string failure_;  // why the temporary file failed
};

}  // namespace hlint

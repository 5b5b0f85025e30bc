#include "common/corpus_places.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <utility>
#include <vector>

namespace hlint {

namespace {

// A record: this fixed part, then the document's path, then the excerpt.
struct Place {
  std::uint64_t hash = 0;
  std::uint64_t byte_offset = 0;
  std::uint64_t byte_end = 0;
  Position start;
  Position end;
  std::uint32_t path_size = 0;
  std::uint32_t unused = 0;  // no padding: every byte written is set

  Location location() const { return {start, end, byte_offset, byte_end}; }
};

Place place_of(std::string_view record) {
  Place place;
  std::memcpy(&place, record.data(), sizeof place);
  return place;
}
std::string_view path_of(std::string_view record) {
  std::uint32_t size;
  std::memcpy(&size, record.data() + offsetof(Place, path_size), sizeof size);
  return record.substr(sizeof(Place), size);
}
std::string_view excerpt_of(std::string_view record) { return record.substr(sizeof(Place) + path_of(record).size()); }

}  // namespace

bool CorpusPlaces::ByHashThenPlace::operator()(std::string_view a, std::string_view b) const {
  std::uint64_t hash_a, hash_b;
  std::memcpy(&hash_a, a.data() + offsetof(Place, hash), sizeof hash_a);
  std::memcpy(&hash_b, b.data() + offsetof(Place, hash), sizeof hash_b);
  if (hash_a != hash_b) return hash_a < hash_b;
  if (const int order = path_of(a).compare(path_of(b)); order != 0) return order < 0;
  std::uint64_t offset_a, offset_b;
  std::memcpy(&offset_a, a.data() + offsetof(Place, byte_offset), sizeof offset_a);
  std::memcpy(&offset_b, b.data() + offsetof(Place, byte_offset), sizeof offset_b);
  return offset_a < offset_b;
}

CorpusPlaces::CorpusPlaces(std::size_t memory_budget, std::string what)
    : places_(ByHashThenPlace{}, memory_budget, std::move(what)) {}

void CorpusPlaces::add(std::uint64_t hash, const Location& location, std::string_view path,
                       std::string_view excerpt) {
  if (failed()) return;
  Place place;
  place.hash = hash;
  place.start = location.start;
  place.end = location.end;
  place.byte_offset = location.byte_offset;
  place.byte_end = location.byte_end;
  place.path_size = static_cast<std::uint32_t>(path.size());
  record_.assign(reinterpret_cast<const char*>(&place), sizeof place);
  record_ += path;
  record_ += excerpt;
  try {
    places_.add(record_);
  } catch (const std::runtime_error& e) {
    // The temporary file failed: the check fails once, in report(), rather
    // than on every later document.
    failure_ = e.what();
  }
}

void CorpusPlaces::report(CorpusReporter& out, std::uint64_t min_documents, std::size_t max_places,
                          const std::function<std::string(const CorpusGroup&)>& message) {
  if (failed()) throw std::runtime_error(failure_);
  struct Found {
    PlacedSpan where;
    std::string message;
  };
  std::vector<Found> found;
  std::uint64_t hash = 0;
  std::uint64_t documents = 0;
  Place first;
  std::string first_path;
  std::string excerpt;              // of the thing at `first`
  std::vector<std::string> others;  // "path:line", at most max_places
  auto close_group = [&] {
    if (documents < min_documents) return;
    std::string listed;
    for (const std::string& other : others) listed += fmt::format("{}{}", listed.empty() ? "" : ", ", other);
    const std::uint64_t unlisted = documents - 1 - others.size();
    if (unlisted > 0) listed += fmt::format("{}{} more", listed.empty() ? "" : " and ", unlisted);
    Found finding;
    finding.where.path = first_path;
    finding.where.location = first.location();
    finding.where.excerpt = excerpt;
    finding.message = message(CorpusGroup{documents, finding.where.excerpt, listed});
    found.push_back(std::move(finding));
  };
  places_.for_each([&](std::string_view record) {
    const Place place = place_of(record);
    if (documents > 0 && place.hash == hash) {
      ++documents;
      if (others.size() < max_places) others.push_back(fmt::format("{}:{}", path_of(record), place.start.line));
      return;
    }
    if (documents > 0) close_group();
    hash = place.hash;
    documents = 1;
    first = place;
    first_path.assign(path_of(record));
    excerpt.assign(excerpt_of(record));
    others.clear();
  });
  if (documents > 0) close_group();
  // In the order of their places, as the engine numbers equal fingerprints.
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    if (const int order = a.where.path.compare(b.where.path); order != 0) return order < 0;
    return a.where.location.byte_offset < b.where.location.byte_offset;
  });
  for (Found& finding : found) out.report(finding.where, std::move(finding.message));
}

}  // namespace hlint

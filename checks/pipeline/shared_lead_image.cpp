// pipeline/shared-lead-image: one image is the lead image (front-matter
// `headimg`/`thumbnail`/`cover`, else the first image of the body) of many
// documents: a pipeline that fell back to a default picture, or an
// advertising banner set as every post's cover. Reported once, at the first
// document (in path order), with the count and the other documents.
//
// Memory does not grow with the corpus: a record per document (URL hash,
// place, path, URL excerpt) goes to an ExternalSorter, as in
// related/corpus-boilerplate.
#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <stdexcept>

#include "core/external_sorter.hpp"
#include "images/image_references.hpp"

namespace hlint {

namespace {

struct LeadPlace {
  std::uint64_t hash = 0;  // of the URL
  std::uint64_t byte_offset = 0;
  std::uint64_t byte_end = 0;
  Position start;
  Position end;
  std::uint32_t path_size = 0;
  std::uint32_t unused = 0;

  Location location() const { return {start, end, byte_offset, byte_end}; }
};

LeadPlace lead_place_of(std::string_view record) {
  LeadPlace place;
  std::memcpy(&place, record.data(), sizeof place);
  return place;
}
std::string_view lead_path_of(std::string_view record) {
  std::uint32_t size;
  std::memcpy(&size, record.data() + offsetof(LeadPlace, path_size), sizeof size);
  return record.substr(sizeof(LeadPlace), size);
}
std::string_view lead_url_of(std::string_view record) {
  return record.substr(sizeof(LeadPlace) + lead_path_of(record).size());
}

struct LeadByHashThenPlace {
  bool operator()(std::string_view a, std::string_view b) const {
    const LeadPlace pa = lead_place_of(a), pb = lead_place_of(b);
    if (pa.hash != pb.hash) return pa.hash < pb.hash;
    if (const int order = lead_path_of(a).compare(lead_path_of(b)); order != 0) return order < 0;
    return pa.byte_offset < pb.byte_offset;
  }
};

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

constexpr std::size_t kSharedLeadImageMemory = 8u << 20;

class SharedLeadImageCheck : public Check {
 public:
  static CheckInfo info() {
    return {"pipeline/shared-lead-image",
            Severity::info,
            {{"min-documents", OptionType::integer, "5", "report an image that leads at least this many documents"},
             {"lead-keys", OptionType::string_list, "headimg, thumbnail, cover, image, banner_img, index_img",
              "front-matter keys of the lead image, in order of preference"},
             {"body-images", OptionType::boolean, "false",
              "without a lead key, take the first image of the body (on full HTML pages that is often the site's "
              "logo, hence off by default)"},
             {"max-places", OptionType::integer, "5", "list at most this many other documents in the message"}},
            true};
  }
  explicit SharedLeadImageCheck(const CheckOptions& options)
      : min_documents_(static_cast<std::uint64_t>(std::clamp(options.get_int("min-documents", 5), 2L, 1000000000L))),
        lead_keys_(options.get_strings("lead-keys",
                                       {"headimg", "thumbnail", "cover", "image", "banner_img", "index_img"})),
        body_images_(options.get_bool("body-images", false)),
        max_places_(static_cast<std::size_t>(std::clamp(options.get_int("max-places", 5), 0L, 1000L))),
        places_(LeadByHashThenPlace{}, kSharedLeadImageMemory, "lead images") {}

  void observe(const Document& doc) override {
    if (!failure_.empty()) return;
    const ImageReference* lead = lead_image(doc.analysis<ImageReferences>());
    if (!lead) return;
    std::string_view url = lead->url;
    while (!url.empty() && url.front() == ' ') url.remove_prefix(1);
    while (!url.empty() && url.back() == ' ') url.remove_suffix(1);
    if (url.size() < 8) return;  // empty or a placeholder: images/bad-url's and images/placeholder's
    LeadPlace place;
    place.hash = fnv1a(url);
    const Location location = doc.locate(lead->span);
    place.start = location.start;
    place.end = location.end;
    place.byte_offset = location.byte_offset;
    place.byte_end = location.byte_end;
    place.path_size = static_cast<std::uint32_t>(doc.path().size());
    record_.assign(reinterpret_cast<const char*>(&place), sizeof place);
    record_ += doc.path();
    record_ += url.substr(0, 160);
    try {
      places_.add(record_);
    } catch (const std::runtime_error& e) {
      failure_ = e.what();
    }
  }

  void finish(CorpusReporter& out) override {
    if (!failure_.empty()) throw std::runtime_error(failure_);
    std::uint64_t hash = 0, documents = 0;
    LeadPlace first;
    std::string first_path, url;
    std::vector<std::string> others;
    struct Found {
      PlacedSpan where;
      std::string message;
    };
    std::vector<Found> found;
    auto report = [&] {
      if (documents < min_documents_) return;
      std::string listed;
      for (const std::string& other : others) listed += fmt::format("{}{}", listed.empty() ? "" : ", ", other);
      const std::uint64_t unlisted = documents - 1 - others.size();
      if (unlisted > 0) listed += fmt::format("{}{} more", listed.empty() ? "" : " and ", unlisted);
      Found f;
      f.where.path = first_path;
      f.where.location = first.location();
      f.where.excerpt = url;
      f.message = fmt::format("the image `{}` is the lead image of {} documents (also {}): a default or advertising "
                              "picture, not each article's own",
                              url, documents, listed);
      found.push_back(std::move(f));
    };
    places_.for_each([&](std::string_view record) {
      const LeadPlace place = lead_place_of(record);
      if (documents > 0 && place.hash == hash) {
        ++documents;
        if (others.size() < max_places_) others.push_back(fmt::format("{}:{}", lead_path_of(record), place.start.line));
        return;
      }
      if (documents > 0) report();
      hash = place.hash;
      documents = 1;
      first = place;
      first_path.assign(lead_path_of(record));
      url.assign(lead_url_of(record));
      others.clear();
    });
    if (documents > 0) report();
    std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
      if (const int order = a.where.path.compare(b.where.path); order != 0) return order < 0;
      return a.where.location.byte_offset < b.where.location.byte_offset;
    });
    for (Found& f : found) out.report(f.where, std::move(f.message));
  }

 private:
  const ImageReference* lead_image(const ImageReferences& images) const {
    for (const std::string& key : lead_keys_)
      for (const ImageReference& image : images.front_matter)
        if (image.attribute == key) return &image;
    if (body_images_)
      for (const ImageReference& image : images.body)
        if (image.embedded()) return &image;
    return nullptr;
  }

  std::uint64_t min_documents_;
  std::vector<std::string> lead_keys_;
  bool body_images_;
  std::size_t max_places_;
  ExternalSorter<LeadByHashThenPlace> places_;
  std::string record_;
  std::string failure_;
};

}  // namespace

void add_shared_lead_image_check(CheckRegistry& registry) { registry.add<SharedLeadImageCheck>(); }

}  // namespace hlint

// pipeline/shared-lead-image: one image is the lead image (front-matter
// `headimg`/`thumbnail`/`cover`, else the first image of the body) of many
// documents: a pipeline that fell back to a default picture, or an
// advertising banner set as every post's cover. Reported once, at the first
// document (in path order), with the count and the other documents.
//
// Memory does not grow with the corpus: the lead images' places are kept by
// a CorpusPlaces (common/corpus_places.hpp), as in related/corpus-boilerplate.
#include <fmt/format.h>

#include <algorithm>

#include "common/corpus_places.hpp"
#include "images/image_references.hpp"

namespace hlint {

namespace {

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

// As related/corpus-boilerplate's: past it the places are sorted through a
// temporary file. (8 MB before: the largest part of a 100,000-document run's
// peak memory, 66.7 MB with SARIF against 53.8 MB now.)
constexpr std::size_t kSharedLeadImageMemory = 2u << 20;

class SharedLeadImageCheck : public Check {
 public:
  static CheckInfo info() {
    return {"pipeline/shared-lead-image",
            Severity::info,
            {{"min-documents", OptionType::integer, "3", "report an image that leads at least this many documents"},
             {"lead-keys", OptionType::string_list, "headimg, thumbnail, cover, image, banner_img, index_img",
              "front-matter keys of the lead image, in order of preference"},
             {"body-images", OptionType::boolean, "false",
              "without a lead key, take the first image of the body (on full HTML pages that is often the site's "
              "logo, hence off by default)"},
             {"in-body", OptionType::boolean, "true",
              "count a document only when its lead image is also a picture of its body (a pipeline copied the "
              "body's first picture, an advertising banner, into the front matter); false: every front-matter lead "
              "image counts, a theme's category icon set as every post's thumbnail too"},
             {"max-places", OptionType::integer, "5", "list at most this many other documents in the message"}},
            true};
  }
  explicit SharedLeadImageCheck(const CheckOptions& options)
      : min_documents_(static_cast<std::uint64_t>(std::clamp(options.get_int("min-documents", 3), 2L, 1000000000L))),
        lead_keys_(options.get_strings("lead-keys",
                                       {"headimg", "thumbnail", "cover", "image", "banner_img", "index_img"})),
        body_images_(options.get_bool("body-images", false)),
        in_body_(options.get_bool("in-body", true)),
        max_places_(static_cast<std::size_t>(std::clamp(options.get_int("max-places", 5), 0L, 1000L))),
        places_(kSharedLeadImageMemory, "lead images") {}

  void observe(const Document& doc) override {
    if (places_.failed()) return;
    const ImageReferences& images = doc.analysis<ImageReferences>();
    const ImageReference* lead = lead_image(images);
    if (!lead) return;
    const std::string_view url = trimmed(lead->url);
    if (url.size() < 8) return;  // empty or a placeholder: images/bad-url's and images/placeholder's
    if (in_body_ && !std::any_of(images.body.begin(), images.body.end(), [&](const ImageReference& image) {
          return image.embedded() && trimmed(image.url) == url;
        }))
      return;
    places_.add(fnv1a(url), doc.locate(lead->span), doc.path(), url.substr(0, 160));
  }

  void finish(CorpusReporter& out) override {
    places_.report(out, min_documents_, max_places_, [](const CorpusGroup& group) {
      return fmt::format("the image `{}` is the lead image of {} documents (also {}): a default or advertising "
                         "picture, not each article's own",
                         group.excerpt, group.documents, group.others);
    });
  }

 private:
  static std::string_view trimmed(std::string_view url) {
    while (!url.empty() && url.front() == ' ') url.remove_prefix(1);
    while (!url.empty() && url.back() == ' ') url.remove_suffix(1);
    return url;
  }

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
  bool in_body_;
  std::size_t max_places_;
  CorpusPlaces places_;  // a place per document with a lead image
};

}  // namespace

void add_shared_lead_image_check(CheckRegistry& registry) { registry.add<SharedLeadImageCheck>(); }

}  // namespace hlint

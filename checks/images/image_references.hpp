// Every image a reader of a document would see (or open from a link), with
// the URL as the browser reads it and its exact place in the original text.
// Shared by the images/ checks through Document::analysis<ImageReferences>().
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/check.hpp"
#include "core/document.hpp"
#include "links/url_lint.hpp"

namespace hlint {

enum class ImageOrigin {
  img_src,       // <img src>
  srcset,        // one candidate of <img srcset>, <img data-srcset> or <source srcset>
  lazy_src,      // <img data-original|data-src|data-lazy-src|data-url>
  link,          // <a href> to an image file
  front_matter,  // a top-level front-matter value (headimg, thumbnail, cover...)
  markdown,      // ![alt](url) in a Markdown body
};

struct ImageReference {
  ImageOrigin origin = ImageOrigin::img_src;
  // The URL as a browser reads it: entities of HTML attributes decoded, the
  // YAML scalar of a front-matter value.
  std::string url;
  // The written URL in doc.text() (an attribute value without its quotes, a
  // srcset candidate, a front-matter value inside its quotes).
  Span span;
  // How `url` maps back to the written text: per byte of `url`, the span of
  // the text it came from. Empty when `url` is the written text byte for byte.
  std::vector<std::uint32_t> begin_of;
  std::vector<std::uint32_t> end_of;
  // False when `url` differs from the written text in a way the maps do not
  // describe (YAML escapes): sub-spans then widen to the whole `span`.
  bool exact = true;
  std::string attribute;  // "src", "srcset", "data-original", "href", or the front-matter key

  // The span in the document of url[begin, end).
  Span span_of(std::size_t begin, std::size_t end) const;
  // `img src`, `srcset`, `a href`, `front matter headimg`, `Markdown image`.
  std::string describe() const;
  // True for images shown in the page; false for a link a reader has to open.
  bool embedded() const { return origin != ImageOrigin::link; }

  // The offline analysis of the URL (computed on first use: one document is
  // only ever read by one thread).
  const links::UrlAnalysis& analysis() const;

 private:
  friend class ImageReferences;
  // Shared by the references of a document to the same URL (a page shows the
  // picture of its `headimg` again in the body), so each URL is analysed once.
  mutable std::shared_ptr<std::optional<links::UrlAnalysis>> analysis_;
};

class ImageReferences {
 public:
  explicit ImageReferences(const Document& doc);

  // Images in the body (HTML elements, Markdown images), in document order.
  std::vector<ImageReference> body;
  // Every top-level scalar of the front matter, key in `attribute`; a check
  // keeps those whose key it is configured to treat as an image (ImageScope).
  std::vector<ImageReference> front_matter;
  // The origin (`https://host/`) of the page the article was copied from, if
  // the document says: front-matter `source`/`original_url`, or the link in
  // a `<p class="url">` footer. Empty when unknown.
  std::string source_origin;
};

// What an images/ check looks at: the body's images and the front-matter keys
// of its `front-matter-keys` option (default: the `images-front-matter-keys`
// list, so one `phrases:` entry in the config changes it for every rule).
class ImageScope {
 public:
  explicit ImageScope(const CheckOptions& options);
  static OptionSpec option();

  template <typename Visit>
  void for_each(const Document& doc, Visit&& visit) const {
    const auto& references = doc.analysis<ImageReferences>();
    for (const ImageReference& reference : references.front_matter)
      if (includes_key(reference.attribute)) visit(reference);
    for (const ImageReference& reference : references.body) visit(reference);
  }

 private:
  bool includes_key(std::string_view key) const;
  std::vector<std::string> front_matter_keys_;
};

// "https://host[:port]/" of an absolute http(s) URL; empty for anything else.
std::string url_origin(std::string_view url);

// Text short enough to quote in a message, cut with `…` on a character boundary.
std::string shorten(std::string_view text, std::size_t max_bytes = 80);

}  // namespace hlint

// images/placeholder: an image served by a placeholder-image service
// (picsum.photos, via.placeholder.com...) instead of the real picture.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/check.hpp"
#include "images/image_references.hpp"

namespace hlint {

namespace {

std::string lowercase_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

class PlaceholderCheck : public Check {
 public:
  static CheckInfo info() {
    return {"images/placeholder",
            Severity::warning,
            {{"placeholder-hosts", OptionType::phrase_list, "images-placeholder-hosts",
              "hosts (and their subdomains) of placeholder-image services"},
             ImageScope::option()},
            false};
  }
  explicit PlaceholderCheck(const CheckOptions& options) : scope_(options) {
    for (const std::string& host : options.get_phrases("placeholder-hosts", "images-placeholder-hosts"))
      hosts_.push_back(lowercase_ascii(host));
  }

  void check(const Document& doc, Reporter& out) const override {
    scope_.for_each(doc, [&](const ImageReference& image) {
      const links::UrlAnalysis& analysis = image.analysis();
      if (analysis.host.empty() || analysis.is_data) return;
      const std::string host = lowercase_ascii(analysis.host);
      const auto placeholder = std::find_if(hosts_.begin(), hosts_.end(), [&](const std::string& p) {
        return host == p || (host.size() > p.size() && host.ends_with(p) && host[host.size() - p.size() - 1] == '.');
      });
      if (placeholder == hosts_.end()) return;
      out.report(host_span(image, analysis.host),
                 fmt::format("{} is served by `{}`, a placeholder-image service, not the article's picture",
                             image.describe(), analysis.host));
    });
  }

 private:
  // The host as written: after "//" and any user info.
  static Span host_span(const ImageReference& image, const std::string& host) {
    const std::string url = lowercase_ascii(image.url);
    const std::size_t authority = url.find("//");
    if (authority == std::string::npos) return image.span;
    const std::size_t authority_end = std::min(url.find_first_of("/?#", authority + 2), url.size());
    const std::size_t at = url.rfind('@', authority_end);
    const std::size_t from = at != std::string::npos && at > authority ? at + 1 : authority + 2;
    const std::size_t begin = url.find(lowercase_ascii(host), from);
    if (begin == std::string::npos || begin >= authority_end) return image.span;
    return image.span_of(begin, begin + host.size());
  }

  ImageScope scope_;
  std::vector<std::string> hosts_;
};

void add_placeholder_check(CheckRegistry& registry) { registry.add<PlaceholderCheck>(); }

}  // namespace hlint

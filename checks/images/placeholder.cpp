// images/placeholder: an image served by a placeholder-image service
// (picsum.photos, via.placeholder.com...) instead of the real picture, or an
// image URL that is a pipeline's placeholder value (`undefined`, `null`,
// `[object Object]`, `about:blank`, or a URL ending in `/undefined`).
#include <fmt/format.h>

#include <algorithm>
#include <bitset>
#include <cctype>
#include <optional>
#include <utility>

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
             {"placeholder-values", OptionType::phrase_list, "images-placeholder-values",
              "values a pipeline writes where an image URL should be (`undefined`, `[object Object]`), as the whole "
              "URL or its last path segment"},
             ImageScope::option()},
            false};
  }
  explicit PlaceholderCheck(const CheckOptions& options) : scope_(options) {
    for (const std::string& host : options.get_phrases("placeholder-hosts", "images-placeholder-hosts"))
      hosts_.push_back(lowercase_ascii(host));
    for (const std::string& value : options.get_phrases("placeholder-values", "images-placeholder-values"))
      values_.push_back(lowercase_ascii(value));
    for (const std::string& value : values_) {
      longest_value_ = std::max(longest_value_, value.size());
      value_lengths_.set(std::min(value.size(), value_lengths_.size() - 1));
    }
  }

  void check(const Document& doc, Reporter& out) const override {
    scope_.for_each(doc, [&](const ImageReference& image) {
      if (const auto value = placeholder_value(image.url)) {
        out.report(image.span_of(value->first, value->second),
                   fmt::format("{} is `{}`, a placeholder the pipeline wrote instead of an image URL: no picture shows",
                               image.describe(), image.url.substr(value->first, value->second - value->first)));
        return;
      }
      const links::UrlAnalysis& analysis = image.analysis();
      if (analysis.host.empty() || analysis.is_data) return;
      const std::string_view host = analysis.host;
      const auto placeholder = std::find_if(hosts_.begin(), hosts_.end(), [&](const std::string& p) {
        return host.size() == p.size() ? equals_folded(host, p)
                                       : host.size() > p.size() && host[host.size() - p.size() - 1] == '.' &&
                                             equals_folded(host.substr(host.size() - p.size()), p);
      });
      if (placeholder == hosts_.end()) return;
      out.report(host_span(image, analysis.host),
                 fmt::format("{} is served by `{}`, a placeholder-image service, not the article's picture",
                             image.describe(), analysis.host));
    });
  }

 private:
  // [begin, end) in `url` of a placeholder value: the whole URL, or its last
  // path segment (before any query or fragment).
  std::optional<std::pair<std::size_t, std::size_t>> placeholder_value(std::string_view url) const {
    std::size_t begin = 0, end = url.size();
    while (begin < end && url[begin] == ' ') ++begin;
    while (end > begin && url[end - 1] == ' ') --end;
    if (begin == end) return std::nullopt;  // empty: images/bad-url's
    if (is_value(url.substr(begin, end - begin))) return std::pair{begin, end};
    if (url.substr(begin, end - begin).find("://") == std::string_view::npos) return std::nullopt;
    // The first `?` or `#`: one memchr for each (a loop over the URL's bytes
    // costs every image that much).
    const std::string_view trimmed = url.substr(0, end);
    if (const std::size_t query = std::min(trimmed.find('?', begin), trimmed.find('#', begin));
        query != std::string_view::npos)
      end = query;
    const std::size_t slash = url.rfind('/', end == 0 ? 0 : end - 1);
    if (slash == std::string_view::npos || slash < begin || slash + 1 >= end) return std::nullopt;
    // `https://host/undefined` but not `https://undefined/`: the segment after the host.
    const std::size_t authority = url.find("://", begin) + 3;
    if (slash < authority) return std::nullopt;
    if (is_value(url.substr(slash + 1, end - slash - 1))) return std::pair{slash + 1, end};
    return std::nullopt;
  }

  bool is_value(std::string_view text) const {
    // Each decoded character takes one byte of `text` or three (`%5B`): a text
    // longer than three times the longest value decodes to none of them
    // (image URLs are mostly long, some are data: URLs of kilobytes).
    if (text.size() > 3 * longest_value_) return false;
    // The length it decodes to must be one of the values': most last path
    // segments (`2651668073306566656.png`) are told without decoding them.
    if (!value_lengths_.test(std::min(decoded_length(text), value_lengths_.size() - 1))) return false;
    std::string decoded;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '%' && i + 2 < text.size()) {
        const std::string_view code = text.substr(i + 1, 2);
        if (code == "5B" || code == "5b") { decoded += '['; i += 2; continue; }
        if (code == "5D" || code == "5d") { decoded += ']'; i += 2; continue; }
        if (code == "20") { decoded += ' '; i += 2; continue; }
      }
      decoded += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    }
    return std::find(values_.begin(), values_.end(), decoded) != values_.end();
  }

  // The number of characters is_value decodes text to (`%5B`, `%5D` and `%20` are one).
  static std::size_t decoded_length(std::string_view text) {
    std::size_t length = 0;
    for (std::size_t i = 0; i < text.size(); ++i, ++length) {
      if (text[i] == '%' && i + 2 < text.size()) {
        const std::string_view code = text.substr(i + 1, 2);
        if (code == "5B" || code == "5b" || code == "5D" || code == "5d" || code == "20") i += 2;
      }
    }
    return length;
  }

  // Whether text, its letters folded as lowercase_ascii folds them, is
  // `lower` (already folded): without a folded copy of the text.
  static bool equals_folded(std::string_view text, std::string_view lower) {
    if (text.size() != lower.size()) return false;
    for (std::size_t i = 0; i < text.size(); ++i)
      if (static_cast<char>(std::tolower(static_cast<unsigned char>(text[i]))) != lower[i]) return false;
    return true;
  }

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
  std::vector<std::string> values_;  // lower-cased placeholder values
  std::size_t longest_value_ = 0;    // bytes of the longest of values_
  std::bitset<64> value_lengths_;    // the lengths of values_ (63: that long or longer)
};

void add_placeholder_check(CheckRegistry& registry) { registry.add<PlaceholderCheck>(); }

}  // namespace hlint

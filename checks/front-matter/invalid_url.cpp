// front-matter/invalid-url: a URL-valued front-matter key (`headimg`,
// `thumbnail`...) that is not an absolute http(s) URL, parsed with libcurl.
#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>

#include "core/check.hpp"
#include "core/utf8.hpp"
#include "front-matter/front_matter_values.hpp"

namespace hlint {

namespace {

struct CurlUrlDeleter {
  void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};

// The first character of `text` that breaks a URL without being seen: white
// space (a browser stops the URL there or encodes it) or a zero-width character.
std::optional<char32_t> first_invisible(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto decoded = utf8::decode(text, i);
    if (utf8::is_whitespace(decoded.code_point) || utf8::is_zero_width(decoded.code_point)) return decoded.code_point;
    i += decoded.length;
  }
  return std::nullopt;
}

std::string describe_invisible(char32_t code_point) {
  switch (code_point) {
    case ' ':
      return "a space";
    case '\t':
      return "a tab";
    case '\n':
    case '\r':
      return "a line break";
    case 0x3000:
      return "a full-width space (U+3000)";
    case 0xA0:
      return "a no-break space (U+00A0)";
    default:
      return fmt::format("an invisible character (U+{:04X})", static_cast<std::uint32_t>(code_point));
  }
}

std::string lowercase_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

class InvalidUrlCheck : public Check {
 public:
  static CheckInfo info() {
    return {
        "front-matter/invalid-url",
        Severity::warning,
        {{"url-keys", OptionType::string_list, "headimg, thumbnail, cover, image, banner, source, original_url, link",
          "front-matter keys whose value must be an absolute http(s) URL"},
         {"placeholders", OptionType::phrase_list, "front-matter-placeholders",
          "values left to front-matter/empty-value (`undefined`...)"}},
        false};
  }
  explicit InvalidUrlCheck(const CheckOptions& options)
      : url_keys_(front_matter::strings_option(
            options, "url-keys",
            {"headimg", "thumbnail", "cover", "image", "banner", "source", "original_url", "link"})),
        placeholders_(front_matter::phrases_option(options, "placeholders", "front-matter-placeholders")) {}

  void check(const Document& doc, Reporter& out) const override {
    const auto& fm = doc.front_matter();
    if (!front_matter::parsed(fm)) return;  // front-matter/yaml-syntax reports it
    for (const FrontMatterEntry& entry : fm->entries) {
      if (std::find(url_keys_.begin(), url_keys_.end(), entry.key) == url_keys_.end()) continue;
      const YamlNode& value = entry.value;
      if (!value.IsDefined() || value.IsNull()) continue;  // front-matter/empty-value
      if (value.IsScalar()) {
        check_url(entry.key, value.Scalar(), front_matter::value_span(doc, *fm, entry), out);
      } else if (value.IsSequence()) {
        // A list of images: each item on its own.
        for (const YamlNode& item : value) {
          if (!item.IsDefined() || item.IsNull()) continue;
          if (item.IsScalar())
            check_url(entry.key, item.Scalar(), front_matter::scalar_span(doc, *fm, item, entry.value_span), out);
          else
            out.report(entry.value_span, fmt::format("`{}` must list URLs, not nested lists or mappings", entry.key));
        }
      } else {
        out.report(entry.value_span, fmt::format("`{}` must be a URL, not a mapping", entry.key));
      }
    }
  }

 private:
  void check_url(const std::string& key, const std::string& url, Span span, Reporter& out) const {
    const std::string_view trimmed = front_matter::trim(url);
    if (trimmed.empty() || std::find(placeholders_.begin(), placeholders_.end(), trimmed) != placeholders_.end())
      return;  // front-matter/empty-value reports it
    if (auto invisible = first_invisible(url)) {
      out.report(span, fmt::format("`{}` contains {}: the URL breaks there", key, describe_invisible(*invisible)));
      return;
    }
    if (auto problem = url_problem(url)) out.report(span, fmt::format("`{}` {}", key, *problem));
  }

  // What is wrong with the URL, or nothing when it is an absolute http(s) URL.
  static std::optional<std::string> url_problem(const std::string& url) {
    const std::size_t colon = url.find(':');
    const std::string_view scheme =
        colon == std::string::npos ? std::string_view() : std::string_view(url).substr(0, colon);
    if (!looks_like_scheme(scheme)) {
      if (url.rfind("//", 0) == 0) return "is protocol-relative (`//host/...`): write `https:` in front of it";
      if (url.front() == '/' || url.rfind("./", 0) == 0 || url.rfind("../", 0) == 0)
        return "is a path, not an absolute URL: write the scheme and host (`https://host/...`) in front of it";
      return "has no scheme: an absolute URL starts with `https://` or `http://`";
    }
    const std::string lower_scheme = lowercase_ascii(scheme);
    if (lower_scheme != "http" && lower_scheme != "https")
      return fmt::format("uses the `{}:` scheme; it must be an http(s) URL", scheme);
    // curl repairs `http:/host`; a browser reading the page may not.
    if (url.compare(colon, 3, "://") != 0) return fmt::format("needs `//` after `{}:`", scheme);
    const std::unique_ptr<CURLU, CurlUrlDeleter> handle(curl_url());
    if (!handle) return std::nullopt;  // out of memory: say nothing rather than something wrong
    const CURLUcode code = curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0);
    if (code != CURLUE_OK) return fmt::format("is not a valid URL: {}", sentence_case(curl_url_strerror(code)));
    return std::nullopt;
  }

  // RFC 3986 scheme syntax, without `.`: `www.example.com:8080/a.png` is a
  // host and port, not a scheme.
  static bool looks_like_scheme(std::string_view text) {
    if (text.empty() || !std::isalpha(static_cast<unsigned char>(text.front()))) return false;
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-'; });
  }

  // curl's messages start with a capital ("No host part in the URL").
  static std::string sentence_case(std::string_view message) {
    std::string out(message);
    if (!out.empty()) out.front() = static_cast<char>(std::tolower(static_cast<unsigned char>(out.front())));
    return out;
  }

  std::vector<std::string> url_keys_;
  std::vector<std::string> placeholders_;
};

void add_invalid_url_check(CheckRegistry& registry) { registry.add<InvalidUrlCheck>(); }

}  // namespace hlint

// images/bad-url: an image URL a browser cannot load as written: not a URL,
// a scheme other than http(s), or white space inside it.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "core/html_scan.hpp"
#include "core/check.hpp"
#include "core/utf8.hpp"
#include "images/image_references.hpp"

namespace hlint {

namespace {


// Browsers strip ASCII white space around a URL attribute (and Markdown and
// YAML drop it too), so only white space inside the URL, or a no-break or
// ideographic space at its ends, breaks the image.
bool is_harmless_edge(const std::string& url, const links::UrlProblem& problem) {
  if (problem.begin != 0 && problem.end != url.size()) return false;
  for (std::size_t i = problem.begin; i < problem.end && i < url.size(); ++i)
    if (!is_html_space(url[i])) return false;
  return true;
}

bool is_blank(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto decoded = utf8::decode(text, i);
    if (!utf8::is_whitespace(decoded.code_point) && !utf8::is_zero_width(decoded.code_point)) return false;
    i += decoded.length;
  }
  return true;
}

// The span of `file` in a `file:` URL (copied from a word processor), which
// libcurl reports as a syntax or a scheme problem depending on the path.
std::optional<Span> local_file_scheme(std::string_view url) {
  std::size_t first = 0;
  while (first < url.size() && is_html_space(url[first])) ++first;
  const std::string_view rest = url.substr(first);
  if (rest.size() < 5 || rest[4] != ':') return std::nullopt;
  for (std::size_t i = 0; i < 4; ++i)
    if (std::tolower(static_cast<unsigned char>(rest[i])) != "file"[i]) return std::nullopt;
  return Span{first, first + 4};
}

// Loops rather than find_first_not_of and friends, which call memchr once per
// byte of the URL.
bool has_inner_line_break(std::string_view url) {
  while (!url.empty() && is_html_space(url.front())) url.remove_prefix(1);
  while (!url.empty() && is_html_space(url.back())) url.remove_suffix(1);
  return std::any_of(url.begin(), url.end(), [](char c) { return c == '\r' || c == '\n'; });
}

// `src=""`, `![alt]()`: underline the quotes or parentheses, since there is
// nothing between them.
Span empty_value_span(const Document& doc, Span span) {
  const std::string_view text = doc.text();
  if (span.begin == 0 || span.end >= text.size()) return span;
  const char open = text[span.begin - 1];
  const char close = open == '(' ? ')' : open;
  if ((open == '"' || open == '\'' || open == '(') && text[span.end] == close) return {span.begin - 1, span.end + 1};
  return span;
}

}  // namespace

class BadUrlCheck : public Check {
 public:
  static CheckInfo info() { return {"images/bad-url", Severity::error, {ImageScope::option()}, false}; }
  explicit BadUrlCheck(const CheckOptions& options) : scope_(options) {}

  void check(const Document& doc, Reporter& out) const override {
    scope_.for_each(doc, [&](const ImageReference& image) {
      // Front-matter values are front-matter/invalid-url's: one finding per defect.
      if (image.origin == ImageOrigin::front_matter) return;
      if (is_blank(image.url)) {
        out.report(empty_value_span(doc, image.span), fmt::format("{} is empty: no image can show", image.describe()));
        return;
      }
      const links::UrlAnalysis& analysis = image.analysis();
      if (analysis.is_data) return;
      if (const auto scheme = local_file_scheme(image.url)) {
        out.report(image.span_of(scheme->begin, scheme->end),
                   fmt::format("{} points at a file on the author's computer (`file:`): readers cannot load it; "
                               "upload the image and use its https URL",
                               image.describe()));
        return;
      }
      // A line break inside the URL is what makes libcurl reject it; the
      // white-space finding says that better than "bad path".
      const bool broken_by_line = has_inner_line_break(image.url);
      for (const links::UrlProblem& problem : analysis.problems) {
        switch (problem.kind) {
          case links::UrlProblemKind::syntax:
            if (broken_by_line) break;
            out.report(image.span_of(problem.begin, problem.end),
                       fmt::format("{} is not a usable URL: {}", image.describe(), without_prefix(problem.message)));
            break;
          case links::UrlProblemKind::scheme:
            out.report(image.span_of(problem.begin, problem.end), fmt::format("{}: {}", image.describe(), problem.message));
            break;
          case links::UrlProblemKind::whitespace:
            if (is_harmless_edge(image.url, problem)) break;
            out.report(image.span_of(problem.begin, problem.end),
                       fmt::format("{} has {}", image.describe(), problem.message));
            break;
          default: break;  // the other images/ rules
        }
      }
    });
  }

 private:
  // "malformed URL: No host part in the URL" -> "no host part in the URL".
  static std::string without_prefix(std::string_view message) {
    constexpr std::string_view kPrefix = "malformed URL: ";
    if (message.starts_with(kPrefix)) message.remove_prefix(kPrefix.size());
    std::string out(message);
    if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z' && !(out.size() > 1 && out[1] >= 'A' && out[1] <= 'Z'))
      out[0] = static_cast<char>(out[0] - 'A' + 'a');
    return out;
  }

  ImageScope scope_;
};

void add_bad_url_check(CheckRegistry& registry) { registry.add<BadUrlCheck>(); }

}  // namespace hlint

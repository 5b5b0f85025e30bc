// Helpers shared by the front-matter checks: where a YAML value sits in the
// document (without its quotes), what counts as blank text, a page header's
// values, and list options read the way the config accepts them.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.hpp"
#include "core/check.hpp"
#include "core/document.hpp"

namespace hlint::front_matter {

// The span of a scalar node's text in the document, inside its quotes. The
// model gives each top-level value a span that may run past the scalar (a
// trailing `# comment`); this finds the scalar itself from the node's mark.
// Falls back to `fallback` stripped of its quotes when the raw text does not
// spell the scalar verbatim (escapes, folded lines).
Span scalar_span(const Document& doc, const FrontMatter& fm, const YamlNode& node, Span fallback);

// The span of a top-level entry's value, inside its quotes when it is a scalar.
Span value_span(const Document& doc, const FrontMatter& fm, const FrontMatterEntry& entry);

// Text with Unicode white space (ASCII, NBSP, U+3000...) and zero-width
// characters removed at both ends: what a reader would see as nothing.
std::string_view trim(std::string_view text);

// True when text has nothing a reader could see.
inline bool is_blank(std::string_view text) { return trim(text).empty(); }

// Text short enough to quote in a message: at most `max_code_points`
// characters, cut with `…`.
std::string excerpt(std::string_view text, std::size_t max_code_points = 60);

// A page-header field's value as the document spells it, with its span.
// ArticleInfo matches `[:：]` with std::regex, which works on bytes, so after
// a full-width colon the value (and its span) start inside the `：`; this
// re-reads the value from the document and skips a leading colon and spaces.
struct HeaderValue {
  std::string text;
  Span span;
};
HeaderValue header_value(const Document& doc, const HeaderField& field);

// A string-list (or phrase-list) option. The config accepts a single string
// for a list (`required: title`), but CheckOptions::get_strings/get_phrases
// convert only sequences and throw on a scalar: read that as a one-item list.
std::vector<std::string> strings_option(const CheckOptions& options, const std::string& name,
                                        const std::vector<std::string>& fallback);
std::vector<std::string> phrases_option(const CheckOptions& options, const std::string& name,
                                        const std::string& list_name);

// Where the YAML of the front matter can be trusted: it exists and parsed.
inline bool parsed(const std::optional<FrontMatter>& fm) { return fm && !fm->error; }

}  // namespace hlint::front_matter

// A lexical scan of HTML in the ORIGINAL text: tags with their attributes,
// comments and text, each with exact offsets. It builds no tree (tidy-html5
// does that, see html_dom.hpp); it exists because tidy gives no reliable
// positions (it expands tabs, drops control characters, invents implied nodes
// and gives attributes no position at all).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"

namespace hlint {

struct HtmlAttribute {
  std::string name;  // lower-cased
  Span name_span;
  std::string value;  // raw text between the quotes (entities not decoded)
  Span value_span;    // without the quotes; empty at name end when there is no value
  bool has_value = false;
};

struct HtmlToken {
  enum class Kind { start_tag, end_tag, comment, text, doctype };
  Kind kind = Kind::text;
  Span span;                // the whole token, e.g. `<p class="x">`
  std::string name;         // tags: lower-cased element name
  bool self_closing = false;
  Span content;             // comments: between `<!--` and `-->`
  std::vector<HtmlAttribute> attributes;

  const HtmlAttribute* attribute(std::string_view attribute_name) const;
};

// Scans text[range.begin, range.end). `<script>` and `<style>` content is one
// raw text token that is marked as not visible by the caller.
std::vector<HtmlToken> scan_html(std::string_view text, Span range);

// Decodes one character reference at text[pos] (which is '&'). Returns the
// decoded UTF-8 and the length of the reference, or length 0 if it is none.
struct DecodedEntity {
  std::string text;
  std::size_t length = 0;
};
DecodedEntity decode_entity(std::string_view text, std::size_t pos);

// ASCII white space as HTML defines it (space, tab, LF, CR, form feed),
// whatever the C locale.
constexpr bool is_html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool is_block_element(std::string_view name);
bool is_void_element(std::string_view name);

}  // namespace hlint

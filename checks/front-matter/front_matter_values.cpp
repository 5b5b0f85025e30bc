#include "front-matter/front_matter_values.hpp"

#include "core/utf8.hpp"

namespace hlint::front_matter {

namespace {

bool is_quote(char c) { return c == '\'' || c == '"'; }

bool is_invisible(char32_t code_point) { return utf8::is_whitespace(code_point) || utf8::is_zero_width(code_point); }

Span without_quotes(const Document& doc, Span span) {
  const std::string_view raw = doc.slice(span);
  if (raw.size() >= 2 && is_quote(raw.front()) && raw.back() == raw.front()) return {span.begin + 1, span.end - 1};
  return span;
}

}  // namespace

Span scalar_span(const Document& doc, const FrontMatter& fm, const YamlNode& node, Span fallback) {
  if (!node.IsScalar() || node.span.begin < fm.yaml.begin || node.span.begin >= fm.yaml.end)
    return without_quotes(doc, fallback);
  const std::size_t begin = node.span.begin;
  const std::string_view rest = doc.text().substr(begin, fm.yaml.end - begin);
  const std::string& scalar = node.Scalar();
  if (!rest.empty() && is_quote(rest.front())) {
    if (rest.size() > scalar.size() + 1 && rest.substr(1, scalar.size()) == scalar &&
        rest[scalar.size() + 1] == rest.front())
      return {begin + 1, begin + 1 + scalar.size()};
  } else if (rest.substr(0, scalar.size()) == scalar) {
    return {begin, begin + scalar.size()};
  }
  return without_quotes(doc, fallback);
}

Span value_span(const Document& doc, const FrontMatter& fm, const FrontMatterEntry& entry) {
  if (entry.value.IsScalar()) return scalar_span(doc, fm, entry.value, entry.value_span);
  return entry.value_span;
}

std::string_view trim(std::string_view text) {
  while (!text.empty()) {
    const auto first = utf8::decode(text, 0);
    if (!is_invisible(first.code_point)) break;
    text.remove_prefix(first.length);
  }
  while (!text.empty()) {
    std::size_t last = text.size() - 1;
    // Back up to the lead byte of the last code point (at most 3 continuation bytes).
    while (last > 0 && text.size() - last < 4 && (static_cast<unsigned char>(text[last]) & 0xC0) == 0x80) --last;
    const auto decoded = utf8::decode(text, last);
    if (!is_invisible(decoded.code_point) || last + decoded.length != text.size()) break;
    text.remove_suffix(text.size() - last);
  }
  return text;
}

std::vector<std::string> strings_option(const CheckOptions& options, const std::string& name,
                                        const std::vector<std::string>& fallback) {
  try {
    return options.get_strings(name, fallback);
  } catch (const YAML::Exception&) {
    return {options.get_string(name, "")};
  }
}

std::vector<std::string> phrases_option(const CheckOptions& options, const std::string& name,
                                        const std::string& list_name) {
  try {
    return options.get_phrases(name, list_name);
  } catch (const YAML::Exception&) {
    return {options.get_string(name, "")};
  }
}

HeaderValue header_value(const Document& doc, const HeaderField& field) {
  const std::string_view raw = doc.slice(field.span);
  std::size_t skip = 0;
  while (skip < raw.size()) {
    const auto decoded = utf8::decode(raw, skip);
    if (decoded.code_point != ':' && decoded.code_point != U'\uFF1A' && !is_invisible(decoded.code_point)) break;
    skip += decoded.length;
  }
  return {std::string(raw.substr(skip)), {field.span.begin + skip, field.span.end}};
}

std::string excerpt(std::string_view text, std::size_t max_code_points) {
  std::size_t end = 0;
  for (std::size_t count = 0; end < text.size() && count < max_code_points; ++count)
    end += utf8::decode(text, end).length;
  if (end >= text.size()) return std::string(text);
  return std::string(text.substr(0, end)) + "…";
}

}  // namespace hlint::front_matter

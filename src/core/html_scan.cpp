#include "core/html_scan.hpp"

#include "core/resources.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "core/utf8.hpp"

namespace hlint {

const HtmlAttribute* HtmlToken::attribute(std::string_view attribute_name) const {
  for (const auto& attr : attributes)
    if (attr.name == attribute_name) return &attr;
  return nullptr;
}

namespace {

// ASCII only, whatever the C locale: markup names are ASCII, and tidy
// switches the process locale to the environment's when it starts.
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_name_char(char c) {
  return is_ascii_alpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':' || c == '.';
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Finds the end of a raw-text element (`</script`), case-insensitively.
std::size_t find_raw_text_end(std::string_view text, std::size_t from, std::size_t end, std::string_view name) {
  for (std::size_t i = from; i + 2 + name.size() <= end; ++i) {
    // On to the next '<' (memchr skips a script's code fast).
    const void* open = std::memchr(text.data() + i, '<', end - i);
    if (!open) break;
    i = static_cast<std::size_t>(static_cast<const char*>(open) - text.data());
    if (i + 2 + name.size() > end) break;
    if (text[i + 1] == '/' && lower(text.substr(i + 2, name.size())) == name) return i;
  }
  return end;
}

// The number of '<' in text, found with memchr (which skips text fast).
std::size_t count_angle_brackets(std::string_view text) {
  std::size_t count = 0;
  const char* const end = text.data() + text.size();
  for (const char* at = text.data(); at < end; ++at, ++count) {
    at = static_cast<const char*>(std::memchr(at, '<', static_cast<std::size_t>(end - at)));
    if (!at) break;
  }
  return count;
}

}  // namespace

std::vector<HtmlToken> scan_html(std::string_view text, Span range) {
  std::vector<HtmlToken> tokens;
  std::size_t i = range.begin;
  std::size_t text_start = i;
  const std::size_t end = std::min(range.end, text.size());
  // Tokens are big: room for the most there can be (a markup token and a
  // text token per '<', and a last text) spares moving them as they grow.
  tokens.reserve(2 * count_angle_brackets(text.substr(i, end - std::min(i, end))) + 1);

  auto flush_text = [&](std::size_t upto) {
    if (upto > text_start) {
      HtmlToken& token = tokens.emplace_back();
      token.kind = HtmlToken::Kind::text;
      token.span = {text_start, upto};
    }
  };

  while (i < end) {
    if (text[i] != '<') {
      // Text runs to the next '<'.
      const void* next_tag = std::memchr(text.data() + i, '<', end - i);
      i = next_tag ? static_cast<std::size_t>(static_cast<const char*>(next_tag) - text.data()) : end;
      continue;
    }
    if (i + 1 >= end) break;  // a '<' at the very end is text
    const char next = text[i + 1];
    if (text.substr(i, 4) == "<!--") {
      flush_text(i);
      std::size_t close = text.find("-->", i + 4);
      const std::size_t stop = (close == std::string_view::npos || close + 3 > end) ? end : close + 3;
      HtmlToken token;
      token.kind = HtmlToken::Kind::comment;
      token.span = {i, stop};
      token.content = {i + 4, close == std::string_view::npos || close + 3 > end ? end : close};
      tokens.push_back(std::move(token));
      i = text_start = stop;
      continue;
    }
    if (next == '!' || next == '?') {
      flush_text(i);
      std::size_t close = text.find('>', i);
      const std::size_t stop = (close == std::string_view::npos || close >= end) ? end : close + 1;
      HtmlToken token;
      token.kind = HtmlToken::Kind::doctype;
      token.span = {i, stop};
      tokens.push_back(std::move(token));
      i = text_start = stop;
      continue;
    }
    const bool is_end = next == '/';
    const std::size_t name_begin = i + (is_end ? 2 : 1);
    if (name_begin >= end || !is_ascii_alpha(text[name_begin])) {
      ++i;  // a lone '<' is text
      continue;
    }
    flush_text(i);
    std::size_t j = name_begin;
    while (j < end && is_name_char(text[j])) ++j;
    HtmlToken& token = tokens.emplace_back();  // built in place: tokens are big
    token.kind = is_end ? HtmlToken::Kind::end_tag : HtmlToken::Kind::start_tag;
    token.name = lower(text.substr(name_begin, j - name_begin));
    // Attributes.
    while (j < end && text[j] != '>') {
      if (is_html_space(text[j])) {
        ++j;
        continue;
      }
      if (text[j] == '/') {
        if (j + 1 < end && text[j + 1] == '>') token.self_closing = true;
        ++j;
        continue;
      }
      const std::size_t an = j;
      while (j < end && !is_html_space(text[j]) && text[j] != '=' && text[j] != '>' &&
             !(text[j] == '/' && j + 1 < end && text[j + 1] == '>'))
        ++j;
      if (j == an) {  // stray character such as a quote: skip it
        ++j;
        continue;
      }
      HtmlAttribute& attr = token.attributes.emplace_back();
      attr.name = lower(text.substr(an, j - an));
      attr.name_span = {an, j};
      attr.value_span = {j, j};
      std::size_t k = j;
      while (k < end && is_html_space(text[k])) ++k;
      if (k < end && text[k] == '=') {
        ++k;
        while (k < end && is_html_space(text[k])) ++k;
        attr.has_value = true;
        if (k < end && (text[k] == '"' || text[k] == '\'')) {
          const char quote = text[k];
          std::size_t close = text.find(quote, k + 1);
          if (close == std::string_view::npos || close >= end) close = end;
          attr.value_span = {k + 1, close};
          j = std::min(end, close + 1);
        } else {
          std::size_t v = k;
          while (v < end && !is_html_space(text[v]) && text[v] != '>') ++v;
          attr.value_span = {k, v};
          j = v;
        }
        attr.value = std::string(text.substr(attr.value_span.begin, attr.value_span.end - attr.value_span.begin));
      }
    }
    const std::size_t stop = j < end ? j + 1 : end;
    token.span = {i, stop};
    const bool raw = !is_end && (token.name == "script" || token.name == "style");
    i = text_start = stop;
    if (raw) {
      const std::string name = token.name;  // `token` dangles once the next token is added
      const std::size_t raw_end = find_raw_text_end(text, i, end, name);
      HtmlToken body;
      body.kind = HtmlToken::Kind::text;
      body.span = {i, raw_end};
      body.name = name;  // marks raw text: not visible
      if (raw_end > i) tokens.push_back(std::move(body));
      i = text_start = raw_end;
    }
  }
  flush_text(end);
  return tokens;
}

namespace {

// The WHATWG named character references (checks/data/html-entities.txt,
// generated from the HTML standard's table): name -> UTF-8 text, sorted.
class NamedReferences {
 public:
  NamedReferences() {
    const std::string_view content = embedded_file("data/html-entities.txt").value_or(std::string_view());
    for_each_data_line(content, [&](std::string_view line) {
      const std::size_t space = line.find(' ');
      if (space == std::string_view::npos) return;
      std::string value;
      for (std::size_t at = space + 1; at < line.size();) {
        std::uint32_t cp = 0;
        const auto [next, error] = std::from_chars(line.data() + at, line.data() + line.size(), cp, 16);
        if (error != std::errc()) break;
        utf8::append(value, static_cast<char32_t>(cp));
        at = static_cast<std::size_t>(next - line.data()) + 1;  // past the `+`
      }
      const std::string_view name = line.substr(0, space);
      longest_ = std::max(longest_, name.size());
      entries_.emplace_back(std::string(name), std::move(value));
    });
    std::sort(entries_.begin(), entries_.end());
  }

  const std::string* find(std::string_view name) const {
    const auto it = std::lower_bound(entries_.begin(), entries_.end(), name,
                                     [](const auto& entry, std::string_view key) { return entry.first < key; });
    return it != entries_.end() && it->first == name ? &it->second : nullptr;
  }
  std::size_t longest() const { return longest_; }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
  std::size_t longest_ = 0;
};

const NamedReferences& named_references() {
  static const NamedReferences references;  // immutable once built
  return references;
}

bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

}  // namespace

DecodedEntity decode_entity(std::string_view text, std::size_t pos) {
  DecodedEntity result;
  if (pos + 1 >= text.size() || text[pos] != '&') return result;
  if (text[pos + 1] == '#') {
    const std::size_t semi = text.find(';', pos + 1);
    if (semi == std::string_view::npos || semi - pos > 12) return result;
    const std::string_view body = text.substr(pos + 1, semi - pos - 1);
    unsigned long value = 0;
    const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    const std::string_view digits = body.substr(hex ? 2 : 1);
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, hex ? 16 : 10);
    if (ec != std::errc() || ptr != digits.data() + digits.size() || value == 0 || value > 0x10FFFF) return result;
    utf8::append(result.text, static_cast<char32_t>(value));
    result.length = semi - pos + 1;
    return result;
  }
  // A named reference, as browsers match it: the longest name of the
  // standard's table that the text starts with. Names end in `;`, except the
  // legacy ones (`&amp`, `&nbsp`), which are taken without it only when no
  // letter, digit or `=` follows (as in attribute values; in text browsers
  // are laxer, but `&copy2024` is rarely meant as `©2024`).
  const NamedReferences& references = named_references();
  std::size_t name_end = pos + 1;
  while (name_end < text.size() && name_end - pos <= references.longest() && is_ascii_alnum(text[name_end])) ++name_end;
  if (name_end < text.size() && text[name_end] == ';') {
    const std::string name(text.substr(pos + 1, name_end - pos));  // with its `;`
    if (const std::string* value = references.find(name)) {
      result.text = *value;
      result.length = name_end - pos + 1;
      return result;
    }
  }
  for (std::size_t end = name_end; end > pos + 1; --end) {
    if (end < text.size() && (is_ascii_alnum(text[end]) || text[end] == '=')) continue;
    if (const std::string* value = references.find(text.substr(pos + 1, end - pos - 1))) {
      result.text = *value;
      result.length = end - pos;
      return result;
    }
  }
  return result;
}

namespace {

// A fixed set of element names, searched once per tag in the model and in
// checks. A name of up to seven bytes is one integer (its bytes and its
// length), so a lookup is a bisection over integers rather than over strings
// (each string comparison a call to memcmp). Longer names, rare, are compared
// as strings.
template <std::size_t N>
class ElementNameSet {
 public:
  constexpr explicit ElementNameSet(const std::array<std::string_view, N>& names) : names_(names) {
    for (std::size_t k = 0; k < N; ++k) keys_[k] = key(names[k]);
    std::sort(keys_.begin(), keys_.end());
  }

  constexpr bool contains(std::string_view name) const {
    if (name.size() > kMaxPacked) return std::find(names_.begin(), names_.end(), name) != names_.end();
    return std::binary_search(keys_.begin(), keys_.end(), key(name));
  }

 private:
  static constexpr std::size_t kMaxPacked = 7;
  static constexpr std::uint64_t kTooLong = ~std::uint64_t{0};  // never the key of a short name

  static constexpr std::uint64_t key(std::string_view name) {
    if (name.size() > kMaxPacked) return kTooLong;
    std::uint64_t packed = name.size();
    for (const char c : name) packed = packed << 8 | static_cast<unsigned char>(c);
    return packed;
  }

  std::array<std::string_view, N> names_;
  std::array<std::uint64_t, N> keys_{};
};

constexpr ElementNameSet kBlockElements(std::array<std::string_view, 38>{
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol",
    "p", "pre", "section", "table", "td", "th", "tr", "ul"});

constexpr ElementNameSet kVoidElements(std::array<std::string_view, 14>{
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"});

}  // namespace

bool is_block_element(std::string_view name) { return kBlockElements.contains(name); }

bool is_void_element(std::string_view name) { return kVoidElements.contains(name); }

}  // namespace hlint

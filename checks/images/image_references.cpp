#include "images/image_references.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <unordered_map>

#include "core/html_scan.hpp"
#include "core/utf8.hpp"

namespace hlint {

namespace {

// Lazy-load attributes that hold the real image while `src` holds a spinner.
constexpr std::array<std::string_view, 4> kLazySourceAttributes = {"data-original", "data-src", "data-lazy-src",
                                                                   "data-url"};
// File extensions that make an `<a href>` a link to an image.
constexpr std::array<std::string_view, 10> kImageExtensions = {".png", ".jpg",  ".jpeg", ".gif", ".webp",
                                                               ".avif", ".bmp", ".ico",  ".svg", ".jfif"};
// The longest alt text followed when looking for the `](` of a Markdown
// image: bounds the work on a line full of unclosed `![`.
constexpr std::size_t kMaxMarkdownAlt = 1000;


std::string lowercase_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// A URL with the map from its bytes to the written text. Most URLs are read
// as they are written: while every byte stands for itself, text[k] was
// written at origin + k and no map is kept.
struct MappedText {
  std::string text;
  std::size_t origin = 0;
  bool changed = false;  // some byte does not stand for itself: begin_of/end_of map every byte
  std::vector<std::uint32_t> begin_of;
  std::vector<std::uint32_t> end_of;

  // Bytes that stand for the text at `from` (an entity, an escape).
  void push(std::string_view bytes, Span from) {
    keep_map();
    text.append(bytes);
    begin_of.insert(begin_of.end(), bytes.size(), static_cast<std::uint32_t>(from.begin));
    end_of.insert(end_of.end(), bytes.size(), static_cast<std::uint32_t>(from.end));
  }
  // source[begin, end), each byte standing for itself.
  void push_written(std::string_view source, std::size_t begin, std::size_t end) {
    end = std::min(end, source.size());
    if (begin >= end) return;
    if (text.empty() && !changed) origin = begin;
    if (origin + text.size() != begin) keep_map();
    if (changed) {
      for (std::size_t i = begin; i < end; ++i) {
        begin_of.push_back(static_cast<std::uint32_t>(i));
        end_of.push_back(static_cast<std::uint32_t>(i + 1));
      }
    }
    text.append(source, begin, end - begin);
  }
  // Where text[k] is written.
  Span written(std::size_t k) const { return changed ? Span{begin_of[k], end_of[k]} : Span{origin + k, origin + k + 1}; }

 private:
  // The map is kept from now on: writes out the identity map of the text so far.
  void keep_map() {
    if (changed) return;
    changed = true;
    for (std::size_t k = 0; k < text.size(); ++k) {
      begin_of.push_back(static_cast<std::uint32_t>(origin + k));
      end_of.push_back(static_cast<std::uint32_t>(origin + k + 1));
    }
  }
};

// An attribute value as a browser reads it: character references decoded.
MappedText decode_attribute(std::string_view text, Span value) {
  MappedText out;
  const std::size_t end = std::min(value.end, text.size());
  out.text.reserve(end - std::min(value.begin, end));
  std::size_t i = value.begin;
  while (i < end) {
    // Searched within the attribute: a search to the end of the document
    // made a page of many attributes quadratic (issue 18).
    const std::size_t ampersand = std::min(text.substr(0, end).find('&', i), end);
    out.push_written(text, i, ampersand);
    i = ampersand;
    if (i == end) break;
    const DecodedEntity entity = decode_entity(text.substr(0, value.end), i);
    if (entity.length > 0) {
      out.push(entity.text, {i, i + entity.length});
      i += entity.length;
    } else {
      out.push_written(text, i, i + 1);
      ++i;
    }
  }
  return out;
}

ImageReference make_reference(ImageOrigin origin, std::string attribute, const MappedText& mapped, std::size_t begin,
                              std::size_t end, Span written) {
  ImageReference reference;
  reference.origin = origin;
  reference.attribute = std::move(attribute);
  reference.url = mapped.text.substr(begin, end - begin);
  reference.span = written;
  if (end > begin) reference.span = {mapped.written(begin).begin, mapped.written(end - 1).end};
  if (mapped.changed) {
    reference.begin_of.assign(mapped.begin_of.begin() + static_cast<std::ptrdiff_t>(begin),
                              mapped.begin_of.begin() + static_cast<std::ptrdiff_t>(end));
    reference.end_of.assign(mapped.end_of.begin() + static_cast<std::ptrdiff_t>(begin),
                            mapped.end_of.begin() + static_cast<std::ptrdiff_t>(end));
  }
  return reference;
}

// The candidates of a srcset ("a.png 1x, b.png 2x"), as [begin, end) ranges of
// their URLs, following the HTML parsing algorithm: a URL runs to white space;
// commas that end it belong to the list, not to the URL.
std::vector<std::pair<std::size_t, std::size_t>> srcset_urls(std::string_view value) {
  std::vector<std::pair<std::size_t, std::size_t>> urls;
  std::size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && (is_html_space(value[i]) || value[i] == ',')) ++i;
    if (i >= value.size()) break;
    const std::size_t begin = i;
    while (i < value.size() && !is_html_space(value[i])) ++i;
    std::size_t end = i;
    bool descriptors = true;
    if (end > begin && value[end - 1] == ',') {
      while (end > begin && value[end - 1] == ',') --end;
      descriptors = false;
    }
    if (end > begin) urls.emplace_back(begin, end);
    if (descriptors) {
      // Skip the descriptors ("2x", "640w") up to the next comma outside parentheses.
      int depth = 0;
      while (i < value.size() && (value[i] != ',' || depth > 0)) {
        if (value[i] == '(') ++depth;
        if (value[i] == ')' && depth > 0) --depth;
        ++i;
      }
    }
  }
  return urls;
}

// The longest of kImageExtensions: only that much of the end of a path needs lower case.
constexpr std::size_t kLongestImageExtension =
    std::max_element(kImageExtensions.begin(), kImageExtensions.end(),
                     [](std::string_view a, std::string_view b) { return a.size() < b.size(); })
        ->size();

// Every `<a href>` of a page is asked: only the end of the path is copied,
// and the query is found without a memchr per byte (string_view::find_first_of).
bool links_to_image_file(std::string_view url) {
  std::size_t first = 0;
  while (first < url.size() && is_html_space(url[first])) ++first;
  url.remove_prefix(first);
  const auto query = std::find_if(url.begin(), url.end(), [](char c) { return c == '?' || c == '#'; });
  std::string_view path = url.substr(0, static_cast<std::size_t>(query - url.begin()));
  while (!path.empty() && is_html_space(path.back())) path.remove_suffix(1);
  const std::string end = lowercase_ascii(path.substr(path.size() - std::min(path.size(), kLongestImageExtension)));
  return std::any_of(kImageExtensions.begin(), kImageExtensions.end(),
                     [&](std::string_view extension) { return std::string_view(end).ends_with(extension); });
}

bool has_value(const HtmlAttribute* attribute) {
  return attribute && attribute->has_value && attribute->value.find_first_not_of(" \t\r\n\f") != std::string::npos;
}

void add_attribute_url(std::vector<ImageReference>& out, std::string_view text, ImageOrigin origin,
                       const HtmlAttribute& attribute) {
  const MappedText mapped = decode_attribute(text, attribute.value_span);
  out.push_back(make_reference(origin, attribute.name, mapped, 0, mapped.text.size(), attribute.value_span));
}

void add_srcset(std::vector<ImageReference>& out, std::string_view text, const HtmlAttribute& attribute) {
  const MappedText mapped = decode_attribute(text, attribute.value_span);
  for (const auto& [begin, end] : srcset_urls(mapped.text))
    out.push_back(make_reference(ImageOrigin::srcset, attribute.name, mapped, begin, end, attribute.value_span));
}

void collect_from_tags(const std::vector<HtmlToken>& tokens, std::string_view text, std::vector<ImageReference>& out) {
  for (const HtmlToken& token : tokens) {
    if (token.kind != HtmlToken::Kind::start_tag) continue;
    // As a string_view, a name is compared by size first: no strlen, few memcmp.
    const std::string_view name = token.name;
    if (name == "img") {
      bool lazy = false;
      std::vector<ImageReference> lazy_references;
      for (std::string_view name : kLazySourceAttributes) {
        const HtmlAttribute* attribute = token.attribute(name);
        if (!has_value(attribute)) continue;
        lazy = true;
        add_attribute_url(lazy_references, text, ImageOrigin::lazy_src, *attribute);
      }
      const HtmlAttribute* src = token.attribute("src");
      // `src=""` next to a lazy-load attribute is the loader's slot, not a broken image.
      if (src && src->has_value && (!lazy || has_value(src))) add_attribute_url(out, text, ImageOrigin::img_src, *src);
      if (const HtmlAttribute* srcset = token.attribute("srcset"); has_value(srcset)) add_srcset(out, text, *srcset);
      if (const HtmlAttribute* srcset = token.attribute("data-srcset"); has_value(srcset)) add_srcset(out, text, *srcset);
      for (auto& reference : lazy_references) out.push_back(std::move(reference));
    } else if (name == "source") {
      // <picture><source srcset>; a <video>/<audio> <source src> is no image.
      if (const HtmlAttribute* srcset = token.attribute("srcset"); has_value(srcset)) add_srcset(out, text, *srcset);
    } else if (name == "a") {
      const HtmlAttribute* href = token.attribute("href");
      if (!has_value(href)) continue;
      const MappedText mapped = decode_attribute(text, href->value_span);
      if (links_to_image_file(mapped.text))
        out.push_back(make_reference(ImageOrigin::link, "href", mapped, 0, mapped.text.size(), href->value_span));
    }
  }
}

// Fenced code blocks (``` or ~~~) of a Markdown body: nothing in them is shown
// as an image.
std::vector<Span> fenced_code_blocks(const Document& doc) {
  std::vector<Span> blocks;
  const LineIndex& lines = doc.lines();
  const Span body = doc.body();
  if (body.begin >= body.end) return blocks;
  char fence_char = 0;
  std::size_t fence_length = 0;
  std::size_t fence_begin = 0;
  for (std::size_t line = lines.line_of(body.begin); line < lines.line_count(); ++line) {
    const std::size_t start = lines.line_start(line);
    if (start >= body.end) break;
    std::string_view content = lines.line_text(line);
    std::size_t indent = 0;
    while (indent < content.size() && indent < 4 && content[indent] == ' ') ++indent;
    if (indent > 3) continue;
    content.remove_prefix(indent);
    if (content.empty() || (content[0] != '`' && content[0] != '~')) continue;
    const char c = content[0];
    std::size_t run = 0;
    while (run < content.size() && content[run] == c) ++run;
    if (run < 3) continue;
    if (fence_char == 0) {
      // An info string after ``` may not contain a backtick.
      if (c == '`' && content.find('`', run) != std::string_view::npos) continue;
      fence_char = c;
      fence_length = run;
      fence_begin = start;
    } else if (c == fence_char && run >= fence_length &&
               content.find_first_not_of(" \t", run) == std::string_view::npos) {
      blocks.push_back({fence_begin, lines.line_end(line)});
      fence_char = 0;
    }
  }
  if (fence_char != 0) blocks.push_back({fence_begin, body.end});
  return blocks;
}

// Parts of the body outside fenced code.
std::vector<Span> prose_ranges(const Span body, const std::vector<Span>& code) {
  std::vector<Span> ranges;
  std::size_t at = body.begin;
  for (const Span& block : code) {
    if (block.begin > at) ranges.push_back({at, block.begin});
    at = std::max(at, block.end);
  }
  if (body.end > at) ranges.push_back({at, body.end});
  return ranges;
}

bool is_ascii_punctuation(char c) { return c >= 0x21 && c <= 0x7E && !std::isalnum(static_cast<unsigned char>(c)); }

// Where the scans of a Markdown image end on one line, worked out once per
// line. Each `![` used to re-read the rest of the line (its alt text, its
// destination, its title), so a line of unclosed `![a](` repeated took
// quadratic time: 4 s at 80 KB, minutes at 500 KB (issue 18). Every scan is a
// "first position at or after j where ..." question; each kind is answered
// for the whole line in one pass, the first time it is asked, so a line costs
// a few passes whatever its images.
//
// Escapes follow the scans they replace: the alt text and the title skip the
// byte after any backslash; a destination only a backslash before ASCII
// punctuation. A scan always starts at a position no backslash escapes (after
// `[`, `(`, a quote or a blank), where the line's escapes, read from its
// start, agree with the scan's own.
class MarkdownLine {
 public:
  MarkdownLine(std::string_view text, std::size_t begin, std::size_t end) : text_(text), begin_(begin), end_(end) {}

  std::size_t limit() const { return end_; }

  // The `]` that closes the `[` before `from` (alt text), or limit().
  std::size_t alt_end(std::size_t from) {
    if (alt_close_.empty()) alt_close_ = matching_close('[', ']', /*any_escape=*/true, /*stop_at_space=*/false);
    return at(alt_close_, from);
  }
  // The end of a bare destination starting at `from`: the first white space,
  // or the first `)` that no `(` after `from` opened; limit() if none.
  std::size_t destination_end(std::size_t from) {
    if (destination_close_.empty())
      destination_close_ = matching_close('(', ')', /*any_escape=*/false, /*stop_at_space=*/true);
    return at(destination_close_, from);
  }
  // The first `>` or `<` at or after `from` (a destination in <...>).
  std::size_t angle_end(std::size_t from) {
    if (angle_.empty()) angle_ = next_where([](char c) { return c == '<' || c == '>'; }, /*escapes=*/false);
    return at(angle_, from);
  }
  // The first unescaped `close` at or after `from` (the end of a title).
  std::size_t title_end(std::size_t from, char close) {
    std::vector<std::uint32_t>& next = close == '"' ? double_quote_ : close == '\'' ? single_quote_ : parenthesis_;
    if (next.empty()) next = next_where([close](char c) { return c == close; }, /*escapes=*/true);
    return at(next, from);
  }
  // The first byte at or after `from` that is not a space or a tab.
  std::size_t skip_blanks(std::size_t from) {
    if (non_blank_.empty()) non_blank_ = next_where([](char c) { return c != ' ' && c != '\t'; }, /*escapes=*/false);
    return at(non_blank_, from);
  }

 private:
  std::size_t at(const std::vector<std::uint32_t>& next, std::size_t from) const {
    if (from >= end_) return end_;
    return begin_ + next[from - begin_];
  }

  // Which bytes of the line a backslash escapes, read from the line's start.
  std::vector<bool> escaped(bool any_escape) const {
    std::vector<bool> out(end_ - begin_, false);
    for (std::size_t k = begin_; k + 1 < end_; ++k)
      if (text_[k] == '\\' && (any_escape || is_ascii_punctuation(text_[k + 1]))) out[++k - begin_] = true;
    return out;
  }

  // next[k]: the first position p >= k (relative to the line) with an
  // unescaped byte for which `wanted` holds; the line's length if none.
  template <typename Wanted>
  std::vector<std::uint32_t> next_where(Wanted wanted, bool escapes) const {
    const std::size_t n = end_ - begin_;
    const std::vector<bool> skip = escapes ? escaped(true) : std::vector<bool>(n, false);
    std::vector<std::uint32_t> next(n + 1, static_cast<std::uint32_t>(n));
    for (std::size_t k = n; k-- > 0;)
      next[k] = (!skip[k] && wanted(text_[begin_ + k])) ? static_cast<std::uint32_t>(k) : next[k + 1];
    return next;
  }

  // close[k]: for a scan starting at k with depth 0, the first unescaped
  // `close` met at depth 0 (or, with stop_at_space, the first white space if
  // that comes first). With the line's running depth d (opens minus closes
  // before a position), that is the first `close` at or after k with d equal
  // to d at k: d moves by one at a time, so it cannot drop below its value at
  // k without passing such a `close`. Found right to left, keeping the
  // nearest `close` seen for each depth.
  std::vector<std::uint32_t> matching_close(char open, char close, bool any_escape, bool stop_at_space) const {
    const std::size_t n = end_ - begin_;
    const std::vector<bool> skip = escaped(any_escape);
    std::vector<std::int64_t> depth(n + 1, 0);
    for (std::size_t k = 0; k < n; ++k) {
      const char c = text_[begin_ + k];
      depth[k + 1] = depth[k] + (skip[k] ? 0 : c == open ? 1 : c == close ? -1 : 0);
    }
    // Depths lie in [-n, n]: nearest[d + n] is the nearest close seen at depth d.
    std::vector<std::uint32_t> nearest(2 * n + 1, static_cast<std::uint32_t>(n));
    std::vector<std::uint32_t> result(n + 1, static_cast<std::uint32_t>(n));
    std::uint32_t space = static_cast<std::uint32_t>(n);
    for (std::size_t k = n; k-- > 0;) {
      const char c = text_[begin_ + k];
      const auto slot = static_cast<std::size_t>(depth[k] + static_cast<std::int64_t>(n));
      if (!skip[k] && c == close) nearest[slot] = static_cast<std::uint32_t>(k);
      if (stop_at_space && is_html_space(c)) space = static_cast<std::uint32_t>(k);
      result[k] = std::min(nearest[slot], stop_at_space ? space : static_cast<std::uint32_t>(n));
    }
    return result;
  }

  std::string_view text_;
  std::size_t begin_;
  std::size_t end_;
  std::vector<std::uint32_t> alt_close_, destination_close_, angle_, double_quote_, single_quote_, parenthesis_,
      non_blank_;
};

// Parses `![alt](destination "title")` at text[at] ('!'), within the line.
// Returns the reference, or nothing when this is not an inline image.
std::optional<ImageReference> parse_markdown_image(std::string_view text, std::size_t at, MarkdownLine& line) {
  const std::size_t limit = line.limit();
  const std::size_t i = line.alt_end(at + 2);
  if (i >= limit || i - at >= kMaxMarkdownAlt) return std::nullopt;
  if (i + 1 >= limit || text[i] != ']' || text[i + 1] != '(') return std::nullopt;
  std::size_t j = line.skip_blanks(i + 2);
  Span written{j, j};
  std::size_t destination_end = j;
  bool angle = false;
  if (j < limit && text[j] == '<') {
    const std::size_t k = line.angle_end(j + 1);
    if (k >= limit || text[k] != '>') return std::nullopt;
    written = {j + 1, k};
    angle = true;
    j = k + 1;
  } else {
    destination_end = line.destination_end(j);
    written = {j, destination_end};
    j = destination_end;
  }
  // An optional title, then the closing parenthesis.
  j = line.skip_blanks(j);
  if (j < limit && (text[j] == '"' || text[j] == '\'' || text[j] == '(')) {
    const char close = text[j] == '(' ? ')' : text[j];
    const std::size_t k = line.title_end(j + 1, close);
    if (k >= limit) return std::nullopt;
    j = line.skip_blanks(k + 1);
  }
  if (j >= limit || text[j] != ')') return std::nullopt;
  // Only an image that parsed has its destination decoded: the work is the
  // destination's length, once.
  MappedText destination;
  if (angle) {
    destination.push_written(text, written.begin, written.end);
  } else {
    for (std::size_t k = written.begin; k < written.end;) {
      if (text[k] == '\\' && k + 1 < written.end && is_ascii_punctuation(text[k + 1])) {
        destination.push(text.substr(k + 1, 1), {k, k + 2});
        k += 2;
        continue;
      }
      destination.push_written(text, k, k + 1);
      ++k;
    }
  }
  ImageReference reference = make_reference(ImageOrigin::markdown, "", destination, 0, destination.text.size(), written);
  if (destination.text.empty()) reference.span = written;
  return reference;
}

void collect_markdown_images(std::string_view text, Span range, std::vector<ImageReference>& out) {
  std::size_t i = range.begin;
  while (i < range.end) {
    const std::size_t line_end = std::min(range.end, std::min(text.find('\n', i), text.size()));
    MarkdownLine line(text, i, line_end);
    const std::string_view upto_line_end = text.substr(0, line_end);
    // Run lengths of backticks with no closing run after a position: a
    // search that failed once fails again from any later start (issue 18:
    // many unclosed runs of one length would each search to the line's end).
    std::unordered_map<std::size_t, std::size_t> unclosed_run_from;
    for (std::size_t k = i; k < line_end;) {
      const char c = text[k];
      if (c == '\\') {
        k += 2;
        continue;
      }
      if (c == '`') {
        // An inline code span: skip to the closing run of as many backticks.
        std::size_t run = 0;
        while (k + run < line_end && text[k + run] == '`') ++run;
        std::size_t close = std::string_view::npos;
        const auto known = unclosed_run_from.find(run);
        if (known == unclosed_run_from.end() || k < known->second) {
          const std::string_view ticks = text.substr(k, run);
          close = upto_line_end.find(ticks, k + run);
          while (close != std::string_view::npos && close + run < line_end && text[close + run] == '`')
            close = upto_line_end.find(ticks, close + run + 1);
          if (close == std::string_view::npos) unclosed_run_from[run] = k;
        }
        k = close == std::string_view::npos ? k + run : close + run;
        continue;
      }
      if (c == '!' && k + 1 < line_end && text[k + 1] == '[') {
        if (auto reference = parse_markdown_image(text, k, line)) {
          out.push_back(std::move(*reference));
          k = std::max(k + 2, static_cast<std::size_t>(out.back().span.end));
          continue;
        }
      }
      ++k;
    }
    i = line_end + 1;
  }
}

// The span of a front-matter scalar inside its quotes, with the map of
// single-quote escapes (`''`). Widened to the whole value when the written
// text is not the scalar (double-quote escapes, folded lines).
ImageReference front_matter_reference(const Document& doc, const FrontMatterEntry& entry) {
  const std::string& scalar = entry.value.Scalar();
  const std::string_view text = doc.text();
  const std::string_view raw = doc.slice(entry.value_span);
  const std::size_t base = entry.value_span.begin;
  MappedText mapped;
  Span written = entry.value_span;
  if (!raw.empty() && raw.front() == '\'') {
    std::size_t k = 1;
    while (k < raw.size()) {
      const std::size_t quote = std::min(raw.find('\'', k), raw.size());
      mapped.push_written(text, base + k, base + quote);
      k = quote;
      if (k + 1 >= raw.size() || raw[k + 1] != '\'') break;  // the closing quote, or none
      mapped.push("'", {base + k, base + k + 2});  // '' stands for '
      k += 2;
    }
    written = {base + 1, base + k};
  } else if (!raw.empty() && raw.front() == '"') {
    const std::size_t close = raw.find('"', 1);
    written = {base + 1, close == std::string_view::npos ? entry.value_span.end : base + close};
    mapped.push_written(text, written.begin, written.end);
  } else {
    std::size_t end = raw.size();
    for (std::size_t k = 0; k < raw.size(); ++k)
      if (raw[k] == '#' && k > 0 && (raw[k - 1] == ' ' || raw[k - 1] == '\t')) {
        end = k;
        break;
      }
    while (end > 0 && is_html_space(raw[end - 1])) --end;
    written = {base, base + end};
    mapped.push_written(text, base, base + end);
  }
  ImageReference reference;
  reference.origin = ImageOrigin::front_matter;
  reference.attribute = entry.key;
  reference.url = scalar;
  reference.span = written;
  if (mapped.text != scalar) {
    reference.exact = false;
  } else if (mapped.changed) {
    reference.begin_of = std::move(mapped.begin_of);
    reference.end_of = std::move(mapped.end_of);
  }
  return reference;
}

// True when the white-space separated class list has `name`.
bool has_class(std::string_view classes, std::string_view name) {
  std::size_t i = 0;
  while (i < classes.size()) {
    while (i < classes.size() && is_html_space(classes[i])) ++i;
    std::size_t end = i;
    while (end < classes.size() && !is_html_space(classes[end])) ++end;
    if (end > i && classes.substr(i, end - i) == name) return true;
    i = end;
  }
  return false;
}

// The href of the first link in a `<p class="url">` footer ("原文链接：<a href=…>").
std::string footer_source_link(const std::vector<HtmlToken>& tokens, std::string_view text) {
  bool in_footer = false;
  for (const HtmlToken& token : tokens) {
    const std::string_view name = token.name;  // compared by size first
    if (name != "p" && name != "a") continue;
    if (token.kind == HtmlToken::Kind::start_tag && name == "p") {
      const HtmlAttribute* klass = token.attribute("class");
      in_footer = false;
      if (klass) {
        in_footer = has_class(decode_attribute(text, klass->value_span).text, "url");
      }
    } else if (token.kind == HtmlToken::Kind::end_tag && name == "p") {
      in_footer = false;
    } else if (in_footer && token.kind == HtmlToken::Kind::start_tag && name == "a") {
      if (const HtmlAttribute* href = token.attribute("href"); has_value(href))
        return decode_attribute(text, href->value_span).text;
    }
  }
  return {};
}

struct CurlUrlDeleter {
  void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};

std::string curl_part(CURLU* handle, CURLUPart part, unsigned flags = 0) {
  char* value = nullptr;
  if (curl_url_get(handle, part, &value, flags) != CURLUE_OK || !value) return {};
  std::string out(value);
  curl_free(value);
  return out;
}

}  // namespace

Span ImageReference::span_of(std::size_t begin, std::size_t end) const {
  if (!exact) return span;
  begin = std::min(begin, url.size());
  end = std::min(std::max(begin, end), url.size());
  if (begin_of.empty()) return {span.begin + begin, span.begin + end};
  if (begin == end) {
    const std::size_t at = begin < begin_of.size() ? begin_of[begin] : span.end;
    return {at, at};
  }
  return {begin_of[begin], end_of[end - 1]};
}

std::string ImageReference::describe() const {
  switch (origin) {
    case ImageOrigin::img_src: return "`<img src>`";
    case ImageOrigin::srcset: return "a `" + attribute + "` candidate";
    case ImageOrigin::lazy_src: return "the lazy-load `" + attribute + "`";
    case ImageOrigin::link: return "the linked image";
    case ImageOrigin::front_matter: return "front-matter `" + attribute + "`";
    case ImageOrigin::markdown: return "the Markdown image";
  }
  return "the image";
}

const links::UrlAnalysis& ImageReference::analysis() const {
  // Neutral options: the checks apply their own placeholder list and https policy.
  static const links::UrlLintOptions kOptions = [] {
    links::UrlLintOptions options;
    options.placeholder_hosts.clear();
    options.expect_https = true;
    return options;
  }();
  if (!analysis_) analysis_ = std::make_shared<std::optional<links::UrlAnalysis>>();
  if (!*analysis_) *analysis_ = links::inspect_url(url, kOptions);
  return **analysis_;
}

ImageReferences::ImageReferences(const Document& doc) {
  const std::string_view text = doc.text();
  if (const auto& fm = doc.front_matter(); fm && !fm->error) {
    for (const FrontMatterEntry& entry : fm->entries) {
      if (!entry.value.IsDefined() || !entry.value.IsScalar() || entry.value.Scalar().empty()) continue;
      front_matter.push_back(front_matter_reference(doc, entry));
      if ((entry.key == "source" || entry.key == "original_url") && source_origin.empty())
        source_origin = url_origin(entry.value.Scalar());
    }
  }
  switch (doc.body_format()) {
    case BodyFormat::html:
      collect_from_tags(doc.html_tokens(), text, body);
      if (source_origin.empty()) source_origin = url_origin(footer_source_link(doc.html_tokens(), text));
      break;
    case BodyFormat::markdown: {
      // Markdown images, and the raw HTML images Markdown allows, outside code.
      std::vector<ImageReference> html_images;
      for (const Span& range : prose_ranges(doc.body(), fenced_code_blocks(doc))) {
        collect_markdown_images(text, range, body);
        collect_from_tags(scan_html(text, range), text, html_images);
      }
      for (auto& reference : html_images) body.push_back(std::move(reference));
      std::stable_sort(body.begin(), body.end(),
                       [](const ImageReference& a, const ImageReference& b) { return a.span.begin < b.span.begin; });
      break;
    }
    case BodyFormat::plain_text:
    case BodyFormat::empty: break;  // a text scrape shows no images
  }
  // One analysis per distinct URL. Most documents have a few references:
  // those are matched by a look at the earlier ones, without hashing URLs
  // into a map's nodes.
  constexpr std::size_t kFewReferences = 16;
  if (front_matter.size() + body.size() <= kFewReferences) {
    std::vector<ImageReference*> earlier;
    for (auto* references : {&front_matter, &body})
      for (ImageReference& reference : *references) {
        const auto same = std::find_if(earlier.begin(), earlier.end(),
                                       [&](const ImageReference* other) { return other->url == reference.url; });
        reference.analysis_ =
            same != earlier.end() ? (*same)->analysis_ : std::make_shared<std::optional<links::UrlAnalysis>>();
        earlier.push_back(&reference);
      }
    return;
  }
  std::unordered_map<std::string_view, std::shared_ptr<std::optional<links::UrlAnalysis>>> analyses;
  for (auto* references : {&front_matter, &body})
    for (ImageReference& reference : *references) {
      auto& shared = analyses[reference.url];
      if (!shared) shared = std::make_shared<std::optional<links::UrlAnalysis>>();
      reference.analysis_ = shared;
    }
}

ImageScope::ImageScope(const CheckOptions& options)
    : front_matter_keys_(options.get_phrases("front-matter-keys", "images-front-matter-keys")) {}

OptionSpec ImageScope::option() {
  return {"front-matter-keys", OptionType::phrase_list, "images-front-matter-keys",
          "front-matter keys whose value is an image (default: headimg, thumbnail, cover)"};
}

bool ImageScope::includes_key(std::string_view key) const {
  return std::find(front_matter_keys_.begin(), front_matter_keys_.end(), key) != front_matter_keys_.end();
}

std::string url_origin(std::string_view url) {
  std::size_t first = 0;
  while (first < url.size() && is_html_space(url[first])) ++first;
  url.remove_prefix(first);
  while (!url.empty() && is_html_space(url.back())) url.remove_suffix(1);
  const std::string lower = lowercase_ascii(url.substr(0, 8));
  if (!lower.starts_with("http://") && !lower.starts_with("https://")) return {};
  if (url.find('\0') != std::string_view::npos) return {};
  const std::unique_ptr<CURLU, CurlUrlDeleter> handle(curl_url());
  if (!handle) return {};
  const std::string copy(url);
  if (curl_url_set(handle.get(), CURLUPART_URL, copy.c_str(), CURLU_ALLOW_SPACE) != CURLUE_OK) return {};
  const std::string scheme = curl_part(handle.get(), CURLUPART_SCHEME);
  const std::string host = curl_part(handle.get(), CURLUPART_HOST);
  if (host.empty()) return {};
  const std::string port = curl_part(handle.get(), CURLUPART_PORT, CURLU_NO_DEFAULT_PORT);
  return scheme + "://" + host + (port.empty() ? "" : ":" + port) + "/";
}

std::string shorten(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "…";
}

}  // namespace hlint

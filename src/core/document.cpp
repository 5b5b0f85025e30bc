#include "core/document.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

#include "core/utf8.hpp"

namespace hlint {

std::string_view to_string(BodyFormat format) {
  switch (format) {
    case BodyFormat::html: return "html";
    case BodyFormat::markdown: return "markdown";
    case BodyFormat::plain_text: return "text";
    case BodyFormat::empty: return "empty";
  }
  return "?";
}

const FrontMatterEntry* FrontMatter::find(std::string_view key) const {
  for (const auto& entry : entries)
    if (entry.key == key) return &entry;
  return nullptr;
}

void SourceMap::copy(std::size_t text_begin, Span source) {
  const auto length = static_cast<std::uint32_t>(source.end - source.begin);
  if (length == 0) return;
  // Text copied right after text copied from just before it: one piece.
  if (!empty()) {
    Piece& last = more_.empty() ? first_ : more_.back();
    if (last.copied && last.text_end == text_begin && last.source_end == source.begin) {
      last.text_end += length;
      last.source_end += length;
      return;
    }
  }
  push(Piece{static_cast<std::uint32_t>(text_begin), static_cast<std::uint32_t>(text_begin) + length,
             static_cast<std::uint32_t>(source.begin), static_cast<std::uint32_t>(source.end), true});
}

void SourceMap::replace(std::size_t text_begin, std::size_t length, Span source) {
  if (length == 0) return;
  push(Piece{static_cast<std::uint32_t>(text_begin), static_cast<std::uint32_t>(text_begin + length),
             static_cast<std::uint32_t>(source.begin), static_cast<std::uint32_t>(source.end), false});
}

void SourceMap::push(const Piece& piece) {
  if (empty())
    first_ = piece;
  else
    more_.push_back(piece);
}

const SourceMap::Piece& SourceMap::piece_holding(std::size_t i) const {
  // The last piece starting at or before i (pieces are in text order), or
  // the first piece when none does.
  if (more_.empty() || i < more_.front().text_begin) return first_;
  auto it = std::upper_bound(more_.begin(), more_.end(), i,
                             [](std::size_t at, const Piece& piece) { return at < piece.text_begin; });
  return *std::prev(it);
}

namespace {

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::uint32_t SourceMap::begin_of(std::string_view text, std::size_t i) const {
  if (empty()) return 0;
  if (i >= last().text_end) return end_of(text, last().text_end - 1);
  const Piece& piece = piece_holding(i);
  if (!piece.copied) return piece.source_begin;
  // Back to the character's first byte, within the piece.
  while (i > piece.text_begin && is_continuation_byte(text[i])) --i;
  return piece.source_begin + static_cast<std::uint32_t>(i - piece.text_begin);
}

std::uint32_t SourceMap::end_of(std::string_view text, std::size_t i) const {
  if (empty()) return 0;
  if (i >= last().text_end) i = last().text_end - 1;
  const Piece& piece = piece_holding(i);
  if (!piece.copied) return piece.source_end;
  // On to the character's last byte, within the piece.
  std::size_t end = i + 1;
  while (end < piece.text_end && is_continuation_byte(text[end])) ++end;
  return piece.source_begin + static_cast<std::uint32_t>(end - piece.text_begin);
}

Span TextBlock::span(std::size_t begin, std::size_t end) const {
  if (text.empty()) return element_span;
  begin = std::min(begin, text.size() - 1);
  if (end <= begin) return {begin_of(begin), begin_of(begin)};
  end = std::min(end, text.size());
  return {begin_of(begin), end_of(end - 1)};
}

namespace {

bool is_blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t'; });
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Format detection looks at the start of the body only (bounded work per
// document) with plain string scans: std::regex costs more than tidy here.
constexpr std::size_t kSniffBytes = 16384;

bool looks_like_html(std::string_view body) {
  static constexpr std::array<std::string_view, 36> kTags = {
      "p",       "div",    "br",     "img",     "span",   "a",      "h1",   "h2",   "h3",
      "h4",      "h5",     "h6",     "ul",      "ol",     "li",     "table", "tr",  "td",
      "strong",  "em",     "b",      "i",       "section", "article", "html", "body", "head",
      "figure",  "blockquote", "pre", "iframe", "video",  "header", "footer", "nav", "font"};
  const std::string_view head = body.substr(0, kSniffBytes);
  std::size_t count = 0;
  for (std::size_t at = head.find('<'); at != std::string_view::npos; at = head.find('<', at + 1)) {
    std::size_t end = at + 1;
    while (end < head.size() && std::isalpha(static_cast<unsigned char>(head[end]))) ++end;
    if (end == at + 1 || end >= head.size()) continue;
    const char next = head[end];
    if (next != ' ' && next != '>' && next != '/' && next != '\t' && next != '\n' && next != '\r' &&
        !(std::isdigit(static_cast<unsigned char>(next)) && end == at + 2))
      continue;
    std::string name(head.substr(at + 1, end - at - 1 + (std::isdigit(static_cast<unsigned char>(next)) ? 1 : 0)));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    if (std::find(kTags.begin(), kTags.end(), name) != kTags.end() && ++count >= 2) return true;
  }
  const auto first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return false;
  // One known tag is enough when the body starts with markup.
  return (count == 1 && body[first] == '<') || body.substr(first, 9) == "<!DOCTYPE" ||
         body.substr(first, 9) == "<!doctype" || body.substr(first, 5) == "<html";
}

bool looks_like_markdown(std::string_view body) {
  const std::string_view head = body.substr(0, kSniffBytes);
  if (head.find("](") != std::string_view::npos && head.find("[") != std::string_view::npos) return true;
  if (head.find("```") != std::string_view::npos) return true;
  for (std::size_t line = 0; line < head.size();) {
    const std::size_t end = std::min(head.find('\n', line), head.size());
    const std::string_view text = head.substr(line, end - line);
    std::size_t hashes = 0;
    while (hashes < text.size() && text[hashes] == '#') ++hashes;
    if (hashes >= 1 && hashes <= 6 && hashes < text.size() && text[hashes] == ' ') return true;
    if (text.size() > 2 && text[0] == '>' && text[1] == ' ') return true;
    line = end + 1;
  }
  return false;
}

// End of a run of visible characters in HTML text: the first white space or
// '&' in text[from, end), or end. All six bytes are below 0x27, so a word of
// eight bytes none of which is below 0x27 (no byte of Chinese text is) is
// skipped at once.
std::size_t find_run_end(std::string_view text, std::size_t from, std::size_t end) {
  std::size_t i = from;
  while (i < end) {
    for (std::uint64_t word; i + sizeof word <= end; i += sizeof word) {
      std::memcpy(&word, text.data() + i, sizeof word);
      if (utf8::has_byte_below(word, 0x27)) break;
    }
    // A word with a byte below 0x27 (or the last few bytes): byte by byte.
    for (const std::size_t word_end = std::min(end, i + sizeof(std::uint64_t)); i < word_end; ++i)
      if (is_html_space(text[i]) || text[i] == '&') return i;
  }
  return end;
}

}  // namespace

Document::Document(std::string path, SourceText source)
    : path_(std::move(path)), source_(std::move(source)), lines_(source_.text()) {}

std::unique_ptr<Document> Document::load(std::string path, std::string bytes) {
  std::unique_ptr<Document> doc(new Document(std::move(path), SourceText::decode(std::move(bytes))));
  doc->parse_front_matter();
  doc->detect_body_format();
  if (doc->body_format_ == BodyFormat::html) {
    doc->html_tokens_ = scan_html(doc->text(), doc->body_);
    doc->build_html_blocks();
  } else {
    // Markdown and text keep their comments (suppressions) visible to the scanner too.
    doc->html_tokens_ = scan_html(doc->text(), doc->body_);
    doc->html_tokens_.erase(std::remove_if(doc->html_tokens_.begin(), doc->html_tokens_.end(),
                                           [](const HtmlToken& t) { return t.kind != HtmlToken::Kind::comment; }),
                            doc->html_tokens_.end());
    doc->build_line_blocks();
  }
  return doc;
}

const HtmlDom& Document::dom() const {
  if (!dom_built_) {
    // Set first: if tidy's parse throws, the check that asked reports it, and
    // later checks see an empty tree instead of parsing again.
    dom_built_ = true;
    if (body_format_ == BodyFormat::html) {
      try {
        dom_.build(text(), body_, html_tokens_, lines_);
      } catch (...) {
        dom_ = HtmlDom();
        throw;
      }
    }
  }
  return dom_;
}

Location Document::locate(Span span) const {
  Location location;
  location.start = lines_.position(span.begin);
  location.end = lines_.position(std::max(span.begin, span.end));
  lines_.resume_from(span.begin, location.start);  // the next span starts at or after this one
  location.byte_offset = source_.original_offset(span.begin);
  location.byte_end = source_.original_offset(std::max(span.begin, span.end));
  return location;
}

void Document::parse_front_matter() {
  const std::string_view text = this->text();
  std::size_t line = 0;
  while (line < lines_.line_count() && is_blank(lines_.line_text(line)) && lines_.line_end(line) < text.size()) ++line;
  if (line >= lines_.line_count() || trim_right(lines_.line_text(line)) != "---") {
    body_ = {0, text.size()};
    return;
  }
  FrontMatter fm;
  const std::size_t open_line = line;
  std::size_t close_line = open_line + 1;
  while (close_line < lines_.line_count()) {
    const auto l = trim_right(lines_.line_text(close_line));
    if (l == "---" || l == "...") break;
    ++close_line;
  }
  fm.closed = close_line < lines_.line_count();
  const std::size_t yaml_first_line = open_line + 1;
  fm.yaml.begin = yaml_first_line < lines_.line_count() ? lines_.line_start(yaml_first_line) : text.size();
  fm.yaml.end = fm.closed ? lines_.line_start(close_line) : text.size();
  fm.block.begin = lines_.line_start(open_line);
  fm.block.end = fm.closed ? (close_line + 1 < lines_.line_count() ? lines_.line_start(close_line + 1) : text.size())
                           : text.size();
  body_ = {fm.block.end, text.size()};

  if (!fm.closed) {
    fm.error = YamlError{"front matter opened with `---` is never closed", {fm.block.begin, lines_.line_end(open_line)}};
    front_matter_ = std::move(fm);
    return;
  }
  // Real front matter is a few hundred bytes: past kMaxFrontMatterBytes it is
  // not parsed, so no document makes the YAML tree (a copy of every node)
  // large. libyaml reads CR, LF and CRLF line ends alike.
  constexpr std::size_t kMaxFrontMatterBytes = 256 * 1024;
  if (fm.yaml.end - fm.yaml.begin > kMaxFrontMatterBytes) {
    fm.error = YamlError{fmt::format("front matter of {} bytes is not parsed (more than {} KiB)",
                                     fm.yaml.end - fm.yaml.begin, kMaxFrontMatterBytes / 1024),
                         {fm.block.begin, lines_.line_end(open_line)}};
    front_matter_ = std::move(fm);
    return;
  }
  YamlParse parsed = parse_yaml(text.substr(fm.yaml.begin, fm.yaml.end - fm.yaml.begin), fm.yaml.begin);
  if (parsed.error) {
    fm.error = std::move(parsed.error);
    // The error's span is one character (or, at the end of a line, one byte).
    auto& span = fm.error->span;
    if (span.end < text.size()) span.end += utf8::decode(text, span.end).length;
    span.end = std::min(span.end, std::max(span.begin, lines_.line_end(lines_.line_of(span.begin))));
    if (span.empty()) span.end = std::min(text.size(), span.begin + 1);
  } else {
    fm.root = std::move(parsed.root);
    if (fm.root.IsMap()) {
      collect_entries(fm);
    } else if (fm.root.IsDefined() && !fm.root.IsNull()) {
      fm.error = YamlError{"front matter is not a mapping of keys to values", fm.yaml};
    }
  }
  front_matter_ = std::move(fm);
}

// One entry per top-level key, duplicates included, with the key's span and
// the value's: from where it starts to the start of the next key's line (a
// block sequence spans lines), trailing white space left out.
void Document::collect_entries(FrontMatter& fm) const {
  const std::string_view text = this->text();
  fm.entries.reserve(fm.root.pairs.size());
  for (const auto& pair : fm.root.pairs) {
    FrontMatterEntry entry;
    entry.key = pair.key.IsScalar() ? pair.key.Scalar() : std::string();
    entry.key_span = pair.key.IsScalar() ? pair.key.span : Span{pair.key.span.begin, pair.key.span.begin};
    entry.value = pair.value;
    if (entry.value.IsNull()) {
      const std::size_t key_line = lines_.line_of(entry.key_span.begin);
      const std::size_t at = std::max(entry.key_span.end, static_cast<std::size_t>(lines_.line_end(key_line)));
      entry.value_span = {at, at};
    } else {
      entry.value_span = {entry.value.span.begin, entry.value.span.begin};
    }
    fm.entries.push_back(std::move(entry));
  }
  for (std::size_t k = 0; k < fm.entries.size(); ++k) {
    auto& entry = fm.entries[k];
    if (entry.value_span.empty() && entry.value.IsNull()) continue;
    std::size_t limit = k + 1 < fm.entries.size() ? lines_.line_start(lines_.line_of(fm.entries[k + 1].key_span.begin))
                                                   : fm.yaml.end;
    limit = std::max(limit, entry.value_span.begin);
    std::size_t end = limit;
    while (end > entry.value_span.begin && utf8::is_whitespace(static_cast<unsigned char>(text[end - 1]))) --end;
    entry.value_span.end = end;
  }
}

void Document::detect_body_format() {
  const std::string_view body = text().substr(body_.begin, body_.end - body_.begin);
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    body_format_ = BodyFormat::empty;
  } else if (looks_like_html(body)) {
    body_format_ = BodyFormat::html;
  } else if (front_matter_ || looks_like_markdown(body)) {
    body_format_ = BodyFormat::markdown;
  } else {
    body_format_ = BodyFormat::plain_text;
  }
}

void Document::build_html_blocks() {
  const std::string_view text = this->text();
  // The block being collected lives in buffers reused from block to block;
  // each finished block gets one exact-size copy.
  TextBlock current;
  std::string element = "div";
  Span element_span = body_;
  bool pending_space = false;
  Span space{};

  auto flush = [&] {
    if (!current.text.empty()) {
      TextBlock& block = blocks_.emplace_back();
      block.text = current.text;
      block.map = current.map;
      block.element = element;
      block.element_span = element_span;
    }
    current.text.clear();
    current.map.clear();
    pending_space = false;
  };
  auto push_pending_space = [&] {
    if (pending_space && !current.text.empty()) {
      current.map.replace(current.text.size(), 1, space);
      current.text.push_back(' ');
    }
    pending_space = false;
  };
  // A decoded entity: every byte of it maps to the whole reference.
  auto push_entity = [&](std::string_view bytes, Span from) {
    push_pending_space();
    current.map.replace(current.text.size(), bytes.size(), from);
    current.text.append(bytes);
  };

  for (const HtmlToken& token : html_tokens_) {
    switch (token.kind) {
      case HtmlToken::Kind::start_tag:
      case HtmlToken::Kind::end_tag:
        if (is_block_element(token.name)) {
          flush();
          if (token.kind == HtmlToken::Kind::start_tag && token.name != "br" && token.name != "hr") {
            element = token.name;
            element_span = token.span;
          }
        }
        break;
      case HtmlToken::Kind::text: {
        if (!token.name.empty()) break;  // <script>/<style> content is not visible
        for (std::size_t i = token.span.begin; i < token.span.end;) {
          const char c = text[i];
          if (is_html_space(c)) {
            if (!pending_space) space = {i, i + 1};
            space.end = i + 1;
            pending_space = true;
            ++i;
            continue;
          }
          if (c == '&') {
            const DecodedEntity entity = decode_entity(text.substr(0, token.span.end), i);
            if (entity.length > 0) {
              push_entity(entity.text, {i, i + entity.length});
              i += entity.length;
              continue;
            }
          }
          // A run of characters that are neither white space nor a reference
          // (a '&' that starts no reference is a character like any other).
          const std::size_t run_end = find_run_end(text, i + 1, token.span.end);
          push_pending_space();
          current.map.copy(current.text.size(), {i, run_end});
          current.text.append(text.substr(i, run_end - i));
          i = run_end;
        }
        break;
      }
      default:
        break;
    }
  }
  flush();
}

void Document::build_line_blocks() {
  const std::string_view text = this->text();
  const std::size_t first = lines_.line_of(body_.begin);
  blocks_.reserve(lines_.line_count() - first);
  for (std::size_t line = first; line < lines_.line_count(); ++line) {
    std::size_t begin = std::max(lines_.line_start(line), body_.begin);
    std::size_t end = lines_.line_end(line);
    while (begin < end) {
      const auto d = utf8::decode(text, begin);
      if (!utf8::is_whitespace(d.code_point)) break;
      begin += d.length;
    }
    while (end > begin) {
      std::size_t back = end - 1;
      while (back > begin && (static_cast<unsigned char>(text[back]) & 0xC0) == 0x80) --back;
      if (!utf8::is_whitespace(utf8::decode(text, back).code_point)) break;
      end = back;
    }
    if (begin >= end) continue;
    TextBlock& block = blocks_.emplace_back();
    block.text.assign(text.substr(begin, end - begin));
    block.map.copy(0, {begin, end});
    block.element = "line";
    block.element_span = {lines_.line_start(line), lines_.line_end(line)};
  }
}

}  // namespace hlint

// One document, loaded once: bytes decoded to text, line index, front matter,
// the HTML body as a DOM and the visible text as blocks mapped to offsets.
// Every check reads this model; none re-reads the file.
#pragma once


#include <any>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/html_dom.hpp"
#include "core/html_scan.hpp"
#include "core/line_index.hpp"
#include "core/source_text.hpp"
#include "core/yaml_tree.hpp"

namespace hlint {

enum class BodyFormat { html, markdown, plain_text, empty };
std::string_view to_string(BodyFormat format);

struct FrontMatterEntry {
  std::string key;
  Span key_span;
  Span value_span;  // the value's text on the key's line (or the block below it); empty span if null
  YamlNode value;
};

struct FrontMatter {
  Span block;           // from the opening `---` to the end of the closing fence line
  Span yaml;            // the YAML text between the fences
  bool closed = false;  // false: an opening fence with no closing one
  YamlNode root;        // valid when !error
  std::vector<FrontMatterEntry> entries;  // top-level keys in order, duplicates included
  std::optional<YamlError> error;

  const FrontMatterEntry* find(std::string_view key) const;
};

// Where the bytes of a block's text came from, kept as pieces rather than two
// numbers per byte (which cost eight bytes of map per byte of text). A copied
// piece is text taken as it is: its byte k is the document's byte
// source.begin + k. A replaced piece is a decoded entity or collapsed white
// space: every byte of it stands for its whole source span.
class SourceMap {
 public:
  void copy(std::size_t text_begin, Span source);
  void replace(std::size_t text_begin, std::size_t length, Span source);
  void clear() {
    first_ = {};
    more_.clear();
  }

  // Where in the document the character holding byte i of `text` begins and
  // ends (text must be valid UTF-8, as Document::text() is). At i ==
  // text.size() both are the end of the last character.
  std::uint32_t begin_of(std::string_view text, std::size_t i) const;
  std::uint32_t end_of(std::string_view text, std::size_t i) const;

 private:
  struct Piece {
    std::uint32_t text_begin;
    std::uint32_t text_end;
    std::uint32_t source_begin;
    std::uint32_t source_end;
    bool copied;
  };
  bool empty() const { return first_.text_end == 0; }  // a piece is never empty
  const Piece& last() const { return more_.empty() ? first_ : more_.back(); }
  void push(const Piece& piece);
  const Piece& piece_holding(std::size_t i) const;
  // The pieces in text order, the first one inline: most blocks (a line of a
  // text scrape, a short paragraph) are one piece, and a vector for it was a
  // heap allocation per block.
  Piece first_{};
  std::vector<Piece> more_;
};

// A paragraph-like unit of visible text: an HTML block element's text with
// entities decoded and white space collapsed, or one line of a text scrape.
// `map` ties every byte of `text` to the original span it came from.
struct TextBlock {
  std::string text;
  SourceMap map;
  std::string element;  // "p", "h2", "li", "div"... or "line" for text and Markdown
  Span element_span;    // the block element's start tag (HTML) or the line

  // Where the character holding text[i] begins and ends in the document.
  std::uint32_t begin_of(std::size_t i) const { return map.begin_of(text, i); }
  std::uint32_t end_of(std::size_t i) const { return map.end_of(text, i); }
  // Span in the document of text[begin, end).
  Span span(std::size_t begin, std::size_t end) const;
  Span span() const { return span(0, text.size()); }
};

class Document {
 public:
  // Builds the model. Never throws for bad content: problems become facts of
  // the model (invalid bytes, a YAML error) that checks report.
  static std::unique_ptr<Document> load(std::string path, std::string bytes);

  const std::string& path() const { return path_; }
  std::string_view text() const { return source_.text(); }
  const SourceText& source() const { return source_; }
  const LineIndex& lines() const { return lines_; }
  const std::optional<FrontMatter>& front_matter() const { return front_matter_; }
  BodyFormat body_format() const { return body_format_; }
  Span body() const { return body_; }
  const std::vector<HtmlToken>& html_tokens() const { return html_tokens_; }
  // The body as tidy-html5 parses it, built on first use: tidy's parse costs
  // more than all the rest of the model, and only a few checks query the
  // tree (most read the scanner's tokens). Empty unless the body is HTML. A
  // document is only ever read by one thread (see analysis()), so no lock.
  const HtmlDom& dom() const;
  // Whether dom() has been asked for (tests and the model dump).
  bool dom_built() const { return dom_built_; }
  const std::vector<TextBlock>& blocks() const { return blocks_; }

  std::string_view slice(Span span) const { return text().substr(span.begin, span.end - span.begin); }
  Location locate(Span span) const;

  // Per-document analyses shared by several checks (the related-article
  // section, the header metadata...), computed on first use. A document is
  // only ever read by one thread, so no lock is needed. It holds a handful
  // of them: a short list searched by the address of a variable of each
  // analysis type is cheaper than a hash map keyed by the type (whose hash
  // is that of the type's name).
  template <typename Analysis>
  const Analysis& analysis() const {
    const void* key = &kAnalysisKey<Analysis>;
    for (const auto& [stored_key, stored] : analyses_)
      if (stored_key == key) return *static_cast<const Analysis*>(stored.get());
    auto made = std::make_shared<Analysis>(*this);
    const Analysis& result = *made;
    analyses_.emplace_back(key, std::move(made));
    return result;
  }

 private:
  Document(std::string path, SourceText source);
  void parse_front_matter();
  void collect_entries(FrontMatter& fm) const;
  void detect_body_format();
  void build_html_blocks();
  void build_line_blocks();

  std::string path_;
  SourceText source_;
  LineIndex lines_;
  std::optional<FrontMatter> front_matter_;
  BodyFormat body_format_ = BodyFormat::empty;
  Span body_;
  std::vector<HtmlToken> html_tokens_;
  mutable HtmlDom dom_;
  mutable bool dom_built_ = false;
  std::vector<TextBlock> blocks_;
  // One object per analysis type (inline: one address in the whole program).
  template <typename Analysis>
  static inline constexpr char kAnalysisKey = 0;
  mutable std::vector<std::pair<const void*, std::shared_ptr<void>>> analyses_;
};

}  // namespace hlint

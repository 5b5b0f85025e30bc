// The HTML body as a DOM for queries: parsed by tidy-html5 (which copes with
// the broken markup of scraped pages) and copied into a pugixml document, so
// checks can use XPath. Each element is tied to its start tag in the original
// text (html_scan.hpp); tidy's own line/column serve only as hints for that.
#pragma once

#include <pugixml.hpp>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/html_scan.hpp"

namespace hlint {

class LineIndex;

struct TidyMessage {
  std::string text;
  unsigned line = 0;    // tidy's hint, relative to the document
  unsigned column = 0;
};

class HtmlDom {
 public:
  HtmlDom();
  HtmlDom(HtmlDom&&) noexcept;
  HtmlDom& operator=(HtmlDom&&) noexcept;
  ~HtmlDom();

  // Builds the tree of text[body], whose scan is `tokens`: straight from the
  // tokens when the markup needs no repair (html_direct_tree.hpp), else
  // parsed by tidy, whose elements are then matched to the tokens. When body
  // ends the text, text must be followed by a NUL (text.data()[size] == 0), as
  // the characters of a std::string and Document::text() are: tidy then reads
  // the body in place. The text is valid UTF-8, as a Document's is.
  void build(std::string_view text, Span body, const std::vector<HtmlToken>& tokens, const LineIndex& lines);
  // One way or the other, whatever the markup (tests compare the two trees).
  // From the tokens only when they are well nested.
  void build_with_tidy(std::string_view text, Span body, const std::vector<HtmlToken>& tokens,
                       const LineIndex& lines);
  void build_from_tokens(std::string_view text, const std::vector<HtmlToken>& tokens);

  bool empty() const { return !document_ || !document_->first_child(); }
  const pugi::xml_document& document() const { return *document_; }

  // The start tag in the original text of an element, or nullptr for an
  // element tidy implied (a missing <body>, a <p> it opened on its own).
  const HtmlToken* source_tag(pugi::xml_node element) const;
  // The whole source extent of an element: start tag to end of its end tag or
  // of the last descendant matched in the source.
  Span source_extent(pugi::xml_node element) const;

  // The tree as text, one node per line, for comparing the two builders: each
  // element with its attributes (of a URL only whether it is a web link:
  // tidy escapes URLs) and its source extent or `implied`; text with runs of
  // white space collapsed, blank text left out.
  std::string outline() const;

  // What is known of an element tied to its source (internal to the builder).
  struct SourceElement {
    const void* node;  // pugixml's node object
    const HtmlToken* tag;
    std::size_t extent_end;
  };

 private:
  const SourceElement* find(pugi::xml_node element) const;
  void sort_elements();

  std::unique_ptr<pugi::xml_document> document_;
  // Sorted by node once the DOM is built: filled once, looked up rarely.
  std::vector<SourceElement> elements_;
};

// The end tag paired with each start tag, by token index (kNoEndTag for
// none): an end tag closes the nearest open element of its name, as a
// browser does, looking at most kMaxEndTagSearch elements deep (which bounds
// the work a stray end tag can cause). Source extents of both builders come
// from it. Linear in the number of tokens.
inline constexpr std::size_t kNoEndTag = static_cast<std::size_t>(-1);
inline constexpr std::size_t kMaxEndTagSearch = 256;
std::vector<std::size_t> pair_end_tags(const std::vector<HtmlToken>& tokens);

// The start tags of a body by element name, as the tidy path ties tidy's
// elements to them: tidy's line is right about lines (only its columns
// drift), so an element takes the next unused start tag of its name on its
// line, looking at most 16 tags ahead; none means tidy implied it. The tree
// built from the tokens ties tidy's copies of carried elements the same way.
class StartTagMatcher {
 public:
  StartTagMatcher(const std::vector<HtmlToken>& tokens, const LineIndex& lines);
  // The start tag of an element of this name on this (0-based) line, or nullptr.
  const HtmlToken* match(std::string_view name, std::size_t line);
  std::size_t start_tags() const { return start_tags_; }

 private:
  struct Queue {
    std::vector<const HtmlToken*> tags;
    std::vector<std::size_t> lines;  // 0-based line of each tag
    std::size_t next = 0;
  };
  // By element name (views of the names in the tokens, which outlive the matcher).
  std::unordered_map<std::string_view, Queue> queues_;
  std::size_t start_tags_ = 0;
};

// Where an element tied to `tag` ends in the source, as both paths find it:
// at the end tag a browser pairs with it (end_tag_of, from pair_end_tags),
// else at the furthest end of its element children or of the start tag.
std::size_t source_extent_end(const HtmlToken& tag, const std::vector<HtmlToken>& tokens,
                              const std::vector<std::size_t>& end_tag_of, std::size_t children_end);

// Whether the tidy path hides this attribute from tidy: a URL attribute with
// more white space than a URL has (tidy formats a diagnostic per character).
bool is_hidden_url_attribute(const HtmlAttribute& attribute);

}  // namespace hlint

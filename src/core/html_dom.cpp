#include "core/html_dom.hpp"

#include <tidy/tidy.h>
#include <tidy/tidybuffio.h>

#include <algorithm>
#include <functional>
#include <map>

#include "core/line_index.hpp"

namespace hlint {

HtmlDom::HtmlDom() : document_(std::make_unique<pugi::xml_document>()) {}
HtmlDom::HtmlDom(HtmlDom&&) noexcept = default;
HtmlDom& HtmlDom::operator=(HtmlDom&&) noexcept = default;
HtmlDom::~HtmlDom() = default;

namespace {

struct TidyDocDeleter {
  void operator()(TidyDoc doc) const { tidyRelease(doc); }
};
using TidyDocPtr = std::unique_ptr<std::remove_pointer_t<TidyDoc>, TidyDocDeleter>;

// Start tags of one element name in source order, consumed as tidy's
// elements are matched to them.
struct TagQueue {
  std::vector<const HtmlToken*> tags;
  std::vector<std::size_t> lines;  // 0-based line of each tag
  std::size_t next = 0;
};

class DomBuilder {
 public:
  DomBuilder(TidyDoc tidy, std::map<std::string, TagQueue, std::less<>>& queues, std::size_t body_first_line,
             std::unordered_map<const void*, const HtmlToken*>& tags)
      : tidy_(tidy), queues_(queues), body_first_line_(body_first_line), tags_(tags) {}

  void copy_children(TidyNode from, pugi::xml_node to) {
    for (TidyNode child = tidyGetChild(from); child; child = tidyGetNext(child)) copy(child, to);
  }

 private:
  void copy(TidyNode node, pugi::xml_node parent) {
    switch (tidyNodeGetType(node)) {
      case TidyNode_Start:
      case TidyNode_StartEnd: {
        const char* name = tidyNodeGetName(node);
        if (!name) return;
        pugi::xml_node element = parent.append_child(name);
        for (TidyAttr attr = tidyAttrFirst(node); attr; attr = tidyAttrNext(attr)) {
          const char* attr_name = tidyAttrName(attr);
          const char* attr_value = tidyAttrValue(attr);
          if (attr_name) element.append_attribute(attr_name).set_value(attr_value ? attr_value : "");
        }
        if (const HtmlToken* tag = match(name, tidyNodeLine(node))) tags_[element.internal_object()] = tag;
        copy_children(node, element);
        break;
      }
      case TidyNode_Text:
      case TidyNode_CDATA: {
        TidyBuffer buffer{};
        tidyBufInit(&buffer);
        if (tidyNodeGetValue(tidy_, node, &buffer) && buffer.bp) {
          // Stored as a C string, up to a NUL if the text has one.
          const char* value = reinterpret_cast<const char*>(buffer.bp);
          const std::size_t size = static_cast<std::size_t>(std::find(value, value + buffer.size, '\0') - value);
          parent.append_child(pugi::node_pcdata).set_value(value, size);
        }
        tidyBufFree(&buffer);
        break;
      }
      default:
        break;  // comments, doctype, processing instructions: not needed in the DOM
    }
  }

  // Tidy's line is right about lines (only its columns drift), so an element
  // is matched to the next unused source tag of the same name on that line.
  // No such tag means tidy implied the element.
  const HtmlToken* match(std::string_view name, unsigned tidy_line) {
    auto it = queues_.find(name);
    if (it == queues_.end() || tidy_line == 0) return nullptr;
    TagQueue& queue = it->second;
    const std::size_t line = body_first_line_ + tidy_line - 1;
    constexpr std::size_t kLookahead = 16;
    for (std::size_t k = queue.next; k < queue.tags.size() && k < queue.next + kLookahead; ++k) {
      if (queue.lines[k] == line) {
        queue.next = k + 1;
        return queue.tags[k];
      }
      if (queue.lines[k] > line) break;
    }
    return nullptr;
  }

  TidyDoc tidy_;
  std::map<std::string, TagQueue, std::less<>>& queues_;
  std::size_t body_first_line_;
  std::unordered_map<const void*, const HtmlToken*>& tags_;
};

// Unless a language has been chosen, every tidyCreate() sets the process
// locale from the environment (and leaves it so): a setlocale() call per
// document that other threads' <cctype> calls race with. Tidy's messages are
// discarded, so its default language is chosen once for the process.
void choose_tidy_language() {
  static const bool chosen = tidySetLanguage("en");
  (void)chosen;
}

}  // namespace

void HtmlDom::build(std::string_view text, Span body, const std::vector<HtmlToken>& tokens, const LineIndex& lines) {
  document_ = std::make_unique<pugi::xml_document>();
  tags_.clear();
  extent_end_.clear();

  choose_tidy_language();
  TidyDocPtr tidy(tidyCreate());
  TidyBuffer errors{};
  tidyBufInit(&errors);
  tidySetErrorBuffer(tidy.get(), &errors);  // keep tidy's chatter off stderr
  tidySetCharEncoding(tidy.get(), "utf8");
  tidyOptSetBool(tidy.get(), TidyShowWarnings, no);
  tidyOptSetBool(tidy.get(), TidyQuiet, yes);
  tidyOptSetInt(tidy.get(), TidyShowErrors, 0);
  tidyOptSetBool(tidy.get(), TidyDropEmptyElems, no);  // empty elements are findings, keep them
  tidyOptSetBool(tidy.get(), TidyDropEmptyParas, no);
  tidyOptSetBool(tidy.get(), TidyMark, no);
  tidyOptSetBool(tidy.get(), TidyForceOutput, yes);

  const std::string html(text.substr(body.begin, body.end - body.begin));
  tidyParseString(tidy.get(), html.c_str());
  tidyBufFree(&errors);

  std::map<std::string, TagQueue, std::less<>> queues;
  std::size_t start_tags = 0;
  std::size_t line = 0;  // tokens are in source order: the line only moves forward
  for (const HtmlToken& token : tokens) {
    if (token.kind != HtmlToken::Kind::start_tag) continue;
    while (line + 1 < lines.line_count() && lines.line_start(line + 1) <= token.span.begin) ++line;
    TagQueue& queue = queues[token.name];
    queue.tags.push_back(&token);
    queue.lines.push_back(line);
    ++start_tags;
  }
  tags_.reserve(start_tags);
  extent_end_.reserve(start_tags);

  DomBuilder builder(tidy.get(), queues, lines.line_of(body.begin), tags_);
  builder.copy_children(tidyGetRoot(tidy.get()), *document_);

  // Source extents. End tags are paired with start tags in one pass over the
  // tokens (an end tag closes the nearest open element of its name, as a
  // browser does); an element without its own end tag runs to the end of its
  // last descendant. Linear in the number of tokens.
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  constexpr std::size_t kMaxSearch = 256;  // bounds the work a stray end tag can cause
  std::vector<std::size_t> end_of(tokens.size(), kNone);
  std::vector<std::size_t> open;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const HtmlToken& token = tokens[i];
    if (token.kind == HtmlToken::Kind::start_tag) {
      if (!token.self_closing && !is_void_element(token.name)) open.push_back(i);
    } else if (token.kind == HtmlToken::Kind::end_tag) {
      for (std::size_t k = open.size(), searched = 0; k > 0 && searched < kMaxSearch; --k, ++searched) {
        if (tokens[open[k - 1]].name == token.name) {
          end_of[open[k - 1]] = i;
          open.resize(k - 1);
          break;
        }
      }
    }
  }
  std::function<std::size_t(pugi::xml_node)> extent = [&](pugi::xml_node node) -> std::size_t {
    std::size_t end = 0;
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling())
      if (child.type() == pugi::node_element) end = std::max(end, extent(child));
    if (const HtmlToken* tag = source_tag(node)) {
      const std::size_t index = static_cast<std::size_t>(tag - tokens.data());
      end = end_of[index] != kNone ? tokens[end_of[index]].span.end : std::max(end, tag->span.end);
      extent_end_[node.internal_object()] = end;
    }
    return end;
  };
  for (pugi::xml_node child = document_->first_child(); child; child = child.next_sibling()) extent(child);
}

const HtmlToken* HtmlDom::source_tag(pugi::xml_node element) const {
  auto it = tags_.find(element.internal_object());
  return it == tags_.end() ? nullptr : it->second;
}

Span HtmlDom::source_extent(pugi::xml_node element) const {
  const HtmlToken* tag = source_tag(element);
  if (!tag) return {};
  auto it = extent_end_.find(element.internal_object());
  return {tag->span.begin, it == extent_end_.end() ? tag->span.end : it->second};
}

}  // namespace hlint

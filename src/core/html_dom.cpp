#include "core/html_dom.hpp"

#include "core/html_direct_tree.hpp"

#include <tidy/tidy.h>
#include <tidy/tidybuffio.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>

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

// Copies tidy's tree into pugixml, ties elements to their source tags and
// computes their source extents on the way back up: an element whose start
// tag was paired with an end tag runs to the end of that end tag, any other
// to the end of its last descendant (or of its own start tag).
class DomBuilder {
 public:
  DomBuilder(TidyDoc tidy, StartTagMatcher& start_tags, std::size_t body_first_line,
             const std::vector<HtmlToken>& tokens, const std::vector<std::size_t>& end_tag_of,
             std::vector<HtmlDom::SourceElement>& elements)
      : tidy_(tidy),
        start_tags_(start_tags),
        body_first_line_(body_first_line),
        tokens_(tokens),
        end_tag_of_(end_tag_of),
        elements_(elements) {
    tidyBufInit(&text_);
  }
  ~DomBuilder() { tidyBufFree(&text_); }
  DomBuilder(const DomBuilder&) = delete;
  DomBuilder& operator=(const DomBuilder&) = delete;

  // Returns the furthest source extent among the element children.
  std::size_t copy_children(TidyNode from, pugi::xml_node to) {
    std::size_t extent_end = 0;
    for (TidyNode child = tidyGetChild(from); child; child = tidyGetNext(child))
      extent_end = std::max(extent_end, copy(child, to));
    return extent_end;
  }

 private:
  // Returns the element's source extent end, 0 for anything else.
  std::size_t copy(TidyNode node, pugi::xml_node parent) {
    switch (tidyNodeGetType(node)) {
      case TidyNode_Start:
      case TidyNode_StartEnd: {
        const char* name = tidyNodeGetName(node);
        if (!name) return 0;
        pugi::xml_node element = parent.append_child(name);
        for (TidyAttr attr = tidyAttrFirst(node); attr; attr = tidyAttrNext(attr)) {
          const char* attr_name = tidyAttrName(attr);
          const char* attr_value = tidyAttrValue(attr);
          if (attr_name) element.append_attribute(attr_name).set_value(attr_value ? attr_value : "");
        }
        const HtmlToken* tag = match(name, tidyNodeLine(node));
        // Listed in the order the nodes were made, which is in practice the
        // order of their addresses (HtmlDom::build sorts them if not); the
        // extent is filled in once the children are known.
        const std::size_t listed = elements_.size();
        if (tag) elements_.push_back(HtmlDom::SourceElement{element.internal_object(), tag, 0});
        std::size_t extent_end = copy_children(node, element);
        if (tag) {
          extent_end = source_extent_end(*tag, tokens_, end_tag_of_, extent_end);
          elements_[listed].extent_end = extent_end;
        }
        return extent_end;
      }
      case TidyNode_Text:
      case TidyNode_CDATA: {
        tidyBufClear(&text_);  // tidyNodeGetValue appends
        if (tidyNodeGetValue(tidy_, node, &text_) && text_.size > 0) {
          // Stored as a C string, up to a NUL if the text has one.
          const char* value = reinterpret_cast<const char*>(text_.bp);
          const void* nul = std::memchr(value, '\0', text_.size);
          const std::size_t size = nul ? static_cast<std::size_t>(static_cast<const char*>(nul) - value) : text_.size;
          parent.append_child(pugi::node_pcdata).set_value(value, size);
        }
        return 0;
      }
      default:
        return 0;  // comments, doctype, processing instructions: not needed in the DOM
    }
  }

  // Tidy's lines count from the body's first line, from 1 (0: unknown).
  const HtmlToken* match(std::string_view name, unsigned tidy_line) {
    return tidy_line == 0 ? nullptr : start_tags_.match(name, body_first_line_ + tidy_line - 1);
  }

  TidyDoc tidy_;
  StartTagMatcher& start_tags_;
  std::size_t body_first_line_;
  const std::vector<HtmlToken>& tokens_;
  const std::vector<std::size_t>& end_tag_of_;  // token index of the end tag paired with each start tag
  std::vector<HtmlDom::SourceElement>& elements_;
  TidyBuffer text_{};  // a text node's value, one buffer reused for all of them
};

// Unless a language has been chosen, every tidyCreate() sets the process
// locale from the environment (and leaves it so): a setlocale() call per
// document that other threads' <cctype> calls race with. Tidy's messages are
// discarded, so its default language is chosen once for the process.
void choose_tidy_language() {
  static const bool chosen = tidySetLanguage("en");
  (void)chosen;
}

// Tidy 5.6 (Debian 12's) parses nested elements by recursion, and DomBuilder
// copies its tree by recursion: thousands of nested <b> or <div> overflow the
// stack. As browsers do (Blink stops nesting at 512), elements deeper than this
// are not given to tidy; their text still is.
constexpr std::size_t kMaxNesting = 512;

// The tags of elements nested deeper than kMaxNesting, by an estimate of the
// tree tidy builds: void and self-closing tags open nothing, an end tag closes
// the nearest open element of its name, and a start tag whose end tag is
// optional (`<p>a<p>b`, `<li>`, `<td>`) closes its open sibling on top --
// except inside <svg> or <math>, where tidy nests them.
std::vector<Span> too_deep_tags(std::string_view text, const std::vector<HtmlToken>& tokens) {
  // An unclosed <script> or <style> is raw text to the scanner, but tidy gives
  // up looking for its end tag and reads on as markup: so is it read here.
  const bool ends_in_unclosed_raw_text =
      !tokens.empty() && tokens.back().kind == HtmlToken::Kind::text && !tokens.back().name.empty();
  // Nesting never exceeds the number of start tags: most documents have far
  // fewer than kMaxNesting tokens in all, and need no estimate.
  if (tokens.size() <= kMaxNesting && !ends_in_unclosed_raw_text) return {};
  static constexpr std::string_view kOptionalEnd[] = {"p", "li", "dt", "dd", "tr", "td", "th", "option"};
  struct Open {
    const HtmlToken* tag;
    bool too_deep;
    bool in_foreign;  // inside <svg> or <math>
  };
  std::vector<Open> open;
  std::vector<Span> deep;
  auto visit = [&](const HtmlToken& token) {
    if (token.kind == HtmlToken::Kind::start_tag) {
      if (!open.empty() && !open.back().in_foreign && open.back().tag->name == token.name &&
          std::find(std::begin(kOptionalEnd), std::end(kOptionalEnd), token.name) != std::end(kOptionalEnd))
        open.pop_back();
      const bool too_deep = open.size() >= kMaxNesting;
      if (too_deep) deep.push_back(token.span);
      const bool in_foreign = (!open.empty() && open.back().in_foreign) || token.name == "svg" || token.name == "math";
      if (!token.self_closing && !is_void_element(token.name)) open.push_back(Open{&token, too_deep, in_foreign});
    } else if (token.kind == HtmlToken::Kind::end_tag) {
      for (std::size_t k = open.size(), searched = 0; k > 0 && searched < kMaxEndTagSearch; --k, ++searched) {
        if (open[k - 1].tag->name == token.name) {
          if (open[k - 1].too_deep) deep.push_back(token.span);
          open.resize(k - 1);
          break;
        }
      }
    }
  };
  for (const HtmlToken& token : tokens) visit(token);
  std::vector<HtmlToken> unclosed_raw_text;
  if (ends_in_unclosed_raw_text) unclosed_raw_text = scan_html(text, tokens.back().span);
  for (const HtmlToken& token : unclosed_raw_text) visit(token);
  return deep;
}

// Tidy 5.6 also takes quadratic time over the attributes of one tag (300,000
// characters of attribute name take a minute). No page needs more than these.
constexpr std::size_t kMaxAttributes = 256;
constexpr std::size_t kMaxAttributeName = 256;

// The attributes tidy is not given: beyond the first kMaxAttributes of a tag,
// or with a name longer than kMaxAttributeName (from the name to the end of
// the value and its closing quote).
//
// Nor a URL attribute with more than kMaxUrlWhitespace white-space
// characters: tidy formats one diagnostic per white-space character of a URL
// (whatever its message options), so 1 MB of spaces in one href took 2.8 s,
// 50 times the cost per byte of ordinary HTML, and 141 s under ASan (issue 18).
// hlint reads attribute values from its own scanner, not from tidy's tree.
constexpr std::size_t kMaxUrlWhitespace = 64;

bool has_long_whitespace(const HtmlAttribute& attribute) {
  if (!attribute.has_value || attribute.value.size() <= kMaxUrlWhitespace) return false;
  std::size_t blanks = 0;
  for (const char c : attribute.value)
    if (static_cast<unsigned char>(c) <= 0x20 && ++blanks > kMaxUrlWhitespace) return true;
  return false;
}

void add_unreasonable_attributes(std::string_view text, const std::vector<HtmlToken>& tokens, std::vector<Span>& out) {
  for (const HtmlToken& token : tokens) {
    for (std::size_t i = 0; i < token.attributes.size(); ++i) {
      const HtmlAttribute& attribute = token.attributes[i];
      if (i < kMaxAttributes && attribute.name_span.end - attribute.name_span.begin <= kMaxAttributeName &&
          !(is_tidy_url_attribute(attribute.name) && has_long_whitespace(attribute)))
        continue;
      std::size_t end = attribute.has_value ? attribute.value_span.end : attribute.name_span.end;
      const bool quoted = attribute.has_value && attribute.value_span.begin > 0 && end < text.size() &&
                          (text[end] == '"' || text[end] == '\'') && text[attribute.value_span.begin - 1] == text[end];
      out.push_back(Span{attribute.name_span.begin, quoted ? end + 1 : end});
    }
  }
}

// Feeds text[body] to tidy exactly as tidyParseString(copy of the body)
// would: up to the first NUL, followed by that NUL (tidyParseString passes
// strlen + 1 bytes). A body that ends the text is read in place, without the
// copy and without tidy's byte-by-byte strlen: the NUL that follows a
// std::string's characters is then the terminator. The copy has the spans of
// `hidden` blanked with spaces (line ends kept: tidy's lines must stay right).
void parse_body(TidyDoc tidy, std::string_view text, Span body, const std::vector<Span>& hidden) {
  const std::string_view html = text.substr(body.begin, body.end - body.begin);
  if (body.end != text.size() || !hidden.empty()) {
    std::string copy(html);
    for (const Span& span : hidden)
      for (std::size_t i = span.begin; i < span.end; ++i)
        if (copy[i - body.begin] != '\n' && copy[i - body.begin] != '\r') copy[i - body.begin] = ' ';
    tidyParseString(tidy, copy.c_str());
    return;
  }
  const void* nul = std::memchr(html.data(), '\0', html.size());
  const std::size_t length = nul ? static_cast<std::size_t>(static_cast<const char*>(nul) - html.data()) : html.size();
  TidyBuffer input{};
  tidyBufInit(&input);
  // Tidy only reads an attached buffer; the cast is for its C signature.
  tidyBufAttach(&input, reinterpret_cast<byte*>(const_cast<char*>(html.data())), static_cast<uint>(length + 1));
  tidyParseBuffer(tidy, &input);
  tidyBufDetach(&input);
}

}  // namespace

void HtmlDom::build(std::string_view text, Span body, const std::vector<HtmlToken>& tokens, const LineIndex& lines) {
  // A Document's text is valid UTF-8 (SourceText replaces the bytes that are not).
  if (markup_needs_no_repair(text, body, tokens, nullptr, true))
    build_from_tokens(text, tokens);
  else
    build_with_tidy(text, body, tokens, lines);
}

void HtmlDom::build_from_tokens(std::string_view text, const std::vector<HtmlToken>& tokens) {
  document_ = std::make_unique<pugi::xml_document>();
  elements_.clear();
  build_tree_from_tokens(text, tokens, *document_, elements_);
  sort_elements();
}

void HtmlDom::sort_elements() {
  auto by_node = [](const SourceElement& a, const SourceElement& b) { return std::less<const void*>()(a.node, b.node); };
  if (!std::is_sorted(elements_.begin(), elements_.end(), by_node))
    std::sort(elements_.begin(), elements_.end(), by_node);
}

void HtmlDom::build_with_tidy(std::string_view text, Span body, const std::vector<HtmlToken>& tokens,
                              const LineIndex& lines) {
  document_ = std::make_unique<pugi::xml_document>();
  elements_.clear();
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

  std::vector<Span> hidden_from_tidy = too_deep_tags(text, tokens);
  add_unreasonable_attributes(text, tokens, hidden_from_tidy);
  parse_body(tidy.get(), text, body, hidden_from_tidy);
  tidyBufFree(&errors);

  StartTagMatcher start_tags(tokens, lines);
  elements_.reserve(start_tags.start_tags());

  const std::vector<std::size_t> end_tag_of = pair_end_tags(tokens);

  DomBuilder builder(tidy.get(), start_tags, lines.line_of(body.begin), tokens, end_tag_of, elements_);
  builder.copy_children(tidyGetRoot(tidy.get()), *document_);
  sort_elements();
}

StartTagMatcher::StartTagMatcher(const std::vector<HtmlToken>& tokens, const LineIndex& lines) {
  std::size_t line = 0;  // tokens are in source order: the line only moves forward
  for (const HtmlToken& token : tokens) {
    if (token.kind != HtmlToken::Kind::start_tag) continue;
    while (line + 1 < lines.line_count() && lines.line_start(line + 1) <= token.span.begin) ++line;
    Queue& queue = queues_[token.name];
    queue.tags.push_back(&token);
    queue.lines.push_back(line);
    ++start_tags_;
  }
}

const HtmlToken* StartTagMatcher::match(std::string_view name, std::size_t line) {
  const auto it = queues_.find(name);
  if (it == queues_.end()) return nullptr;
  Queue& queue = it->second;
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

std::size_t source_extent_end(const HtmlToken& tag, const std::vector<HtmlToken>& tokens,
                              const std::vector<std::size_t>& end_tag_of, std::size_t children_end) {
  const std::size_t end_tag = end_tag_of[static_cast<std::size_t>(&tag - tokens.data())];
  return end_tag != kNoEndTag ? tokens[end_tag].span.end : std::max(children_end, tag.span.end);
}

bool is_hidden_url_attribute(const HtmlAttribute& attribute) {
  return is_tidy_url_attribute(attribute.name) && has_long_whitespace(attribute);
}

std::vector<std::size_t> pair_end_tags(const std::vector<HtmlToken>& tokens) {
  std::vector<std::size_t> end_tag_of(tokens.size(), kNoEndTag);
  std::vector<std::size_t> open;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const HtmlToken& token = tokens[i];
    if (token.kind == HtmlToken::Kind::start_tag) {
      if (!token.self_closing && !is_void_element(token.name)) open.push_back(i);
    } else if (token.kind == HtmlToken::Kind::end_tag) {
      for (std::size_t k = open.size(), searched = 0; k > 0 && searched < kMaxEndTagSearch; --k, ++searched) {
        if (tokens[open[k - 1]].name == token.name) {
          end_tag_of[open[k - 1]] = i;
          open.resize(k - 1);
          break;
        }
      }
    }
  }
  return end_tag_of;
}

const HtmlDom::SourceElement* HtmlDom::find(pugi::xml_node element) const {
  const void* node = element.internal_object();
  auto it = std::lower_bound(elements_.begin(), elements_.end(), node, [](const SourceElement& e, const void* n) {
    return std::less<const void*>()(e.node, n);
  });
  return it != elements_.end() && it->node == node ? &*it : nullptr;
}

const HtmlToken* HtmlDom::source_tag(pugi::xml_node element) const {
  const SourceElement* found = find(element);
  return found ? found->tag : nullptr;
}

Span HtmlDom::source_extent(pugi::xml_node element) const {
  const SourceElement* found = find(element);
  if (!found) return {};
  return {found->tag->span.begin, found->extent_end};
}

namespace {

std::string collapse_white_space(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (is_html_space(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string HtmlDom::outline() const {
  std::string out;
  if (!document_) return out;
  std::vector<std::pair<pugi::xml_node, std::size_t>> pending;  // node, depth
  for (pugi::xml_node child = document_->last_child(); child; child = child.previous_sibling())
    pending.emplace_back(child, 0);
  while (!pending.empty()) {
    const auto [node, depth] = pending.back();
    pending.pop_back();
    if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
      const std::string text = collapse_white_space(node.value());
      if (!text.empty()) out += std::string(2 * depth, ' ') + "\"" + text + "\"\n";
      continue;
    }
    if (node.type() != pugi::node_element) continue;
    out += std::string(2 * depth, ' ') + node.name();
    for (pugi::xml_attribute attribute : node.attributes()) {
      out += std::string(" ") + attribute.name() + "=";
      out += attribute.value();
    }
    const SourceElement* source = find(node);
    out += source ? " @" + std::to_string(source->tag->span.begin) + "-" + std::to_string(source->extent_end)
                  : std::string(" implied");
    out += "\n";
    for (pugi::xml_node child = node.last_child(); child; child = child.previous_sibling())
      pending.emplace_back(child, depth + 1);
  }
  return out;
}

}  // namespace hlint

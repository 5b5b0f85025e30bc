// html/empty-element: elements with nothing in them (`<p><strong></strong></p>`),
// left behind by editors and scrapers. The outermost empty element is reported
// once, at its source extent.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <unordered_set>
#include <vector>

#include "core/html_scan.hpp"
#include "core/finding_cap.hpp"
#include "core/check.hpp"
#include "core/utf8.hpp"

namespace hlint {

namespace {


constexpr std::string_view kNbsp = "\xC2\xA0";

// Text with nothing to see: ASCII white space, and no-break spaces when they
// are taken as empty.
bool is_blank_text(std::string_view text, bool nbsp_is_blank) {
  for (std::size_t i = 0; i < text.size();) {
    if (is_html_space(text[i])) {
      ++i;
    } else if (nbsp_is_blank && text.substr(i, kNbsp.size()) == kNbsp) {
      i += kNbsp.size();
    } else {
      return false;
    }
  }
  return true;
}

// Raw source text between tags: entities are still encoded (`&nbsp;`).
bool is_blank_source(std::string_view text, bool nbsp_is_blank) {
  for (std::size_t i = 0; i < text.size();) {
    if (is_html_space(text[i])) {
      ++i;
      continue;
    }
    if (!nbsp_is_blank) return false;
    if (text[i] == '&') {
      const DecodedEntity entity = decode_entity(text, i);
      if (entity.length > 0 && entity.text == kNbsp) {
        i += entity.length;
        continue;
      }
    }
    if (text.substr(i, kNbsp.size()) == kNbsp) {
      i += kNbsp.size();
      continue;
    }
    return false;
  }
  return true;
}

std::string one_line(std::string_view text) {
  constexpr std::size_t kMaxBytes = 80;
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < text.size() && out.size() < kMaxBytes;) {
    const auto d = utf8::decode(text, i);
    if (utf8::is_whitespace(d.code_point)) {
      space = !out.empty();
    } else {
      if (space) out.push_back(' ');
      space = false;
      out.append(text.substr(i, d.length));
    }
    i += d.length;
  }
  if (out.size() >= kMaxBytes) out += "…";
  return out;
}

}  // namespace

class EmptyElementCheck : public Check {
 public:
  // The fix removes or rewrites content (see docs/fixing.md).
  static constexpr Applicability kFix = Applicability::unsafe;
  static CheckInfo info() {
    return {
        "html/empty-element",
        Severity::info,
        {{"ignore", OptionType::string_list,
          "html, head, title, body, td, th, tr, thead, tbody, tfoot, colgroup, iframe, video, audio, canvas, object, "
          "embed, svg, math, picture, textarea, select, button, script, style, noscript",
          "elements never reported, which also make the element around them non-empty (void elements such as "
          "`img` and `br` always do)"},
         {"nbsp-is-empty", OptionType::boolean, "false",
          "treat an element holding only no-break spaces (`<p>&nbsp;</p>`, a spacer) as empty"},
         {"max-per-file", OptionType::integer, "50", "report at most this many findings per file, then one summary"}},
        false};
  }

  explicit EmptyElementCheck(const CheckOptions& options)
      : ignored_(options.get_strings(
            "ignore", {"html",  "head",     "title",    "body",   "td",     "th",     "tr",     "thead",   "tbody",
                       "tfoot", "colgroup", "iframe",   "video",  "audio",  "canvas", "object", "embed",   "svg",
                       "math",  "picture",  "textarea", "select", "button", "script", "style",  "noscript"})),
        nbsp_is_empty_(options.get_bool("nbsp-is-empty", false)),
        max_per_file_(options.get_int("max-per-file", 50)) {}

  void check(const Document& doc, Reporter& out) const override {
    // An element is reported only when it is empty in the source too, which
    // the scanner's tokens tell: a body with no such start tag needs no DOM,
    // and most bodies then skip tidy's parse (the model's dearest part).
    if (doc.body_format() != BodyFormat::html || !has_source_candidate(doc) || doc.dom().empty()) return;
    const auto empty = empty_elements(doc.dom().document());

    FindingCap cap(out, max_per_file_);
    // Top-down: report an empty element and skip its (empty) children.
    std::vector<pugi::xml_node> pending;
    for (pugi::xml_node child = doc.dom().document().last_child(); child; child = child.previous_sibling())
      pending.push_back(child);
    while (!pending.empty()) {
      const pugi::xml_node node = pending.back();
      pending.pop_back();
      if (node.type() != pugi::node_element) continue;
      const std::optional<Span> extent = empty.count(node.internal_object()) ? empty_extent(doc, node) : std::nullopt;
      if (extent) {
        cap.report(
            *extent,
            [&] { return fmt::format("empty `<{}>` element: `{}`", node.name(), one_line(doc.slice(*extent))); },
            Fix{"delete the empty element", {{*extent, ""}}});
        continue;
      }
      for (pugi::xml_node child = node.last_child(); child; child = child.previous_sibling()) pending.push_back(child);
    }
    cap.finish("empty elements");
  }

 private:
  bool is_content_element(std::string_view name) const {
    return is_void_element(name) || std::find(ignored_.begin(), ignored_.end(), name) != ignored_.end();
  }

  // The elements that hold nothing visible (text, an image, an embed).
  // Computed bottom-up without recursion (documents may nest deeply). Nearly
  // every element holds something: only the empty ones are kept.
  std::unordered_set<const void*> empty_elements(const pugi::xml_document& dom) const {
    std::unordered_set<const void*> empty;
    // A document uses a handful of element names over and over (`p`, `span`):
    // each is classified once. The names point into the DOM, alive meanwhile.
    std::vector<std::pair<std::string_view, bool>> classified;
    const auto holds_content = [&](std::string_view name) {
      for (const auto& [known, content] : classified)
        if (known == name) return content;
      return classified.emplace_back(name, is_content_element(name)).second;
    };
    std::vector<std::pair<pugi::xml_node, bool>> stack;  // node, children already pushed
    for (pugi::xml_node child = dom.first_child(); child; child = child.next_sibling())
      stack.emplace_back(child, false);
    while (!stack.empty()) {
      auto [node, expanded] = stack.back();
      if (node.type() != pugi::node_element) {
        stack.pop_back();
        continue;
      }
      if (!expanded) {
        stack.back().second = true;
        for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling())
          if (child.type() == pugi::node_element) stack.emplace_back(child, false);
        continue;
      }
      stack.pop_back();
      bool has = holds_content(node.name());
      for (pugi::xml_node child = node.first_child(); child && !has; child = child.next_sibling()) {
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
          has = !is_blank_text(child.value(), nbsp_is_empty_);
        else if (child.type() == pugi::node_element)
          has = !empty.count(child.internal_object());
      }
      if (!has) empty.insert(node.internal_object());
    }
    return empty;
  }

  // Whether some start tag could be reported: one that is empty in the
  // source (source_extent_if_empty). Every reported element is one of them.
  bool has_source_candidate(const Document& doc) const {
    const auto& tokens = doc.html_tokens();
    for (auto it = tokens.begin(); it != tokens.end(); ++it)
      if (it->kind == HtmlToken::Kind::start_tag && source_extent_if_empty(doc, it)) return true;
    return false;
  }

  // The source extent of an element that is empty in the DOM and in the
  // source too, or nothing. Only elements written in the source (not implied
  // by tidy).
  std::optional<Span> empty_extent(const Document& doc, pugi::xml_node node) const {
    const HtmlToken* tag = doc.dom().source_tag(node);
    if (!tag) return std::nullopt;
    const auto& tokens = doc.html_tokens();
    return source_extent_if_empty(doc, tokens.begin() + (tag - tokens.data()));
  }

  // The extent of the element a start tag opens when nothing visible stands
  // between it and its own end tag, or nothing; never an anchor
  // (`<a name="top"></a>` is a link target). The source is read from the
  // start tag to its own end tag, counting nested tags of the same name:
  // tidy moves misnested content out of an element (`<strong><p>文字</p></strong>`),
  // leaving it empty in the DOM only; and an element with no end tag
  // (`<p><p>文字`) is left alone. Tidy ties an element to a start tag of the
  // same name, so the tag's name is the element's.
  std::optional<Span> source_extent_if_empty(const Document& doc,
                                             std::vector<HtmlToken>::const_iterator start) const {
    const HtmlToken& tag = *start;
    const std::optional<Span> extent = blank_extent(doc, start);
    if (!extent || is_content_element(tag.name)) return std::nullopt;
    if (tag.name == "a" && (tag.attribute("name") || tag.attribute("id"))) return std::nullopt;
    return extent;
  }

  // From a start tag to its own end tag when only blank text and tags that
  // hold nothing stand between (the start tag alone when self-closing).
  std::optional<Span> blank_extent(const Document& doc, std::vector<HtmlToken>::const_iterator start) const {
    const HtmlToken& tag = *start;
    if (tag.self_closing) return tag.span;
    // An empty element holds a few tags at most; a long scan means no end tag.
    constexpr std::size_t kMaxTokens = 64;
    const auto& tokens = doc.html_tokens();
    std::size_t depth = 0;
    auto it = start + 1;
    for (std::size_t scanned = 0; it != tokens.end() && scanned < kMaxTokens; ++it, ++scanned) {
      switch (it->kind) {
        case HtmlToken::Kind::text:
          if (!it->name.empty() || !is_blank_source(doc.slice(it->span), nbsp_is_empty_)) return std::nullopt;
          break;
        case HtmlToken::Kind::start_tag:
          if (is_content_element(it->name)) return std::nullopt;
          if (it->name == tag.name && !it->self_closing) ++depth;
          break;
        case HtmlToken::Kind::end_tag:
          if (it->name != tag.name) break;
          if (depth == 0) return Span{tag.span.begin, it->span.end};
          --depth;
          break;
        default:
          break;
      }
    }
    return std::nullopt;
  }

  std::vector<std::string> ignored_;
  bool nbsp_is_empty_;
  long max_per_file_;
};

void add_empty_element_check(CheckRegistry& registry) { registry.add<EmptyElementCheck>(); }

}  // namespace hlint

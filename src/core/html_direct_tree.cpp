#include "core/html_direct_tree.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>
#include <iterator>
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_map>

#include "core/line_index.hpp"
#include "core/utf8.hpp"

namespace hlint {

namespace {

// What an element may hold, as far as this test goes. Elements not listed
// (tables, forms, scripts, head elements, HTML5 oddities) send a body to tidy.
enum class Model {
  phrasing,        // inline elements: phrasing content only
  phrasing_block,  // blocks that hold phrasing content only (p, headings)
  flow,            // blocks that hold blocks or phrasing (div, li)
  list,            // ul, ol: list items only
  empty,           // void elements
};

struct ElementKind {
  std::string_view name;
  Model model;
};

// Tidy 5.6 leaves these alone when they nest as the models say. Sorted by
// name: kind_of looks only at those of the name's first letter.
constexpr ElementKind kElements[] = {
    {"a", Model::phrasing}, {"abbr", Model::phrasing}, {"article", Model::flow},
    {"aside", Model::flow}, {"b", Model::phrasing}, {"big", Model::phrasing},
    {"blockquote", Model::flow}, {"br", Model::empty}, {"center", Model::flow},
    {"cite", Model::phrasing}, {"code", Model::phrasing}, {"div", Model::flow},
    {"em", Model::phrasing}, {"figure", Model::flow}, {"font", Model::phrasing},
    {"footer", Model::flow}, {"h1", Model::phrasing_block}, {"h2", Model::phrasing_block},
    {"h3", Model::phrasing_block}, {"h4", Model::phrasing_block}, {"h5", Model::phrasing_block},
    {"h6", Model::phrasing_block}, {"header", Model::flow}, {"hr", Model::empty},
    {"i", Model::phrasing}, {"img", Model::empty}, {"li", Model::flow},
    {"main", Model::flow}, {"mark", Model::phrasing}, {"nav", Model::flow},
    {"ol", Model::list}, {"p", Model::phrasing_block}, {"s", Model::phrasing},
    {"section", Model::flow}, {"small", Model::phrasing}, {"span", Model::phrasing},
    {"strike", Model::phrasing}, {"strong", Model::phrasing}, {"sub", Model::phrasing},
    {"sup", Model::phrasing}, {"u", Model::phrasing}, {"ul", Model::list},
};
static_assert(std::is_sorted(std::begin(kElements), std::end(kElements),
                             [](const ElementKind& a, const ElementKind& b) { return a.name < b.name; }));

// Per first letter a-z, where its kinds begin in kElements (and, one on,
// where they end).
constexpr std::array<std::uint8_t, 27> kFirstLetterBegins = [] {
  std::array<std::uint8_t, 27> begins{};
  std::size_t k = 0;
  for (std::size_t letter = 0; letter <= 26; ++letter) {
    while (k < std::size(kElements) && static_cast<std::size_t>(kElements[k].name[0] - 'a') < letter) ++k;
    begins[letter] = static_cast<std::uint8_t>(k);
  }
  return begins;
}();

// Called for every tag of every body: a look at the few kinds of its first
// letter (the scanner's names are in lower case).
const ElementKind* kind_of(std::string_view name) {
  if (name.empty() || name[0] < 'a' || name[0] > 'z') return nullptr;
  const auto letter = static_cast<std::size_t>(name[0] - 'a');
  for (std::size_t k = kFirstLetterBegins[letter]; k < kFirstLetterBegins[letter + 1]; ++k)
    if (kElements[k].name == name) return &kElements[k];
  return nullptr;
}

// Inline elements tidy nests in themselves as written (`<span><span>`).
bool nests_freely(std::string_view name) {
  return name == "span" || name == "font" || name == "big" || name == "small" || name == "sub" || name == "sup";
}

bool holds_phrasing_only(Model model) { return model == Model::phrasing || model == Model::phrasing_block; }

// Whether `child` may stand in an element of model `parent` without tidy
// moving, closing or wrapping anything.
bool may_hold(Model parent, const ElementKind& child) {
  if (parent == Model::list) return child.name == "li";
  if (child.name == "li") return false;  // only in a list
  if (holds_phrasing_only(parent))
    return child.model == Model::phrasing || child.name == "br" || child.name == "img";
  return true;  // the body and flow blocks hold anything listed
}

// Whether tidy 5.6 knows an element of this name (tags.c, tag_defs; sorted).
// Tidy drops an end tag it does not know wherever it stands (parser.c:
// "discard unknown tags" in ParseBlock, ParseInline, ParseList, ParseBody).
// Names with `-` are left out of the test: tidy may take them for custom
// elements.
bool is_unknown_to_tidy(std::string_view name) {
  static constexpr std::string_view kTidyElements[] = {
      "a", "abbr", "acronym", "address", "align", "applet", "area", "article", "aside", "audio", "b", "base",
      "basefont", "bdi", "bdo", "bgsound", "big", "blink", "blockquote", "body", "br", "button", "canvas",
      "caption", "center", "cite", "code", "col", "colgroup", "command", "comment", "datalist", "dd", "del",
      "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "embed", "fieldset", "figcaption", "figure",
      "font", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup",
      "hr", "html", "i", "iframe", "ilayer", "img", "input", "ins", "isindex", "kbd", "keygen", "label", "layer",
      "legend", "li", "link", "listing", "main", "map", "mark", "marquee", "math", "menu", "menuitem", "meta",
      "meter", "multicol", "nav", "nextid", "nobr", "noembed", "noframes", "nolayer", "nosave", "noscript",
      "object", "ol", "optgroup", "option", "output", "p", "param", "picture", "plaintext", "pre", "progress", "q",
      "rb", "rbc", "rp", "rt", "rtc", "ruby", "s", "samp", "script", "section", "select", "server", "servlet",
      "small", "source", "spacer", "span", "strike", "strong", "style", "sub", "summary", "sup", "svg", "table",
      "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "tt", "u",
      "ul", "var", "video", "wbr", "xmp",
  };
  return name.find('-') == std::string_view::npos &&
         !std::binary_search(std::begin(kTidyElements), std::end(kTidyElements), name);
}

// A start tag tidy 5.6 does not know, which it drops with its attributes
// wherever it stands, leaving its content in place (parser.c: "discard
// unknown tags"; `<st第1号rong>` is the tag `st`, as tidy and the scanner
// both end a name at a character beyond ASCII). Only plain names: one with
// `-` may be a custom element, one with `:` a namespaced one.
bool is_dropped_start_tag(std::string_view name) {
  return !name.empty() &&
         std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }) &&
         is_unknown_to_tidy(name);
}

// A markup declaration tidy 5.6 swallows and drops (lexer.c, GetToken, after
// `<!`): one that is no comment (`<!-` and no second `-`), no doctype (`<!d`,
// `<!D`) and no section (`<![`). Tidy has read the character after `<!` (or
// after `<!-`) and swallows up to the next `>`: where the scanner's token
// ends, unless that character was the `>` itself (`<!>`). Tidy takes `<!`
// back out of the text it is reading, so the text before the declaration
// and the text after it make one text node. On one line only: tidy places
// the element after one spanning lines elsewhere than its tag.
bool is_swallowed_declaration(std::string_view token) {
  if (token.size() < 4 || token.substr(0, 2) != "<!" || token.back() != '>') return false;
  if (token.find_first_of("\n\r") != std::string_view::npos) return false;
  const char c = token[2];
  if (c == 'd' || c == 'D' || c == '[' || c == '>') return false;
  if (c == '-') return token.size() > 4 && token[3] != '-' && token[3] != '>';
  return true;
}

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), is_html_space);
}

bool is_control_character(char c) {
  return static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

// Control characters tidy drops or reads specially, and a NUL where it stops.
// Eight bytes at a time; only words with a byte below 0x20 are read byte by byte.
bool has_control_characters(std::string_view text) {
  std::size_t i = 0;
  for (std::uint64_t word; i + sizeof word <= text.size(); i += sizeof word) {
    std::memcpy(&word, text.data() + i, sizeof word);
    if (!utf8::has_byte_below(word, 0x20)) continue;
    for (std::size_t k = i; k < i + sizeof word; ++k)
      if (is_control_character(text[k])) return true;
  }
  return std::any_of(text.begin() + static_cast<std::ptrdiff_t>(i), text.end(), is_control_character);
}

// Characters tidy 5.6 reads otherwise than as written in some places: C1
// controls (U+0080 to U+009F, which it maps through Windows-1252 after a `<`
// and in references) and the noncharacters U+FFFE, U+FFFF and U+FDD0 to
// U+FDEF (which it replaces with U+FFFD). The text is UTF-8.
bool has_characters_tidy_rewrites(std::string_view text) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  for (std::size_t at = text.find('\xC2'); at != std::string_view::npos; at = text.find('\xC2', at + 1))
    if (at + 1 < text.size() && byte(at + 1) <= 0x9F) return true;
  for (std::size_t at = text.find('\xEF'); at != std::string_view::npos; at = text.find('\xEF', at + 1)) {
    if (at + 2 >= text.size()) break;
    if (byte(at + 1) == 0xBF && byte(at + 2) >= 0xBE) return true;
    if (byte(at + 1) == 0xB7 && byte(at + 2) >= 0x90 && byte(at + 2) <= 0xAF) return true;
  }
  return false;
}

// Character references decoded as tidy decodes them in text and attribute
// values; a `&` that starts none stays.
std::string decode_references(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size();) {
    const std::size_t amp = raw.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(raw.substr(i));
      break;
    }
    out.append(raw.substr(i, amp - i));
    const DecodedEntity entity = decode_entity(raw, amp);
    if (entity.length > 0) {
      out += entity.text;
      i = amp + entity.length;
    } else {
      out.push_back('&');
      i = amp + 1;
    }
  }
  return out;
}

// Tidy 5.6 keeps an attribute only if its name (ASCII upper case folded, as
// the scanner folds it) starts with an ASCII letter and goes on with ASCII
// letters, digits, `-`, `_`, `:` or `.` (lexer.c, ParseAttrs: IsValidAttrName);
// it drops any other, value and all, before anything else looks at the tag.
bool tidy_keeps_attribute(std::string_view name) {
  auto is_letter = [](char c) { return c >= 'a' && c <= 'z'; };
  auto is_name_char = [&](char c) {
    return is_letter(c) || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':' || c == '.';
  };
  return !name.empty() && is_letter(name[0]) && std::all_of(name.begin() + 1, name.end(), is_name_char);
}

// A name tidy drops and cuts where the scanner cuts it: ASCII name
// characters (any of them first) and well-formed UTF-8 letters beyond ASCII,
// such as the `第1234号` a copy pasted into `s第1234号rc`. Quotes, `<`, `$`
// and the like are left to tidy: its lexer ends or reads such names otherwise.
bool is_droppable_attribute_name(std::string_view name) {
  for (std::size_t i = 0; i < name.size();) {
    const char c = name[i];
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':' || c == '.') {
      ++i;
      continue;
    }
    const std::size_t length = utf8::valid_sequence_length(name, i);
    if (length < 2) return false;  // other ASCII, or not UTF-8
    if (utf8::decode(name, i).code_point < 0xA0) return false;  // C1 controls: tidy reads them as Windows-1252
    i += length;
  }
  return true;
}

// Attributes tidy keeps as written (besides decoding character references) or
// drops: a handful per tag, short names, each name tidy keeps once, no line
// breaks or tabs, and URLs without white space. Returns why not, or "".
std::string_view attribute_trouble(std::string_view text, const HtmlToken& tag) {
  constexpr std::size_t kMaxAttributes = 32;
  constexpr std::size_t kMaxNameBytes = 64;
  if (tag.attributes.size() > kMaxAttributes) return "many attributes";
  // Where the tag name ends: tidy swallows the character just after it
  // (lexer.c, GetToken: ParseTagName's stop character is not pushed back).
  const std::size_t name_end = tag.span.begin + 1 + tag.name.size();
  for (std::size_t i = 0; i < tag.attributes.size(); ++i) {
    const HtmlAttribute& attribute = tag.attributes[i];
    if (attribute.name.empty() || attribute.name.size() > kMaxNameBytes) return "attribute name";
    if (is_hidden_url_attribute(attribute)) return "attribute value";  // the tidy path hides it
    // `<img src="a.png" /alt="b">`: the scanner skips the `/`, tidy's name
    // is `/alt`, which it drops.
    if (text[attribute.name_span.begin - 1] == '/') return "attribute name";
    const bool quoted = attribute.has_value && (text[attribute.value_span.begin - 1] == '"' ||
                                                text[attribute.value_span.begin - 1] == '\'');
    // `title=a<b`: tidy's unquoted value ends at the `<`; `clear=all/>`: at the `/`.
    if (attribute.has_value && !quoted &&
        (attribute.value.find('<') != std::string::npos || attribute.value.ends_with('/')))
      return "attribute value";
    // Tidy turns line breaks and tabs in a value into spaces, some of them
    // only in some attributes; its value is what tidy_attribute_value makes
    // of one with none, written or as references (`&#10;`).
    if (std::any_of(attribute.value.begin(), attribute.value.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
      return "attribute value";
    if (attribute.value.find('&') != std::string::npos) {
      const std::string decoded = decode_references(attribute.value);
      if (std::any_of(decoded.begin(), decoded.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
        return "attribute value";
    }
    if (!tidy_keeps_attribute(attribute.name)) {
      if (!is_droppable_attribute_name(attribute.name)) return "attribute name";
      // `<p第x=1>`: tidy reads the name from `x`, which it keeps; `<p第="x">`:
      // tidy skips the `="` and reads x as a name.
      if (attribute.name_span.begin == name_end) {
        const std::string_view rest = std::string_view(attribute.name).substr(utf8::valid_sequence_length(attribute.name, 0));
        if (tidy_keeps_attribute(rest) || (rest.empty() && attribute.has_value)) return "attribute name";
      }
      continue;
    }
    for (std::size_t j = 0; j < i; ++j)
      if (tag.attributes[j].name == attribute.name) return "duplicate attribute";
  }
  return "";
}

// An attribute value as tidy's tree holds it (lexer.c, ParseValue), for a
// value attribute_trouble lets through (no control characters, written or
// referenced): runs of spaces as one, references decoded, and spaces at
// either end trimmed except in alt, title, value and prompt.
std::string tidy_attribute_value(const HtmlAttribute& attribute) {
  const std::string& raw = attribute.value;
  if (raw.find('&') == std::string::npos && raw.find("  ") == std::string::npos &&
      (raw.empty() || (raw.front() != ' ' && raw.back() != ' ')))
    return raw;  // the common case: tidy keeps it as written
  std::string value;
  value.reserve(attribute.value.size());
  for (const char c : attribute.value)
    if (c != ' ' || value.empty() || value.back() != ' ') value.push_back(c);
  if (value.find('&') != std::string::npos) value = decode_references(value);
  const std::string_view name = attribute.name;
  if (name == "alt" || name == "title" || name == "value" || name == "prompt") return value;
  const std::size_t first = value.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  return value.substr(first, value.find_last_not_of(' ') + 1 - first);
}

// The attributes whose values tidy rewrites as URLs (CheckUrl, CheckAction in
// its attribute table), found one by one with Debian's libtidy 5.6: `dynsrc`,
// `poster`, `formaction`, `archive`, `for` and the like are left as they are.
// A subset of is_tidy_url_attribute, which also holds the attributes whose
// white space only costs tidy time.
bool tidy_fixes_url(std::string_view name) {
  static constexpr std::string_view kNames[] = {"action",  "background", "cite", "classid", "codebase",
                                                "data",    "datasrc",    "href", "longdesc", "lowsrc",
                                                "profile", "src",        "usemap"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

// A URL as tidy's CheckUrl leaves it with fix-backslash and fix-uri (both on
// by default): `\` becomes `/` unless the URL starts with `javascript:`, and
// each byte above 0x7E, at or below 0x20, `<` or `>` becomes `%XX` (spaces
// before the first other character are dropped).
std::string tidy_fixed_url(std::string url) {
  const bool javascript = url.starts_with("javascript:");
  const auto needs_escape = [](unsigned char byte) { return byte > 0x7E || byte <= 0x20 || byte == '<' || byte == '>'; };
  if (!javascript) std::replace(url.begin(), url.end(), '\\', '/');
  if (std::none_of(url.begin(), url.end(), [&](char c) { return needs_escape(static_cast<unsigned char>(c)); }))
    return url;
  std::string escaped;
  escaped.reserve(url.size() * 3);
  bool seen_other = false;
  for (const char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (!needs_escape(byte)) {
      escaped.push_back(c);
      seen_other = true;
    } else if (byte != 0x20 || seen_other) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      escaped += {'%', kHex[byte >> 4], kHex[byte & 0x0F]};
      seen_other = seen_other || byte != 0x20;
    }
  }
  return escaped;
}

// Attributes with a fixed set of values, which tidy lower-cases whatever the
// value (lower-literals, on by default; CheckLowerCaseAttrValue), found one by
// one with Debian's libtidy 5.6.
bool tidy_lowercases_value(std::string_view name) {
  static constexpr std::string_view kNames[] = {"align",   "border",   "checked",  "clear",  "compact",
                                                "dir",     "disabled", "method",   "noshade", "nowrap",
                                                "readonly", "scope",   "scrolling", "selected", "shape",
                                                "valign",  "valuetype"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

bool is_color_attribute(std::string_view name) {
  return name == "color" || name == "bgcolor" || name == "text" || name == "link" || name == "vlink" ||
         name == "alink";
}

// A colour as tidy's CheckColor leaves it: six hex digits, with or without
// `#`, as `#` and upper-case digits; one of HTML's sixteen colour names in
// lower case; anything else as written.
std::string tidy_color(std::string color) {
  auto is_six_hex = [](std::string_view digits) {
    return digits.size() == 6 && std::all_of(digits.begin(), digits.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
  };
  if (is_six_hex(color)) color.insert(0, 1, '#');
  if (color.size() == 7 && color[0] == '#' && is_six_hex(std::string_view(color).substr(1))) {
    for (char& c : color) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return color;
  }
  static constexpr std::string_view kNames[] = {"black", "silver", "gray", "white", "maroon", "red",
                                                "purple", "fuchsia", "green", "lime", "olive", "yellow",
                                                "navy", "blue", "teal", "aqua"};
  std::string lower = color;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (std::find(std::begin(kNames), std::end(kNames), lower) != std::end(kNames)) return lower;
  return color;
}

// An attribute's value in tidy's tree: as its parser reads it, then as its
// attribute checks rewrite it.
std::string tidy_checked_value(const HtmlAttribute& attribute) {
  std::string value = tidy_attribute_value(attribute);
  const std::string_view name = attribute.name;
  if (tidy_fixes_url(name)) return tidy_fixed_url(std::move(value));
  if (is_color_attribute(name)) return tidy_color(std::move(value));
  if (tidy_lowercases_value(name))
    for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return value;
}

// A comment tidy reads as the scanner does: `<!--` to `-->`.
bool is_plain_comment(std::string_view token) {
  return token.size() >= 7 && token.substr(0, 4) == "<!--" && token.substr(token.size() - 3) == "-->";
}

// A reference tidy might read otherwise than the WHATWG table does: one not
// closed by `;` (`&nbsp` alone, `&copy2`), or a `&` that starts none.
// So is a numeric one to a code point tidy replaces or maps (NUL, C1
// controls, surrogates, noncharacters, beyond U+10FFFF: has_characters_tidy_rewrites).
bool has_doubtful_reference(std::string_view raw) {
  for (std::size_t amp = raw.find('&'); amp != std::string_view::npos; amp = raw.find('&', amp + 1)) {
    const DecodedEntity entity = decode_entity(raw, amp);
    if (entity.length == 0 || raw[amp + entity.length - 1] != ';') return true;
    if (amp + 1 < raw.size() && raw[amp + 1] == '#' &&
        (utf8::valid_prefix_length(entity.text) != entity.text.size() || has_control_characters(entity.text) ||
         has_characters_tidy_rewrites(entity.text) || entity.text.find('\0') != std::string::npos))
      return true;
  }
  return false;
}

// The code point after a `<` that starts no tag (the scanner's tags start
// with `<` and an ASCII letter, `</` and a letter, `<!` or `<?`): its length
// in bytes if tidy 5.6 reads it as the scanner does, 0 if not. Tidy's lexer
// (lexer.c, GetToken, LEX_GT) has already added that code point to its text
// when it finds it starts no tag; it then takes back one byte and reads the
// code point again. So an ASCII character is read as if the `<` were any
// character, but a character of n bytes leaves its first n - 1 bytes behind,
// twice in tidy's text (`<乙` -> `<` E4 B9 E4 B9 99): tidy_text copies that.
// After `</` tidy adds the next code point whole and reads no reference in it.
//
// A text token that is not the last of the body ends where a tag, comment
// or doctype starts, with a `<` that tidy reads again as such. At the end of
// the body, a `<` or `</` makes tidy drop the whole text token (it returns no
// text node in the state LEX_GT): `ends_body` says the token is the last.
std::size_t stray_angle_follower(std::string_view raw, std::size_t lt, bool ends_body = false) {
  const std::size_t at = lt + 1;
  if (at == raw.size()) return ends_body ? 0 : 1;
  const char c = raw[at];
  if (c == '%' || c == '#') return 0;  // tidy reads ASP (`<%`) or JSTE (`<#`) code
  if (c == '/') {
    // `</` and no letter: tidy adds the next character to its text as it is.
    if (at + 1 == raw.size() || raw[at + 1] == '&' || raw[at + 1] == '<') return 0;
    if (static_cast<unsigned char>(raw[at + 1]) < 0x80) return 1;
    const std::size_t length = utf8::valid_sequence_length(raw, at + 1);
    return length >= 2 && utf8::decode(raw, at + 1).code_point >= 0xA0 ? 1 : 0;
  }
  if (static_cast<unsigned char>(c) < 0x80) return 1;
  // Beyond ASCII: well-formed UTF-8, and no C1 control (tidy maps those
  // through Windows-1252 as it reads them).
  const std::size_t length = utf8::valid_sequence_length(raw, at);
  return length >= 2 && utf8::decode(raw, at).code_point >= 0xA0 ? length : 0;
}

// Whether tidy reads every `<` of a text token (one that starts no tag) as
// stray_angle_follower knows it.
bool stray_angles_are_known(std::string_view raw, bool ends_body) {
  for (std::size_t lt = raw.find('<'); lt != std::string_view::npos; lt = raw.find('<', lt + 1))
    if (stray_angle_follower(raw, lt, ends_body) == 0) return false;
  return true;
}

// A text token as tidy's tree holds it: character references decoded, and
// after each `<` followed by a character of n bytes, its first n - 1 bytes
// once more (see stray_angle_follower). Only for text stray_angles_are_known.
std::string tidy_text(std::string_view raw) {
  if (raw.find('<') == std::string_view::npos) return raw.find('&') == std::string_view::npos ? std::string(raw) : decode_references(raw);
  std::string garbled;
  garbled.reserve(raw.size() + 8);
  std::size_t copied = 0;
  for (std::size_t lt = raw.find('<'); lt != std::string_view::npos; lt = raw.find('<', lt + 1)) {
    const std::size_t length = stray_angle_follower(raw, lt);
    if (length < 2) continue;
    garbled.append(raw.substr(copied, lt + 1 - copied));
    garbled.append(raw.substr(lt + 1, length - 1));
    copied = lt + 1;
  }
  garbled.append(raw.substr(copied));
  // The bytes added are beyond ASCII, so no reference starts or ends in them.
  return garbled.find('&') == std::string::npos ? garbled : decode_references(garbled);
}

// What tidy 5.6 does with the end tag of a listed inline element none of
// which is open, inside `innermost` (nullptr: the body). Inside an inline
// element other than <a>, any inline end tag but </a> ends that element
// (parser.c, ParseInline: "allow any inline end tag to end current element";
// its SwitchInline case needs the end tag's element on the inline stack, and
// tidy pushes only open elements there, so not this one). Anywhere else tidy
// drops it: an <a> drops unexpected inline end tags, and ParseBlock,
// ParseList, ParseBody and the paragraphs' ParseInline drop an end tag of
// nothing open.
enum class EndTagAction { close, drop };
EndTagAction end_tag_action(std::string_view name, const ElementKind* innermost) {
  if (innermost && innermost->model == Model::phrasing && innermost->name != "a" && name != "a")
    return EndTagAction::close;
  return EndTagAction::drop;
}

constexpr std::size_t kMaxDepth = 256;

// Whether what comes before tokens[end] ends in white space or a line
// break, looking through the tokens that make no element (comments,
// declarations, end tags tidy does not know) and the end tags of inline
// elements (tidy moves the space out of them as well).
bool ends_in_space(std::string_view text, const std::vector<HtmlToken>& tokens, std::size_t end) {
  for (std::size_t k = end; k-- > 0;) {
    const HtmlToken& before = tokens[k];
    if (before.kind == HtmlToken::Kind::text) return is_html_space(text[before.span.end - 1]);
    if (before.kind == HtmlToken::Kind::start_tag && before.name == "br") return true;  // tidy moves it out too
    const ElementKind* kind = before.kind == HtmlToken::Kind::end_tag ? kind_of(before.name) : nullptr;
    const bool looked_through = before.kind == HtmlToken::Kind::comment || before.kind == HtmlToken::Kind::doctype ||
                                (before.kind == HtmlToken::Kind::end_tag && (!kind || kind->model == Model::phrasing));
    if (!looked_through) return false;
  }
  return false;
}

// Tidy 5.6's inline stack (istack.c): an inline element is pushed when it
// starts unless one of its name is there already (a font always is), and the
// end tag of an inline element pops the top entry, whatever its name. An
// element that a paragraph's end tag closed stays there, and tidy opens a
// copy of it, attributes and all, at the start of every later paragraph and
// heading (ParseInline, InlineDup) until an end tag of an inline element pops
// it: `<p><strong>甲</p><p>乙</p>` is `<p><strong>甲</strong></p><p><strong>乙</strong></p>`.
struct InlineStack {
  std::vector<std::string_view> names;
  void push(std::string_view name) {
    if (name == "font" || std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  void pop() {
    if (!names.empty()) names.pop_back();
  }
};

// The element that a paragraph's end tag closed may be carried (see
// InlineStack) when it is the one inline element open in the paragraph,
// tidy's stack holds it alone, and it is no link or font (whose end tags tidy
// pops otherwise).
bool may_be_carried(const ElementKind& kind, const InlineStack& stack) {
  return kind.model == Model::phrasing && kind.name != "a" && kind.name != "font" && stack.names.size() == 1 &&
         stack.names[0] == kind.name;
}

}  // namespace

bool is_tidy_url_attribute(std::string_view name) {
  static constexpr std::string_view kUrlAttributes[] = {
      "action", "background", "cite", "classid", "codebase", "data", "dynsrc", "for", "href", "longdesc", "lowsrc",
      "profile", "src", "usemap", "xmlns", "datasrc", "archive", "poster", "formaction", "manifest", "icon"};
  return std::find(std::begin(kUrlAttributes), std::end(kUrlAttributes), name) != std::end(kUrlAttributes);
}

namespace {

// The test of markup_needs_no_repair, token by token: the elements open in
// the tree tidy would build and tidy's inline stack. Each step returns the
// reason the body needs tidy, or nothing.
class RepairTest {
 public:
  RepairTest(std::string_view text, Span body, const std::vector<HtmlToken>& tokens, bool text_is_utf8)
      : text_(text), body_(body), tokens_(tokens), text_is_utf8_(text_is_utf8) {}

  std::string_view run() {
    if (const std::string_view trouble = character_trouble(); !trouble.empty()) return trouble;
    for (const HtmlToken& token : tokens_) {
      std::string_view trouble;
      switch (token.kind) {
        case HtmlToken::Kind::comment:
          if (!is_plain_comment(source(token))) trouble = "odd comment";
          break;
        case HtmlToken::Kind::text:
          trouble = text_trouble(token);
          break;
        case HtmlToken::Kind::start_tag:
          trouble = start_tag_trouble(token);
          break;
        case HtmlToken::Kind::end_tag:
          trouble = end_tag_trouble(token);
          break;
        default:
          trouble = declaration_trouble(token);
      }
      if (!trouble.empty()) return trouble;
    }
    return open_.empty() ? std::string_view() : "unclosed";
  }

 private:
  struct Open {
    const ElementKind* kind;
    bool copy;  // tidy's copy of a carried element (InlineStack)
  };

  std::string_view source(const HtmlToken& token) const {
    return text_.substr(token.span.begin, token.span.end - token.span.begin);
  }
  Model parent_model() const { return open_.empty() ? Model::flow : open_.back().kind->model; }
  void push(const ElementKind* kind, bool copy = false) {
    open_.push_back(Open{kind, copy});
    ++open_of_kind_[static_cast<std::size_t>(kind - kElements)];
  }
  void pop() {
    --open_of_kind_[static_cast<std::size_t>(open_.back().kind - kElements)];
    open_.pop_back();
  }

  // Characters tidy reads otherwise than as written, anywhere in the body.
  std::string_view character_trouble() const {
    const std::string_view body_text = text_.substr(body_.begin, body_.end - body_.begin);
    if (has_control_characters(body_text)) return "control character";
    // Tidy reads a byte that is not UTF-8 as U+FFFD and drops a byte order mark.
    if (!text_is_utf8_ && utf8::valid_prefix_length(body_text) != body_text.size()) return "not UTF-8";
    if (body_text.find("\xEF\xBB\xBF") != std::string_view::npos) return "byte order mark";
    if (has_characters_tidy_rewrites(body_text)) return "control character";
    // Tidy counts a lone carriage return as a line break; the tidy path pairs
    // elements with start tags by line.
    for (std::size_t cr = body_text.find('\r'); cr != std::string_view::npos; cr = body_text.find('\r', cr + 1))
      if (cr + 1 == body_text.size() || body_text[cr + 1] != '\n') return "carriage return";
    return {};
  }

  std::string_view text_trouble(const HtmlToken& token) const {
    if (!token.name.empty()) return "script or style";
    const std::string_view raw = source(token);
    if (parent_model() == Model::list && !is_blank(raw)) return "text in a list";  // tidy wraps it in an item
    // Outside a paragraph, tidy would open the carried element's copy around it.
    if (carried_ && parent_model() == Model::flow && !is_blank(raw)) return "misnested";
    // A `<` that starts no tag: tidy 5.6 garbles the character after it.
    if (raw.find('<') != std::string_view::npos && !stray_angles_are_known(raw, &token == &tokens_.back()))
      return "stray <";
    if (raw.find('&') != std::string_view::npos && has_doubtful_reference(raw)) return "doubtful reference";
    return {};
  }

  std::string_view start_tag_trouble(const HtmlToken& token) {
    const ElementKind* kind = kind_of(token.name);
    if (!kind && !is_dropped_start_tag(token.name)) return "element not listed";
    if (const std::string_view trouble = attribute_trouble(text_, token); !trouble.empty()) return trouble;
    if (!kind) {
      if (parent_model() == Model::list) return "element not listed";
      dropped_.push_back(token.name);
      return {};  // dropped, as tidy drops it
    }
    for (const HtmlAttribute& attribute : token.attributes)
      if (attribute.value.find('&') != std::string::npos && has_doubtful_reference(attribute.value))
        return "doubtful reference";
    if (!may_hold(parent_model(), *kind)) return "nesting";
    // While an element is carried, only paragraphs and headings and what
    // they hold (tidy copies it into blocks of other kinds otherwise).
    if (carried_ && (kind->model == Model::flow || kind->model == Model::list ||
                     (kind->model != Model::phrasing_block && parent_model() == Model::flow)))
      return "misnested";
    if (kind->model == Model::empty)
      return kind->name == "hr" && holds_phrasing_only(parent_model()) ? "nesting" : std::string_view();
    if (token.self_closing) return "self-closing";  // `<p/>`: tidy opens a paragraph
    // An anchor inside an anchor ends the first; `<b>x<b>` may become
    // `<b>x</b>` (tidy's coerce-endtags, parser.c ParseInline), except for
    // the elements whose nesting adds up.
    if (kind->name == "a")
      for (const Open& outer : open_)
        if (outer.kind == kind) return "anchor in an anchor";
    // `<font><a>..</a></font>`: tidy moves a font that holds only a link
    // inside the link (parser.c, ParseInline).
    if (kind->name == "a" && !open_.empty() && open_.back().kind->name == "font") return "link in a font";
    // Inside tidy's copy, an element of the same name nests.
    if (!open_.empty() && open_.back().kind == kind && kind->model == Model::phrasing && !nests_freely(kind->name) &&
        !open_.back().copy)
      return "nested emphasis";
    if (open_.size() >= kMaxDepth) return "depth";
    push(kind);
    if (kind->model == Model::phrasing) inline_stack_.push(kind->name);
    if (carried_ && kind->model == Model::phrasing_block) {
      if (inline_stack_.names.size() != 1) return "misnested";
      push(carried_, true);
    }
    return {};
  }

  std::string_view end_tag_trouble(const HtmlToken& token) {
    // `</p title=">">`: tidy's end tag ends at the first `>`, the scanner's
    // reads the quoted value.
    if (!token.attributes.empty() && source(token).find_first_of("\"'") != std::string_view::npos)
      return "quote in an end tag";
    const ElementKind* kind = kind_of(token.name);
    if (kind && !open_.empty() && open_.back().kind == kind) {
      pop();
      if (kind->model == Model::phrasing) inline_stack_.pop();
      if (carried_ && inline_stack_.names.empty()) carried_ = nullptr;
      return {};
    }
    if (kind && kind->model == Model::phrasing_block && open_.size() >= 2 && open_[open_.size() - 2].kind == kind &&
        open_.back().kind->model == Model::phrasing)
      return paragraph_end_trouble(token);
    // `</st第1号rong>`: an end tag tidy does not know, which it drops.
    // After a start tag of that name, the tidy path would pair them as a
    // browser does (pair_end_tags), and find other extents.
    if (!kind && is_unknown_to_tidy(token.name))
      return std::find(dropped_.begin(), dropped_.end(), token.name) != dropped_.end() ? "element not listed"
                                                                                        : std::string_view();
    if (carried_) return "misnested";
    if (!kind || kind->model == Model::empty) return "misnested";
    // The end tag of an inline element none of which is open (`<s第1号trong>`
    // ... `</strong>`): see end_tag_action.
    if (kind->model != Model::phrasing || open_of_kind_[static_cast<std::size_t>(kind - kElements)] > 0)
      return "misnested";
    if (end_tag_action(token.name, open_.empty() ? nullptr : open_.back().kind) == EndTagAction::close) pop();
    // Tidy may pop its inline stack for it (or not): no element is carried after it.
    stray_inline_end_tag_ = true;
    return {};
  }

  // A paragraph or heading ended with one inline element open in it: tidy
  // closes that element and carries it on (InlineStack).
  std::string_view paragraph_end_trouble(const HtmlToken& token) {
    // Tidy moves white space that ends the element out of it, where, in a
    // block, it makes one more copy.
    if (ends_in_space(text_, tokens_, static_cast<std::size_t>(&token - tokens_.data()))) return "misnested";
    if (!open_.back().copy) {
      if (carried_ || stray_inline_end_tag_ || !may_be_carried(*open_.back().kind, inline_stack_)) return "misnested";
      // Lines are counted as tidy counts them only without carriage returns.
      if (text_.substr(0, body_.end).find('\r') != std::string_view::npos) return "misnested";
      carried_ = open_.back().kind;
    }
    pop();
    pop();
    return {};
  }

  std::string_view declaration_trouble(const HtmlToken& token) const {
    // Not after a `<` that starts no tag (`<<!x>`), which tidy reads on.
    const bool after_stray_angle = &token != tokens_.data() && (&token - 1)->kind == HtmlToken::Kind::text &&
                                   source(*(&token - 1)).find('<') != std::string_view::npos;
    if (is_swallowed_declaration(source(token)) && !after_stray_angle) return {};
    return "doctype";  // a whole page, with its own html and body
  }

  std::string_view text_;
  Span body_;
  const std::vector<HtmlToken>& tokens_;
  const bool text_is_utf8_;
  std::vector<Open> open_;
  std::array<std::size_t, std::size(kElements)> open_of_kind_{};  // how many of each kind are open
  std::vector<std::string_view> dropped_;  // the names of start tags tidy drops (is_dropped_start_tag)
  InlineStack inline_stack_;
  const ElementKind* carried_ = nullptr;  // an element tidy's stack carries into later paragraphs
  bool stray_inline_end_tag_ = false;     // an end tag of an inline element none of which was open
};

}  // namespace

bool markup_needs_no_repair(std::string_view text, Span body, const std::vector<HtmlToken>& tokens,
                            std::string_view* why, bool text_is_utf8) {
  const std::string_view reason = RepairTest(text, body, tokens, text_is_utf8).run();
  if (why) *why = reason;
  return reason.empty();
}

namespace {

// An element of the tree from the tokens for a start tag, with the
// attributes tidy keeps, as tidy's checks leave them.
pugi::xml_node append_element(pugi::xml_node parent, const HtmlToken& tag) {
  pugi::xml_node element = parent.append_child(tag.name.c_str());
  for (const HtmlAttribute& attribute : tag.attributes) {
    if (!tidy_keeps_attribute(attribute.name)) continue;  // as tidy drops it
    const std::string value = tidy_checked_value(attribute);
    element.append_attribute(attribute.name.c_str()).set_value(value.c_str());
  }
  return element;
}

// Pairs the elements of a tree holding tidy's copies with start tags, and
// finds their extents, as HtmlDom's tidy path does (StartTagMatcher,
// source_extent_end), in document order: a copy may so take the start tag of
// a later element of its name on its line, and that element none. A copy's
// line is where tidy's lexer stood when it made it.
void pair_as_tidy_path(std::string_view text, const std::vector<HtmlToken>& tokens, pugi::xml_node body,
                       const std::vector<std::pair<const void*, std::size_t>>& copies,
                       std::vector<HtmlDom::SourceElement>& elements, std::size_t first_listed) {
  const LineIndex lines(text);
  StartTagMatcher start_tags(tokens, lines);
  std::unordered_map<const void*, std::size_t> made_at;  // each element's node: where tidy made it
  for (std::size_t i = first_listed; i < elements.size(); ++i) made_at.emplace(elements[i].node, elements[i].tag->span.begin);
  for (const auto& [node, at] : copies) made_at.emplace(node, at);
  elements.resize(first_listed);
  const std::vector<std::size_t> end_tag_of = pair_end_tags(tokens);
  const std::function<std::size_t(pugi::xml_node)> visit = [&](pugi::xml_node node) -> std::size_t {
    const auto made = made_at.find(node.internal_object());
    const HtmlToken* tag = made == made_at.end() ? nullptr : start_tags.match(node.name(), lines.line_of(made->second));
    const std::size_t listed = elements.size();
    if (tag) elements.push_back(HtmlDom::SourceElement{node.internal_object(), tag, 0});
    std::size_t extent_end = 0;
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling())
      if (child.type() == pugi::node_element) extent_end = std::max(extent_end, visit(child));
    if (tag) {
      extent_end = source_extent_end(*tag, tokens, end_tag_of, extent_end);
      elements[listed].extent_end = extent_end;
    }
    return extent_end;
  };
  for (pugi::xml_node child = body.first_child(); child; child = child.next_sibling())
    if (child.type() == pugi::node_element) visit(child);
}

}  // namespace

namespace {

// Builds the tree markup_needs_no_repair let through, token by token, as
// tidy would: elements in the order of their tags, unknown start tags and
// swallowed declarations dropped, carried elements copied (InlineStack).
class DirectTreeBuilder {
 public:
  DirectTreeBuilder(std::string_view text, const std::vector<HtmlToken>& tokens, pugi::xml_document& document,
                    std::vector<HtmlDom::SourceElement>& elements)
      : text_(text), tokens_(tokens), elements_(elements), first_listed_(elements.size()) {
    pugi::xml_node html = document.append_child("html");
    html.append_child("head").append_child("title");
    body_ = html.append_child("body");
  }

  void build() {
    for (const HtmlToken& token : tokens_) {
      const std::string_view source = text_.substr(token.span.begin, token.span.end - token.span.begin);
      if (token.kind == HtmlToken::Kind::text) {
        add_text(source);
        continue;
      }
      if (token.kind == HtmlToken::Kind::doctype && is_swallowed_declaration(source)) {
        joining_ = joining_ || !last_raw_.empty();
        continue;
      }
      last_raw_ = {};
      joining_ = false;
      if (token.kind == HtmlToken::Kind::start_tag) add_start_tag(token);
      if (token.kind == HtmlToken::Kind::end_tag) add_end_tag(token);
      // Comments and declarations are not in the DOM.
    }
    if (!copies_.empty())
      pair_as_tidy_path(text_, tokens_, body_, copies_, elements_, first_listed_);
    else if (closed_by_other_end_tag_)
      find_extents_as_tidy_path();
  }

 private:
  struct Open {
    pugi::xml_node node;
    std::size_t listed;  // index in elements (kNoParent for a copy)
    const ElementKind* kind;
    bool copy;  // tidy's copy of a carried element (InlineStack)
  };
  static constexpr std::size_t kNoParent = static_cast<std::size_t>(-1);

  pugi::xml_node parent() const { return open_.empty() ? body_ : open_.back().node; }

  // Tidy joins the text on either side of a declaration it swallows
  // (is_swallowed_declaration) into one node.
  void add_text(std::string_view raw) {
    if (joining_) {
      std::string both;
      both.reserve(last_raw_.size() + raw.size());
      both.append(last_raw_).append(raw);
      joined_.swap(both);
      raw = joined_;
    } else {
      last_text_ = pugi::xml_node();
    }
    joining_ = false;
    last_raw_ = raw;
    if (is_blank(raw)) return;  // nothing a query reads; tidy drops or collapses it
    const std::string value = tidy_text(raw);
    if (!last_text_) last_text_ = parent().append_child(pugi::node_pcdata);
    last_text_.set_value(value.c_str(), value.size());
  }

  void add_start_tag(const HtmlToken& token) {
    const ElementKind* kind = kind_of(token.name);
    if (!kind) return;  // dropped, as tidy drops it (is_dropped_start_tag)
    pugi::xml_node element = append_element(parent(), token);
    parent_listed_.push_back(open_.empty() ? kNoParent : open_.back().listed);
    elements_.push_back(HtmlDom::SourceElement{element.internal_object(), &token, token.span.end});
    if (kind->model != Model::empty) open_.push_back(Open{element, elements_.size() - 1, kind, false});
    if (kind->model == Model::phrasing) inline_stack_.push(kind->name);
    if (carried_ && kind->model == Model::phrasing_block) {
      // Tidy's copy opens at once, where its lexer stands: after this start tag.
      const pugi::xml_node copy = append_element(element, *carried_);
      open_.push_back(Open{copy, kNoParent, kind_of(carried_->name), true});
      copies_.emplace_back(copy.internal_object(), token.span.end - 1);
    }
  }

  void add_end_tag(const HtmlToken& token) {
    if (!open_.empty() && open_.back().kind->name == token.name) {
      if (!open_.back().copy) elements_[open_.back().listed].extent_end = token.span.end;
      const bool inline_end = open_.back().kind->model == Model::phrasing;
      open_.pop_back();
      if (inline_end) inline_stack_.pop();
      if (carried_ && inline_stack_.names.empty()) carried_ = nullptr;
      return;
    }
    // A paragraph or heading ended with one inline element open in it
    // (markup_needs_no_repair made sure): tidy closes it and carries it on.
    if (const ElementKind* kind = kind_of(token.name);
        kind && kind->model == Model::phrasing_block && open_.size() >= 2 && open_[open_.size() - 2].kind == kind &&
        open_.back().kind->model == Model::phrasing) {
      if (!open_.back().copy) {
        carried_ = elements_[open_.back().listed].tag;
        closed_by_other_end_tag_ = true;
      }
      open_.pop_back();
      elements_[open_.back().listed].extent_end = token.span.end;
      open_.pop_back();
      return;
    }
    if (open_.empty() || is_unknown_to_tidy(token.name)) return;  // tidy drops it (or a test's stray end tag)
    // None of its kind is open (markup_needs_no_repair made sure).
    if (end_tag_action(token.name, open_.back().kind) == EndTagAction::close) {
      open_.pop_back();
      closed_by_other_end_tag_ = true;
    }
  }

  // The tidy path's extents (HtmlDom::build_with_tidy): the end tag paired
  // with the start tag as a browser pairs them, else the furthest extent of
  // the element children or the start tag's end. An element ended by another
  // end tag may still be paired with its own later (`<b>甲</span>乙</b>`).
  void find_extents_as_tidy_path() {
    const std::vector<std::size_t> end_tag_of = pair_end_tags(tokens_);
    std::vector<std::size_t> children_end(elements_.size() - first_listed_, 0);
    for (std::size_t i = elements_.size(); i-- > first_listed_;) {  // children after their parent
      HtmlDom::SourceElement& element = elements_[i];
      element.extent_end = source_extent_end(*element.tag, tokens_, end_tag_of, children_end[i - first_listed_]);
      const std::size_t up = parent_listed_[i - first_listed_];
      if (up != kNoParent)
        children_end[up - first_listed_] = std::max(children_end[up - first_listed_], element.extent_end);
    }
  }

  std::string_view text_;
  const std::vector<HtmlToken>& tokens_;
  std::vector<HtmlDom::SourceElement>& elements_;
  const std::size_t first_listed_;
  pugi::xml_node body_;
  std::vector<Open> open_;
  std::vector<std::size_t> parent_listed_;  // of each element listed here; kNoParent for the body
  bool closed_by_other_end_tag_ = false;
  InlineStack inline_stack_;
  const HtmlToken* carried_ = nullptr;  // the start tag of the element tidy's stack carries on
  std::vector<std::pair<const void*, std::size_t>> copies_;  // each copy's node, and where tidy made it
  // The text node the last text token wrote, that token's raw text, and the
  // raw text joined across swallowed declarations so far.
  pugi::xml_node last_text_;
  std::string_view last_raw_;
  std::string joined_;
  bool joining_ = false;
};

}  // namespace

void build_tree_from_tokens(std::string_view text, const std::vector<HtmlToken>& tokens,
                            pugi::xml_document& document, std::vector<HtmlDom::SourceElement>& elements) {
  DirectTreeBuilder(text, tokens, document, elements).build();
}

}  // namespace hlint

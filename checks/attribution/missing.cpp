// attribution/missing: the article never says where it came from (no `来源：`,
// `原文链接：`, `转载自`, source link or source key in the front matter).
#include <algorithm>
#include <vector>

#include "core/article.hpp"
#include "core/character_signature.hpp"
#include "core/check.hpp"
#include "core/phrase_matcher.hpp"
#include "core/utf8.hpp"

namespace hlint {

namespace {

// What may follow a label (after optional white space) for it to be one:
// `来源：`, `来源 | 新华社`, `来源/人民网`, `原标题《…》`, `【来源】`.
bool is_label_separator(char32_t cp) {
  return cp == ':' || cp == U'：' || cp == '|' || cp == U'丨' || cp == U'｜' || cp == '/' || cp == U'《' ||
         cp == U'】' || cp == ']';
}

// A label glued to a word before it is part of that word: `图片来源：` (an image
// credit), `能量来源`, `蛋白质来源`.
bool glues_to_label(char32_t cp) { return utf8::is_han(cp) || utf8::is_ascii_letter(cp) || utf8::is_ascii_digit(cp); }

char32_t code_point_before(std::string_view text, std::size_t pos) {
  if (pos == 0) return 0;
  std::size_t back = pos - 1;
  while (back > 0 && (static_cast<unsigned char>(text[back]) & 0xC0) == 0x80) --back;
  return utf8::decode(text, back).code_point;
}

// Front matter keys are compared case-insensitively with `-` and `_` alike.
std::string normalize_key(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '-') c = '_';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out.push_back(c);
  }
  return out;
}

bool has_value(const YamlNode& node) {
  if (!node.IsDefined() || node.IsNull()) return false;
  if (node.IsScalar()) return node.Scalar().find_first_not_of(" \t") != std::string::npos;
  return node.size() > 0;
}

// A phrase and the contexts (`!综合自身`) in which it does not count, with the
// phrase's offset inside each context.
struct Phrase {
  std::string text;
  std::vector<std::pair<std::string, std::size_t>> contexts;
};

}  // namespace

class AttributionMissingCheck : public Check {
 public:
  static CheckInfo info() {
    return {"attribution/missing",
            Severity::warning,
            {{"labels", OptionType::phrase_list, "attribution-cues",
              "labels that name the source when written as a label (`来源：`)"},
             {"phrases", OptionType::phrase_list, "attribution-phrases",
              "phrases that name the source anywhere (`转载自`); `!context` lines are exceptions"},
             {"keys", OptionType::phrase_list, "attribution-keys", "front matter keys that name the source"},
             {"source-link-classes", OptionType::string_list, "url, source, article-source, original-link",
              "classes of an HTML element whose link is the source link (`<p class=\"url\">`)"},
             {"min-chars", OptionType::integer, "100", "documents with fewer Han characters of text are not checked"}},
            false};
  }

  explicit AttributionMissingCheck(const CheckOptions& options)
      : labels_(options.get_phrases("labels", "attribution-cues")),
        source_link_classes_(
            options.get_strings("source-link-classes", {"url", "source", "article-source", "original-link"})),
        min_chars_(options.get_int("min-chars", 100)) {
    std::vector<std::string> contexts;
    for (std::string& entry : options.get_phrases("phrases", "attribution-phrases")) {
      if (entry.size() > 1 && entry.front() == '!')
        contexts.push_back(entry.substr(1));
      else if (!entry.empty())
        phrases_.push_back({std::move(entry), {}});
    }
    for (Phrase& phrase : phrases_)
      for (const std::string& context : contexts)
        if (const auto at = context.find(phrase.text); at != std::string::npos)
          phrase.contexts.emplace_back(context, at);
    for (const std::string& key : options.get_phrases("keys", "attribution-keys")) keys_.push_back(normalize_key(key));
    labels_.erase(std::remove(labels_.begin(), labels_.end(), std::string()), labels_.end());
    // One matcher for both lists: labels first, then phrases.
    std::vector<std::string> all = labels_;
    for (const Phrase& phrase : phrases_) all.push_back(phrase.text);
    matcher_ = PhraseMatcher(all);
    filter_ = PhraseFilter(all, PhraseMatcher::Folding::exact);
  }

  void check(const Document& doc, Reporter& out) const override {
    const auto& blocks = doc.blocks();
    if (!has_han_chars(blocks, min_chars_)) return;
    if (has_source_key(doc) || has_source_link(doc)) return;
    const auto& characters = doc.analysis<BlockCharacters>();
    // Only blocks holding all the characters of some label or phrase are searched.
    for (std::size_t i = 0; i < blocks.size(); ++i)
      if (filter_.may_occur(characters.signatures[i]) && names_source(blocks[i].text)) return;

    const auto where = doc.analysis<ArticleInfo>().anchor(doc);
    if (!where) return;
    out.report(
        *where,
        "the article does not say where it came from: no `来源：`, `原文链接：` or `转载自` line, no source link "
        "and no source key in the front matter");
  }

 private:
  bool has_source_key(const Document& doc) const {
    const auto& fm = doc.front_matter();
    if (!fm) return false;
    for (const FrontMatterEntry& entry : fm->entries)
      if (has_value(entry.value) && std::find(keys_.begin(), keys_.end(), normalize_key(entry.key)) != keys_.end())
        return true;
    return false;
  }

  // An element with a source class (`<p class="url">`) holding a web link.
  bool has_source_link(const Document& doc) const {
    if (doc.body_format() != BodyFormat::html || doc.dom().empty() || source_link_classes_.empty()) return false;
    std::vector<pugi::xml_node> pending;
    for (pugi::xml_node child = doc.dom().document().first_child(); child; child = child.next_sibling())
      pending.push_back(child);
    while (!pending.empty()) {
      const pugi::xml_node node = pending.back();
      pending.pop_back();
      if (node.type() != pugi::node_element) continue;
      if (has_source_class(node) && holds_web_link(node)) return true;
      for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) pending.push_back(child);
    }
    return false;
  }

  bool has_source_class(pugi::xml_node node) const {
    const std::string_view classes = node.attribute("class").value();
    std::size_t i = 0;
    while (i < classes.size()) {
      while (i < classes.size() && classes[i] == ' ') ++i;
      std::size_t end = classes.find(' ', i);
      if (end == std::string_view::npos) end = classes.size();
      if (end > i && std::find(source_link_classes_.begin(), source_link_classes_.end(), classes.substr(i, end - i)) !=
                         source_link_classes_.end())
        return true;
      i = end;
    }
    return false;
  }

  static bool holds_web_link(pugi::xml_node node) {
    for (const pugi::xpath_node& link : node.select_nodes(".//a[@href]")) {
      const std::string_view href = link.node().attribute("href").value();
      if (href.rfind("http://", 0) == 0 || href.rfind("https://", 0) == 0 || href.rfind("//", 0) == 0) return true;
    }
    return false;
  }

  // A label in label form or a phrase outside its exception contexts.
  bool names_source(std::string_view text) const {
    bool found = false;
    matcher_.scan(text, [&](const PhraseMatcher::Match& match) {
      found = match.phrase < labels_.size() ? is_label_at(text, match.begin, match.end)
                                            : !is_excepted_at(text, phrases_[match.phrase - labels_.size()], match.begin);
      return !found;
    });
    return found;
  }

  // The label at text[begin, end) is not glued to a word before it and is
  // followed, after optional white space, by a separator.
  static bool is_label_at(std::string_view text, std::size_t begin, std::size_t end) {
    if (glues_to_label(code_point_before(text, begin))) return false;
    std::size_t next = end;
    while (next < text.size()) {
      const auto d = utf8::decode(text, next);
      if (!utf8::is_whitespace(d.code_point)) break;
      next += d.length;
    }
    return next < text.size() && is_label_separator(utf8::decode(text, next).code_point);
  }

  static bool is_excepted_at(std::string_view text, const Phrase& phrase, std::size_t at) {
    return std::any_of(phrase.contexts.begin(), phrase.contexts.end(), [&](const auto& context) {
      return at >= context.second && text.substr(at - context.second, context.first.size()) == context.first;
    });
  }

  std::vector<std::string> labels_;
  std::vector<Phrase> phrases_;
  std::vector<std::string> keys_;
  std::vector<std::string> source_link_classes_;
  PhraseMatcher matcher_;  // labels_, then the text of phrases_
  PhraseFilter filter_;    // the blocks in which matcher_ may find something
  long min_chars_;
};

void add_attribution_missing_check(CheckRegistry& registry) { registry.add<AttributionMissingCheck>(); }

}  // namespace hlint

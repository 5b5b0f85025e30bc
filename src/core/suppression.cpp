#include "core/suppression.hpp"

#include <algorithm>

#include "core/config.hpp"
#include "core/document.hpp"

namespace hlint {

namespace {

constexpr std::string_view kSpace = " \t\n\v\f\r";

bool is_space(char c) { return kSpace.find(c) != std::string_view::npos; }

// The words of `text` (split at white space and commas) with their offsets,
// up to a ` -- ` (or a leading `--`) that starts the reason.
struct Words {
  std::vector<std::pair<std::string, std::size_t>> items;
  std::string reason;
};

Words split_words(std::string_view text) {
  Words words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (is_space(text[i]) || text[i] == ',')) ++i;
    if (i >= text.size()) break;
    std::size_t end = i;
    while (end < text.size() && !is_space(text[end]) && text[end] != ',') ++end;
    const std::string_view word = text.substr(i, end - i);
    if (word == "--") {
      std::string_view reason = text.substr(end);
      const auto first = reason.find_first_not_of(kSpace);
      reason = first == std::string_view::npos ? std::string_view() : reason.substr(first);
      const auto last = reason.find_last_not_of(kSpace);
      words.reason = std::string(last == std::string_view::npos ? std::string_view() : reason.substr(0, last + 1));
      break;
    }
    words.items.emplace_back(std::string(word), i);
    i = end;
  }
  return words;
}

}  // namespace

Suppressions::Suppressions(const Document& doc) {
  parse_front_matter(doc);
  for (const HtmlToken& token : doc.html_tokens()) {
    if (token.kind != HtmlToken::Kind::comment) continue;
    parse_comment(doc, doc.slice(token.content), token.content.begin, token.span);
  }
}

void Suppressions::parse_comment(const Document& doc, std::string_view text, std::size_t text_offset, Span span) {
  // Every directive's first word starts with "hlint-": other comments are
  // passed over at once.
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos || text.substr(first, 6) != "hlint-") return;
  Words words = split_words(text);
  if (words.items.empty()) return;
  const std::string& keyword = words.items.front().first;
  Directive directive;
  if (keyword == "hlint-disable") {
    directive.kind = Directive::Kind::disable;
  } else if (keyword == "hlint-enable") {
    directive.kind = Directive::Kind::enable;
  } else if (keyword == "hlint-disable-next-line") {
    directive.kind = Directive::Kind::disable_next_line;
  } else if (keyword == "hlint-disable-file") {
    directive.kind = Directive::Kind::disable_file;
  } else {
    return;
  }
  for (std::size_t k = 1; k < words.items.size(); ++k) {
    const auto& [rule, offset] = words.items[k];
    directive.rules.push_back(rule);
    directive.rule_spans.push_back(Span{text_offset + offset, text_offset + offset + rule.size()});
  }
  directive.reason = std::move(words.reason);
  directive.span = span;
  const LineIndex& lines = doc.lines();
  const std::size_t line = lines.line_of(span.begin);
  directive.line = static_cast<std::uint32_t>(line + 1);
  std::size_t target = lines.line_of(span.end) + 1;
  while (target < lines.line_count() && lines.line_text(target).find_first_not_of(" \t") == std::string_view::npos)
    ++target;
  directive.target_line = static_cast<std::uint32_t>(target + 1);
  directives_.push_back(std::move(directive));
}

void Suppressions::parse_front_matter(const Document& doc) {
  const auto& front_matter = doc.front_matter();
  if (!front_matter) return;
  const LineIndex& lines = doc.lines();
  // `# hlint-disable RULE` comment lines.
  const std::size_t first_line = lines.line_of(front_matter->yaml.begin);
  for (std::size_t line = first_line; line < lines.line_count(); ++line) {
    const std::size_t start = lines.line_start(line);
    if (start >= front_matter->yaml.end) break;
    const std::string_view text = lines.line_text(line);
    const std::size_t hash = text.find_first_not_of(" \t");
    if (hash == std::string_view::npos || text[hash] != '#') continue;
    std::string_view comment = text.substr(hash + 1);
    const std::size_t word = comment.find_first_not_of(" \t");
    if (word == std::string_view::npos || comment.substr(word, 14) != "hlint-disable ") continue;
    const std::size_t comment_offset = start + hash + 1;
    Words words = split_words(comment);
    Directive directive;
    directive.kind = Directive::Kind::disable_file;
    for (std::size_t k = 1; k < words.items.size(); ++k) {
      const auto& [rule, offset] = words.items[k];
      directive.rules.push_back(rule);
      directive.rule_spans.push_back(Span{comment_offset + offset, comment_offset + offset + rule.size()});
    }
    if (directive.rules.empty()) continue;  // a file-wide "everything" is too easy to leave behind
    directive.reason = std::move(words.reason);
    directive.span = Span{start + hash, start + text.size()};
    directive.line = directive.target_line = static_cast<std::uint32_t>(line + 1);
    directives_.push_back(std::move(directive));
  }
  // `hlint: {disable: [RULE, ...]}`: each rule at its own span.
  const FrontMatterEntry* entry = front_matter->find("hlint");
  if (!entry || !entry->value.IsMap()) return;
  const YamlNode* disable = nullptr;
  for (const YamlPair& pair : entry->value.pairs)
    if (pair.key.IsScalar() && pair.key.Scalar() == "disable") disable = &pair.value;
  if (!disable) return;
  Directive directive;
  directive.kind = Directive::Kind::disable_file;
  auto add = [&](const YamlNode& item) {
    if (!item.IsScalar()) return;
    Words words = split_words(item.Scalar());
    if (words.items.empty()) return;
    const std::string& rule = words.items.front().first;
    directive.rules.push_back(rule);
    // The rule's own text inside the node as written (quotes, if any, around it).
    const std::string_view written = doc.slice(item.span);
    const std::size_t at = written.find(rule);
    directive.rule_spans.push_back(at == std::string_view::npos
                                       ? item.span
                                       : Span{item.span.begin + at, item.span.begin + at + rule.size()});
  };
  if (disable->IsSequence()) {
    for (const YamlNode& item : *disable) add(item);
  } else {
    add(*disable);
  }
  if (directive.rules.empty()) return;
  directive.span = Span{entry->key_span.begin, std::max(entry->value_span.end, entry->key_span.end)};
  directive.line = directive.target_line = static_cast<std::uint32_t>(lines.line_of(entry->key_span.begin) + 1);
  directives_.push_back(std::move(directive));
}

namespace {
bool names(const std::vector<std::string>& rules, std::string_view rule) {
  if (rules.empty()) return true;
  for (const auto& r : rules)
    if (selector_matches(r, rule)) return true;
  return false;
}
}  // namespace

bool Suppressions::suppresses(std::string_view rule, std::uint32_t line) {
  bool suppressed = false;
  Directive* active = nullptr;
  for (auto& directive : directives_) {
    if (directive.kind == Directive::Kind::disable_file) {
      if (names(directive.rules, rule)) {
        directive.used = true;
        return true;
      }
      continue;
    }
    if (directive.kind == Directive::Kind::disable_next_line) {
      if (directive.target_line == line && names(directive.rules, rule)) {
        directive.used = true;
        return true;
      }
      continue;
    }
    if (directive.line > line) continue;
    if (!names(directive.rules, rule)) continue;
    if (directive.kind == Directive::Kind::disable) {
      suppressed = true;
      active = &directive;
    } else {
      suppressed = false;
      active = nullptr;
    }
  }
  if (suppressed && active) active->used = true;
  return suppressed;
}

}  // namespace hlint

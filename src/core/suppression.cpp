#include "core/suppression.hpp"

#include <sstream>

#include "core/config.hpp"
#include "core/document.hpp"

namespace hlint {

Suppressions::Suppressions(const Document& doc) {
  for (const HtmlToken& token : doc.html_tokens()) {
    if (token.kind != HtmlToken::Kind::comment) continue;
    // Every directive's first word starts with "hlint-": other comments are
    // passed over without building a stream (the white space is what >>
    // skips in the classic locale).
    const std::string_view text = doc.slice(token.content);
    const std::size_t first = text.find_first_not_of(" \t\n\v\f\r");
    if (first == std::string_view::npos || text.substr(first, 6) != "hlint-") continue;
    std::string content(text);
    std::istringstream words(content);
    std::string keyword;
    words >> keyword;
    Directive directive;
    if (keyword == "hlint-disable") {
      directive.kind = Directive::Kind::disable;
    } else if (keyword == "hlint-enable") {
      directive.kind = Directive::Kind::enable;
    } else if (keyword == "hlint-disable-next-line") {
      directive.kind = Directive::Kind::disable_next_line;
    } else {
      continue;
    }
    std::string word;
    while (words >> word) {
      std::string rule;
      for (char c : word) {
        if (c == ',') {
          if (!rule.empty()) directive.rules.push_back(rule);
          rule.clear();
        } else {
          rule.push_back(c);
        }
      }
      if (!rule.empty()) directive.rules.push_back(rule);
    }
    directive.span = token.span;
    const LineIndex& lines = doc.lines();
    const std::size_t line = lines.line_of(token.span.begin);
    directive.line = static_cast<std::uint32_t>(line + 1);
    std::size_t target = lines.line_of(token.span.end) + 1;
    while (target < lines.line_count() && lines.line_text(target).find_first_not_of(" \t") == std::string_view::npos)
      ++target;
    directive.target_line = static_cast<std::uint32_t>(target + 1);
    directives_.push_back(std::move(directive));
  }
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

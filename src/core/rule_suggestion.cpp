#include "core/rule_suggestion.hpp"

#include <algorithm>
#include <set>

#include "core/check.hpp"
#include "core/config.hpp"

namespace hlint {

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace

bool names_a_rule(const CheckRegistry& registry, std::string_view name) {
  for (const auto& rule : registry.rules())
    if (selector_matches(name, rule.info.id)) return true;
  return false;
}

std::optional<std::string> closest_rule(const CheckRegistry& registry, std::string_view name) {
  std::set<std::string> candidates;
  for (const auto& rule : registry.rules()) {
    candidates.insert(rule.info.id);
    candidates.insert(rule.info.id.substr(0, rule.info.id.find('/')));
  }
  std::optional<std::string> best;
  std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    const std::size_t d = edit_distance(name, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::vector<std::string> rules_starting_with(const CheckRegistry& registry, std::string_view prefix) {
  std::vector<std::string> ids;
  for (const auto& rule : registry.rules())
    if (std::string_view(rule.info.id).substr(0, prefix.size()) == prefix) ids.push_back(rule.info.id);
  return ids;
}

}  // namespace hlint

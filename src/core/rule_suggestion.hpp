// Near misses for rule names typed by people (suppression comments,
// --explain): the known id closest in edit distance, when it is close enough
// to be a slip rather than another name.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hlint {

class CheckRegistry;

// True when `name` selects at least one rule (an id, a family prefix, ALL).
bool names_a_rule(const CheckRegistry& registry, std::string_view name);
// The closest rule id or family (`chars`) to `name`, if any is within a
// third of its length in edits.
std::optional<std::string> closest_rule(const CheckRegistry& registry, std::string_view name);
// Rule ids that start with `prefix` (`--explain chars/` or `--explain char`).
std::vector<std::string> rules_starting_with(const CheckRegistry& registry, std::string_view prefix);

}  // namespace hlint

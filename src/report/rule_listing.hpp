// --list-rules (text or JSON) and --explain (a rule's page, or the rules a
// prefix names, or near misses for a name that matches nothing).
#pragma once

#include <ostream>
#include <string>

namespace hlint {

class CheckRegistry;

void list_rules(const CheckRegistry& registry, const std::string& format, std::ostream& out);
// Returns the exit code: 0 when the query named rules, 2 when nothing matched.
int explain_rules(const CheckRegistry& registry, const std::string& query, std::ostream& out, std::ostream& err);

}  // namespace hlint

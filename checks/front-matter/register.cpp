#include "core/check.hpp"

namespace hlint {

void add_yaml_syntax_check(CheckRegistry& registry);

void register_front_matter_checks(CheckRegistry& registry) {
  add_yaml_syntax_check(registry);
}

}  // namespace hlint

#include "core/check.hpp"

namespace hlint {

void add_yaml_syntax_check(CheckRegistry& registry);
void add_missing_key_check(CheckRegistry& registry);
void add_empty_value_check(CheckRegistry& registry);
void add_duplicate_key_check(CheckRegistry& registry);
void add_invalid_date_check(CheckRegistry& registry);
void add_invalid_url_check(CheckRegistry& registry);

void register_front_matter_checks(CheckRegistry& registry) {
  add_yaml_syntax_check(registry);
  add_missing_key_check(registry);
  add_empty_value_check(registry);
  add_duplicate_key_check(registry);
  add_invalid_date_check(registry);
  add_invalid_url_check(registry);
}

}  // namespace hlint

#include "core/check.hpp"

namespace hlint {

void add_bad_url_check(CheckRegistry& registry);
void add_doubled_path_check(CheckRegistry& registry);
void add_placeholder_check(CheckRegistry& registry);
void add_insecure_check(CheckRegistry& registry);
void add_missing_file_check(CheckRegistry& registry);
void add_broken_link_check(CheckRegistry& registry);

void register_image_checks(CheckRegistry& registry) {
  add_bad_url_check(registry);
  add_doubled_path_check(registry);
  add_placeholder_check(registry);
  add_insecure_check(registry);
  add_missing_file_check(registry);
  add_broken_link_check(registry);
}

}  // namespace hlint

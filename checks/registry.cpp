// The one list of built-in checks. Each group registers its checks in its own
// register.cpp with one line per check.
#include "core/check.hpp"

namespace hlint {

void register_engine_rules(CheckRegistry& registry);
void register_encoding_checks(CheckRegistry& registry);
void register_front_matter_checks(CheckRegistry& registry);
void register_content_checks(CheckRegistry& registry);
void register_related_checks(CheckRegistry& registry);
void register_chars_checks(CheckRegistry& registry);
void register_image_checks(CheckRegistry& registry);
void register_pipeline_checks(CheckRegistry& registry);

void register_builtin_checks(CheckRegistry& registry) {
  register_engine_rules(registry);
  register_encoding_checks(registry);
  register_front_matter_checks(registry);
  register_content_checks(registry);
  register_related_checks(registry);
  register_chars_checks(registry);
  register_image_checks(registry);
  register_pipeline_checks(registry);
}

}  // namespace hlint

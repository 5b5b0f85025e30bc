#include "core/check.hpp"

namespace hlint {

void register_content_checks(CheckRegistry& registry) {
  (void)registry;
}

}  // namespace hlint

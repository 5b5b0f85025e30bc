#include "core/check.hpp"

namespace hlint {

void register_related_checks(CheckRegistry& registry) {
  (void)registry;
}

}  // namespace hlint

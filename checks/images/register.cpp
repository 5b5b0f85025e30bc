#include "core/check.hpp"

namespace hlint {

void register_image_checks(CheckRegistry& registry) {
  (void)registry;
}

}  // namespace hlint

#include "core/check.hpp"

namespace hlint {

void register_chars_checks(CheckRegistry& registry) {
  (void)registry;
}

}  // namespace hlint

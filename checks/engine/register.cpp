// Rules reported by the engine itself rather than by a Check: they describe
// what happened to a file (unreadable, binary, empty) or to the run.
#include "core/check.hpp"

namespace hlint {

void register_engine_rules(CheckRegistry& registry) {
  registry.add_engine_rule({"io/unreadable", Severity::error, {}, false});
  registry.add_engine_rule({"io/binary", Severity::info, {}, false});
  registry.add_engine_rule({"io/too-large", Severity::warning, {}, false});
  registry.add_engine_rule({"document/empty", Severity::warning, {}, false});
  registry.add_engine_rule({"internal/check-failed", Severity::error, {}, false});
  registry.add_engine_rule({"suppression/unused", Severity::warning, {}, false});
  registry.add_engine_rule({"suppression/unknown-rule", Severity::warning, {}, false});
  registry.add_engine_rule({"fix/failed", Severity::error, {}, false});
  registry.add_engine_rule({"fix/unstable", Severity::warning, {}, false});
}

}  // namespace hlint

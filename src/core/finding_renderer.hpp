// Writes one finding as an output format does. A finding's text depends only
// on the finding and the report's settings (never on other findings), so the
// linter renders findings on its worker threads while it makes them and the
// emitter only copies the text: with a million findings, serialising them
// after the parallel part was the run's serial tail. The formats implement
// this in src/report; a renderer keeps scratch state, one per thread.
#pragma once

#include <string>

#include "core/diagnostic.hpp"

namespace hlint {

class FindingRenderer {
 public:
  virtual ~FindingRenderer() = default;
  virtual std::string render(const Finding& finding) = 0;
};

}  // namespace hlint

// Whether to colour the output: --color always/never decide; with auto,
// FORCE_COLOR (https://force-color.org: set and not empty) or CLICOLOR_FORCE
// (https://bixense.com/clicolors: not empty and not "0") turn it on, NO_COLOR
// (https://no-color.org: set and not empty) turns it off, else colour when
// the report goes to a terminal.
#pragma once

#include <functional>
#include <string_view>

namespace hlint {

// `environment` reads a variable (nullptr when unset): std::getenv in the
// program, a map in tests.
bool use_color(std::string_view setting, bool to_terminal,
               const std::function<const char*(const char*)>& environment);

}  // namespace hlint

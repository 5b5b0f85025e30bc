#include "report/color_choice.hpp"

#include <string_view>

namespace hlint {

bool use_color(std::string_view setting, bool to_terminal, const std::function<const char*(const char*)>& environment) {
  if (setting == "always") return true;
  if (setting == "never") return false;
  auto value = [&](const char* name) -> std::string_view {
    const char* v = environment(name);
    return v ? std::string_view(v) : std::string_view();
  };
  const std::string_view clicolor_force = value("CLICOLOR_FORCE");
  if (!value("FORCE_COLOR").empty() || (!clicolor_force.empty() && clicolor_force != "0")) return true;
  if (!value("NO_COLOR").empty()) return false;
  return to_terminal;
}

}  // namespace hlint

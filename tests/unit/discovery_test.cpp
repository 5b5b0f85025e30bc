// Issue 16's small pieces: path lists from standard input, the colour
// decision, rule-name suggestions, display widths from libunistring.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>
#include <string>

#include "core/check.hpp"
#include "core/rule_suggestion.hpp"
#include "core/standard_input.hpp"
#include "core/utf8.hpp"
#include "report/color_choice.hpp"

namespace {

std::vector<std::string> paths_of(const std::string& text) {
  std::istringstream in(text);
  return hlint::read_path_list(in);
}

bool color(const std::string& setting, bool terminal, std::map<std::string, std::string> env) {
  return hlint::use_color(setting, terminal, [&](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

}  // namespace

TEST_CASE("a path list is NUL-separated when it holds a NUL, else one path per line", "[input]") {
  using V = std::vector<std::string>;
  CHECK(paths_of(std::string("a.md\0b c.md\0d\ne.md\0", 19)) == V{"a.md", "b c.md", "d\ne.md"});
  CHECK(paths_of("a.md\r\nb.md\n\nc.md") == V{"a.md", "b.md", "c.md"});
  CHECK(paths_of("") == V{});
}

TEST_CASE("colour follows --color, then FORCE_COLOR / CLICOLOR_FORCE, then NO_COLOR, then the terminal", "[color]") {
  CHECK(color("always", false, {{"NO_COLOR", "1"}}));
  CHECK_FALSE(color("never", true, {{"FORCE_COLOR", "1"}}));
  CHECK(color("auto", true, {}));
  CHECK_FALSE(color("auto", false, {}));
  CHECK_FALSE(color("auto", true, {{"NO_COLOR", "1"}}));
  CHECK(color("auto", true, {{"NO_COLOR", ""}}));  // empty NO_COLOR: not set (no-color.org)
  CHECK(color("auto", false, {{"FORCE_COLOR", "1"}}));
  CHECK_FALSE(color("auto", false, {{"FORCE_COLOR", ""}}));
  CHECK(color("auto", false, {{"CLICOLOR_FORCE", "1"}}));
  CHECK_FALSE(color("auto", false, {{"CLICOLOR_FORCE", "0"}}));
}

TEST_CASE("a misspelt rule name gets the closest id or family, a distant one none", "[rules]") {
  hlint::CheckRegistry registry;
  hlint::register_builtin_checks(registry);
  CHECK(hlint::names_a_rule(registry, "chars"));
  CHECK(hlint::names_a_rule(registry, "chars/latin-for-han"));
  CHECK_FALSE(hlint::names_a_rule(registry, "chars/latin-for-hans"));
  CHECK(hlint::closest_rule(registry, "chars/latin-for-hans") == std::optional<std::string>("chars/latin-for-han"));
  CHECK(hlint::closest_rule(registry, "chrs") == std::optional<std::string>("chars"));
  CHECK_FALSE(hlint::closest_rule(registry, "xyzzy").has_value());
  CHECK(hlint::rules_starting_with(registry, "chars/").size() >= 3);
}

TEST_CASE("display widths come from libunistring: emoji outside the old ranges are two columns", "[utf8]") {
  CHECK(hlint::utf8::display_width(U'\U0001F680') == 2);  // rocket (the old table said 1)
  CHECK(hlint::utf8::display_width(U'\U0001FAE0') == 2);  // melting face (Unicode 14)
  CHECK(hlint::utf8::display_width(U'\U0001F600') == 2);
  CHECK(hlint::utf8::display_width(U'\u200B') == 0);
  CHECK(hlint::utf8::display_width(U'中') == 2);
}

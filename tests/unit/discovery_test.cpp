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

#include "core/finding_spool.hpp"
#include "report/emitter.hpp"

namespace {

hlint::Finding finding(const std::string& path, std::uint32_t line, const std::string& rule) {
  hlint::Finding f;
  f.path = path;
  f.rule = rule;
  f.severity = hlint::Severity::warning;
  f.message = "a message";
  f.location.start = {line, 2, 2, 2};
  f.location.end = {line, 3, 3, 3};
  f.fingerprint = rule + std::to_string(line);
  return f;
}

}  // namespace

TEST_CASE("the by-rule counts stay in one column past 99,999", "[report]") {
  hlint::CheckRegistry registry;
  hlint::FindingSpool spool;
  for (std::uint32_t line = 1; line <= 100'001; ++line) spool.append(finding("a.txt", line, "chars/control"));
  for (std::uint32_t line = 1; line <= 3; ++line) spool.append(finding("b.txt", line, "io/binary"));
  hlint::Report report;
  report.registry = &registry;
  report.findings = &spool;
  report.files = 2;
  std::ostringstream out;
  hlint::emit_text(report, out);
  const std::string text = out.str();
  const auto big = text.find("100001  chars/control\n");
  const auto small = text.find("3  io/binary\n");
  REQUIRE(big != std::string::npos);
  REQUIRE(small != std::string::npos);
  const auto column = [&](std::size_t at, std::string_view rule) {
    return text.find(rule, at) - (text.rfind('\n', at) + 1);
  };
  CHECK(column(big, "chars/control") == column(small, "io/binary"));
  CHECK(text.find("100004 findings (0 errors, 100004 warnings, 0 info) in 2 of 2 files.") != std::string::npos);
}

TEST_CASE("the concise format is one line per finding: path:line:col: rule message", "[report]") {
  hlint::CheckRegistry registry;
  hlint::Report report;
  report.registry = &registry;
  const auto renderer = hlint::make_finding_renderer("concise", report);
  REQUIRE(renderer);
  CHECK(renderer->render(finding("posts/a.md", 7, "chars/control")) == "posts/a.md:7:2: chars/control a message\n");
}

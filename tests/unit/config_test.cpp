#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

#include "core/check.hpp"
#include "core/config.hpp"
#include "core/config_resolver.hpp"
#include "core/linter.hpp"

namespace {
// The configuration files the tests write, removed when the test program ends (a run must not leave
// files behind in /tmp).
struct TempFiles {
  std::vector<std::string> paths;
  ~TempFiles() {
    for (const auto& path : paths) std::remove(path.c_str());
  }
};

std::string write_temp(const std::string& content) {
  static TempFiles written;
  char name[] = "/tmp/hlint-config-XXXXXX";
  const int fd = mkstemp(name);
  REQUIRE(fd >= 0);
  close(fd);
  std::ofstream(name) << content;
  written.paths.emplace_back(name);
  return name;
}
}  // namespace

namespace hlint {
void register_engine_rules(CheckRegistry& registry);
void register_encoding_checks(CheckRegistry& registry);
}  // namespace hlint

namespace {
// Only the core's own rules: these tests are about the config, not the checks.
hlint::CheckRegistry registry() {
  hlint::CheckRegistry r;
  hlint::register_engine_rules(r);
  hlint::register_encoding_checks(r);
  return r;
}
}  // namespace

TEST_CASE("selectors match ids and prefixes at a '/'") {
  CHECK(hlint::selector_matches("encoding", "encoding/invalid-bytes"));
  CHECK(hlint::selector_matches("encoding/", "encoding/invalid-bytes"));
  CHECK(hlint::selector_matches("encoding/invalid-bytes", "encoding/invalid-bytes"));
  CHECK_FALSE(hlint::selector_matches("encod", "encoding/invalid-bytes"));
  CHECK(hlint::selector_matches("ALL", "io/binary"));
}

TEST_CASE("globs") {
  CHECK(hlint::glob_matches("*.txt", "corpus/a.txt"));
  CHECK(hlint::glob_matches("corpus/**/*.txt", "corpus/x/y/a.txt"));
  CHECK(hlint::glob_matches("**/drafts/*", "drafts/a.txt"));
  CHECK_FALSE(hlint::glob_matches("*.md", "corpus/a.txt"));
}

TEST_CASE("an unknown key is an error naming file, line and key") {
  const auto r = registry();
  const auto path = write_temp("select: [encoding]\nrulez:\n  x: 1\n");
  try {
    hlint::load_config(path, r);
    FAIL("no error");
  } catch (const hlint::ConfigError& e) {
    const std::string what = e.what();
    CHECK(what.find(path + ":2:1:") == 0);
    CHECK(what.find("rulez") != std::string::npos);
  }
}

TEST_CASE("bad values are errors with their line") {
  const auto r = registry();
  auto expect_error = [&](const std::string& yaml, const std::string& line_prefix, const std::string& words) {
    const auto path = write_temp(yaml);
    try {
      hlint::load_config(path, r);
      FAIL("no error for " << yaml);
    } catch (const hlint::ConfigError& e) {
      const std::string what = e.what();
      CHECK(what.find(path + line_prefix) == 0);
      CHECK(what.find(words) != std::string::npos);
    }
  };
  expect_error("rules:\n  encoding/invalid-bytes:\n    severity: loud\n", ":3:", "unknown severity");
  expect_error("rules:\n  no/such-rule: off\n", ":2:", "unknown rule");
  expect_error("rules:\n  encoding/invalid-bytes:\n    options:\n      max-per-file: many\n", ":4:", "integer");
  expect_error("rules:\n  encoding/invalid-bytes:\n    options:\n      nope: 1\n", ":4:", "unknown option");
  expect_error("select: [nothing-like-this]\n", ":1:", "no rule matches");
  expect_error("phrases:\n  no-such-list: [a]\n", ":2:", "unknown phrase list");
}

TEST_CASE("config: rules off, severities, per-path overrides") {
  const auto r = registry();
  const auto path = write_temp(
      "rules:\n  encoding/not-utf8: off\n  encoding/invalid-bytes:\n    severity: warning\n"
      "overrides:\n  - paths: ['legacy/*']\n    ignore: [encoding/invalid-bytes]\n"
      "  - paths: ['strict/*']\n    severity: {encoding: error}\n");
  auto config = hlint::load_config(path, r);
  hlint::Linter linter(r, config, {});
  CHECK_FALSE(linter.rule_enabled("encoding/not-utf8", "a.txt"));
  CHECK(linter.rule_enabled("encoding/invalid-bytes", "a.txt"));
  CHECK(linter.rule_severity("encoding/invalid-bytes", "a.txt") == hlint::Severity::warning);
  CHECK_FALSE(linter.rule_enabled("encoding/invalid-bytes", "legacy/a.txt"));
  CHECK(linter.rule_severity("encoding/invalid-bytes", "strict/a.txt") == hlint::Severity::error);
}

TEST_CASE("inline suppressions") {
  const auto r = registry();
  hlint::Config config;
  config.select = {"encoding/invalid-bytes", "suppression/unused"};
  hlint::Linter linter(r, config, {});
  const std::string html =
      "<p>a\xFF</p>\n"
      "<!-- hlint-disable-next-line encoding/invalid-bytes -->\n"
      "<p>b\xFF</p>\n"
      "<!--\n\thlint-disable encoding -->\n"
      "<p>c\xFF</p>\n"
      "<!-- hlint-enable encoding -->\n"
      "<!-- not hlint-disable encoding -->\n"
      "<p>d\xFF</p>\n"
      "<!-- hlint-disable-next-line encoding/invalid-bytes -->\n"
      "<p>clean</p>\n";
  const auto findings = linter.lint_text("s.html", html);
  std::vector<std::pair<std::string, unsigned>> got;
  for (const auto& f : findings) got.emplace_back(f.rule, f.location.start.line);
  std::sort(got.begin(), got.end(), [](auto& a, auto& b) { return a.second < b.second; });
  const std::vector<std::pair<std::string, unsigned>> want = {
      {"encoding/invalid-bytes", 1}, {"encoding/invalid-bytes", 9}, {"suppression/unused", 10}};
  CHECK(got == want);
}

namespace {
// A fresh directory under /tmp for configuration files that refer to each other.
std::filesystem::path temp_directory() {
  char name[] = "/tmp/hlint-config-dir-XXXXXX";
  REQUIRE(mkdtemp(name) != nullptr);
  return name;
}

void write_file(const std::filesystem::path& path, const std::string& content) { std::ofstream(path) << content; }

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}
}  // namespace

// `extends:` (the merge every configuration chain goes through): each top-level key the extending
// file sets replaces the extended one's, keys it does not set are kept, rules merge by id, phrase
// lists by name, overrides are appended. Every key is set at least once, so a key the merge forgets
// (or copies when it is not set) changes the description.
TEST_CASE("extends: every key the extending file sets wins, the others are kept") {
  const auto r = registry();
  const auto dir = temp_directory();
  write_file(dir / "base.yaml",
             "select: [encoding, io]\nignore: [io/binary]\ninclude: ['*.txt']\nextend-include: ['*.text']\n"
             "exclude: [old/]\nfail-on: error\nfixable: [encoding]\nunfixable: [encoding/not-utf8]\n"
             "max-file-size: 2M\nmax-findings-per-rule: 10\n"
             "rules:\n  encoding/not-utf8: off\n  encoding/invalid-bytes:\n    severity: info\n"
             "    options:\n      max-per-file: 3\n"
             "phrases:\n  advertisement-cues: [甲]\n"
             "overrides:\n  - paths: ['legacy/*']\n    ignore: [encoding]\n");
  write_file(dir / "child.yaml",
             "extends: base.yaml\nselect: [encoding]\nexclude: []\nfail-on: info\nmax-file-size: 5M\n"
             "rules:\n  encoding/invalid-bytes:\n    severity: warning\n  io/binary: off\n"
             "extra-phrases:\n  advertisement-cues: [乙]\n"
             "overrides:\n  - paths: ['strict/*']\n    severity: {encoding: error}\n");
  hlint::ConfigScope scope;
  scope.base = dir;
  scope.source = (dir / "child.yaml").string();
  scope.config = hlint::load_config_with_extends(dir / "child.yaml", r, scope.chain);
  const hlint::Config& c = scope.config;
  CHECK(c.select == std::vector<std::string>{"encoding"});
  CHECK(c.ignore == std::vector<std::string>{"io/binary"});
  CHECK(c.exclude.empty());
  CHECK(c.fail_on == hlint::Severity::info);
  CHECK(c.max_file_bytes == 5u * 1024 * 1024);
  CHECK(c.max_findings_per_rule == 10u);
  CHECK(c.rules.at("encoding/invalid-bytes").severity == hlint::Severity::warning);
  CHECK(c.rules.at("encoding/invalid-bytes").options.IsNull());  // a rule's settings are replaced whole
  CHECK(c.rules.at("encoding/not-utf8").enabled == false);
  CHECK(c.phrases.get("advertisement-cues") == std::vector<std::string>{"甲", "乙"});
  CHECK(c.extends == std::vector<std::string>{"base.yaml"});
  CHECK(c.file == (dir / "child.yaml").string());
  const std::string expected =
      "# configuration: DIR/child.yaml\n"
      "# extends: [DIR/base.yaml]\n"
      "# globs are relative to: DIR\n"
      "select: [encoding]  # DIR/child.yaml\n"
      "ignore: [io/binary]  # DIR/base.yaml\n"
      "include: [\"*.txt\"]  # DIR/base.yaml\n"
      "extend-include: [\"*.text\"]  # DIR/base.yaml\n"
      "exclude: []  # DIR/child.yaml\n"
      "fail-on: info  # DIR/child.yaml\n"
      "fixable: [encoding]  # DIR/base.yaml\n"
      "unfixable: [encoding/not-utf8]  # DIR/base.yaml\n"
      "rules.encoding/invalid-bytes: {severity: warning, options: ~}  # DIR/child.yaml\n"
      "rules.encoding/not-utf8: {enabled: false, options: ~}  # DIR/base.yaml\n"
      "rules.io/binary: {enabled: false, options: ~}  # DIR/child.yaml\n"
      "extra-phrases.advertisement-cues: (set)  # DIR/child.yaml\n"
      "phrases.advertisement-cues: (set)  # DIR/base.yaml\n"
      "overrides: paths [legacy/*] ignore [encoding]  # DIR/child.yaml\n"
      "overrides: paths [strict/*] encoding=error  # DIR/child.yaml\n";
  CHECK(replace_all(hlint::describe_scope(scope), dir.string(), "DIR") == expected);
  std::filesystem::remove_all(dir);
}

TEST_CASE("the user configuration: $XDG_CONFIG_HOME/hlint/config.yaml, else ~/.config/hlint/config.yaml") {
  using hlint::user_config_file;
  CHECK(user_config_file("/x/conf", "/home/me") == std::filesystem::path("/x/conf/hlint/config.yaml"));
  CHECK(user_config_file(nullptr, "/home/me") == std::filesystem::path("/home/me/.config/hlint/config.yaml"));
  // A relative XDG_CONFIG_HOME is invalid (XDG base directory spec) and ignored, as an empty one.
  CHECK(user_config_file("conf", "/home/me") == std::filesystem::path("/home/me/.config/hlint/config.yaml"));
  CHECK(user_config_file("", "/home/me") == std::filesystem::path("/home/me/.config/hlint/config.yaml"));
  CHECK_FALSE(user_config_file(nullptr, nullptr).has_value());
  CHECK_FALSE(user_config_file(nullptr, "").has_value());
}

// A found .hlint.yaml lies over the user configuration: its keys win, the others are the user's,
// and merging it into one scope leaves the user's settings (YAML nodes, which share their data
// when assigned) unchanged for the scopes that follow.
TEST_CASE("resolver: found configurations over the user configuration") {
  const auto r = registry();
  const auto dir = temp_directory();
  std::filesystem::create_directories(dir / "home" / "hlint");
  std::filesystem::create_directories(dir / "a");
  std::filesystem::create_directories(dir / "b");
  const auto user = dir / "home" / "hlint" / "config.yaml";
  write_file(user, "fail-on: error\nignore: [io/binary]\nrules:\n  encoding/invalid-bytes:\n    options:\n"
                   "      max-per-file: 3\n");
  write_file(dir / "a" / ".hlint.yaml", "ignore: []\nrules:\n  encoding/invalid-bytes:\n    options:\n"
                                        "      max-per-file: 7\n");
  hlint::ConfigResolver resolver(r, std::nullopt, dir, user);
  const auto max_per_file = [](const hlint::ConfigScope& scope) {
    return scope.config.rules.at("encoding/invalid-bytes").options["max-per-file"].as<int>();
  };
  const hlint::ConfigScope& in_a = resolver.scope_for(dir / "a" / "x.txt");
  CHECK(max_per_file(in_a) == 7);
  CHECK(in_a.config.ignore.empty());
  CHECK(in_a.config.fail_on == hlint::Severity::error);
  CHECK(in_a.user_config == user.string());
  const hlint::ConfigScope& in_b = resolver.scope_for(dir / "b" / "x.txt");
  CHECK(in_b.source == user.string());
  CHECK(max_per_file(in_b) == 3);
  CHECK(in_b.config.ignore == std::vector<std::string>{"io/binary"});
  CHECK(resolver.errors().empty());
  // With --config, the user configuration is not read.
  hlint::ConfigResolver named(r, dir / "a" / ".hlint.yaml", dir, user);
  CHECK(named.scope_for(dir / "b" / "x.txt").config.fail_on == std::nullopt);
  std::filesystem::remove_all(dir);
}

// glob_path() and absolute() take a string shortcut for normal absolute paths (no std::filesystem
// component lists); every answer must be std::filesystem's: lexically_normal(), then
// lexically_relative() to the scope's base.
TEST_CASE("resolver: glob paths and absolute paths are std::filesystem's") {
  namespace fs = std::filesystem;
  const fs::path working_directory = "/w/base";
  hlint::ConfigResolver resolver(hlint::Config{}, working_directory);
  const std::vector<fs::path> files = {
      "/w/base/a.txt", "/w/base/d/e/f.txt", "/w/base", "/w/other/x.txt", "/x.txt", "/w/basement/x.txt",
      "/w/base/./a.txt", "/w/base/../base/a.txt", "/w//base/a.txt", "/w/base/d/", "rel/a.txt", "../up.txt",
      "/w/base/d/e", "/w/b", "/w", "/"};
  const std::vector<fs::path> bases = {"/w/base", "/", "/w/base/", "/w/base/d/e", "/w/basement", "/w/b/../base",
                                       "/q/r/s"};
  for (const fs::path& file : files) {
    const fs::path expected_absolute = (file.is_absolute() ? file : working_directory / file).lexically_normal();
    CHECK(resolver.absolute(file) == expected_absolute);
    CHECK(resolver.absolute(file).native() == expected_absolute.native());
    for (const fs::path& base : bases) {
      hlint::ConfigScope scope;
      scope.base = base;
      const fs::path relative = expected_absolute.lexically_relative(base);
      const std::string expected = relative.empty() ? expected_absolute.generic_string() : relative.generic_string();
      INFO(file.native() << " from " << base.native());
      CHECK(resolver.glob_path(scope, file) == expected);
    }
  }
}

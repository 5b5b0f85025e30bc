// The `.hlint.yaml` configuration: which rules run, at what severity, with
// which options and phrase lists, per path. Every key is validated; a mistake
// is a ConfigError naming the file, line and key.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"

namespace hlint {

class CheckRegistry;

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Phrase lists shipped as data files under checks/data/<name>.txt, which the
// config may replace (`phrases:`) or extend (`extra-phrases:`).
class PhraseLists {
 public:
  std::vector<std::string> get(const std::string& name) const;
  bool exists(const std::string& name) const;
  void replace(const std::string& name, std::vector<std::string> phrases) { replace_[name] = std::move(phrases); }
  void extend(const std::string& name, std::vector<std::string> phrases) { extra_[name] = std::move(phrases); }
  // `extends:`: the lists this config sets replace those of the one it extends.
  void merge_from(const PhraseLists& child) {
    for (const auto& [name, list] : child.replace_) replace_[name] = list;
    for (const auto& [name, list] : child.extra_) extra_[name] = list;
  }

 private:
  std::map<std::string, std::vector<std::string>> replace_;
  std::map<std::string, std::vector<std::string>> extra_;
};

struct RuleSettings {
  std::optional<bool> enabled;
  std::optional<Severity> severity;
  YAML::Node options;
};

struct PathOverride {
  std::vector<std::string> paths;  // globs
  std::vector<std::string> select;
  std::vector<std::string> ignore;
  std::map<std::string, Severity> severities;  // rule id or prefix -> severity
  std::vector<std::string> unfixable;          // --fix leaves these rules' findings here
};

struct Config {
  std::string file;  // where it was read from; empty for defaults
  std::vector<std::string> select;  // empty: every rule
  std::vector<std::string> ignore;
  std::vector<std::string> include;         // empty: the default file types
  std::vector<std::string> extend_include;  // added to include (or to the defaults)
  std::vector<std::string> exclude;
  std::vector<std::string> extends;         // other config files, relative to this one's directory
  std::optional<Severity> fail_on;
  // --fix: the rules whose fixes may be applied (empty: all) and those whose
  // fixes never are (ruff's `fixable`/`unfixable`).
  std::vector<std::string> fixable;
  std::vector<std::string> unfixable;
  std::map<std::string, RuleSettings> rules;
  std::vector<PathOverride> overrides;
  PhraseLists phrases;
  // Top-level key (and `rules.<id>`, `phrases.<list>`) -> the file that set
  // it, for --show-config.
  std::map<std::string, std::string> origin;
  std::optional<std::uint64_t> max_file_bytes;         // `max-file-size:`
  std::optional<std::size_t> max_findings_per_rule;    // `max-findings-per-rule:`
  std::string cache_dir;  // `cache-dir:`, absolute (relative to the config file when read); a security option
};

Config load_config(const std::filesystem::path& file, const CheckRegistry& registry);
// `.hlint.yaml` in `start` or the nearest parent directory that has one.
std::optional<std::filesystem::path> find_config(const std::filesystem::path& start);

// A configuration merged over `base` (`extends:`, and a found configuration
// over the user's): each top-level key `child` sets replaces base's, rules
// are replaced by id, phrase lists by name, overrides appended.
void merge_config(Config& base, Config child);

// Security-relevant options: what the link checker may reach or send
// (images/broken-link allow-private and headers) and where caches are kept
// (cache-dir). Only the command line, --config and the user configuration
// may set them (issue 18).
// Removes them from a configuration that is not trusted; returns "rule
// option" (or the key) for each one removed, for the warning.
std::vector<std::string> drop_security_options(Config& config);
// Sets those `trusted` sets in `config` (the user configuration's, kept
// under a found configuration whose own were dropped).
void take_security_options(Config& config, const Config& trusted);

// True when `selector` names the rule: its id, a prefix ending at a '/', or ALL.
bool selector_matches(std::string_view selector, std::string_view rule_id);
// Glob match (fnmatch; `*` also crosses '/', `**/` may match nothing).
bool glob_matches(std::string_view pattern, std::string_view path);

}  // namespace hlint

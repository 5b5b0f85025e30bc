// Which configuration applies to each file, like ruff: the nearest
// `.hlint.yaml` in the file's directory or above it (with `extends:`
// applied), or the one file given with --config for every file. Globs in a
// configuration are relative to its directory (--config: to the working
// directory), so `exclude`/`overrides` mean the same from anywhere.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/config.hpp"

namespace hlint {

struct ConfigScope {
  Config config;                    // extends applied
  std::filesystem::path base;       // absolute directory the globs are relative to
  std::string source;               // the config file; empty: built-in defaults
  std::vector<std::string> chain;   // the files read, extended ones first
  bool failed = false;              // the file could not be loaded (see errors())
};

// The file types linted when neither the command line nor a config sets `include`.
const std::vector<std::string>& default_include();

class ConfigResolver {
 public:
  // `fixed`: --config FILE for every file. Otherwise each file's nearest
  // `.hlint.yaml`; outside any, the built-in defaults (globs relative to
  // `working_directory`).
  ConfigResolver(const CheckRegistry& registry, std::optional<std::filesystem::path> fixed,
                 std::filesystem::path working_directory);
  // One configuration for every file (tests, in-memory configs).
  ConfigResolver(Config config, std::filesystem::path working_directory);

  // The scope of a file (thread-safe; a scope's address never changes).
  const ConfigScope& scope_for(const std::filesystem::path& file);
  std::size_t scope_index(const ConfigScope& scope) const { return index_.at(&scope); }
  // The path as the scope's globs see it ('/'-separated, relative to its base).
  std::string glob_path(const ConfigScope& scope, const std::filesystem::path& file) const;
  std::filesystem::path absolute(const std::filesystem::path& file) const;

  // A configuration found (not named with --config) inside one of these
  // inputs may have come with the corpus: its security-relevant options
  // (drop_security_options) are ignored, with a warning. Call before linting.
  void distrust_configs_inside(std::vector<std::string> inputs) { untrusted_inputs_ = std::move(inputs); }
  // "FILE: `option` ignored ..." for each option dropped so far.
  std::vector<std::string> warnings() const;

  // Configuration files that could not be loaded, as messages (file:line:col: why).
  std::vector<std::string> errors() const;
  // Every scope met so far.
  std::vector<const ConfigScope*> scopes() const;

 private:
  const ConfigScope& scope_of_directory(const std::filesystem::path& directory);
  const ConfigScope& scope_of_file(const std::filesystem::path& config_file, const std::filesystem::path& base);

  const CheckRegistry* registry_ = nullptr;
  std::filesystem::path working_directory_;
  std::optional<std::filesystem::path> fixed_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<ConfigScope>> scopes_;
  std::unordered_map<const ConfigScope*, std::size_t> index_;
  std::unordered_map<std::string, const ConfigScope*> by_directory_;
  std::unordered_map<std::string, const ConfigScope*> by_config_file_;
  const ConfigScope* defaults_ = nullptr;
  std::vector<std::string> errors_;
  std::vector<std::string> untrusted_inputs_;
  std::vector<std::string> warnings_;
};

// A config file with its `extends:` chain merged (the extending file's keys win).
Config load_config_with_extends(const std::filesystem::path& file, const CheckRegistry& registry,
                                std::vector<std::string>& chain);

// --show-config: the resolved settings of one file and where each came from.
std::string describe_scope(const ConfigScope& scope);

}  // namespace hlint

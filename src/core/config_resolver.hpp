// Which configuration applies to each file, like ruff: the nearest
// `.hlint.yaml` in the file's directory or above it (with `extends:`
// applied) over the user configuration (user_config_file), or the one file
// given with --config for every file. Globs in a configuration are relative
// to its directory (--config, the user configuration: to the working
// directory), so `exclude`/`overrides` mean the same from anywhere.
//
// Security-relevant options (drop_security_options in config.hpp) come only
// from --config and the user configuration: a `.hlint.yaml` that was found,
// not named, may have come with the corpus (in CI on a pull request, every
// file of the checkout is the untrusted part), so its own are ignored, with
// a warning.
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
  std::string source;               // the config file; empty: built-in defaults (or the user configuration alone)
  std::vector<std::string> chain;   // the files read, extended ones first (the user configuration's not included)
  std::string user_config;          // the user configuration beneath it, if any
  bool failed = false;              // the file could not be loaded (see errors())
};

// The file types linted when neither the command line nor a config sets `include`.
const std::vector<std::string>& default_include();

// The user configuration: `$XDG_CONFIG_HOME/hlint/config.yaml` (an absolute
// XDG_CONFIG_HOME only, as the XDG spec says), else `$HOME/.config/hlint/
// config.yaml`; nullopt when neither variable gives a directory. The file
// need not exist. Takes the variables' values (null: unset).
std::optional<std::filesystem::path> user_config_file(const char* xdg_config_home, const char* home);

class ConfigResolver {
 public:
  // `fixed`: --config FILE for every file (no other configuration is read).
  // Otherwise each file's nearest `.hlint.yaml` merged over `user_config`
  // (when that file exists); outside any, the user configuration alone, or
  // the built-in defaults (globs relative to `working_directory`).
  ConfigResolver(const CheckRegistry& registry, std::optional<std::filesystem::path> fixed,
                 std::filesystem::path working_directory, std::optional<std::filesystem::path> user_config);
  // One configuration for every file (tests, in-memory configs).
  ConfigResolver(Config config, std::filesystem::path working_directory);

  // The scope of a file (thread-safe; a scope's address never changes).
  const ConfigScope& scope_for(const std::filesystem::path& file);
  std::size_t scope_index(const ConfigScope& scope) const { return index_.at(&scope); }
  // The path as the scope's globs see it ('/'-separated, relative to its base).
  std::string glob_path(const ConfigScope& scope, const std::filesystem::path& file) const;
  std::filesystem::path absolute(const std::filesystem::path& file) const;

  // "FILE: `option` ignored ..." for each security option of a found
  // configuration dropped so far.
  std::vector<std::string> warnings() const;

  // Configuration files that could not be loaded, as messages (file:line:col: why).
  std::vector<std::string> errors() const;
  // Every scope met so far.
  std::vector<const ConfigScope*> scopes() const;

 private:
  const ConfigScope& scope_of_directory(const std::filesystem::path& directory);
  const ConfigScope& scope_of_file(const std::filesystem::path& config_file, const std::filesystem::path& base);
  const ConfigScope& user_scope();
  const ConfigScope& add_scope(std::unique_ptr<ConfigScope> scope);

  const CheckRegistry* registry_ = nullptr;
  std::filesystem::path working_directory_;
  std::optional<std::filesystem::path> fixed_;
  std::optional<std::filesystem::path> user_config_;  // where the user configuration is looked for
  bool use_user_config_ = false;                      // something is there (and no --config)
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<ConfigScope>> scopes_;
  std::unordered_map<const ConfigScope*, std::size_t> index_;
  std::unordered_map<std::string, const ConfigScope*> by_directory_;
  std::unordered_map<std::string, const ConfigScope*> by_config_file_;
  const ConfigScope* defaults_ = nullptr;  // outside any .hlint.yaml: the user configuration or the built-in defaults
  std::vector<std::string> errors_;
  std::vector<std::string> warnings_;
};

// A config file with its `extends:` chain merged (the extending file's keys win).
Config load_config_with_extends(const std::filesystem::path& file, const CheckRegistry& registry,
                                std::vector<std::string>& chain);

// --show-config: the resolved settings of one file and where each came from.
std::string describe_scope(const ConfigScope& scope);

}  // namespace hlint

// Which files a directory walk lints, like ruff and ripgrep: entries ignored
// by git (.gitignore files, .git/info/exclude, the global excludes file) or
// by an `.hlintignore` (same syntax, also outside git work trees) are
// skipped, and so are hlint's own outputs; of the rest, the file types of the
// file's configuration (`include`, `extend-include`; by default Markdown,
// HTML and text) minus its `exclude`. The ignore rules are matched by
// libgit2, not by hlint. Files named on the command line are not filtered
// here except by their configuration's `exclude` (pre-commit names files).
#pragma once

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/config_resolver.hpp"
#include "core/input_walk.hpp"

namespace hlint {

struct DiscoveryOptions {
  bool respect_ignore_files = true;         // --no-ignore turns this off
  bool cli_include = false;                 // --include given: it replaces the file types
  std::vector<std::filesystem::path> outputs;  // reports, baselines, caches hlint reads or writes
};

class FileDiscovery : public WalkFilter {
 public:
  FileDiscovery(ConfigResolver& resolver, DiscoveryOptions options);
  ~FileDiscovery() override;

  bool enter_directory(const std::filesystem::path& directory) override;
  bool take_file(const std::filesystem::path& file) override;
  // Named on the command line: only the configuration's `exclude` applies.
  bool take_named_file(const std::filesystem::path& file) override;

 private:
  class GitIgnores;
  bool is_output(const std::filesystem::path& absolute) const;

  ConfigResolver& resolver_;
  DiscoveryOptions options_;
  std::unique_ptr<GitIgnores> ignores_;
  std::set<std::string> output_paths_;  // weakly canonical
  std::set<std::string> output_names_;  // their file names, a cheap first test
};

}  // namespace hlint

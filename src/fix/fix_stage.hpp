// The command line's fixing stage: the options (--fix, --unsafe-fixes,
// --diff, --fix-baseline, --exit-non-zero-on-fix), the Fixer built from them
// before the lint, and what is printed after it. main() calls it in a few
// lines.
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "core/config.hpp"
#include "fix/fixer.hpp"
#include "report/extra/baseline.hpp"

namespace hlint {

class FixStage {
 public:
  void add_options(CLI::App& app);
  bool active() const { return fix_ || diff_; }
  bool diff() const { return diff_; }

  // Before the lint. Throws GitError for a bad --since revision.
  void prepare(const Config& config, const std::optional<Baseline>& baseline, const std::string& since,
               const std::filesystem::path& working_directory);
  // Each file's fixable/unfixable then come from its own configuration.
  void use_configs(std::function<std::pair<const Config*, std::string>(const std::string& path)> config_for);
  FileRewriter* rewriter() { return fixer_.get(); }

  // --diff: prints each file's diff, then the summary on `err`; returns the
  // exit code (1 when something would change).
  int print_diff(const FindingSpool& findings, std::ostream& out, std::ostream& err);
  // --fix: prints the summary on `err`; the exit code is the lint's, or 1
  // with --exit-non-zero-on-fix when a file was changed.
  int finish(const FindingSpool& remaining, std::ostream& err, int exit_code) const;

 private:
  bool fix_ = false;
  bool unsafe_ = false;
  bool diff_ = false;
  bool fix_baseline_ = false;
  bool exit_non_zero_on_fix_ = false;
  std::unique_ptr<Fixer> fixer_;
};

}  // namespace hlint

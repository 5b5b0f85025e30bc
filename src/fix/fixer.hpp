// `--fix` and `--diff`: applies the findings' fixes to each file right after
// it is linted (on the linter's worker threads), pass after pass until the
// file has nothing left to fix, and writes it back without losing a byte.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/finding_spool.hpp"
#include "core/linter.hpp"
#include "report/extra/changed_lines.hpp"

namespace hlint {

struct FixOptions {
  bool unsafe = false;  // --unsafe-fixes: unsafe fixes too
  bool diff = false;    // --diff: change nothing, keep a diff of each file
  std::vector<std::string> fixable;    // rules whose fixes may apply (empty: every rule)
  std::vector<std::string> unfixable;  // rules whose fixes never apply
  // Per-path `unfixable` (the config's overrides): globs, rules.
  std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> unfixable_by_path;
  // Findings of the baseline are not fixed (unless --fix-baseline).
  std::unordered_set<std::string> baseline_fingerprints;
  // --since: only findings on lines changed since the revision.
  std::optional<ChangedLines> changed_lines;
  std::size_t max_passes = 10;
  // Per file: its own configuration (the nearest .hlint.yaml) and its path as
  // that configuration's globs see it. When set, `fixable`, `unfixable` and
  // the per-path lists come from there instead of the fields above.
  std::function<std::pair<const Config*, std::string>(const std::string& path)> config_for;
};

struct FixTotals {
  std::size_t findings = 0;  // findings whose fixes were applied (or would be, with --diff)
  std::size_t files = 0;     // files changed (or that would be)
  std::size_t failed = 0;    // files left alone because they could not be fixed safely
};

class OriginalLines;

class Fixer : public FileRewriter {
 public:
  explicit Fixer(FixOptions options);

  Result rewrite(const InputFile& input, const std::string& original, Linted first, const Relint& relint) override;

  // The configuration allows fixing this rule in this file (fixable/unfixable).
  bool rule_fixable(const std::string& rule, const std::string& path) const;
  // The finding has a fix that this run would apply if it were not in the
  // baseline or off the changed lines (its applicability and its rule allow it).
  bool applies_to(const Finding& f) const;
  // The finding has a fix that only --unsafe-fixes would apply.
  bool needs_unsafe(const Finding& f) const;

  FixTotals totals() const;
  void set_config_lookup(std::function<std::pair<const Config*, std::string>(const std::string& path)> config_for) {
    options_.config_for = std::move(config_for);
  }
  // --diff: each changed file's diff, in path order.
  std::vector<std::pair<std::string, std::string>> take_diffs();

  // `Fixed N findings in M files (K remain, J more fixable with --unsafe-fixes)`.
  std::string summary(const FindingSpool& remaining) const;

 private:
  struct Passes {
    std::string bytes;      // the file after the passes
    Linted linted;          // its findings, once it differs from the original
    std::size_t fixed = 0;  // findings fixed
    bool unstable = false;  // still fixes to apply after max_passes
    std::string error;      // set: the file must be left alone
  };
  std::vector<const Finding*> fixable_now(const std::vector<Finding>& findings, const InputFile& input,
                                          const OriginalLines* original_lines) const;
  Passes run_passes(const InputFile& input, const std::string& original, Encoding encoding,
                    std::vector<const Finding*> fixable, const Relint& relint, OriginalLines* original_lines) const;
  Result left_alone(const Linted& first, const InputFile& input, const std::string& why);

  FixOptions options_;
  std::atomic<std::size_t> fixed_findings_{0};
  std::atomic<std::size_t> fixed_files_{0};
  std::atomic<std::size_t> failed_files_{0};
  std::mutex diffs_mutex_;
  std::vector<std::pair<std::string, std::string>> diffs_;
};

}  // namespace hlint

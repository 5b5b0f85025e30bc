#include "fix/fix_stage.hpp"

namespace hlint {

void FixStage::add_options(CLI::App& app) {
  app.add_flag("--fix", fix_, "Apply the safe fixes of the findings to the files (in their own encoding), then "
                              "report what remains");
  app.add_flag("--unsafe-fixes", unsafe_, "With --fix or --diff: apply the unsafe fixes too (they remove or "
                                          "rewrite content; see docs/fixing.md)");
  app.add_flag("--diff", diff_, "Print a unified diff of what --fix would change, change nothing; exit 1 when "
                                "there is a change");
  app.add_flag("--fix-baseline", fix_baseline_, "With --fix or --diff and --baseline: fix the baseline's findings too");
  app.add_flag("--exit-non-zero-on-fix", exit_non_zero_on_fix_,
               "With --fix: exit 1 when a file was changed, even if no finding remains (pre-commit)");
}

void FixStage::prepare(const Config& config, const std::optional<Baseline>& baseline, const std::string& since,
                       const std::filesystem::path& working_directory) {
  if (!active()) return;
  FixOptions options;
  options.unsafe = unsafe_;
  options.diff = diff_;
  options.fixable = config.fixable;
  options.unfixable = config.unfixable;
  for (const auto& o : config.overrides)
    if (!o.unfixable.empty()) options.unfixable_by_path.emplace_back(o.paths, o.unfixable);
  if (baseline && !fix_baseline_)
    for (const auto& entry : baseline->entries) options.baseline_fingerprints.insert(entry.fingerprint);
  if (!since.empty()) options.changed_lines = ChangedLines::since(since, working_directory);
  fixer_ = std::make_unique<Fixer>(std::move(options));
}

void FixStage::use_configs(std::function<std::pair<const Config*, std::string>(const std::string& path)> config_for) {
  if (fixer_) fixer_->set_config_lookup(std::move(config_for));
}

int FixStage::print_diff(const FindingSpool& findings, std::ostream& out, std::ostream& err) {
  const auto diffs = fixer_->take_diffs();
  for (const auto& [path, diff] : diffs) out << diff;
  out.flush();
  err << fixer_->summary(findings) << '\n';
  // A file that cannot be fixed is an error the diff does not show.
  return fixer_->totals().failed ? 2 : diffs.empty() ? 0 : 1;
}

int FixStage::finish(const FindingSpool& remaining, std::ostream& err, int exit_code) const {
  err << fixer_->summary(remaining) << '\n';
  if (exit_non_zero_on_fix_ && fixer_->totals().files > 0 && exit_code == 0) return 1;
  return exit_code;
}

}  // namespace hlint

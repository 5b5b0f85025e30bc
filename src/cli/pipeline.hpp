// One hlint run as a pipeline of named stages:
//
//   parse options → information commands → resolve (config, inputs, baseline)
//   → [list files] → lint → filter (baseline, --since) → emit → exit code
//
// Each stage reads the Run built so far and adds its part; a new feature
// (fixing, an audit report, a subcommand) is a new stage, not more lines in
// one function. A stage that cannot go on throws StageError: its message is
// printed as `hlint: <message>` and the run exits 2.
#pragma once

#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/options.hpp"
#include "core/check.hpp"
#include "core/config.hpp"
#include "core/config_resolver.hpp"
#include "core/file_discovery.hpp"
#include "core/linter.hpp"
#include "fix/fix_stage.hpp"
#include "report/audit/audit_run.hpp"
#include "report/emitter.hpp"
#include "report/extra/baseline.hpp"
#include "report/progress.hpp"

namespace hlint::cli {

enum class ExitCode { clean = 0, findings = 1, error = 2 };

struct StageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// `--report FORMAT=FILE`: a further report written in the same run, e.g.
// annotations on standard output and SARIF for code scanning.
struct ExtraReport {
  std::string format;
  std::string file;
};
std::optional<ExtraReport> parse_extra_report(const std::string& text);

// Everything one run knows. Built in place (emitters and renderers point into
// it), so it is neither copied nor moved.
struct Run {
  explicit Run(const CheckRegistry& registry) : registry(registry) {}
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  const CheckRegistry& registry;
  CliOptions options;
  // --fix, --unsafe-fixes, --diff: files rewritten between their lint and the report
  FixStage fix_stage;
  // resolve
  std::filesystem::path working_directory;
  std::optional<ConfigResolver> configs;  // each file's configuration (core/config_resolver.hpp)
  std::vector<std::string> inputs;
  LintOptions lint_options;
  Severity threshold = Severity::warning;
  std::optional<Baseline> baseline;
  std::vector<ExtraReport> extra_reports;
  Report report;
  // lint
  std::optional<FileDiscovery> discovery;  // which files of the walk are linted
  std::optional<ProgressLine> progress;    // on a terminal only
  std::optional<Linter> linter;
  std::set<std::string> linted_paths;  // only kept when a baseline needs them
  LintResult result;
  audit::AuditRun audit;  // what the audit formats read besides the findings (run.report.audit)
};

// --list-rules, --explain, --dump-model, --show-config: the exit code when the
// run was one of them.
std::optional<int> run_information_command(const CliOptions& options, const CheckRegistry& registry);

// Config, selectors, the input list, the baseline and the report settings.
void resolve(Run& run);
// --show-files: prints the files the run would lint; returns the exit code.
int list_files(Run& run);
// Lints every input (or standard input as --stdin-filename); findings end up
// sorted in run.result.
void lint(Run& run);
// Applies --baseline and --since; returns false when the run ends here
// (--write-baseline wrote its file).
bool filter(Run& run);
// Writes the main report, the extra reports and GitHub's step summary.
void emit(Run& run);
// 0 clean, 1 findings at or above the threshold, 2 a check failed.
ExitCode exit_code(const Run& run);
// --diff: prints what --fix would change instead of the report; the exit
// code (1 when something would change), or nothing when --diff was not asked.
std::optional<int> preview_fixes(Run& run);
// The run's exit code, after --fix's summary when files were fixed.
int finish(Run& run);

}  // namespace hlint::cli

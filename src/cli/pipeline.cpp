#include "cli/pipeline.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>

#include "core/file_io.hpp"
#include "report/report_file.hpp"
#include "report/terminal_text.hpp"
#include "core/model_dump.hpp"
#include "core/standard_input.hpp"
#include "report/color_choice.hpp"
#include "report/audit/audit_cli.hpp"
#include "report/audit/document_facts.hpp"
#include "report/extra/changed_lines.hpp"
#include "report/rule_listing.hpp"

namespace hlint::cli {

std::optional<ExtraReport> parse_extra_report(const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals + 1 == text.size()) return std::nullopt;
  ExtraReport extra{text.substr(0, equals), text.substr(equals + 1)};
  const auto& formats = output_formats();
  if (std::find(formats.begin(), formats.end(), extra.format) == formats.end()) return std::nullopt;
  return extra;
}

namespace {

void emit_format(const std::string& format, const Report& report, std::ostream& out) {
  if (format == "json")
    emit_json(report, out);
  else if (format == "sarif")
    emit_sarif(report, out);
  else if (format == "github")
    emit_github(report, out);
  else if (format == "rdjson")
    emit_rdjson(report, out);
  else if (format == "gitlab")
    emit_gitlab(report, out);
  else if (format == "junit")
    emit_junit(report, out);
  else if (format == "concise")
    emit_concise(report, out);
  else if (format == "documents")
    emit_documents(report, out);
  else if (format == "html")
    emit_html(report, out);
  else
    emit_text(report, out);
}

// ---- information commands ----

// The settings of one file and where each came from.
int show_config(const CliOptions& options, const CheckRegistry& registry) {
  std::optional<std::filesystem::path> fixed;
  if (!options.config_path.empty()) fixed = options.config_path;
  std::error_code cwd_error;
  ConfigResolver configs(registry, fixed, std::filesystem::current_path(cwd_error),
                         user_config_file(std::getenv("XDG_CONFIG_HOME"), std::getenv("HOME")));
  const ConfigScope& scope = configs.scope_for(options.show_config_path);
  if (scope.failed) throw StageError("config error: " + configs.errors().back());
  std::cout << "# settings for " << options.show_config_path << '\n' << describe_scope(scope);
  return 0;
}

int dump_model(const std::string& path) {
  std::string error;
  std::optional<std::string> bytes = read_file(path, error);
  if (!bytes) throw StageError(fmt::format("cannot read {}: {}", path, error));
  auto doc = Document::load(path, std::move(*bytes));
  std::cout << hlint::dump_model(*doc).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  return 0;
}

// ---- resolve ----

// Each file's nearest .hlint.yaml, or --config for all; the working
// directory's configuration is loaded now so that a mistake in it stops the
// run before any file is read.
const ConfigScope& load_configuration(Run& run) {
  std::optional<std::filesystem::path> fixed;
  if (!run.options.config_path.empty()) fixed = run.options.config_path;
  run.configs.emplace(run.registry, fixed, run.working_directory,
                      user_config_file(std::getenv("XDG_CONFIG_HOME"), std::getenv("HOME")));
  const ConfigScope& root = run.configs->scope_for(run.working_directory / ".");
  if (root.failed) throw StageError("config error: " + run.configs->errors().back());
  return root;
}

void check_selectors(const CliOptions& options, const CheckRegistry& registry) {
  for (const auto* list : {&options.select, &options.ignore}) {
    for (const auto& selector : *list) {
      const bool known = std::any_of(registry.rules().begin(), registry.rules().end(),
                                     [&](const auto& rule) { return selector_matches(selector, rule.info.id); });
      if (!known) throw StageError(fmt::format("no rule matches `{}` (see hlint --list-rules)", selector));
    }
  }
}

// `-` reads paths, one per line or NUL-separated, from standard input
// (xargs-style use); with --stdin-filename it is the document itself.
std::vector<std::string> expand_inputs(const CliOptions& options) {
  std::vector<std::string> inputs;
  for (const auto& path : options.paths) {
    if (path != "-") {
      inputs.push_back(path);
    } else if (options.stdin_filename.empty()) {
      try {
        for (auto& listed : read_path_list(std::cin)) inputs.push_back(std::move(listed));
      } catch (const PathListError& e) {
        throw StageError(e.what());
      }
    }
  }
  return inputs;
}

std::string corpus_root(const std::vector<std::string>& inputs) {
  for (const auto& input : inputs) {
    std::error_code ec;
    if (std::filesystem::is_directory(input, ec)) return input;
  }
  return ".";
}

bool has_text_extra_report(const CliOptions& options) {
  return std::any_of(options.extra_reports.begin(), options.extra_reports.end(),
                     [](const std::string& spec) { return spec.rfind("text=", 0) == 0; });
}

// `config`: the working directory's configuration (its phrase lists feed
// the audit formats' document facts).
LintOptions lint_options(const CliOptions& options, const Config& config, const std::vector<std::string>& inputs,
                         const CheckRegistry& registry) {
  LintOptions lint;
  lint.jobs = options.jobs;
  lint.select = options.select;
  lint.ignore = options.ignore;
  if (options.no_corpus_rules)
    for (const auto& rule : registry.rules())
      if (rule.info.corpus) lint.ignore.push_back(rule.info.id);
  // The command line's globs; each configuration's are applied per file by
  // the file discovery (core/file_discovery.hpp).
  lint.include = options.include;
  lint.exclude = options.exclude;
  lint.keep_source_lines = (options.format == "text" && !options.statistics) || has_text_extra_report(options);
  // The JSON output shows each finding's document kind (health information, advertisement).
  lint.annotate_document_kind =
      options.format == "json" || std::any_of(options.extra_reports.begin(), options.extra_reports.end(),
                                              [](const std::string& spec) { return spec.rfind("json=", 0) == 0; });
  lint.context.offline = options.offline;
  lint.max_file_bytes = options.max_file_size.empty() ? config.max_file_bytes.value_or(kDefaultMaxFileBytes)
                                                       : *parse_size(options.max_file_size);
  lint.max_findings_per_rule =
      options.max_findings_per_rule.value_or(config.max_findings_per_rule.value_or(lint.max_findings_per_rule));
  lint.context.progress = isatty(STDERR_FILENO) && !std::getenv("CI");
  lint.context.corpus_root = corpus_root(inputs);
  // Empty: each cache picks its default outside the corpus. `cache-dir:` only
  // ever comes from --config or the user configuration (a found one's is dropped).
  lint.context.cache_dir = options.cache_dir.empty() ? config.cache_dir : options.cache_dir;
  lint.context.no_cache = options.no_cache;
  lint.context.refresh = options.refresh;
  // The audit formats' facts of each document, read while it is modelled.
  if (audit::run_needs_document_records(options.format, options.extra_reports))
    lint.describe_document = audit::make_document_describer(config.phrases, lint.context);
  return lint;
}

// Everything the emitters read but the findings is known before linting, so
// the linter's threads can render findings in the output format.
void prepare_report(Run& run) {
  const CliOptions& o = run.options;
  std::error_code cwd_error;
  Report& report = run.report;
  report.registry = &run.registry;
  report.version = kVersion;
  report.working_directory = std::filesystem::current_path(cwd_error);
  report.repository_root = find_repository_root(report.working_directory);
  report.color = use_color(o.color, o.output.empty() && isatty(STDOUT_FILENO),
                           [](const char* name) { return std::getenv(name); });
  report.baseline_applied = run.baseline.has_value() && o.write_baseline_path.empty();
  if (o.write_baseline_path.empty() && o.stdin_filename.empty() && !o.statistics &&
      make_finding_renderer(o.format, report)) {
    report.rendered_format = o.format;
    run.lint_options.make_renderer = [&run] { return make_finding_renderer(run.options.format, run.report); };
  }
  // Text findings rendered ahead hold their source line in the rendered text:
  // the spool need not keep a second copy, unless a --report text=FILE
  // renders them again afterwards.
  run.lint_options.spool_source_lines =
      !run.lint_options.make_renderer || o.format != "text" || has_text_extra_report(o);
}

// ---- filter ----

// Stale baseline entries, so the file can be pruned; the list is capped so a
// mass fix does not flood the terminal.
void print_stale_entries(const std::vector<BaselineEntry>& stale, const std::string& baseline_path) {
  constexpr std::size_t kShown = 50;
  std::cerr << fmt::format(
      "hlint: {} baseline entr{} no longer match{} a finding (fixed, or the text changed); prune them with "
      "`--baseline {} --write-baseline {}`:\n",
      stale.size(), stale.size() == 1 ? "y" : "ies", stale.size() == 1 ? "es" : "", baseline_path, baseline_path);
  for (std::size_t i = 0; i < stale.size() && i < kShown; ++i)
    std::cerr << fmt::format("  {}:{}: {}: {}\n", terminal_safe(stale[i].path), stale[i].line,
                             terminal_safe(stale[i].rule), terminal_safe(stale[i].message));
  if (stale.size() > kShown) std::cerr << fmt::format("  ... and {} more\n", stale.size() - kShown);
}

void apply_baseline(Run& run) {
  auto was_checked = [&](const BaselineEntry& entry) {
    return run.linted_paths.count(entry.path) > 0 && run.linter->rule_enabled(entry.rule, entry.path);
  };
  BaselineMatch match = match_baseline(*run.baseline, run.result.findings, was_checked);
  if (!run.options.write_baseline_path.empty()) {
    // Pruning: keep what still matches, add nothing new.
    run.result.findings = std::move(match.matched_findings);
    return;
  }
  run.report.baseline_matched = match.matched_findings.size();
  run.result.findings = std::move(match.new_findings);
  if (!match.stale.empty()) print_stale_entries(match.stale, run.options.baseline_path);
  for (const auto& entry : match.stale) ++run.audit.baseline_fixed[entry.rule];
  run.audit.baseline_fixed_total = match.stale.size();
}

void write_baseline_file(Run& run) {
  const std::string& path = run.options.write_baseline_path;
  try {
    write_baseline(path, run.result.findings, kVersion);
  } catch (const BaselineError& e) {
    throw StageError(e.what());
  }
  const auto count = run.result.findings.size();
  std::cerr << fmt::format("hlint: wrote {} finding{} to the baseline {}\n", count, count == 1 ? "" : "s", path);
}

void keep_changed_lines(Run& run) {
  try {
    // The repository is found from the paths linted, not the working directory.
    const ChangedLines changes = ChangedLines::since(run.options.since, run.report.working_directory,
                                                     repository_hint(run.inputs, run.report.working_directory));
    run.result.findings = changes.filter(run.result.findings, run.report.outside_changes);
    run.report.since_revision = run.options.since;
  } catch (const GitError& e) {
    throw StageError(e.what());
  }
}

// ---- emit ----

void write_main_report(const Run& run) {
  const CliOptions& o = run.options;
  auto write = [&](std::ostream& out) {
    if (o.statistics)
      audit::emit_statistics(o.format, run.report, out);
    else
      emit_format(o.format, run.report, out);
  };
  if (o.output.empty()) {
    write(std::cout);
    std::cout.flush();
    if (!std::cout) throw StageError("cannot write the report to standard output");
    return;
  }
  // Report files are written whole or not at all (report_file.hpp).
  ReportFile file(o.output);
  std::string error;
  if (!file.open(error)) throw StageError(error);
  write(file.stream());
  if (!file.commit(error)) throw StageError(error);
}

// What the audit formats read besides the findings.
void prepare_audit(Run& run) {
  run.audit.documents = run.lint_options.describe_document ? &run.result.documents : nullptr;
  run.audit.bytes = run.result.bytes;
  run.audit.rule_ran = [&run](const std::string& rule, const std::string& path) {
    return run.linter->rule_enabled(rule, path);
  };
  run.audit.links_checked = !run.options.offline && run.linter->rule_enabled("images/broken-link", "");
  run.report.audit = &run.audit;
}

void write_extra_report(const Run& run, const ExtraReport& extra) {
  Report plain = run.report;
  plain.color = false;
  plain.rendered_format.clear();
  ReportFile file(extra.file);
  std::string error;
  if (!file.open(error)) throw StageError(error);
  emit_format(extra.format, plain, file.stream());
  if (!file.commit(error)) throw StageError(error);
}

// GitHub's job summary: appended (other steps write to the same file).
void append_github_step_summary(const Run& run) {
  const char* summary_path = std::getenv("GITHUB_STEP_SUMMARY");
  if (!summary_path || !*summary_path) return;
  std::ofstream summary(summary_path, std::ios::binary | std::ios::app);
  if (summary) write_github_step_summary(run.report, summary);
  if (!summary) std::cerr << fmt::format("hlint: cannot append to GITHUB_STEP_SUMMARY {}\n", summary_path);
}

}  // namespace

std::optional<int> run_information_command(const CliOptions& options, const CheckRegistry& registry) {
  if (options.list_rules) {
    list_rules(registry, options.format, std::cout);
    return 0;
  }
  if (!options.explain.empty()) return explain_rules(registry, options.explain, std::cout, std::cerr);
  if (!options.show_config_path.empty()) return show_config(options, registry);
  if (!options.dump_model_path.empty()) return dump_model(options.dump_model_path);
  return std::nullopt;
}

void resolve(Run& run) {
  const CliOptions& o = run.options;
  if (o.paths.empty() && o.stdin_filename.empty())
    throw StageError("no paths given (try `hlint corpus/` or `hlint --help`)");
  if (o.statistics && o.format != "text" && o.format != "json")
    throw StageError("--statistics prints text or JSON (--format text or --format json)");
  std::error_code cwd_error;
  run.working_directory = std::filesystem::current_path(cwd_error);
  run.inputs = expand_inputs(o);  // before the configuration: it may not trust a config inside them
  const Config& root_config = load_configuration(run).config;
  check_selectors(o, run.registry);
  run.lint_options = lint_options(o, root_config, run.inputs, run.registry);
  run.threshold = o.fail_on.empty() ? root_config.fail_on.value_or(Severity::warning) : *parse_severity(o.fail_on);
  // Read before linting: a typo in the baseline's name should not cost a run.
  if (!o.baseline_path.empty()) {
    try {
      run.baseline = read_baseline(o.baseline_path);
    } catch (const BaselineError& e) {
      throw StageError(e.what());
    }
  }
  for (const auto& text : o.extra_reports) run.extra_reports.push_back(*parse_extra_report(text));
  prepare_report(run);
  try {
    run.fix_stage.prepare(root_config, run.baseline, o.since, run.working_directory);
  } catch (const GitError& e) {
    throw StageError(e.what());
  }
  run.lint_options.rewriter = run.fix_stage.rewriter();
  run.fix_stage.use_configs([&run](const std::string& path) -> std::pair<const Config*, std::string> {
    // Called from the linter's threads: the resolver is thread-safe.
    const ConfigScope& scope = run.configs->scope_for(path);
    if (scope.failed) return {nullptr, path};
    return {&scope.config, run.configs->glob_path(scope, path)};
  });
}

namespace {

// The walk of the inputs, filtered by the ignore files, the file types and
// each file's configuration; hlint's own outputs are never linted.
std::unique_ptr<InputWalk> make_walk(Run& run) {
  const CliOptions& o = run.options;
  DiscoveryOptions discovery;
  discovery.respect_ignore_files = !o.no_ignore;
  discovery.cli_include = !o.include.empty();
  for (const auto& own : {o.output, o.baseline_path, o.write_baseline_path, run.lint_options.context.cache_dir})
    if (!own.empty()) discovery.outputs.emplace_back(own);
  for (const auto& extra : run.extra_reports) discovery.outputs.emplace_back(extra.file);
  run.discovery.emplace(*run.configs, discovery);
  auto walk = std::make_unique<InputWalk>(run.inputs, run.lint_options.include, run.lint_options.exclude);
  walk->set_filter(&*run.discovery);
  return walk;
}

// Builds the checks of the configurations known before the walk (a bad
// option value stops the run here) and the progress line.
void make_linter(Run& run) {
  if (run.lint_options.context.progress && run.options.stdin_filename.empty()) {
    run.progress.emplace(std::cerr);
    run.lint_options.on_file_done = [&run](std::size_t findings) { run.progress->file_done(findings); };
    run.lint_options.on_files_done = [&run] { run.progress->stop(); };
  }
  try {
    run.linter.emplace(run.registry, *run.configs, run.lint_options);
    run.linter->prepare(run.working_directory / ".");
    for (const auto& input : run.inputs) run.linter->prepare(std::filesystem::path(input) / ".");
    if (!run.options.stdin_filename.empty()) run.linter->prepare(run.options.stdin_filename);
  } catch (const ConfigError& e) {
    throw StageError(std::string("config error: ") + e.what());
  }
}

}  // namespace

int list_files(Run& run) {
  const std::unique_ptr<InputWalk> walk = make_walk(run);
  while (std::optional<InputFile> file = walk->next()) std::cout << file->path << '\n';
  for (const auto& error : walk->take_errors()) std::cerr << fmt::format("hlint: {}: {}\n", error.path, error.message);
  if (const auto errors = run.configs->errors(); !errors.empty()) throw StageError("config error: " + errors.front());
  return 0;
}

void lint(Run& run) {
  const std::unique_ptr<InputWalk> walk = make_walk(run);
  make_linter(run);
  if (!run.options.stdin_filename.empty()) {
    run.result =
        lint_standard_input(*run.linter, run.options.stdin_filename, std::cin, run.lint_options.max_file_bytes);
    run.linted_paths.insert(run.options.stdin_filename);
  } else {
    // Only a baseline needs the list of linted paths (to tell a fixed finding
    // from one in a file this run did not look at).
    std::function<void(const InputFile&)> record_path;
    if (run.baseline) record_path = [&run](const InputFile& file) { run.linted_paths.insert(file.path); };
    run.result = run.linter->run(*walk, record_path);
  }
  for (const auto& warning : run.configs->warnings()) std::cerr << "hlint: warning: " << terminal_safe(warning) << '\n';
  // A nested configuration met during the walk that could not be used.
  if (const auto errors = run.linter->config_errors(); !errors.empty())
    throw StageError("config error: " + errors.front());
  run.report.findings = &run.result.findings;
  run.report.files = run.result.files;
  prepare_audit(run);
}

bool filter(Run& run) {
  if (run.baseline) apply_baseline(run);
  if (!run.options.write_baseline_path.empty()) {
    write_baseline_file(run);
    return false;
  }
  if (!run.options.since.empty()) keep_changed_lines(run);
  return true;
}

void emit(Run& run) {
  write_main_report(run);
  for (const auto& extra : run.extra_reports) write_extra_report(run, extra);
  if (run.options.format == "github") append_github_step_summary(run);
}

std::optional<int> preview_fixes(Run& run) {
  if (!run.fix_stage.diff()) return std::nullopt;
  return run.fix_stage.print_diff(run.result.findings, std::cout, std::cerr);
}

int finish(Run& run) {
  const int code = static_cast<int>(exit_code(run));
  return run.fix_stage.active() ? run.fix_stage.finish(run.result.findings, std::cerr, code) : code;
}

ExitCode exit_code(const Run& run) {
  const FindingTally& tally = run.result.findings.tally();
  const bool failing = tally.any_at_least(run.threshold);
  if (tally.check_failures > 0) return ExitCode::error;
  if (failing && !run.options.exit_zero) return ExitCode::findings;
  return ExitCode::clean;
}

}  // namespace hlint::cli

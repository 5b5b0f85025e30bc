#include "cli/pipeline.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>

#include "core/file_io.hpp"
#include "core/model_dump.hpp"
#include "report/audit/audit_cli.hpp"
#include "report/audit/document_facts.hpp"
#include "report/extra/changed_lines.hpp"

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
  else if (format == "documents")
    emit_documents(report, out);
  else if (format == "html")
    emit_html(report, out);
  else
    emit_text(report, out);
}

// ---- information commands ----

int list_rules(const CheckRegistry& registry) {
  for (const auto& rule : registry.rules())
    std::cout << fmt::format("{:<36} {:<8} {}\n", rule.info.id, to_string(rule.info.default_severity), rule.summary);
  return 0;
}

int explain_rule(const CheckRegistry& registry, const std::string& id) {
  const auto* rule = registry.find(id);
  if (!rule) throw StageError(fmt::format("unknown rule `{}` (see hlint --list-rules)", id));
  std::cout << rule->documentation;
  if (rule->documentation.empty() || rule->documentation.back() != '\n') std::cout << '\n';
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

Config load_configuration(const CliOptions& options, const CheckRegistry& registry) {
  try {
    std::optional<std::filesystem::path> file;
    if (!options.config_path.empty())
      file = options.config_path;
    else
      file = find_config(std::filesystem::current_path());
    return file ? load_config(*file, registry) : Config{};
  } catch (const ConfigError& e) {
    throw StageError(std::string("config error: ") + e.what());
  }
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

// `-` reads paths, one per line, from standard input (xargs-style use).
std::vector<std::string> expand_inputs(const std::vector<std::string>& paths) {
  std::vector<std::string> inputs;
  for (const auto& path : paths) {
    if (path != "-") {
      inputs.push_back(path);
      continue;
    }
    std::string line;
    while (std::getline(std::cin, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty()) inputs.push_back(line);
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

LintOptions lint_options(const CliOptions& options, const Config& config, const std::vector<std::string>& inputs,
                         const CheckRegistry& registry) {
  LintOptions lint;
  lint.jobs = options.jobs;
  lint.select = options.select;
  lint.ignore = options.ignore;
  if (options.no_corpus_rules)
    for (const auto& rule : registry.rules())
      if (rule.info.corpus) lint.ignore.push_back(rule.info.id);
  lint.include = options.include;
  lint.include.insert(lint.include.end(), config.include.begin(), config.include.end());
  lint.exclude = options.exclude;
  lint.exclude.insert(lint.exclude.end(), config.exclude.begin(), config.exclude.end());
  lint.keep_source_lines = (options.format == "text" && !options.statistics) || has_text_extra_report(options);
  lint.context.offline = options.offline;
  lint.context.progress = isatty(STDERR_FILENO) && !std::getenv("CI");
  lint.context.corpus_root = corpus_root(inputs);
  lint.context.cache_dir = options.cache_dir;  // empty: each cache picks its default outside the corpus
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
  report.color = o.color == "always" ||
                 (o.color == "auto" && o.output.empty() && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR"));
  report.baseline_applied = run.baseline.has_value() && o.write_baseline_path.empty();
  if (o.write_baseline_path.empty() && !o.statistics && make_finding_renderer(o.format, report)) {
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
    std::cerr << fmt::format("  {}:{}: {}: {}\n", stale[i].path, stale[i].line, stale[i].rule, stale[i].message);
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
    const ChangedLines changes = ChangedLines::since(run.options.since, run.report.working_directory);
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
    return;
  }
  std::ofstream out(o.output, std::ios::binary);
  if (!out) throw StageError(fmt::format("cannot write {}", o.output));
  write(out);
  out.flush();
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
  std::ofstream out(extra.file, std::ios::binary);
  Report plain = run.report;
  plain.color = false;
  plain.rendered_format.clear();
  if (out) emit_format(extra.format, plain, out);
  if (!out) throw StageError(fmt::format("cannot write {}", extra.file));
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
  if (options.list_rules) return list_rules(registry);
  if (!options.explain.empty()) return explain_rule(registry, options.explain);
  if (!options.dump_model_path.empty()) return dump_model(options.dump_model_path);
  return std::nullopt;
}

void resolve(Run& run) {
  const CliOptions& o = run.options;
  if (o.paths.empty()) throw StageError("no paths given (try `hlint corpus/` or `hlint --help`)");
  if (o.statistics && o.format != "text" && o.format != "json")
    throw StageError("--statistics prints text or JSON (--format text or --format json)");
  run.config = load_configuration(o, run.registry);
  check_selectors(o, run.registry);
  run.inputs = expand_inputs(o.paths);
  run.lint_options = lint_options(o, run.config, run.inputs, run.registry);
  run.threshold = o.fail_on.empty() ? run.config.fail_on.value_or(Severity::warning) : *parse_severity(o.fail_on);
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
}

void lint(Run& run) {
  InputWalk walk(run.inputs, run.lint_options.include, run.lint_options.exclude);
  // Checks read their options when they are built: a bad value is a config error.
  try {
    run.linter.emplace(run.registry, std::move(run.config), run.lint_options);
  } catch (const ConfigError& e) {
    throw StageError(std::string("config error: ") + e.what());
  }
  // Only a baseline needs the list of linted paths (to tell a fixed finding
  // from one in a file this run did not look at).
  std::function<void(const InputFile&)> record_path;
  if (run.baseline) record_path = [&run](const InputFile& file) { run.linted_paths.insert(file.path); };
  run.result = run.linter->run(walk, record_path);
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

ExitCode exit_code(const Run& run) {
  bool internal_error = false;
  bool failing = false;
  run.result.findings.for_each_summary([&](const Finding& f) {
    if (f.rule == "internal/check-failed") internal_error = true;
    if (f.severity >= run.threshold) failing = true;
  });
  if (internal_error) return ExitCode::error;
  if (failing && !run.options.exit_zero) return ExitCode::findings;
  return ExitCode::clean;
}

}  // namespace hlint::cli

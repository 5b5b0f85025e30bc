// hlint: audits and lints a corpus of scraped Chinese health articles.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <set>

#include "core/check.hpp"
#include "core/config.hpp"
#include "core/file_io.hpp"
#include "core/linter.hpp"
#include "core/model_dump.hpp"
#include "core/scratch_file.hpp"
#include "report/emitter.hpp"
#include "report/report_file.hpp"
#include "report/terminal_text.hpp"
#include "report/extra/baseline.hpp"
#include "report/extra/changed_lines.hpp"

namespace {

constexpr const char* kVersion = "0.1.0";

enum class ExitCode { clean = 0, findings = 1, error = 2 };

const std::vector<std::string> kFormats = {"text", "json", "sarif", "github", "rdjson", "gitlab", "junit"};

void emit(const std::string& format, const hlint::Report& report, std::ostream& out) {
  if (format == "json")
    hlint::emit_json(report, out);
  else if (format == "sarif")
    hlint::emit_sarif(report, out);
  else if (format == "github")
    hlint::emit_github(report, out);
  else if (format == "rdjson")
    hlint::emit_rdjson(report, out);
  else if (format == "gitlab")
    hlint::emit_gitlab(report, out);
  else if (format == "junit")
    hlint::emit_junit(report, out);
  else
    hlint::emit_text(report, out);
}

// `--report FORMAT=FILE`: a second (third...) report written in the same run,
// e.g. annotations on standard output and SARIF for code scanning.
struct ExtraReport {
  std::string format;
  std::string file;
};

std::optional<ExtraReport> parse_extra_report(const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals + 1 == text.size()) return std::nullopt;
  ExtraReport extra{text.substr(0, equals), text.substr(equals + 1)};
  if (std::find(kFormats.begin(), kFormats.end(), extra.format) == kFormats.end()) return std::nullopt;
  return extra;
}

// Stale baseline entries, so the file can be pruned; the list is capped so a
// mass fix does not flood the terminal.
void print_stale_entries(const std::vector<hlint::BaselineEntry>& stale, const std::string& baseline_path) {
  constexpr std::size_t kShown = 50;
  std::cerr << fmt::format(
      "hlint: {} baseline entr{} no longer match{} a finding (fixed, or the text changed); prune them with "
      "`--baseline {} --write-baseline {}`:\n",
      stale.size(), stale.size() == 1 ? "y" : "ies", stale.size() == 1 ? "es" : "", baseline_path, baseline_path);
  for (std::size_t i = 0; i < stale.size() && i < kShown; ++i)
    std::cerr << fmt::format("  {}:{}: {}: {}\n", hlint::terminal_safe(stale[i].path), stale[i].line,
                             hlint::terminal_safe(stale[i].rule), hlint::terminal_safe(stale[i].message));
  if (stale.size() > kShown) std::cerr << fmt::format("  ... and {} more\n", stale.size() - kShown);
}

int run(int argc, char** argv) {
  CLI::App app{"hlint: lint a corpus of scraped Chinese health articles", "hlint"};
  app.set_version_flag("--version", std::string("hlint ") + kVersion);

  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;
  std::vector<std::string> select, ignore, include, exclude;
  std::string config_path;
  unsigned jobs = 0;
  bool offline = false;
  std::string color = "auto";
  bool exit_zero = false;
  bool list_rules = false;
  std::string explain;
  std::string fail_on;
  std::string dump_model_path;
  std::string cache_dir;
  bool no_cache = false;
  bool refresh = false;
  std::vector<std::string> extra_reports;
  std::string baseline_path;
  std::string write_baseline_path;
  std::string since;
  bool no_corpus_rules = false;
  std::string max_file_size;
  std::optional<std::size_t> max_findings_per_rule;

  app.add_option("paths", paths, "Files and directories to lint; `-` reads a list of paths from standard input");
  app.add_option("--format", format, "Output format: text, json, sarif, github (workflow commands), rdjson (reviewdog), "
                                     "gitlab (Code Quality), junit")
      ->check(CLI::IsMember(kFormats));
  app.add_option("-o,--output", output, "Write the report to FILE instead of standard output");
  app.add_option("--report", extra_reports,
                 "Also write a report in another format, FORMAT=FILE (repeatable), e.g. --report sarif=hlint.sarif")
      ->allow_extra_args(false)
      ->check([](const std::string& value) -> std::string {
        return parse_extra_report(value) ? "" : "expected FORMAT=FILE with FORMAT one of text, json, sarif, github, "
                                                "rdjson, gitlab, junit";
      });
  app.add_option("--baseline", baseline_path,
                 "Report only findings that are not in this baseline file (and list its entries that no longer match)");
  app.add_option("--write-baseline", write_baseline_path,
                 "Record the current findings in FILE as the baseline and exit 0 (with --baseline: keep only the "
                 "entries that still match, to prune it)");
  app.add_option("--since", since, "Report only findings on lines changed since this git revision (its merge base "
                                   "with HEAD), uncommitted and untracked files included");
  app.add_flag("--no-corpus-rules", no_corpus_rules,
               "Skip rules that compare documents with each other (for pre-commit, which lints a few files per batch)");
  app.add_option("--select", select, "Only these rules (ids or prefixes such as `related`)")->delimiter(',')->allow_extra_args(false);
  app.add_option("--ignore", ignore, "Skip these rules (ids or prefixes)")->delimiter(',')->allow_extra_args(false);
  app.add_option("--include", include, "Only lint files matching these globs")->delimiter(',')->allow_extra_args(false);
  app.add_option("--exclude", exclude, "Skip files matching these globs")->delimiter(',')->allow_extra_args(false);
  app.add_option("--config", config_path, "Configuration file (default: nearest .hlint.yaml)");
  app.add_option("--max-file-size", max_file_size,
                 "Skip (and report, io/too-large) files larger than this, e.g. 64M (default), 500K, 2G")
      ->check([](const std::string& value) -> std::string {
        return hlint::parse_size(value) ? "" : "expected a size such as 64M, 500K or 1000000";
      });
  app.add_option("--max-findings-per-rule", max_findings_per_rule,
                 "At most this many findings of one rule in one file, then one summary finding (default 1000; 0: "
                 "no cap)");
  app.add_option("-j,--jobs", jobs, "Parallel jobs (default: all cores)");
  app.add_flag("--offline", offline, "Never use the network (image links are only checked offline)");
  app.add_option("--cache-dir", cache_dir, "Where to keep caches (default: .hlint-cache under the first directory given)");
  app.add_flag("--no-cache", no_cache, "Neither read nor write caches");
  app.add_flag("--refresh", refresh, "Ignore cached results (and write fresh ones)");
  app.add_option("--color", color, "Colour the text output")->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_flag("--exit-zero", exit_zero, "Exit 0 even when there are findings");
  app.add_option("--fail-on", fail_on, "Lowest severity that makes the exit code 1 (default: warning)")
      ->check(CLI::IsMember({"error", "warning", "info"}));
  app.add_flag("--list-rules", list_rules, "List every rule with its default severity and summary");
  app.add_option("--explain", explain, "Print the documentation of a rule");
  app.add_option("--dump-model", dump_model_path, "Print the document model of FILE as JSON (for debugging checks)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : static_cast<int>(ExitCode::error);
  }

  hlint::CheckRegistry registry;
  hlint::register_builtin_checks(registry);

  if (list_rules) {
    for (const auto& rule : registry.rules())
      std::cout << fmt::format("{:<36} {:<8} {}\n", rule.info.id, hlint::to_string(rule.info.default_severity),
                               rule.summary);
    return 0;
  }
  if (!explain.empty()) {
    const auto* rule = registry.find(explain);
    if (!rule) {
      std::cerr << fmt::format("hlint: unknown rule `{}` (see hlint --list-rules)\n", explain);
      return static_cast<int>(ExitCode::error);
    }
    std::cout << rule->documentation;
    if (rule->documentation.empty() || rule->documentation.back() != '\n') std::cout << '\n';
    return 0;
  }
  if (!dump_model_path.empty()) {
    std::string error;
    std::optional<std::string> bytes = hlint::read_file(dump_model_path, error);
    if (!bytes) {
      std::cerr << fmt::format("hlint: cannot read {}: {}\n", dump_model_path, error);
      return static_cast<int>(ExitCode::error);
    }
    auto doc = hlint::Document::load(dump_model_path, std::move(*bytes));
    std::cout << hlint::dump_model(*doc).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return 0;
  }
  if (paths.empty()) {
    std::cerr << "hlint: no paths given (try `hlint corpus/` or `hlint --help`)\n";
    return static_cast<int>(ExitCode::error);
  }

  hlint::Config config;
  std::optional<std::filesystem::path> found_config;  // found, not named: maybe shipped by the corpus
  try {
    std::optional<std::filesystem::path> file;
    if (!config_path.empty())
      file = config_path;
    else
      file = found_config = hlint::find_config(std::filesystem::current_path());
    if (file) config = hlint::load_config(*file, registry);
  } catch (const hlint::ConfigError& e) {
    std::cerr << "hlint: config error: " << hlint::terminal_safe(e.what()) << '\n';
    return static_cast<int>(ExitCode::error);
  }
  for (auto* list : {&select, &ignore}) {
    for (const auto& selector : *list) {
      bool known = false;
      for (const auto& rule : registry.rules()) known = known || hlint::selector_matches(selector, rule.info.id);
      if (!known) {
        std::cerr << fmt::format("hlint: no rule matches `{}` (see hlint --list-rules)\n", selector);
        return static_cast<int>(ExitCode::error);
      }
    }
  }

  // `-` reads paths, one per line, from standard input (xargs-style use).
  std::vector<std::string> inputs;
  for (const auto& path : paths) {
    if (path == "-") {
      // Lines are bounded: `hlint - < /dev/zero` is one endless line.
      std::vector<char> buffer(1 << 16);
      for (;;) {
        std::cin.getline(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = static_cast<std::size_t>(std::cin.gcount());
        if (std::cin.fail() && !std::cin.eof() && got + 1 >= buffer.size()) {
          std::cerr << "hlint: a line of the path list on standard input is longer than 64 KiB\n";
          return static_cast<int>(ExitCode::error);
        }
        if (got == 0 && !std::cin) break;
        std::string line(buffer.data());
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) inputs.push_back(line);
        if (!std::cin) break;
      }
    } else {
      inputs.push_back(path);
    }
  }

  if (found_config && hlint::config_inside_inputs(*found_config, inputs))
    for (const auto& option : hlint::drop_security_options(config))
      std::cerr << fmt::format("hlint: warning: {}: `{}` ignored: a configuration found inside the linted files may "
                               "come with the corpus; name it with --config to use it\n",
                               hlint::terminal_safe(found_config->string()), option);

  if (no_corpus_rules)
    for (const auto& rule : registry.rules())
      if (rule.info.corpus) ignore.push_back(rule.info.id);

  hlint::LintOptions options;
  options.jobs = jobs;
  options.select = select;
  options.ignore = ignore;
  options.context.offline = offline;
  options.max_file_bytes = config.max_file_bytes.value_or(hlint::kDefaultMaxFileBytes);
  if (!max_file_size.empty()) options.max_file_bytes = *hlint::parse_size(max_file_size);
  options.max_findings_per_rule =
      max_findings_per_rule.value_or(config.max_findings_per_rule.value_or(options.max_findings_per_rule));
  const bool text_extra_report = std::any_of(extra_reports.begin(), extra_reports.end(),
                                             [](const std::string& spec) { return spec.rfind("text=", 0) == 0; });
  options.keep_source_lines = format == "text" || text_extra_report;
  options.context.progress = isatty(STDERR_FILENO) && !std::getenv("CI");
  for (const auto& input : inputs) {
    std::error_code ec;
    if (std::filesystem::is_directory(input, ec)) {
      options.context.corpus_root = input;
      break;
    }
  }
  if (options.context.corpus_root.empty()) options.context.corpus_root = ".";
  options.context.cache_dir = cache_dir.empty()
                                  ? (std::filesystem::path(options.context.corpus_root) / ".hlint-cache").string()
                                  : cache_dir;
  options.context.no_cache = no_cache;
  options.context.refresh = refresh;
  include.insert(include.end(), config.include.begin(), config.include.end());
  exclude.insert(exclude.end(), config.exclude.begin(), config.exclude.end());
  hlint::Severity threshold = config.fail_on.value_or(hlint::Severity::warning);
  if (!fail_on.empty()) threshold = *hlint::parse_severity(fail_on);

  // Read before linting: a typo in the baseline's name should not cost a run.
  std::optional<hlint::Baseline> baseline;
  if (!baseline_path.empty()) {
    try {
      baseline = hlint::read_baseline(baseline_path);
    } catch (const hlint::BaselineError& e) {
      std::cerr << "hlint: " << hlint::terminal_safe(e.what()) << '\n';
      return static_cast<int>(ExitCode::error);
    }
  }
  std::vector<ExtraReport> extras;
  for (const auto& text : extra_reports) extras.push_back(*parse_extra_report(text));

  std::error_code cwd_error;
  const std::filesystem::path working_directory = std::filesystem::current_path(cwd_error);
  // Everything the emitters read but the findings is known before linting,
  // so the linter's threads can render findings in the output format.
  hlint::Report report;
  report.registry = &registry;
  report.version = kVersion;
  report.working_directory = working_directory;
  report.repository_root = hlint::find_repository_root(working_directory);
  report.color =
      color == "always" || (color == "auto" && output.empty() && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR"));
  report.baseline_applied = baseline.has_value() && write_baseline_path.empty();
  if (write_baseline_path.empty() && hlint::make_finding_renderer(format, report)) {
    report.rendered_format = format;
    options.make_renderer = [&report, &format] { return hlint::make_finding_renderer(format, report); };
  }
  // Text findings rendered ahead hold their source line in the rendered text:
  // the spool need not keep a second copy, unless a --report text=FILE
  // renders them again afterwards.
  options.spool_source_lines = !options.make_renderer || format != "text" || text_extra_report;

  hlint::InputWalk walk(inputs, include, exclude);
  // Checks read their options when they are built: a bad value is a config error.
  std::optional<hlint::Linter> linter;
  try {
    linter.emplace(registry, std::move(config), options);
  } catch (const hlint::ConfigError& e) {
    std::cerr << "hlint: config error: " << hlint::terminal_safe(e.what()) << '\n';
    return static_cast<int>(ExitCode::error);
  }
  // Only a baseline needs the list of linted paths (to tell a fixed finding
  // from one in a file this run did not look at).
  std::set<std::string> linted;
  std::function<void(const hlint::InputFile&)> record_path;
  if (baseline) record_path = [&linted](const hlint::InputFile& file) { linted.insert(file.path); };
  hlint::LintResult result = linter->run(walk, record_path);
  report.findings = &result.findings;
  report.files = result.files;

  if (baseline) {
    auto was_checked = [&](const hlint::BaselineEntry& entry) {
      return linted.count(entry.path) > 0 && linter->rule_enabled(entry.rule, entry.path);
    };
    hlint::BaselineMatch match = hlint::match_baseline(*baseline, result.findings, was_checked);
    if (!write_baseline_path.empty()) {
      // Pruning: keep what still matches, add nothing new.
      result.findings = std::move(match.matched_findings);
    } else {
      report.baseline_matched = match.matched_findings.size();
      result.findings = std::move(match.new_findings);
      if (!match.stale.empty()) print_stale_entries(match.stale, baseline_path);
    }
  }
  if (!write_baseline_path.empty()) {
    try {
      hlint::write_baseline(write_baseline_path, result.findings, kVersion);
    } catch (const hlint::BaselineError& e) {
      std::cerr << "hlint: " << e.what() << '\n';
      return static_cast<int>(ExitCode::error);
    }
    std::cerr << fmt::format("hlint: wrote {} finding{} to the baseline {}\n", result.findings.size(),
                             result.findings.size() == 1 ? "" : "s", write_baseline_path);
    return static_cast<int>(ExitCode::clean);
  }
  if (!since.empty()) {
    try {
      const hlint::ChangedLines changes = hlint::ChangedLines::since(since, working_directory);
      result.findings = changes.filter(result.findings, report.outside_changes);
      report.since_revision = since;
    } catch (const hlint::GitError& e) {
      std::cerr << "hlint: " << e.what() << '\n';
      return static_cast<int>(ExitCode::error);
    }
  }

  // Report files are written whole or not at all (report_file.hpp).
  std::string write_error;
  if (!output.empty()) {
    hlint::ReportFile file(output);
    if (!file.open(write_error) || (emit(format, report, file.stream()), !file.commit(write_error))) {
      std::cerr << "hlint: " << hlint::terminal_safe(write_error) << '\n';
      return static_cast<int>(ExitCode::error);
    }
  } else {
    emit(format, report, std::cout);
    std::cout.flush();
    if (!std::cout) {
      std::cerr << "hlint: cannot write the report to standard output\n";
      return static_cast<int>(ExitCode::error);
    }
  }

  for (const auto& extra : extras) {
    hlint::ReportFile file(extra.file);
    hlint::Report plain = report;
    plain.color = false;
    plain.rendered_format.clear();
    if (!file.open(write_error) || (emit(extra.format, plain, file.stream()), !file.commit(write_error))) {
      std::cerr << "hlint: " << hlint::terminal_safe(write_error) << '\n';
      return static_cast<int>(ExitCode::error);
    }
  }
  // GitHub's job summary: appended (other steps write to the same file).
  if (format == "github") {
    if (const char* summary_path = std::getenv("GITHUB_STEP_SUMMARY"); summary_path && *summary_path) {
      std::ofstream summary(summary_path, std::ios::binary | std::ios::app);
      if (summary) hlint::write_github_step_summary(report, summary);
      if (!summary) std::cerr << fmt::format("hlint: cannot append to GITHUB_STEP_SUMMARY {}\n", summary_path);
    }
  }

  bool internal_error = false;
  bool failing = false;
  result.findings.for_each_summary([&](const hlint::Finding& f) {
    if (f.rule == "internal/check-failed") internal_error = true;
    if (f.severity >= threshold) failing = true;
  });
  if (internal_error) return static_cast<int>(ExitCode::error);
  if (failing && !exit_zero) return static_cast<int>(ExitCode::findings);
  return static_cast<int>(ExitCode::clean);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const hlint::ScratchFileError& e) {
    // A full or missing temporary directory: the run cannot finish.
    std::cerr << "hlint: " << e.what() << " (set TMPDIR to a directory with room)\n";
    return static_cast<int>(ExitCode::error);
  } catch (const std::exception& e) {
    std::cerr << "hlint: internal error: " << e.what() << '\n';
    return static_cast<int>(ExitCode::error);
  }
}

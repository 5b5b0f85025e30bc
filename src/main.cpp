// hlint: audits and lints a corpus of scraped Chinese health articles.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "core/check.hpp"
#include "core/config.hpp"
#include "core/linter.hpp"
#include "core/model_dump.hpp"
#include "report/emitter.hpp"

namespace {

constexpr const char* kVersion = "0.1.0";

enum class ExitCode { clean = 0, findings = 1, error = 2 };

std::string source_root_uri() {
  std::error_code ec;
  std::string cwd = std::filesystem::current_path(ec).generic_string();
  if (cwd.empty() || cwd.back() != '/') cwd.push_back('/');
  return "file://" + hlint::path_to_uri(cwd);
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

  app.add_option("paths", paths, "Files and directories to lint; `-` reads a list of paths from standard input");
  app.add_option("--format", format, "Output format")->check(CLI::IsMember({"text", "json", "sarif"}));
  app.add_option("-o,--output", output, "Write the report to FILE instead of standard output");
  app.add_option("--select", select, "Only these rules (ids or prefixes such as `related`)")->delimiter(',')->allow_extra_args(false);
  app.add_option("--ignore", ignore, "Skip these rules (ids or prefixes)")->delimiter(',')->allow_extra_args(false);
  app.add_option("--include", include, "Only lint files matching these globs")->delimiter(',')->allow_extra_args(false);
  app.add_option("--exclude", exclude, "Skip files matching these globs")->delimiter(',')->allow_extra_args(false);
  app.add_option("--config", config_path, "Configuration file (default: nearest .hlint.yaml)");
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
    std::ifstream in(dump_model_path, std::ios::binary);
    if (!in) {
      std::cerr << fmt::format("hlint: cannot read {}\n", dump_model_path);
      return static_cast<int>(ExitCode::error);
    }
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto doc = hlint::Document::load(dump_model_path, std::move(bytes));
    std::cout << hlint::dump_model(*doc).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return 0;
  }
  if (paths.empty()) {
    std::cerr << "hlint: no paths given (try `hlint corpus/` or `hlint --help`)\n";
    return static_cast<int>(ExitCode::error);
  }

  hlint::Config config;
  try {
    std::optional<std::filesystem::path> file;
    if (!config_path.empty())
      file = config_path;
    else
      file = hlint::find_config(std::filesystem::current_path());
    if (file) config = hlint::load_config(*file, registry);
  } catch (const hlint::ConfigError& e) {
    std::cerr << "hlint: config error: " << e.what() << '\n';
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
      std::string line;
      while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) inputs.push_back(line);
      }
    } else {
      inputs.push_back(path);
    }
  }

  hlint::LintOptions options;
  options.jobs = jobs;
  options.select = select;
  options.ignore = ignore;
  options.context.offline = offline;
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

  hlint::WalkResult walked = hlint::walk_inputs(inputs, include, exclude);
  hlint::Linter linter(registry, std::move(config), options);
  hlint::LintResult result = linter.run(walked.files);
  for (auto& error : walked.errors) result.findings.push_back(std::move(error));
  std::stable_sort(result.findings.begin(), result.findings.end(), hlint::finding_less);

  std::ofstream file_out;
  std::ostream* out = &std::cout;
  if (!output.empty()) {
    file_out.open(output, std::ios::binary);
    if (!file_out) {
      std::cerr << fmt::format("hlint: cannot write {}\n", output);
      return static_cast<int>(ExitCode::error);
    }
    out = &file_out;
  }
  const bool color_on =
      color == "always" || (color == "auto" && output.empty() && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR"));

  hlint::Report report{&registry, &result.findings, result.files, color_on, kVersion, source_root_uri()};
  if (format == "json")
    hlint::emit_json(report, *out);
  else if (format == "sarif")
    hlint::emit_sarif(report, *out);
  else
    hlint::emit_text(report, *out);
  out->flush();

  bool internal_error = false;
  bool failing = false;
  for (const auto& f : result.findings) {
    if (f.rule == "internal/check-failed") internal_error = true;
    if (f.severity >= threshold) failing = true;
  }
  if (internal_error) return static_cast<int>(ExitCode::error);
  if (failing && !exit_zero) return static_cast<int>(ExitCode::findings);
  return static_cast<int>(ExitCode::clean);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "hlint: internal error: " << e.what() << '\n';
    return static_cast<int>(ExitCode::error);
  }
}

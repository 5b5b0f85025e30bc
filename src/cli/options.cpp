#include "cli/options.hpp"

#include "cli/pipeline.hpp"
#include "core/file_io.hpp"

namespace hlint::cli {

const std::vector<std::string>& output_formats() {
  static const std::vector<std::string> formats = {"text",  "concise", "json",      "sarif", "github",
                                                       "rdjson", "gitlab", "junit", "documents", "html"};
  return formats;
}

namespace {

std::string format_list() {
  std::string list;
  for (const auto& format : output_formats()) list += (list.empty() ? "" : ", ") + format;
  return list;
}

void add_input_options(CLI::App& app, CliOptions& o) {
  app.add_option("paths", o.paths,
                 "Files and directories to lint; `-` reads a list of paths (one per line or NUL-separated) from "
                 "standard input");
  app.add_option("--select", o.select, "Only these rules (ids or prefixes such as `related`)")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_option("--ignore", o.ignore, "Skip these rules (ids or prefixes)")->delimiter(',')->allow_extra_args(false);
  app.add_option("--include", o.include, "Only lint files matching these globs")->delimiter(',')->allow_extra_args(false);
  app.add_option("--exclude", o.exclude, "Skip files matching these globs")->delimiter(',')->allow_extra_args(false);
  app.add_option("--config", o.config_path,
                 "Configuration file for every file (default: each file's nearest .hlint.yaml; globs in --config "
                 "are relative to the working directory)");
  app.add_flag("--no-ignore", o.no_ignore,
               "Do not skip files ignored by .gitignore, .git/info/exclude, the global excludes file or .hlintignore");
  app.add_option("--stdin-filename", o.stdin_filename,
                 "Lint the text read from standard input as if it were this file (its configuration applies)");
  app.add_option("--max-file-size", o.max_file_size,
                 "Skip (and report, io/too-large) files larger than this, e.g. 64M (default), 500K, 2G")
      ->check([](const std::string& value) -> std::string {
        return parse_size(value) ? "" : "expected a size such as 64M, 500K or 1000000";
      });
  app.add_option("--max-findings-per-rule", o.max_findings_per_rule,
                 "At most this many findings of one rule in one file, then one summary finding (default 1000; 0: "
                 "no cap)");
  app.add_option("-j,--jobs", o.jobs, "Parallel jobs (default: all cores)");
  app.add_flag("--offline", o.offline, "Never use the network (image links are only checked offline)");
  app.add_option("--cache-dir", o.cache_dir,
                 "Where to keep caches (default: $XDG_CACHE_HOME/hlint or ~/.cache/hlint, one per corpus root)");
  app.add_flag("--no-cache", o.no_cache, "Neither read nor write caches");
  app.add_flag("--refresh", o.refresh, "Ignore cached results (and write fresh ones)");
  app.add_flag("--no-corpus-rules", o.no_corpus_rules,
               "Skip rules that compare documents with each other (for pre-commit, which lints a few files per batch)");
}

void add_filter_options(CLI::App& app, CliOptions& o) {
  app.add_option("--baseline", o.baseline_path,
                 "Report only findings that are not in this baseline file (and list its entries that no longer match)");
  app.add_option("--write-baseline", o.write_baseline_path,
                 "Record the current findings in FILE as the baseline and exit 0 (with --baseline: keep only the "
                 "entries that still match, to prune it)");
  app.add_option("--since", o.since,
                 "Report only findings on lines changed since this git revision (its merge base with HEAD), "
                 "uncommitted and untracked files included");
}

void add_output_options(CLI::App& app, CliOptions& o) {
  app.add_option("--format", o.format,
                 "Output format: text, concise (path:line:col: rule message), json, sarif, github (workflow "
                 "commands), rdjson (reviewdog), gitlab (Code Quality), junit, documents (JSON Lines, one object "
                 "per document), html (a self-contained audit report)")
      ->check(CLI::IsMember(output_formats()));
  app.add_option("-o,--output", o.output, "Write the report to FILE instead of standard output");
  app.add_option("--report", o.extra_reports,
                 "Also write a report in another format, FORMAT=FILE (repeatable), e.g. --report sarif=hlint.sarif")
      ->allow_extra_args(false)
      ->check([](const std::string& value) -> std::string {
        return parse_extra_report(value) ? "" : "expected FORMAT=FILE with FORMAT one of " + format_list();
      });
  app.add_flag("--statistics", o.statistics,
               "Print counts per rule (findings, documents, share, severity, fixable) instead of the findings; "
               "with --format json as JSON");
  app.add_option("--color", o.color, "Colour the text output")->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_flag("--exit-zero", o.exit_zero, "Exit 0 even when there are findings");
  app.add_option("--fail-on", o.fail_on, "Lowest severity that makes the exit code 1 (default: warning)")
      ->check(CLI::IsMember({"error", "warning", "info"}));
}

void add_information_options(CLI::App& app, CliOptions& o) {
  app.add_flag("--list-rules", o.list_rules, "List every rule with its default severity and summary");
  app.add_option("--explain", o.explain, "Print the documentation of a rule, or list the rules starting with a prefix");
  app.add_option("--show-config", o.show_config_path,
                 "Print the settings that apply to FILE and which configuration file set each, then exit");
  app.add_flag("--show-files", o.show_files, "List the files that would be linted, then exit");
  app.add_option("--dump-model", o.dump_model_path, "Print the document model of FILE as JSON (for debugging checks)");
}

}  // namespace

void add_options(CLI::App& app, CliOptions& options) {
  add_input_options(app, options);
  add_filter_options(app, options);
  add_output_options(app, options);
  add_information_options(app, options);
}

}  // namespace hlint::cli

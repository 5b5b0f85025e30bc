// The command line: every option hlint accepts, parsed into one plain struct.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace hlint::cli {

// The project version in CMakeLists.txt (one place: the package and --version agree).
inline constexpr const char* kVersion = HLINT_VERSION;

// Output formats the emitters know (`--format`, `--report FORMAT=FILE`).
const std::vector<std::string>& output_formats();

struct CliOptions {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;
  std::vector<std::string> extra_reports;  // FORMAT=FILE
  std::vector<std::string> select, ignore, include, exclude;
  std::string config_path;
  unsigned jobs = 0;
  bool offline = false;
  std::string color = "auto";
  bool exit_zero = false;
  std::string fail_on;
  bool list_rules = false;
  std::string explain;
  std::string dump_model_path;
  std::string cache_dir;
  bool no_cache = false;
  bool refresh = false;
  std::string baseline_path;
  std::string write_baseline_path;
  std::string since;
  bool no_corpus_rules = false;
  std::string max_file_size;                         // --max-file-size (else the config's, else 64M)
  std::optional<std::size_t> max_findings_per_rule;  // --max-findings-per-rule
  bool statistics = false;  // counts per rule instead of the findings (text or JSON)
  bool no_ignore = false;            // --no-ignore: lint what .gitignore/.hlintignore skip
  std::string stdin_filename;        // lint standard input as this file
  std::string show_config_path;      // print the settings of this file and exit
  bool show_files = false;           // list the files a run would lint and exit
};

// Declares every option on `app`, bound to the fields of `options`.
void add_options(CLI::App& app, CliOptions& options);

}  // namespace hlint::cli

// Runs the checks over a corpus: walks the inputs in a deterministic order,
// lints documents in parallel, runs the corpus pass, and returns findings
// sorted so the output is the same whatever the number of threads.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/check.hpp"
#include "core/config.hpp"
#include "core/diagnostic.hpp"
#include "core/finding_renderer.hpp"
#include "core/finding_spool.hpp"

namespace hlint {

struct LintOptions {
  unsigned jobs = 0;                 // 0: all cores
  std::vector<std::string> select;   // command line, on top of the config
  std::vector<std::string> ignore;
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  RunContext context;
  // Only the text format shows source lines; other formats need not keep
  // them (about 40% of a finding's memory).
  bool keep_source_lines = true;
  // When set, each finding is rendered in the output format on the worker
  // thread that made it (into Finding::rendered), so writing the report is a
  // copy, not a serial tail after the parallel part. Called once per thread.
  std::function<std::unique_ptr<FindingRenderer>()> make_renderer;
};

struct InputFile {
  std::string path;  // as displayed ('/'-separated, relative as given)
  std::string file;  // to open, when it differs from path (plain strings: a corpus
                     // of a million files keeps a million of these)
  const std::string& open_path() const { return file.empty() ? path : file; }
};

struct WalkResult {
  std::vector<InputFile> files;
  std::vector<Finding> errors;  // paths that do not exist
};

// Expands files and directories (recursively, sorted, hidden entries and .git
// skipped) and applies include/exclude globs.
WalkResult walk_inputs(const std::vector<std::string>& inputs, const std::vector<std::string>& include,
                       const std::vector<std::string>& exclude);

struct LintResult {
  FindingSpool findings;  // sorted: path, line, column, rule, message
  std::size_t files = 0;
  std::size_t bytes = 0;
};

class Linter {
 public:
  Linter(const CheckRegistry& registry, Config config, LintOptions options);
  ~Linter();

  // Lints the files in parallel. Findings leave memory as soon as every file
  // before theirs is done, so memory does not grow with the corpus; `extra`
  // findings (paths that did not exist) are merged into the sorted output.
  LintResult run(const std::vector<InputFile>& files, std::vector<Finding> extra = {});
  // Lints one in-memory document (tests, stdin content).
  std::vector<Finding> lint_text(const std::string& path, std::string bytes);

  // Rules that run for this path after config, overrides and the command line.
  bool rule_enabled(const std::string& rule, const std::string& path) const;
  Severity rule_severity(const std::string& rule, const std::string& path) const;

 private:
  struct ActiveCheck;
  std::vector<Finding> lint_document(const InputFile& input, std::size_t& bytes);
  std::vector<Finding> lint_loaded(const std::string& path, std::string bytes);

  const CheckRegistry& registry_;
  Config config_;
  LintOptions options_;
  std::vector<std::unique_ptr<ActiveCheck>> checks_;
};

// Content-based fingerprint of a finding: rule, path, the span's text and its
// line's text, so it survives unrelated lines moving.
std::string fingerprint(std::string_view rule, std::string_view path, std::string_view excerpt,
                        std::string_view line_text, std::size_t occurrence);

}  // namespace hlint

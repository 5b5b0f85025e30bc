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
#include "core/file_io.hpp"
#include "core/finding_renderer.hpp"
#include "core/finding_spool.hpp"
#include "core/input_walk.hpp"

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
  // False: a finding's source line is dropped once it is rendered, before it
  // goes to the spool (the rendered text holds what the report shows of it).
  bool spool_source_lines = true;
  // Documents larger than this are not read (io/too-large); issue 18.
  std::uint64_t max_file_bytes = kDefaultMaxFileBytes;
  // At most this many findings of one rule in one file; the rest are
  // summarised in one finding after them (0: no cap). A hostile document
  // can otherwise yield 100,000 duplicate keys or unused suppressions.
  std::size_t max_findings_per_rule = kDefaultMaxFindingsPerRule;
  static constexpr std::size_t kDefaultMaxFindingsPerRule = 1000;
};

struct LintResult {
  FindingSpool findings;  // sorted: path, line, column, rule, message
  std::size_t files = 0;
  std::size_t bytes = 0;
};

class Linter {
 public:
  Linter(const CheckRegistry& registry, Config config, LintOptions options);
  ~Linter();

  // Lints the walk's files in parallel. Findings leave memory as soon as
  // every file before theirs is done, so memory does not grow with the
  // corpus; the walk's errors (paths that did not exist) are merged into the
  // sorted output. `on_file` (optional) sees each file as it is taken.
  LintResult run(InputWalk& inputs, const std::function<void(const InputFile&)>& on_file = {});
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

}  // namespace hlint

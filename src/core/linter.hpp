// Runs the checks over a corpus: walks the inputs in a deterministic order,
// lints documents in parallel, runs the corpus pass, and returns findings
// sorted so the output is the same whatever the number of threads.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/check.hpp"
#include "core/config.hpp"
#include "core/config_resolver.hpp"
#include "core/diagnostic.hpp"
#include "core/file_io.hpp"
#include "core/finding_renderer.hpp"
#include "core/finding_spool.hpp"
#include "core/input_walk.hpp"
#include "core/record_spool.hpp"
#include "core/source_text.hpp"

namespace hlint {

class Document;

// `--fix` and `--diff` (src/fix): see each file's findings as soon as it is
// linted, may rewrite the file, and return the findings to report. Called on
// the linter's worker threads, several files at once.
class FileRewriter {
 public:
  struct Linted {
    std::vector<Finding> findings;
    std::optional<Encoding> encoding;  // unset: empty or binary (not decoded)
  };
  // Lints other bytes as the same path (the corpus checks do not see them).
  using Relint = std::function<Linted(std::string bytes)>;
  struct Result {
    std::vector<Finding> findings;
    bool rewritten = false;  // the findings are those of the last relinted bytes
  };
  virtual ~FileRewriter() = default;
  virtual Result rewrite(const InputFile& input, const std::string& original, Linted first, const Relint& relint) = 0;
};

struct LintOptions {
  unsigned jobs = 0;                 // 0: all cores
  // A worker takes this many files at a time and runs each check over all of
  // them before the next check, so that a check's code, branch history and
  // tables stay in the processor's caches (about a fifth less time than one
  // file at a time: docs/performance.md). The checks run once the batch
  // holds `batch_bytes` of files read (a larger file is a batch of its own).
  std::size_t batch_documents = 64;
  std::size_t batch_bytes = 256u << 10;
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
  // Progress: each file done (with its number of findings), then the end of
  // the per-file part (before the corpus pass, which reports its own).
  std::function<void(std::size_t findings)> on_file_done;
  std::function<void()> on_files_done;
  // When set (the audit formats), called on the worker thread for every file
  // taken: with its document while the model is alive, or nullptr for a file
  // that was not modelled (`skipped` says why: "unreadable", "empty",
  // "binary"), and the file's size in bytes. Its records go to
  // LintResult::documents in path order.
  std::function<std::string(const std::string& path, const Document* doc, std::string_view skipped,
                            std::size_t bytes)>
      describe_document;
  // --fix/--diff: each file goes through it between its lint and the report.
  FileRewriter* rewriter = nullptr;
  // Each finding carries its document's DocumentKind (health information,
  // advertisement) for the JSON output; off for formats that do not show it.
  bool annotate_document_kind = false;
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
  RecordSpool documents;  // LintOptions::describe_document's records, one per file, in path order
};

class Linter {
 public:
  // One configuration for every file.
  Linter(const CheckRegistry& registry, Config config, LintOptions options);
  // Each file's own configuration (nearest .hlint.yaml, or --config). The
  // checks of a configuration are built when its first file comes.
  Linter(const CheckRegistry& registry, ConfigResolver& resolver, LintOptions options);
  ~Linter();

  // Builds the checks for the configuration of `file` now: a bad option
  // value is a ConfigError here rather than a skipped configuration later.
  void prepare(const std::filesystem::path& file);
  // Configurations met during the run that could not be used (their files
  // were skipped), as messages.
  std::vector<std::string> config_errors() const;

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
  struct CheckSet;
  struct LintedDocument {
    std::vector<Finding> findings;
    std::unique_ptr<Document> doc;  // null for an empty or binary file
  };
  std::vector<Finding> lint_and_rewrite(const InputFile& input, std::string bytes, std::string* description);
  // `observe_corpus`: corpus checks see the document too (false while --fix
  // may still change it: they see its final version, once).
  LintedDocument lint_loaded(const std::string& path, std::string bytes, bool observe_corpus,
                             std::string* description = nullptr);
  // lint_loaded in three stages, so that a batch of documents can run one
  // check over each of them before the next check (its code and tables stay
  // in the caches).
  struct Pending;
  std::unique_ptr<Pending> begin_loaded(const std::string& path, std::string bytes, bool observe_corpus,
                                        std::string* description);
  void run_check(Pending& pending, ActiveCheck& active);
  LintedDocument finish_loaded(Pending& pending);
  std::unique_ptr<Pending> begin_document(const InputFile& input, std::size_t& bytes, std::string* description);
  void run_checks(std::vector<std::unique_ptr<Pending>>& batch);
  std::vector<Finding> observe_corpus(const Document& doc);  // failures
  // The checks of a scope (built on first use); null when it cannot be used.
  CheckSet* check_set(const ConfigScope& scope, bool throw_errors);
  // The checks of these rules, built on the run's threads, in the same order.
  std::vector<std::unique_ptr<Check>> make_checks(const std::vector<const RuleDefinition*>& rules,
                                                  const Config& config) const;
  bool enabled_in(const Config& config, const std::string& rule, const std::string& glob_path) const;
  Severity severity_in(const Config& config, const std::string& rule, const std::string& glob_path) const;

  const CheckRegistry& registry_;
  std::unique_ptr<ConfigResolver> owned_resolver_;
  ConfigResolver* resolver_;
  LintOptions options_;
  mutable std::mutex sets_mutex_;
  std::map<std::size_t, std::unique_ptr<CheckSet>> sets_;
  std::vector<std::string> errors_;
};

}  // namespace hlint

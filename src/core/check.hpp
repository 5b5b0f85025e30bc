// The Check interface. One check = one small class in its own file under
// checks/, with one rule id, a documentation page checks/<id>.md, options read
// from the config, and one registration line in checks/registry.cpp.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/document.hpp"

namespace hlint {

enum class OptionType { boolean, integer, number, string, string_list, phrase_list };

struct OptionSpec {
  std::string name;
  OptionType type = OptionType::string;
  std::string default_value;  // as shown in docs; for phrase_list: the data file name
  std::string description;
};

struct CheckInfo {
  std::string id;                 // stable, e.g. "front-matter/missing-key"
  Severity default_severity = Severity::warning;
  std::vector<OptionSpec> options;
  bool corpus = false;            // sees every document (observe/finish) instead of check()
  // false: an opt-in rule, run only when a configuration or --select names it
  // (a rule whose precision on real documents is too low for every corpus).
  bool enabled_by_default = true;
};

class PhraseLists;

// Facts about this run that some checks need (the network, where to cache).
struct RunContext {
  bool offline = false;
  bool progress = false;          // stderr is a terminal and CI is not set
  std::string cache_dir;          // where checks may keep caches (--cache-dir); empty = their default
  bool no_cache = false;          // --no-cache: neither read nor write caches
  bool refresh = false;           // --refresh: ignore cached results, write new ones
  std::string corpus_root;        // the first directory given on the command line
};

// The options of one check: values from the config, else the defaults. The
// config loader has already validated names and types against CheckInfo.
class CheckOptions {
 public:
  CheckOptions(YAML::Node values, const PhraseLists& phrases, const RunContext& context)
      : values_(std::move(values)), phrases_(&phrases), context_(&context) {}

  const RunContext& context() const { return *context_; }

  bool get_bool(const std::string& name, bool fallback) const;
  long get_int(const std::string& name, long fallback) const;
  double get_number(const std::string& name, double fallback) const;
  std::string get_string(const std::string& name, const std::string& fallback) const;
  std::vector<std::string> get_strings(const std::string& name, const std::vector<std::string>& fallback) const;
  // A phrase list: the option's value if set, else the named list (a data file
  // under checks/data/ as overridden or extended by the config).
  std::vector<std::string> get_phrases(const std::string& name, const std::string& list_name) const;

 private:
  YAML::Node values_;
  const PhraseLists* phrases_;
  const RunContext* context_;
};

// Collects a document's diagnostics for one check: fills in the rule id and the
// configured severity so a check only says where and what. `rule` is viewed,
// not copied (one Reporter is made per check and document): it must outlive
// the diagnostics, as a registered rule's id or a literal does.
class Reporter {
 public:
  Reporter(const Document& doc, std::string_view rule, Severity severity, std::vector<Diagnostic>& out)
      : doc_(doc), rule_(rule), severity_(severity), out_(out) {}

  void report(Span span, std::string message, std::optional<Fix> fix = std::nullopt);
  void report(Span span, Severity severity, std::string message, std::optional<Fix> fix = std::nullopt);
  const Document& document() const { return doc_; }

 private:
  const Document& doc_;
  std::string_view rule_;
  Severity severity_;
  std::vector<Diagnostic>& out_;
};

// A place captured during the corpus pass, when the document is still loaded.
struct PlacedSpan {
  std::string path;
  Location location;
  LineWindow source_line;
  std::string excerpt;  // the span's text (at most a few hundred bytes)
};
PlacedSpan place(const Document& doc, Span span);

// Reports findings of a corpus check after every document has been seen.
class CorpusReporter {
 public:
  CorpusReporter(std::string rule, Severity severity, std::vector<Finding>& out)
      : rule_(std::move(rule)), severity_(severity), out_(out) {}
  void report(const PlacedSpan& where, std::string message);
  // A finding below the rule's severity (e.g. one class of broken link);
  // never above what the user configured.
  void report(const PlacedSpan& where, Severity severity, std::string message);

 private:
  std::string rule_;
  Severity severity_;
  std::vector<Finding>& out_;
};

class Check {
 public:
  virtual ~Check() = default;
  // Per-document checks. Called from many threads at once, each on its own
  // document: must not change the check's state.
  virtual void check(const Document& doc, Reporter& out) const;
  // Corpus checks: observe() sees every document (the engine serialises the
  // calls of one check, so it may collect into members), finish() reports.
  virtual void observe(const Document& doc);
  virtual void finish(CorpusReporter& out);
};

using CheckFactory = std::function<std::unique_ptr<Check>(const CheckOptions&)>;

struct RuleDefinition {
  CheckInfo info;
  CheckFactory make;
  std::string documentation;  // the Markdown page checks/<id>.md
  std::string summary;        // its first paragraph, one line
  // The applicability of the rule's fixes (a check class says it with
  // `static constexpr Applicability kFix`); unset: the rule has no fix.
  std::optional<Applicability> fix;
};

class CheckRegistry {
 public:
  template <typename CheckType>
  void add() {
    std::optional<Applicability> fix;
    if constexpr (requires { CheckType::kFix; }) fix = CheckType::kFix;
    add(CheckType::info(), [](const CheckOptions& options) { return std::make_unique<CheckType>(options); }, fix);
  }
  void add(CheckInfo info, CheckFactory make, std::optional<Applicability> fix = std::nullopt);
  // A rule the engine itself reports (unreadable file, binary file, a check
  // that crashed, an unused suppression): documented and configurable like
  // any other, but with no Check object.
  void add_engine_rule(CheckInfo info) { add(std::move(info), nullptr); }

  const std::vector<RuleDefinition>& rules() const { return rules_; }
  const RuleDefinition* find(std::string_view id) const;

 private:
  std::vector<RuleDefinition> rules_;
};

// Defined in checks/registry.cpp: the one list of built-in checks.
void register_builtin_checks(CheckRegistry& registry);

// Returns the section of a documentation page under a `## title` heading.
std::string doc_section(std::string_view page, std::string_view title);

}  // namespace hlint

#include "core/linter.hpp"

#include "core/article.hpp"

#include <fmt/format.h>
#include <optional>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "core/document.hpp"
#include "core/file_io.hpp"
#include "core/rule_suggestion.hpp"
#include "core/suppression.hpp"
#include "core/worker_thread.hpp"

namespace hlint {

struct Linter::ActiveCheck {
  const RuleDefinition* rule;
  std::unique_ptr<Check> check;
  std::mutex observe_mutex;  // corpus checks: observe() calls are serialised
  // Without per-path overrides a rule's state is the same for every file:
  // worked out once here instead of per document.
  bool same_for_every_path = false;
  bool enabled = false;
  Severity severity = Severity::warning;
};

namespace {
std::filesystem::path working_directory() {
  std::error_code ec;
  return std::filesystem::current_path(ec);
}
}  // namespace

struct Linter::CheckSet {
  const ConfigScope* scope = nullptr;
  std::vector<std::unique_ptr<ActiveCheck>> checks;
  bool failed = false;
};

Linter::Linter(const CheckRegistry& registry, Config config, LintOptions options)
    : registry_(registry),
      owned_resolver_(std::make_unique<ConfigResolver>(std::move(config), working_directory())),
      resolver_(owned_resolver_.get()),
      options_(std::move(options)) {
  prepare("any");
}

Linter::Linter(const CheckRegistry& registry, ConfigResolver& resolver, LintOptions options)
    : registry_(registry), resolver_(&resolver), options_(std::move(options)) {}

Linter::~Linter() = default;

void Linter::prepare(const std::filesystem::path& file) {
  const ConfigScope& scope = resolver_->scope_for(file);
  if (scope.failed) {
    const auto errors = resolver_->errors();
    throw ConfigError(errors.empty() ? scope.source : errors.back());
  }
  check_set(scope, true);
}

std::vector<std::string> Linter::config_errors() const {
  std::vector<std::string> all = resolver_->errors();
  std::lock_guard<std::mutex> lock(sets_mutex_);
  all.insert(all.end(), errors_.begin(), errors_.end());
  return all;
}

std::vector<std::unique_ptr<Check>> Linter::make_checks(const std::vector<const RuleDefinition*>& rules,
                                                      const Config& config) const {
  // Building the checks loads their phrase automata and character models:
  // most of hlint's start-up, which the threads of the run share. A check
  // with options from the configuration is built on this thread, as YAML
  // nodes of one document share state that reading may change.
  std::vector<std::unique_ptr<Check>> made(rules.size());
  std::vector<std::exception_ptr> errors(rules.size());
  auto options_of = [&](std::size_t i) {
    auto it = config.rules.find(rules[i]->info.id);
    return it != config.rules.end() && it->second.options ? it->second.options : YAML::Node();
  };
  auto make = [&](std::size_t i) {
    try {
      made[i] = rules[i]->make(CheckOptions(options_of(i), config.phrases, options_.context));
    } catch (...) {
      errors[i] = std::current_exception();
    }
  };
  std::atomic<std::size_t> next{0};
  auto make_unconfigured = [&] {
    for (std::size_t i; (i = next++) < rules.size();) {
      auto it = config.rules.find(rules[i]->info.id);
      if (it == config.rules.end() || !it->second.options) make(i);
    }
  };
  const unsigned threads = std::min(options_.jobs ? options_.jobs : std::thread::hardware_concurrency(), 4u);
  {
    std::vector<std::jthread> helpers;
    for (unsigned t = 1; t < threads; ++t) helpers.emplace_back(make_unconfigured);
    make_unconfigured();
  }  // joined here
  for (std::size_t i = 0; i < rules.size(); ++i) {
    auto it = config.rules.find(rules[i]->info.id);
    if (it != config.rules.end() && it->second.options) make(i);
  }
  // The first failure in registry order, as when they were built one by one.
  for (const std::exception_ptr& error : errors)
    if (error) std::rethrow_exception(error);
  return made;
}

Linter::CheckSet* Linter::check_set(const ConfigScope& scope, bool throw_errors) {
  if (scope.failed) return nullptr;
  const std::size_t index = resolver_->scope_index(scope);
  std::lock_guard<std::mutex> lock(sets_mutex_);
  if (auto it = sets_.find(index); it != sets_.end()) return it->second->failed ? nullptr : it->second.get();
  auto set = std::make_unique<CheckSet>();
  set->scope = &scope;
  const Config& config = scope.config;
  try {
    // A check is built when some path could enable it: globally, or through
    // an override's select.
    std::vector<const RuleDefinition*> rules;
    for (const auto& rule : registry_.rules()) {
      bool maybe = enabled_in(config, rule.info.id, "");
      for (const auto& o : config.overrides)
        for (const auto& s : o.select) maybe = maybe || selector_matches(s, rule.info.id);
      if (maybe && rule.make) rules.push_back(&rule);
    }
    std::vector<std::unique_ptr<Check>> checks = make_checks(rules, config);
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const RuleDefinition& rule = *rules[i];
      auto active = std::make_unique<ActiveCheck>();
      active->rule = &rule;
      active->check = std::move(checks[i]);
      if (config.overrides.empty()) {
        active->same_for_every_path = true;
        active->enabled = enabled_in(config, rule.info.id, "any");
        active->severity = severity_in(config, rule.info.id, "any");
      }
      set->checks.push_back(std::move(active));
    }
  } catch (const ConfigError& e) {
    if (throw_errors) throw;
    set->failed = true;
    set->checks.clear();
    errors_.push_back(e.what());
  }
  CheckSet* raw = set.get();
  sets_[index] = std::move(set);
  return raw->failed ? nullptr : raw;
}

bool Linter::rule_enabled(const std::string& rule, const std::string& path) const {
  const ConfigScope& scope = resolver_->scope_for(path.empty() ? std::string("any") : path);
  return enabled_in(scope.config, rule, path.empty() ? "" : resolver_->glob_path(scope, path));
}

Severity Linter::rule_severity(const std::string& rule, const std::string& path) const {
  const ConfigScope& scope = resolver_->scope_for(path.empty() ? std::string("any") : path);
  return severity_in(scope.config, rule, resolver_->glob_path(scope, path));
}

bool Linter::enabled_in(const Config& config, const std::string& rule, const std::string& path) const {
  auto any = [&](const std::vector<std::string>& selectors) {
    return std::any_of(selectors.begin(), selectors.end(), [&](const auto& s) { return selector_matches(s, rule); });
  };
  const RuleDefinition* def = registry_.find(rule);
  const bool opt_in = def && !def->info.enabled_by_default;
  // An opt-in rule runs as if on by default once --select names it.
  const bool on_by_default = !opt_in || (!options_.select.empty() && any(options_.select));
  bool enabled = config.select.empty() ? on_by_default : any(config.select);
  if (auto it = config.rules.find(rule); it != config.rules.end() && it->second.enabled)
    enabled = *it->second.enabled;
  if (any(config.ignore)) enabled = false;
  if (!path.empty()) {
    for (const auto& o : config.overrides) {
      if (!std::any_of(o.paths.begin(), o.paths.end(), [&](const auto& g) { return glob_matches(g, path); })) continue;
      if (any(o.select)) enabled = true;
      if (any(o.ignore)) enabled = false;
    }
  }
  // The command line has the last word.
  if (!options_.select.empty()) enabled = enabled && any(options_.select);
  if (any(options_.ignore)) enabled = false;
  return enabled;
}

Severity Linter::severity_in(const Config& config, const std::string& rule, const std::string& path) const {
  const RuleDefinition* def = registry_.find(rule);
  Severity severity = def ? def->info.default_severity : Severity::warning;
  if (auto it = config.rules.find(rule); it != config.rules.end() && it->second.severity)
    severity = *it->second.severity;
  for (const auto& o : config.overrides) {
    if (!std::any_of(o.paths.begin(), o.paths.end(), [&](const auto& g) { return glob_matches(g, path); })) continue;
    std::size_t best = 0;
    for (const auto& [selector, s] : o.severities)
      if (selector_matches(selector, rule) && selector.size() >= best) {
        best = selector.size();
        severity = s;
      }
  }
  return severity;
}

namespace {

// Counts repeats of 64-bit keys in one flat, open-addressed table, sized for
// all of a document's keys up front: one allocation per document, where a
// node-based hash map made one per finding.
class OccurrenceCounter {
 public:
  explicit OccurrenceCounter(std::size_t keys) {
    if (keys == 0) return;
    std::size_t capacity = 16;
    while (capacity < 2 * keys) capacity *= 2;  // at most half full: probes stay short
    slots_.resize(capacity);
  }
  // How many times `key` was counted before this call (at most `keys` calls).
  std::size_t count(std::uint64_t key) {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = (key ^ (key >> 32)) & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.seen == 0) {
        slot.key = key;
        slot.seen = 1;
        return 0;
      }
      if (slot.key == key) return slot.seen++;
    }
  }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::size_t seen = 0;  // 0: the slot is free
  };
  std::vector<Slot> slots_;
};

// The engine's per-file cap, for every rule (issue 18): after `max` findings
// of one rule in one file, the rest are counted and summarised in one
// finding of that rule at the first one left out. Checks with a cap of their
// own (FindingCap, `max-per-file`) stay under it; this one bounds the rest.
class PerRuleCap {
 public:
  explicit PerRuleCap(std::size_t max) : max_(max) {}

  bool admit(std::string_view rule, Severity severity, Span span) {
    if (max_ == 0) return true;
    Count& count = count_of(rule);
    if (++count.found <= max_) return true;
    if (count.found == max_ + 1) {
      count.first_left_out = span;
      count.severity = severity;
    }
    return false;
  }

  // In the order of the rules' ids, as the findings have always come.
  void summarise(const std::string& path, const Document& doc, std::vector<Finding>& out) {
    std::sort(counts_.begin(), counts_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [rule, count] : counts_) {
      if (count.found <= max_) continue;
      Finding finding;
      finding.path = path;
      finding.rule = std::string(rule);
      finding.severity = count.severity;
      finding.message = fmt::format(
          "{} more finding{} of this rule in this file not reported (at most {} per rule and file; "
          "--max-findings-per-rule)",
          count.found - max_, count.found - max_ == 1 ? "" : "s", max_);
      finding.location = doc.locate(count.first_left_out);
      const std::size_t line = doc.lines().line_of(count.first_left_out.begin);
      const std::size_t line_start = doc.lines().line_start(line);
      LineWindow window = line_window(doc.lines().line_text(line), count.first_left_out.begin - line_start,
                                      count.first_left_out.end - line_start);
      finding.fingerprint = fingerprint(rule, path, "max-findings-per-rule", window.text, 0);
      finding.source_line = std::move(window.text);
      finding.source_line_offset = window.offset;
      finding.source_line_cut = window.cut;
      out.push_back(std::move(finding));
    }
  }

 private:
  struct Count {
    std::size_t found = 0;
    Span first_left_out;
    Severity severity = Severity::warning;
  };
  // A document's findings are of a few rules: a short list searched in turn,
  // one allocation, where a map made a node per rule.
  Count& count_of(std::string_view rule) {
    for (auto& [counted, count] : counts_)
      if (counted == rule) return count;
    if (counts_.empty()) counts_.reserve(8);
    return counts_.emplace_back(rule, Count{}).second;
  }

  std::size_t max_;
  // Keyed by views of the diagnostics' rule ids, which outlive the cap (see
  // Diagnostic::rule).
  std::vector<std::pair<std::string_view, Count>> counts_;
};

}  // namespace

std::vector<Finding> Linter::observe_corpus(const Document& doc) {
  std::vector<Finding> failures;
  const ConfigScope& scope = resolver_->scope_for(doc.path());
  CheckSet* set = check_set(scope, false);
  if (!set) return failures;
  const std::string glob_path = resolver_->glob_path(scope, doc.path());
  for (auto& active : set->checks) {
    if (!active->rule->info.corpus) continue;
    const std::string& id = active->rule->info.id;
    if (active->same_for_every_path ? !active->enabled : !enabled_in(scope.config, id, glob_path)) continue;
    try {
      std::lock_guard<std::mutex> lock(active->observe_mutex);
      active->check->observe(doc);
    } catch (const std::exception& e) {
      failures.push_back(whole_file_finding(doc.path(), "internal/check-failed", Severity::error,
                                            fmt::format("check {} failed on this file: {}", id, e.what())));
    }
  }
  return failures;
}

struct Linter::Pending {
  std::string path;
  const ConfigScope* scope = nullptr;
  CheckSet* set = nullptr;
  std::string glob_path;
  std::size_t size = 0;
  bool observe_corpus = true;
  std::string* description = nullptr;
  bool finished = false;  // empty, binary or unconfigurable: nothing for the checks
  bool checked = false;   // run_checks has run every check on it
  LintedDocument linted;
  std::vector<Diagnostic> diagnostics;
};

std::unique_ptr<Linter::Pending> Linter::begin_loaded(const std::string& path, std::string bytes,
                                                      bool observe_corpus, std::string* description) {
  auto pending = std::make_unique<Pending>();
  Pending& p = *pending;
  p.path = path;
  p.observe_corpus = observe_corpus;
  p.description = description;
  std::vector<Finding>& findings = p.linted.findings;
  p.scope = &resolver_->scope_for(path);
  p.set = check_set(*p.scope, false);
  p.finished = true;
  if (!p.set) return pending;  // its configuration is broken: reported once, after the run
  const Config& config = p.scope->config;
  p.glob_path = resolver_->glob_path(*p.scope, path);
  auto enabled = [&](const std::string& rule) { return enabled_in(config, rule, p.glob_path); };
  auto severity = [&](const std::string& rule) { return severity_in(config, rule, p.glob_path); };
  p.size = bytes.size();
  auto describe_skipped = [&](std::string_view why) {
    if (description) *description = options_.describe_document(path, nullptr, why, p.size);
  };
  if (bytes.empty()) {
    describe_skipped("empty");
    if (enabled("document/empty"))
      findings.push_back(whole_file_finding(path, "document/empty", severity("document/empty"), "the file is empty"));
    return pending;
  }
  if (looks_binary(bytes)) {
    describe_skipped("binary");
    if (enabled("io/binary"))
      findings.push_back(whole_file_finding(path, "io/binary", severity("io/binary"),
                                      "binary file skipped (it is not text in any encoding hlint reads)"));
    return pending;
  }
  p.linted.doc = Document::load(path, std::move(bytes));
  p.finished = false;
  return pending;
}

void Linter::run_check(Pending& p, ActiveCheck& active) {
  if (p.finished) return;
  const std::string& id = active.rule->info.id;
  if (active.same_for_every_path ? !active.enabled : !enabled_in(p.scope->config, id, p.glob_path)) return;
  if (active.rule->info.corpus && !p.observe_corpus) return;
  const Document& doc = *p.linted.doc;
  std::vector<Diagnostic>& diagnostics = p.diagnostics;
  Reporter reporter(doc, id, active.same_for_every_path ? active.severity : severity_in(p.scope->config, id, p.glob_path),
                    diagnostics);
  const std::size_t reported_before = diagnostics.size();
  try {
    if (active.rule->info.corpus) {
      std::lock_guard<std::mutex> lock(active.observe_mutex);
      active.check->observe(doc);
    } else {
      active.check->check(doc, reporter);
    }
    // A fix takes its rule's applicability, or its own when that is stricter.
    for (std::size_t i = reported_before; i < diagnostics.size(); ++i) {
      Applicability applicability = active.rule->fix.value_or(Applicability::unsafe);
      if (diagnostics[i].fix && diagnostics[i].fix->applicability)
        applicability = std::max(applicability, *diagnostics[i].fix->applicability);
      diagnostics[i].fix_applicability = applicability;
    }
  } catch (const std::exception& e) {
    // A bug in one check must not take the run down: say which check and file.
    diagnostics.push_back(Diagnostic{"internal/check-failed", Severity::error,
                                     fmt::format("check {} failed on this file: {}", id, e.what()), {0, 0}, {},
                                     Applicability::unsafe});
  } catch (...) {
    diagnostics.push_back(Diagnostic{"internal/check-failed", Severity::error,
                                     fmt::format("check {} failed on this file", id), {0, 0}, {},
                                     Applicability::unsafe});
  }
}

Linter::LintedDocument Linter::lint_loaded(const std::string& path, std::string bytes, bool observe_corpus,
                                           std::string* description) {
  std::unique_ptr<Pending> pending = begin_loaded(path, std::move(bytes), observe_corpus, description);
  if (!pending->finished)
    for (auto& active : pending->set->checks) run_check(*pending, *active);
  return finish_loaded(*pending);
}

Linter::LintedDocument Linter::finish_loaded(Pending& p) {
  LintedDocument linted = std::move(p.linted);
  if (p.finished) return linted;
  std::vector<Finding>& findings = linted.findings;
  const std::string& path = p.path;
  const Config& config = p.scope->config;
  CheckSet* set = p.set;
  auto enabled = [&](const std::string& rule) { return enabled_in(config, rule, p.glob_path); };
  auto severity = [&](const std::string& rule) { return severity_in(config, rule, p.glob_path); };
  const Document* doc = linted.doc.get();
  std::vector<Diagnostic>& diagnostics = p.diagnostics;
  std::string* description = p.description;
  const std::size_t size = p.size;

  // Resolving in offset order keeps line/column computation linear. Sorted
  // through pointers: a Diagnostic is costly to move, and a stable sort's
  // order is the same either way.
  std::vector<Diagnostic*> in_offset_order(diagnostics.size());
  std::transform(diagnostics.begin(), diagnostics.end(), in_offset_order.begin(), [](Diagnostic& d) { return &d; });
  std::stable_sort(in_offset_order.begin(), in_offset_order.end(),
                   [](const Diagnostic* a, const Diagnostic* b) { return a->span.begin < b->span.begin; });
  findings.reserve(diagnostics.size());
  Suppressions suppressions(*doc);
  // How many findings before this one had the same rule, text and line: the
  // fingerprint's occurrence number. Keyed by a hash of the three, not by
  // copies of them.
  OccurrenceCounter occurrences(in_offset_order.size());
  // The document-level decision, carried by each finding to the JSON output.
  std::int8_t document_kind = -1;
  if (options_.annotate_document_kind && !in_offset_order.empty()) {
    const DocumentKind& kind = doc->analysis<DocumentKind>();
    document_kind = static_cast<std::int8_t>((kind.health_information ? 1 : 0) | (kind.advertisement ? 2 : 0));
  }
  PerRuleCap cap(options_.max_findings_per_rule);
  // Of findings[first_keyed + i]: views into the document and the diagnostics.
  std::vector<FingerprintKey> fingerprint_keys;
  fingerprint_keys.reserve(diagnostics.size());
  const std::size_t first_keyed = findings.size();
  for (Diagnostic* diagnostic : in_offset_order) {
    Diagnostic& d = *diagnostic;
    const Location location = doc->locate(d.span);
    if (d.rule != "internal/check-failed" && suppressions.suppresses(d.rule, location.start.line)) continue;
    if (!cap.admit(d.rule, d.severity, d.span)) continue;
    Finding finding;
    finding.path = path;
    finding.rule = d.rule;
    finding.severity = d.severity;
    finding.message = std::move(d.message);
    finding.location = location;
    finding.document_kind = document_kind;
    const std::size_t line = doc->lines().line_of(d.span.begin);
    const std::string_view line_text = doc->lines().line_text(line);
    const std::string_view excerpt = doc->slice(d.span);
    // Long lines are keyed by a window: bounded memory, same fingerprint
    // whatever moves elsewhere in the file.
    const std::size_t line_start = doc->lines().line_start(line);
    const LineWindowView window = line_window_view(line_text, d.span.begin - line_start, d.span.end - line_start);
    // The standard hash reads eight bytes a step (FNV-1a one): this key only
    // counts repeats, the fingerprint keeps its own, stable hash.
    const std::hash<std::string_view> hash;
    const std::uint64_t key = (hash(finding.rule) * 0x9E3779B97F4A7C15ULL) ^
                              (hash(excerpt.substr(0, 512)) * 0xC2B2AE3D27D4EB4FULL) ^ hash(window.text);
    const std::size_t n = occurrences.count(key);
    // Hashed below, all of the document's together.
    fingerprint_keys.push_back({d.rule, path, excerpt, window.text, n});
    if (options_.keep_source_lines) {
      finding.source_line = window.text;
      finding.source_line_offset = window.offset;
      finding.source_line_cut = window.cut;
    }
    if (d.fix) {
      // Moved: the diagnostic is not read again once it is a finding.
      finding.fix_description = std::move(d.fix->description);
      finding.fix_applicability = d.fix_applicability;
      finding.fix_edits.reserve(d.fix->edits.size());
      for (auto& edit : d.fix->edits)
        finding.fix_edits.push_back({doc->locate(edit.span), std::move(edit.replacement)});
    }
    findings.push_back(std::move(finding));
  }
  {
    std::vector<std::string> hashed;
    fingerprints(fingerprint_keys, hashed);
    for (std::size_t i = 0; i < hashed.size(); ++i) findings[first_keyed + i].fingerprint = std::move(hashed[i]);
  }
  if (enabled("suppression/unused")) {
    for (const auto& directive : suppressions.directives()) {
      if (directive.used || directive.kind == Suppressions::Directive::Kind::enable) continue;
      // A directive for rules that do not run here cannot be judged unused.
      bool names_enabled_rule = directive.rules.empty();
      for (const auto& selector : directive.rules)
        for (const auto& active : set->checks)
          names_enabled_rule = names_enabled_rule || (selector_matches(selector, active->rule->info.id) &&
                                                      enabled(active->rule->info.id));
      if (!names_enabled_rule) continue;
      if (!cap.admit("suppression/unused", severity("suppression/unused"), directive.span)) continue;
      Finding finding;
      finding.path = path;
      finding.rule = "suppression/unused";
      finding.severity = severity("suppression/unused");
      finding.message = "this suppression comment suppresses nothing";
      finding.location = doc->locate(directive.span);
      const std::size_t line_start = doc->lines().line_start(directive.line - 1);
      LineWindow window = line_window(doc->lines().line_text(directive.line - 1), directive.span.begin - line_start,
                                      directive.span.end - line_start);
      finding.fingerprint = fingerprint(finding.rule, path, doc->slice(directive.span), window.text, 0);
      finding.source_line = std::move(window.text);
      finding.source_line_offset = window.offset;
      finding.source_line_cut = window.cut;
      findings.push_back(std::move(finding));
    }
  }
  if (enabled("suppression/unknown-rule")) {
    // A misspelt rule in a suppression would silently suppress nothing.
    for (const auto& directive : suppressions.directives()) {
      for (std::size_t k = 0; k < directive.rules.size(); ++k) {
        const std::string& name = directive.rules[k];
        if (names_a_rule(registry_, name)) continue;
        if (!cap.admit("suppression/unknown-rule", severity("suppression/unknown-rule"), directive.rule_spans[k]))
          continue;
        Finding finding;
        finding.path = path;
        finding.rule = "suppression/unknown-rule";
        finding.severity = severity("suppression/unknown-rule");
        const std::optional<std::string> near = closest_rule(registry_, name);
        finding.message =
            near ? fmt::format("no rule is named `{}` in this suppression; did you mean `{}`?", name, *near)
                 : fmt::format("no rule is named `{}` in this suppression (see hlint --list-rules)", name);
        const Span span = directive.rule_spans[k];
        finding.location = doc->locate(span);
        const std::size_t line = doc->lines().line_of(span.begin);
        const std::size_t line_start = doc->lines().line_start(line);
        LineWindow window =
            line_window(doc->lines().line_text(line), span.begin - line_start, span.end - line_start);
        finding.fingerprint = fingerprint(finding.rule, path, doc->slice(span), window.text, 0);
        finding.source_line = std::move(window.text);
        finding.source_line_offset = window.offset;
        finding.source_line_cut = window.cut;
        findings.push_back(std::move(finding));
      }
    }
  }
  cap.summarise(path, *doc, findings);
  // After the checks: the analyses they computed are reused.
  if (description) *description = options_.describe_document(path, doc, {}, size);
  return linted;
}

std::vector<Finding> Linter::lint_text(const std::string& path, std::string bytes) {
  return std::move(lint_loaded(path, std::move(bytes), true).findings);
}

std::unique_ptr<Linter::Pending> Linter::begin_document(const InputFile& input, std::size_t& bytes_read,
                                                        std::string* description) {
  auto done = [&](std::vector<Finding> findings) {
    auto pending = std::make_unique<Pending>();
    pending->finished = true;
    pending->linted.findings = std::move(findings);
    return pending;
  };
  // A path the walk could not follow (a dangling link, a loop, a directory
  // it may not read): a finding in its place in the order, and counted.
  if (!input.problem.empty()) {
    if (description) *description = options_.describe_document(input.path, nullptr, "unreadable", 0);
    if (!rule_enabled("io/unreadable", input.path)) return done({});
    return done(
        {whole_file_finding(input.path, "io/unreadable", rule_severity("io/unreadable", input.path), input.problem)});
  }
  std::string error;
  ReadFailure failure = ReadFailure::none;
  std::optional<std::string> bytes = read_file(input.open_path(), error, options_.max_file_bytes, &failure);
  if (!bytes) {
    if (description) *description = options_.describe_document(input.path, nullptr, "unreadable", 0);
    if (failure == ReadFailure::too_large) {
      if (!rule_enabled("io/too-large", input.path)) return done({});
      return done({whole_file_finding(input.path, "io/too-large", rule_severity("io/too-large", input.path), error)});
    }
    return done({whole_file_finding(input.path, "io/unreadable", Severity::error, error)});
  }
  bytes_read += bytes->size();
  if (options_.rewriter) return done(lint_and_rewrite(input, std::move(*bytes), description));
  return begin_loaded(input.path, std::move(*bytes), true, description);
}

void Linter::run_checks(std::vector<std::unique_ptr<Pending>>& batch) {
  // One check over every document of the batch, then the next check: the
  // check's code, branch history and tables stay in the caches.
  for (std::size_t first = 0; first < batch.size(); ++first) {
    Pending& leader = *batch[first];
    if (leader.finished || leader.checked) continue;
    for (std::size_t c = 0; c < leader.set->checks.size(); ++c)
      for (std::size_t k = first; k < batch.size(); ++k)
        if (batch[k]->set == leader.set && !batch[k]->checked) run_check(*batch[k], *leader.set->checks[c]);
    for (std::size_t k = first; k < batch.size(); ++k)
      if (batch[k]->set == leader.set) batch[k]->checked = true;
  }
}

std::vector<Finding> Linter::lint_and_rewrite(const InputFile& input, std::string bytes, std::string* description) {
  // The rewriter compares the file with what was linted before writing.
  const std::string original = bytes;
  // The audit describes the version that ends up on disk: the last lint's.
  std::string first_description, last_description;
  LintedDocument first = lint_loaded(input.path, std::move(bytes), false, description ? &first_description : nullptr);
  std::unique_ptr<Document> last;
  const FileRewriter::Relint relint = [&](std::string rewritten) {
    LintedDocument again =
        lint_loaded(input.path, std::move(rewritten), false, description ? &last_description : nullptr);
    FileRewriter::Linted result{std::move(again.findings), std::nullopt};
    if (again.doc) result.encoding = again.doc->source().encoding();
    last = std::move(again.doc);
    return result;
  };
  FileRewriter::Linted linted{std::move(first.findings), std::nullopt};
  if (first.doc) linted.encoding = first.doc->source().encoding();
  FileRewriter::Result result = options_.rewriter->rewrite(input, original, std::move(linted), relint);
  // The corpus checks see the version that is on disk now.
  const Document* final_doc = result.rewritten ? last.get() : first.doc.get();
  if (final_doc)
    for (Finding& failure : observe_corpus(*final_doc)) result.findings.push_back(std::move(failure));
  if (description) *description = result.rewritten ? std::move(last_description) : std::move(first_description);
  return std::move(result.findings);
}

LintResult Linter::run(InputWalk& inputs, const std::function<void(const InputFile&)>& on_file) {
  LintResult result;
  std::atomic<std::size_t> total_bytes{0};
  unsigned jobs = options_.jobs ? options_.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::max(1u, jobs);

  // Files finish out of order; their findings wait here until every file
  // before them is done, then go to the spool in path order. A worker does
  // not start a file too far ahead of the oldest unfinished one, so at most
  // `window` files' findings are ever held in memory.
  const std::size_t window = 128 * static_cast<std::size_t>(jobs);
  const std::size_t batch_size = std::max<std::size_t>(1, options_.batch_documents);
  std::mutex commit_mutex;
  std::condition_variable committed_changed;
  struct FinishedFile {
    EncodedFindings findings;
    std::string description;  // LintOptions::describe_document's record
  };
  std::map<std::size_t, FinishedFile> finished;
  std::size_t committed = 0;  // files [0, committed) are in the spool
  std::size_t taken = 0;      // files handed to workers so far
  bool walk_done = false;
  FindingSpool per_file;
  // A spill (megabytes) is written outside commit_mutex, under this lock,
  // taken before commit_mutex is released so spills reach the file in order.
  per_file.defer_spills();
  std::mutex spill_mutex;

  // The first exception of any worker (a full temporary directory): the
  // others stop taking files, and it is thrown again once all are joined, so
  // that the command line reports it and exits 2 instead of std::terminate.
  std::exception_ptr failure;
  auto work = [&] {
    std::size_t bytes = 0;
    const std::unique_ptr<FindingRenderer> renderer = options_.make_renderer ? options_.make_renderer() : nullptr;
    // Renders, encodes and commits one linted file (number `index` in the walk).
    auto commit = [&](std::size_t index, std::vector<Finding> findings, std::string description) {
      if (options_.on_file_done) options_.on_file_done(findings.size());
      // Sorted through pointers, as a Finding is costly to move. std::sort
      // makes the same comparisons and the same permutation either way, so
      // findings that compare equal keep the order they always had.
      std::vector<Finding*> sorted(findings.size());
      std::transform(findings.begin(), findings.end(), sorted.begin(), [](Finding& f) { return &f; });
      std::sort(sorted.begin(), sorted.end(), [](const Finding* a, const Finding* b) { return finding_less(*a, *b); });
      // Rendering and encoding happen here, in parallel and outside the lock.
      std::size_t record_bytes = 0;
      std::size_t text_bytes = 0;
      const std::string* previous_path = nullptr;
      for (Finding* f : sorted) {
        if (renderer) {
          f->rendered = renderer->render(*f);
          if (!options_.spool_source_lines) f->source_line.clear();
        }
        record_bytes += encoded_size(*f, previous_path);
        text_bytes += f->rendered.size();
        previous_path = &f->path;
      }
      EncodedFindings encoded;
      encoded.reserve(record_bytes, text_bytes);
      for (const Finding* f : sorted) encoded.add(*f);
      std::optional<FindingSpool::Spill> spill;
      std::unique_lock<std::mutex> spilling;
      {
        std::lock_guard<std::mutex> lock(commit_mutex);
        finished.emplace(index, FinishedFile{std::move(encoded), std::move(description)});
        bool advanced = false;
        while (!finished.empty() && finished.begin()->first == committed) {
          per_file.append(std::move(finished.begin()->second.findings));
          if (options_.describe_document) result.documents.append(finished.begin()->second.description);
          finished.erase(finished.begin());
          ++committed;
          advanced = true;
        }
        if (advanced) committed_changed.notify_all();
        spill = per_file.take_spill();
        if (spill) spilling = std::unique_lock<std::mutex>(spill_mutex);
      }
      if (spill) per_file.write_spill(std::move(*spill));
    };
    std::vector<InputFile> taken_files;
    std::vector<std::string> descriptions;
    std::vector<std::unique_ptr<Pending>> batch;
    for (;;) {
      // Take up to batch_documents files, numbered in path order.
      std::size_t first_index = 0;
      taken_files.clear();
      {
        std::unique_lock<std::mutex> lock(commit_mutex);
        committed_changed.wait(lock, [&] { return walk_done || taken < committed + window; });
        if (walk_done) break;
        first_index = taken;
        // The walk reads directories as it goes: under the lock.
        while (taken_files.size() < batch_size && taken < committed + window) {
          std::optional<InputFile> file = inputs.next();
          if (!file) {
            walk_done = true;
            committed_changed.notify_all();
            break;
          }
          taken_files.push_back(std::move(*file));
          ++taken;
          if (on_file) on_file(taken_files.back());
        }
        if (taken_files.empty()) break;
      }
      descriptions.assign(taken_files.size(), std::string());
      // Read and model them until batch_bytes are held, run the checks over
      // those, commit them; again for the rest.
      for (std::size_t begun = 0, done = 0; done < taken_files.size();) {
        batch.clear();
        const std::size_t bytes_before = bytes;
        while (begun < taken_files.size() && (batch.empty() || bytes - bytes_before < options_.batch_bytes)) {
          batch.push_back(begin_document(taken_files[begun], bytes,
                                         options_.describe_document ? &descriptions[begun] : nullptr));
          ++begun;
        }
        run_checks(batch);
        for (auto& pending : batch) {
          std::vector<Finding> findings = std::move(finish_loaded(*pending).findings);
          pending.reset();  // the model goes before its findings are rendered
          commit(first_index + done, std::move(findings), std::move(descriptions[done]));
          ++done;
        }
      }
    }
    total_bytes += bytes;
  };
  auto worker = [&] {
    try {
      work();
    } catch (...) {
      std::lock_guard<std::mutex> lock(commit_mutex);
      if (!failure) failure = std::current_exception();
      walk_done = true;
      committed_changed.notify_all();
    }
  };
  {
    // Every worker on a thread of its own with a large stack (worker_thread.hpp),
    // the calling thread included: its stack is only the system's default.
    std::vector<std::unique_ptr<WorkerThread>> threads;
    for (unsigned t = 0; t < jobs; ++t) threads.push_back(std::make_unique<WorkerThread>(worker));
  }  // joined here
  if (options_.on_files_done) options_.on_files_done();
  if (failure) std::rethrow_exception(failure);
  result.bytes = total_bytes;
  std::vector<Finding> extra = inputs.take_errors();
  // Paths that could not be linted at all (named but missing, unwalkable)
  // count among the files, so the summary never says "2 of 1 file".
  std::set<std::string> unlinted;
  for (const auto& f : extra) unlinted.insert(f.path);
  result.files = taken + unlinted.size();

  // Corpus pass: few findings, sorted in memory and merged with the spool.
  // Each configuration's checks compare the documents of that configuration.
  std::vector<Finding> merged_in;
  std::vector<ActiveCheck*> corpus_checks;
  {
    std::lock_guard<std::mutex> lock(sets_mutex_);
    for (auto& [index, set] : sets_)
      for (auto& active : set->checks) corpus_checks.push_back(active.get());
  }
  for (ActiveCheck* active : corpus_checks) {
    if (!active->rule->info.corpus) continue;
    std::vector<Finding> corpus_findings;
    // The ceiling per finding is applied below with the path known.
    CorpusReporter reporter(active->rule->info.id, Severity::error, corpus_findings);
    try {
      active->check->finish(reporter);
    } catch (const std::exception& e) {
      merged_in.push_back(whole_file_finding("", "internal/check-failed", Severity::error,
                                             fmt::format("corpus check {} failed: {}", active->rule->info.id, e.what())));
    }
    std::map<std::string, std::size_t> occurrences;
    for (auto& f : corpus_findings) {
      f.severity = std::min(f.severity, rule_severity(f.rule, f.path));
      const std::string key = f.path + '\x1f' + f.fingerprint + '\x1f' + f.source_line;
      f.fingerprint = fingerprint(f.rule, f.path, f.fingerprint, f.source_line, occurrences[key]++);
      merged_in.push_back(std::move(f));
    }
  }
  std::stable_sort(merged_in.begin(), merged_in.end(), finding_less);
  const std::size_t corpus_count = merged_in.size();
  for (auto& f : extra) merged_in.push_back(std::move(f));
  std::stable_sort(merged_in.begin() + static_cast<std::ptrdiff_t>(corpus_count), merged_in.end(), finding_less);
  std::inplace_merge(merged_in.begin(), merged_in.begin() + static_cast<std::ptrdiff_t>(corpus_count),
                     merged_in.end(), finding_less);
  result.findings = std::move(per_file);
  result.findings.merge_in(std::move(merged_in));
  return result;
}

}  // namespace hlint

#include "core/linter.hpp"

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
#include <unordered_map>

#include "core/document.hpp"
#include "core/file_io.hpp"
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

Linter::Linter(const CheckRegistry& registry, Config config, LintOptions options)
    : registry_(registry), config_(std::move(config)), options_(std::move(options)) {
  for (const auto& rule : registry_.rules()) {
    // A check is built when some path could enable it: globally, or through
    // an override's select.
    bool maybe = rule_enabled(rule.info.id, "");
    for (const auto& o : config_.overrides)
      for (const auto& s : o.select) maybe = maybe || selector_matches(s, rule.info.id);
    if (!maybe || !rule.make) continue;
    YAML::Node values;
    if (auto it = config_.rules.find(rule.info.id); it != config_.rules.end() && it->second.options)
      values = it->second.options;
    auto active = std::make_unique<ActiveCheck>();
    active->rule = &rule;
    active->check = rule.make(CheckOptions(values, config_.phrases, options_.context));
    if (config_.overrides.empty()) {
      active->same_for_every_path = true;
      active->enabled = rule_enabled(rule.info.id, "any");
      active->severity = rule_severity(rule.info.id, "any");
    }
    checks_.push_back(std::move(active));
  }
}

Linter::~Linter() = default;

bool Linter::rule_enabled(const std::string& rule, const std::string& path) const {
  auto any = [&](const std::vector<std::string>& selectors) {
    return std::any_of(selectors.begin(), selectors.end(), [&](const auto& s) { return selector_matches(s, rule); });
  };
  bool enabled = config_.select.empty() || any(config_.select);
  if (auto it = config_.rules.find(rule); it != config_.rules.end() && it->second.enabled)
    enabled = *it->second.enabled;
  if (any(config_.ignore)) enabled = false;
  if (!path.empty()) {
    for (const auto& o : config_.overrides) {
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

Severity Linter::rule_severity(const std::string& rule, const std::string& path) const {
  const RuleDefinition* def = registry_.find(rule);
  Severity severity = def ? def->info.default_severity : Severity::warning;
  if (auto it = config_.rules.find(rule); it != config_.rules.end() && it->second.severity)
    severity = *it->second.severity;
  for (const auto& o : config_.overrides) {
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

// The engine's per-file cap, for every rule (issue 18): after `max` findings
// of one rule in one file, the rest are counted and summarised in one
// finding of that rule at the first one left out. Checks with a cap of their
// own (FindingCap, `max-per-file`) stay under it; this one bounds the rest.
class PerRuleCap {
 public:
  explicit PerRuleCap(std::size_t max) : max_(max) {}

  bool admit(const std::string& rule, Severity severity, Span span) {
    if (max_ == 0) return true;
    Count& count = counts_[rule];
    if (++count.found <= max_) return true;
    if (count.found == max_ + 1) {
      count.first_left_out = span;
      count.severity = severity;
    }
    return false;
  }

  void summarise(const std::string& path, const Document& doc, std::vector<Finding>& out) const {
    for (const auto& [rule, count] : counts_) {
      if (count.found <= max_) continue;
      Finding finding;
      finding.path = path;
      finding.rule = rule;
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
  std::size_t max_;
  std::map<std::string, Count> counts_;
};

}  // namespace

std::vector<Finding> Linter::lint_loaded(const std::string& path, std::string bytes) {
  std::vector<Finding> findings;
  if (bytes.empty()) {
    if (rule_enabled("document/empty", path))
      findings.push_back(whole_file_finding(path, "document/empty", rule_severity("document/empty", path), "the file is empty"));
    return findings;
  }
  if (looks_binary(bytes)) {
    if (rule_enabled("io/binary", path))
      findings.push_back(whole_file_finding(path, "io/binary", rule_severity("io/binary", path),
                                      "binary file skipped (it is not text in any encoding hlint reads)"));
    return findings;
  }

  const std::unique_ptr<Document> doc = Document::load(path, std::move(bytes));
  std::vector<Diagnostic> diagnostics;
  for (auto& active : checks_) {
    const std::string& id = active->rule->info.id;
    if (active->same_for_every_path ? !active->enabled : !rule_enabled(id, path)) continue;
    Reporter reporter(*doc, id, active->same_for_every_path ? active->severity : rule_severity(id, path), diagnostics);
    try {
      if (active->rule->info.corpus) {
        std::lock_guard<std::mutex> lock(active->observe_mutex);
        active->check->observe(*doc);
      } else {
        active->check->check(*doc, reporter);
      }
    } catch (const std::exception& e) {
      // A bug in one check must not take the run down: say which check and file.
      diagnostics.push_back(Diagnostic{"internal/check-failed", Severity::error,
                                       fmt::format("check {} failed on this file: {}", id, e.what()), {0, 0}, {}});
    } catch (...) {
      diagnostics.push_back(Diagnostic{"internal/check-failed", Severity::error,
                                       fmt::format("check {} failed on this file", id), {0, 0}, {}});
    }
  }

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
  std::unordered_map<std::uint64_t, std::size_t> occurrences;
  PerRuleCap cap(options_.max_findings_per_rule);
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
    const std::size_t line = doc->lines().line_of(d.span.begin);
    const std::string_view line_text = doc->lines().line_text(line);
    const std::string_view excerpt = doc->slice(d.span);
    // Long lines are keyed by a window: bounded memory, same fingerprint
    // whatever moves elsewhere in the file.
    const std::size_t line_start = doc->lines().line_start(line);
    LineWindow window = line_window(line_text, d.span.begin - line_start, d.span.end - line_start);
    // The standard hash reads eight bytes a step (FNV-1a one): this key only
    // counts repeats, the fingerprint keeps its own, stable hash.
    const std::hash<std::string_view> hash;
    const std::uint64_t key = (hash(finding.rule) * 0x9E3779B97F4A7C15ULL) ^
                              (hash(excerpt.substr(0, 512)) * 0xC2B2AE3D27D4EB4FULL) ^ hash(window.text);
    const std::size_t n = occurrences[key]++;
    finding.fingerprint = fingerprint(finding.rule, path, excerpt, window.text, n);
    if (options_.keep_source_lines) {
      finding.source_line = std::move(window.text);
      finding.source_line_offset = window.offset;
      finding.source_line_cut = window.cut;
    }
    if (d.fix) {
      finding.fix_description = d.fix->description;
      for (const auto& edit : d.fix->edits) finding.fix_edits.push_back({doc->locate(edit.span), edit.replacement});
    }
    findings.push_back(std::move(finding));
  }
  if (rule_enabled("suppression/unused", path)) {
    for (const auto& directive : suppressions.directives()) {
      if (directive.used || directive.kind == Suppressions::Directive::Kind::enable) continue;
      // A directive for rules that do not run here cannot be judged unused.
      bool names_enabled_rule = directive.rules.empty();
      for (const auto& selector : directive.rules)
        for (const auto& active : checks_)
          names_enabled_rule = names_enabled_rule || (selector_matches(selector, active->rule->info.id) &&
                                                      rule_enabled(active->rule->info.id, path));
      if (!names_enabled_rule) continue;
      if (!cap.admit("suppression/unused", rule_severity("suppression/unused", path), directive.span)) continue;
      Finding finding;
      finding.path = path;
      finding.rule = "suppression/unused";
      finding.severity = rule_severity("suppression/unused", path);
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
  cap.summarise(path, *doc, findings);
  return findings;
}

std::vector<Finding> Linter::lint_text(const std::string& path, std::string bytes) {
  return lint_loaded(path, std::move(bytes));
}

std::vector<Finding> Linter::lint_document(const InputFile& input, std::size_t& bytes_read) {
  // A path the walk could not follow (a dangling link, a loop, a directory
  // it may not read): a finding in its place in the order, and counted.
  if (!input.problem.empty()) {
    if (!rule_enabled("io/unreadable", input.path)) return {};
    return {whole_file_finding(input.path, "io/unreadable", rule_severity("io/unreadable", input.path), input.problem)};
  }
  std::string error;
  ReadFailure failure = ReadFailure::none;
  std::optional<std::string> bytes = read_file(input.open_path(), error, options_.max_file_bytes, &failure);
  if (!bytes && failure == ReadFailure::too_large) {
    if (!rule_enabled("io/too-large", input.path)) return {};
    return {whole_file_finding(input.path, "io/too-large", rule_severity("io/too-large", input.path), error)};
  }
  if (!bytes) return {whole_file_finding(input.path, "io/unreadable", Severity::error, error)};
  bytes_read += bytes->size();
  return lint_loaded(input.path, std::move(*bytes));
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
  const std::size_t window = 256 * static_cast<std::size_t>(jobs);
  std::mutex commit_mutex;
  std::condition_variable committed_changed;
  std::map<std::size_t, EncodedFindings> finished;
  std::size_t committed = 0;  // files [0, committed) are in the spool
  std::size_t taken = 0;      // files handed to workers so far
  bool walk_done = false;
  FindingSpool per_file;

  // The first exception of any worker (a full temporary directory): the
  // others stop taking files, and it is thrown again once all are joined, so
  // that the command line reports it and exits 2 instead of std::terminate.
  std::exception_ptr failure;
  auto work = [&] {
    std::size_t bytes = 0;
    const std::unique_ptr<FindingRenderer> renderer = options_.make_renderer ? options_.make_renderer() : nullptr;
    for (;;) {
      std::size_t i;
      InputFile input;
      {
        std::unique_lock<std::mutex> lock(commit_mutex);
        committed_changed.wait(lock, [&] { return walk_done || taken < committed + window; });
        if (walk_done) break;
        // The walk reads directories as it goes: under the lock, so files are
        // numbered in path order.
        std::optional<InputFile> file = inputs.next();
        if (!file) {
          walk_done = true;
          committed_changed.notify_all();
          break;
        }
        input = std::move(*file);
        i = taken++;
        if (on_file) on_file(input);
      }
      std::vector<Finding> findings = lint_document(input, bytes);
      // Sorted through pointers, as a Finding is costly to move. std::sort
      // makes the same comparisons and the same permutation either way, so
      // findings that compare equal keep the order they always had.
      std::vector<Finding*> sorted(findings.size());
      std::transform(findings.begin(), findings.end(), sorted.begin(), [](Finding& f) { return &f; });
      std::sort(sorted.begin(), sorted.end(), [](const Finding* a, const Finding* b) { return finding_less(*a, *b); });
      // Rendering and encoding happen here, in parallel and outside the lock.
      EncodedFindings encoded;
      for (Finding* f : sorted) {
        if (renderer) {
          f->rendered = renderer->render(*f);
          if (!options_.spool_source_lines) f->source_line.clear();
        }
        encoded.add(*f);
      }
      std::lock_guard<std::mutex> lock(commit_mutex);
      finished.emplace(i, std::move(encoded));
      bool advanced = false;
      while (!finished.empty() && finished.begin()->first == committed) {
        per_file.append(std::move(finished.begin()->second));
        finished.erase(finished.begin());
        ++committed;
        advanced = true;
      }
      if (advanced) committed_changed.notify_all();
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
  if (failure) std::rethrow_exception(failure);
  result.bytes = total_bytes;
  result.files = taken;
  std::vector<Finding> extra = inputs.take_errors();

  // Corpus pass: few findings, sorted in memory and merged with the spool.
  std::vector<Finding> merged_in;
  for (auto& active : checks_) {
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

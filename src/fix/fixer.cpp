#include "fix/fixer.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "core/config.hpp"
#include "fix/atomic_write.hpp"
#include "fix/edit_plan.hpp"
#include "fix/unified_diff.hpp"

namespace hlint {

// --since: where a byte of the fixed text was in the original file, and so
// on which original line (the lines git says changed). Each pass's edits are
// kept to map offsets back through them, last pass first.
class OriginalLines {
 public:
  OriginalLines(const std::string& original, Encoding encoding) {
    const bool utf16 = encoding == Encoding::utf16le || encoding == Encoding::utf16be;
    const std::size_t low = encoding == Encoding::utf16be ? 1 : 0;  // the byte holding an ASCII unit's value
    for (std::size_t i = 0; i < original.size(); i += utf16 ? 2 : 1)
      if (original[i + (utf16 ? low : 0)] == '\n' && (!utf16 || original[i + 1 - low] == 0))
        line_feeds_.push_back(i);
  }

  void add_pass(const PassPlan& plan, const std::vector<std::size_t>& written) {
    std::vector<Moved> pass;
    for (std::size_t i = 0; i < plan.edits.size(); ++i)
      pass.push_back({plan.edits[i].begin, plan.edits[i].end, written[i]});
    passes_.push_back(std::move(pass));
  }

  // 1-based line in the original file of byte `offset` of the current text.
  std::uint32_t line_of(std::size_t offset) const {
    for (auto pass = passes_.rbegin(); pass != passes_.rend(); ++pass) {
      long delta = 0;
      std::size_t mapped = std::string::npos;
      for (const Moved& edit : *pass) {
        const std::size_t new_begin = static_cast<std::size_t>(static_cast<long>(edit.begin) + delta);
        if (offset < new_begin) break;
        if (offset < new_begin + edit.written) {
          mapped = edit.begin;  // inside a replacement: where it was
          break;
        }
        delta += static_cast<long>(edit.written) - static_cast<long>(edit.end - edit.begin);
      }
      offset = mapped != std::string::npos ? mapped : static_cast<std::size_t>(static_cast<long>(offset) - delta);
    }
    return static_cast<std::uint32_t>(std::upper_bound(line_feeds_.begin(), line_feeds_.end(), offset) -
                                      line_feeds_.begin() + 1);
  }

 private:
  struct Moved {
    std::size_t begin, end, written;
  };
  std::vector<std::size_t> line_feeds_;
  std::vector<std::vector<Moved>> passes_;
};

namespace {

std::string decoded_text(std::string bytes) {
  SourceText source = SourceText::decode(std::move(bytes));
  return std::string(source.text());
}

}  // namespace

Fixer::Fixer(FixOptions options) : options_(std::move(options)) {}

bool Fixer::rule_fixable(const std::string& rule, const std::string& path) const {
  auto any = [&](const std::vector<std::string>& selectors) {
    return std::any_of(selectors.begin(), selectors.end(), [&](const auto& s) { return selector_matches(s, rule); });
  };
  auto matches = [](const std::vector<std::string>& globs, const std::string& p) {
    return std::any_of(globs.begin(), globs.end(), [&](const auto& g) { return glob_matches(g, p); });
  };
  if (options_.config_for) {
    const auto [config, glob_path] = options_.config_for(path);
    if (!config) return true;
    if (!(config->fixable.empty() || any(config->fixable)) || any(config->unfixable)) return false;
    for (const auto& o : config->overrides)
      if (any(o.unfixable) && matches(o.paths, glob_path)) return false;
    return true;
  }
  if (!(options_.fixable.empty() || any(options_.fixable)) || any(options_.unfixable)) return false;
  for (const auto& [globs, rules] : options_.unfixable_by_path)
    if (any(rules) && matches(globs, path)) return false;
  return true;
}

bool Fixer::applies_to(const Finding& f) const {
  if (!f.fix_description || f.fix_edits.empty() || !f.has_location) return false;
  if (f.fix_applicability == Applicability::unsafe && !options_.unsafe) return false;
  return rule_fixable(f.rule, f.path);
}

bool Fixer::needs_unsafe(const Finding& f) const {
  return !options_.unsafe && f.fix_description && f.fix_applicability == Applicability::unsafe &&
         rule_fixable(f.rule, f.path);
}

FileRewriter::Result Fixer::left_alone(const Linted& first, const InputFile& input, const std::string& why) {
  ++failed_files_;
  Result result{first.findings, false};
  result.findings.push_back(whole_file_finding(input.path, "fix/failed", Severity::error,
                                               fmt::format("not fixed, the file is left as it was: {}", why)));
  return result;
}

// Which of a pass's findings this run fixes: applicability and config
// (applies_to), not in the baseline, on a changed line with --since.
std::vector<const Finding*> Fixer::fixable_now(const std::vector<Finding>& findings, const InputFile& input,
                                               const OriginalLines* original_lines) const {
  std::vector<const Finding*> out;
  for (const Finding& f : findings) {
    if (!applies_to(f) || options_.baseline_fingerprints.count(f.fingerprint)) continue;
    if (original_lines) {
      bool changed = true;
      for (const ResolvedEdit& edit : f.fix_edits)
        changed = changed &&
                  options_.changed_lines->contains(input.path, original_lines->line_of(edit.location.byte_offset));
      if (!changed) continue;
    }
    out.push_back(&f);
  }
  return out;
}

// Pass after pass: apply the fixes that do not overlap, lint the new bytes,
// take the fixes found then, until none is left or max_passes.
Fixer::Passes Fixer::run_passes(const InputFile& input, const std::string& original, Encoding encoding,
                                std::vector<const Finding*> fixable, const Relint& relint,
                                OriginalLines* original_lines) const {
  Passes passes;
  passes.bytes = original;
  std::vector<std::size_t> written;
  for (std::size_t pass = 0; !fixable.empty(); ++pass) {
    if (pass == options_.max_passes) {
      passes.unstable = true;
      break;
    }
    const PassPlan plan = plan_pass(fixable);
    std::optional<std::string> next = apply_pass(passes.bytes, encoding, plan, passes.error, &written);
    if (!next) return passes;
    if (*next == passes.bytes) break;  // fixes that change nothing: nothing to loop on
    Linted relinted = relint(*next);
    if (relinted.encoding != encoding) {
      passes.error = fmt::format("after the fix the file would no longer read as {}", to_string(encoding));
      return passes;
    }
    if (original_lines) original_lines->add_pass(plan, written);
    passes.fixed += plan.findings;
    passes.bytes = std::move(*next);
    passes.linted = std::move(relinted);
    fixable = fixable_now(passes.linted.findings, input, original_lines);
  }
  return passes;
}

FileRewriter::Result Fixer::rewrite(const InputFile& input, const std::string& original, Linted first,
                                    const Relint& relint) {
  if (!first.encoding) return {std::move(first.findings), false};
  const Encoding encoding = *first.encoding;
  std::optional<OriginalLines> original_lines;
  if (options_.changed_lines) original_lines.emplace(original, encoding);
  std::vector<const Finding*> fixable = fixable_now(first.findings, input, original_lines ? &*original_lines : nullptr);
  if (fixable.empty()) return {std::move(first.findings), false};

  Passes passes = run_passes(input, original, encoding, std::move(fixable), relint,
                             original_lines ? &*original_lines : nullptr);
  if (!passes.error.empty()) return left_alone(first, input, passes.error);
  if (passes.bytes == original) return {std::move(first.findings), false};

  if (options_.diff) {
    std::string diff = unified_diff(decoded_text(original), decoded_text(passes.bytes), input.path);
    {
      std::lock_guard<std::mutex> lock(diffs_mutex_);
      diffs_.emplace_back(input.path, std::move(diff));
    }
    fixed_findings_ += passes.fixed;
    ++fixed_files_;
    return {std::move(first.findings), false};
  }
  const std::string write_error = replace_file_contents(input.open_path(), original, passes.bytes);
  if (!write_error.empty()) return left_alone(first, input, write_error);
  fixed_findings_ += passes.fixed;
  ++fixed_files_;
  Result result{std::move(passes.linted.findings), true};
  if (passes.unstable)
    result.findings.push_back(whole_file_finding(
        input.path, "fix/unstable", Severity::warning,
        fmt::format("the file still had fixes to apply after {} passes; what the passes fixed is written, run "
                    "--fix again for the rest",
                    options_.max_passes)));
  return result;
}

FixTotals Fixer::totals() const { return {fixed_findings_, fixed_files_, failed_files_}; }

std::vector<std::pair<std::string, std::string>> Fixer::take_diffs() {
  std::lock_guard<std::mutex> lock(diffs_mutex_);
  std::vector<std::pair<std::string, std::string>> diffs = std::move(diffs_);
  diffs_.clear();
  std::sort(diffs.begin(), diffs.end());
  return diffs;
}

std::string Fixer::summary(const FindingSpool& remaining) const {
  std::size_t remain = 0, more_with_unsafe = 0;
  remaining.for_each_summary([&](const Finding& f) {
    ++remain;
    if (needs_unsafe(f)) ++more_with_unsafe;
  });
  const FixTotals t = totals();
  std::string text = fmt::format("{} {} finding{} in {} file{}", options_.diff ? "Would fix" : "Fixed", t.findings,
                                 t.findings == 1 ? "" : "s", t.files, t.files == 1 ? "" : "s");
  std::vector<std::string> notes;
  // With --diff nothing was fixed: every finding is still there.
  if (!options_.diff) notes.push_back(fmt::format("{} remain", remain));
  if (!options_.unsafe) notes.push_back(fmt::format("{} more fixable with --unsafe-fixes", more_with_unsafe));
  if (!notes.empty()) text += fmt::format(" ({})", fmt::join(notes, ", "));
  if (t.failed) text += fmt::format("; {} file{} could not be fixed (see fix/failed)", t.failed, t.failed == 1 ? "" : "s");
  return text;
}

}  // namespace hlint

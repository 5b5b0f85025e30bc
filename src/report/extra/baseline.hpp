// Baselines: adopt hlint on a legacy corpus without fixing everything first.
// `--write-baseline FILE` records today's findings by their content-based
// fingerprint (rule, path, the span's text and its line's text: no line
// numbers, so edits elsewhere in a file do not break it); `--baseline FILE`
// then reports only findings that are not in it, and the entries that no
// longer match anything, so the file can be pruned.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/finding_spool.hpp"

namespace hlint {

class BaselineError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct BaselineEntry {
  std::string fingerprint;
  std::string rule;
  std::string path;
  std::uint32_t line = 0;  // for people reading the file; matching ignores it
  std::string message;
};

struct Baseline {
  std::vector<BaselineEntry> entries;
};

Baseline read_baseline(const std::filesystem::path& file);
void write_baseline(const std::filesystem::path& file, const FindingSpool& findings, const std::string& version);

struct BaselineMatch {
  FindingSpool new_findings;          // not in the baseline
  FindingSpool matched_findings;      // in it
  std::vector<BaselineEntry> stale;   // entries no finding matched
};

// Each finding consumes one entry with its fingerprint. An entry counts as
// stale only if this run could have found it again (`was_checked`: its file
// was linted and its rule ran), so linting a few files or rules does not
// make the rest of the baseline look stale.
BaselineMatch match_baseline(const Baseline& baseline, const FindingSpool& findings,
                             const std::function<bool(const BaselineEntry&)>& was_checked);

}  // namespace hlint

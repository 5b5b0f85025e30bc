// What the audit formats (--statistics, --format documents, --format html)
// read besides the findings: the per-document records of the run and a few
// facts of the run itself. Filled by the command line before emitting.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>

#include "core/record_spool.hpp"

namespace hlint::audit {

struct AuditRun {
  // LintResult::documents: one record per linted file (document_facts.hpp);
  // nullptr when the run did not describe documents.
  const RecordSpool* documents = nullptr;
  std::uint64_t bytes = 0;  // bytes read over the run
  // Whether `rule` ran on `path` (config, overrides, command line): a
  // document without a disclaimer/missing finding has a disclaimer only if
  // the rule looked. Unset: every rule counts as run.
  std::function<bool(const std::string& rule, const std::string& path)> rule_ran;
  // Whether images/broken-link fetched image links (not --offline).
  bool links_checked = false;
  // --baseline: the entries that no longer match a finding (fixed), by rule.
  std::map<std::string, std::size_t> baseline_fixed;
  std::size_t baseline_fixed_total = 0;
};

}  // namespace hlint::audit

// The aggregates of one run that --statistics and the HTML report show,
// built in one pass over the audit stream (audit_stream.hpp). Everything
// here is bounded whatever the number of documents: per-rule counters (one
// per rule), groups capped at kMaxGroups keys each, the top kTopDocuments
// documents, and repeated texts counted with a bounded frequent-items
// summary. What was capped is recorded so the report can say so.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "report/audit/audit_stream.hpp"
#include "report/emitter.hpp"

namespace hlint::audit {

using SeverityCounts = std::array<std::size_t, 3>;  // indexed by Severity

struct RuleStats {
  std::string rule;
  std::size_t count = 0;
  std::size_t documents = 0;  // distinct files with a finding of the rule
  std::size_t fixable = 0;    // findings that carry a fix
  SeverityCounts by_severity{};
  Severity highest() const;
};

struct GroupStats {
  std::size_t documents = 0;
  std::size_t findings = 0;
  SeverityCounts by_severity{};
  double rate_per_100() const { return documents ? 100.0 * static_cast<double>(findings) / documents : 0.0; }
};

// Groups by a key (publisher, category, directory), keeping at most
// kMaxGroups keys: documents of later new keys are counted in `other`.
class GroupTable {
 public:
  static constexpr std::size_t kMaxGroups = 5000;
  void add(const std::string& key, const DocumentCounts& counts);
  const std::map<std::string, GroupStats>& groups() const { return groups_; }
  const GroupStats& other() const { return other_; }  // documents of keys past the cap
  std::size_t keys_dropped() const { return keys_dropped_; }  // upper bound: a dropped key counts once per document
  // The groups, worst first: by rate per 100 documents, then findings, then key.
  std::vector<std::pair<std::string, GroupStats>> worst_first() const;

 private:
  std::map<std::string, GroupStats> groups_;
  GroupStats other_;
  std::size_t keys_dropped_ = 0;
};

// The most frequent texts of a stream in bounded memory: Misra-Gries'
// frequent-items summary, pruned in batches. A reported count is at most
// `undercount()` below the true one; texts seen more than undercount()
// times are never missed. Exact while no prune happened.
class FrequentTexts {
 public:
  explicit FrequentTexts(std::size_t capacity = 2000) : capacity_(capacity) {}
  void add(const std::string& text);
  std::vector<std::pair<std::string, std::size_t>> top(std::size_t n) const;
  std::size_t undercount() const { return undercount_; }
  std::size_t total() const { return total_; }

 private:
  void prune();
  std::size_t capacity_;
  std::unordered_map<std::string, std::size_t> counts_;
  std::size_t undercount_ = 0;
  std::size_t total_ = 0;
};

struct TopDocument {
  std::string path;
  std::string title;
  std::size_t findings = 0;
  SeverityCounts by_severity{};
  std::string top_rule;  // the rule with most findings in it
};

struct PresenceCheck {
  std::string rule;
  std::size_t checked = 0;  // modelled documents the rule ran on
  std::size_t failing = 0;  // of those, documents with a finding of the rule
};

class AuditSummary {
 public:
  static constexpr std::size_t kTopDocuments = 100;
  // The rules that say something is absent (a disclaimer, an attribution, a
  // front-matter key): their share of failing documents is the corpus's gap.
  static const std::vector<std::string>& presence_rules();

  // Reads the whole report (one pass).
  explicit AuditSummary(const Report& report);

  // Per rule, by count (then id).
  std::vector<RuleStats> rules;
  std::size_t findings = 0;
  std::size_t fixable = 0;
  SeverityCounts by_severity{};
  std::size_t files = 0;                 // files linted (Report::files)
  std::size_t documents_with_findings = 0;  // distinct paths of findings that name a linted file
  std::size_t findings_outside_documents = 0;  // e.g. a path given that does not exist

  // From the document records (empty when the run did not record them).
  bool has_documents = false;
  std::size_t documents = 0;
  std::uint64_t bytes = 0;
  std::map<std::string, std::size_t> formats;
  std::map<std::string, std::size_t> encodings;
  std::optional<std::string> first_date, last_date;
  std::size_t dated = 0;
  std::size_t health_yes = 0, health_no = 0, health_unknown = 0;
  std::size_t with_title = 0, with_publisher = 0, with_images = 0;
  std::uint64_t image_references = 0;
  std::vector<PresenceCheck> presence;
  GroupTable by_publisher, by_category, by_directory;
  std::vector<TopDocument> top_documents;  // most findings first
  FrequentTexts related_blurbs, lead_images;
  std::size_t documents_with_blurbs = 0, documents_with_lead_image = 0;
  // images/broken-link findings by failure class (from their messages), and
  // the findings of the other images/ rules.
  std::map<std::string, std::size_t> broken_image_classes;
  std::map<std::string, std::size_t> image_rules;

 private:
  void add_document(const Report& report, const DocumentFacts& facts, const DocumentCounts& counts);
  void add_finding(const Finding& finding, bool of_document);
  void keep_top(const DocumentFacts& facts, const DocumentCounts& counts);

  std::map<std::string, RuleStats> rule_map_;
  std::map<std::string, std::string> rule_last_path_;
  std::string last_document_path_;
  bool any_document_finding_ = false;
};

// {"version","files","findings","fixable","documents_with_findings",
// "by_severity":{...},"rules":[{"rule","count","documents","share",
// "severity","fixable","fixable_count","by_severity"}]}
// --statistics --format json prints it; the HTML report embeds it.
std::string statistics_json(const Report& report, const AuditSummary& summary);

}  // namespace hlint::audit

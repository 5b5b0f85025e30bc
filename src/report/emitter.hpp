// Output formats. Each is a small emitter over the same findings (ruff's
// design): text for people, JSON for scripts, SARIF for code scanning,
// GitHub workflow commands, rdjson for reviewdog, GitLab Code Quality and
// JUnit XML for CI dashboards.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/check.hpp"
#include "core/diagnostic.hpp"
#include "core/finding_renderer.hpp"
#include "core/finding_spool.hpp"

namespace hlint {

namespace audit {
struct AuditRun;
}

struct Report {
  const CheckRegistry* registry = nullptr;
  const FindingSpool* findings = nullptr;  // sorted; read with for_each()
  std::size_t files = 0;
  bool color = false;
  std::string version;
  // Findings' paths are as given on the command line, relative to
  // `working_directory`; formats read by a code host want them relative to
  // the repository root instead (see repository_path()).
  std::filesystem::path working_directory;
  std::filesystem::path repository_root;
  // --baseline: the findings are only the new ones; this many matched it.
  bool baseline_applied = false;
  std::size_t baseline_matched = 0;
  // --since: findings on unchanged lines were dropped.
  std::string since_revision;
  std::size_t outside_changes = 0;
  // The format in which findings carry their `rendered` text (the linter
  // rendered them ahead with make_finding_renderer); empty: none do.
  std::string rendered_format;
  // The audit formats' input (per-document records, baseline fixes); nullptr
  // when the run recorded none (report/audit/audit_run.hpp).
  const audit::AuditRun* audit = nullptr;
};

// The renderer of `format`'s findings with `settings` (every field but the
// findings is read, so they must be known before linting), or nullptr when
// the format's findings are not written one by one.
std::unique_ptr<FindingRenderer> make_finding_renderer(std::string_view format, const Report& settings);
std::unique_ptr<FindingRenderer> make_json_renderer(const Report& settings);
std::unique_ptr<FindingRenderer> make_sarif_renderer(const Report& settings);
std::unique_ptr<FindingRenderer> make_text_renderer(const Report& settings);
std::unique_ptr<FindingRenderer> make_github_renderer(const Report& settings);
std::unique_ptr<FindingRenderer> make_concise_renderer(const Report& settings);

// A finding's text in `format`: rendered ahead when the report says so, else
// rendered now into `scratch`.
std::string_view rendered_text(const Report& report, std::string_view format, FindingRenderer& renderer,
                               const Finding& finding, std::string& scratch);

// Every finding of the report with its text in `format` (rendered_text()),
// in order. When the findings were rendered ahead in `format`, their text is
// read in place from the spool (FindingSpool::for_each_rendered) and
// `lasting` is true: `text` then stays valid until `release` is next called
// (before the spool's bytes it is in go away) or this returns, so a
// BlockWriter may take it with append_lasting(). Otherwise `text` and the
// SpooledFinding's views are valid during the visit only.
void for_each_rendered(const Report& report, std::string_view format, FindingRenderer& renderer,
                       const std::function<void(const SpooledFinding&, std::string_view text, bool lasting)>& visit,
                       const std::function<void()>& release = {});

void emit_text(const Report& report, std::ostream& out);
void emit_concise(const Report& report, std::ostream& out);
void emit_json(const Report& report, std::ostream& out);
void emit_sarif(const Report& report, std::ostream& out);
void emit_github(const Report& report, std::ostream& out);
void emit_rdjson(const Report& report, std::ostream& out);
void emit_gitlab(const Report& report, std::ostream& out);
void emit_junit(const Report& report, std::ostream& out);
// The corpus audit (issue 15): --statistics as text or JSON, one JSON line
// per document, and the self-contained HTML report.
void emit_statistics_text(const Report& report, std::ostream& out);
void emit_statistics_json(const Report& report, std::ostream& out);
void emit_documents(const Report& report, std::ostream& out);
void emit_html(const Report& report, std::ostream& out);

// The Markdown job summary GitHub shows on a run's page (findings by rule and
// by file), for appending to the file named by $GITHUB_STEP_SUMMARY.
void write_github_step_summary(const Report& report, std::ostream& out);

// Percent-encodes a relative path for a URI (RFC 3986), keeping '/'.
std::string path_to_uri(std::string_view path);

// The root that code hosts resolve paths against: $GITHUB_WORKSPACE or
// $CI_PROJECT_DIR when the working directory is inside it, else the nearest
// ancestor with a .git, else the working directory itself.
std::filesystem::path find_repository_root(const std::filesystem::path& working_directory);

// A finding's path relative to the report's repository root ('/'-separated,
// no leading "./"); empty for findings that belong to no file.
std::string repository_path(const Report& report, const std::string& path);

// A finding's path as code hosts want it: relative to the repository root
// (repository_path(); empty for findings of no file) and as a URI reference.
struct RepositoryPath {
  std::string relative;
  std::string uri;
};

// RepositoryPath of findings' paths, worked out once per file: findings come
// grouped by file, so the answer for the last path is kept.
class RepositoryPaths {
 public:
  explicit RepositoryPaths(const Report& report) : report_(report) {}
  const RepositoryPath& of(const std::string& path);

 private:
  const Report& report_;
  bool known_ = false;
  std::string path_;
  RepositoryPath last_;
};

// `file:///abs/dir/` for a directory, percent-encoded, with a trailing '/'.
std::string directory_uri(const std::filesystem::path& directory);

}  // namespace hlint

// GitHub Actions workflow commands (`::error file=…::message`), which the
// runner turns into annotations on the pull request, and the Markdown job
// summary for $GITHUB_STEP_SUMMARY.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <vector>

#include "report/emitter.hpp"
#include "report/terminal_text.hpp"

namespace hlint {

namespace {

std::string_view command_name(Severity severity) {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "notice";
  }
  return "warning";
}

// The escaping of @actions/core: the data after `::` escapes %, CR and LF;
// property values also ':' and ',', which would end the value.
std::string escape(std::string_view text, bool property) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string escape_data(std::string_view text) { return escape(text, false); }
std::string escape_property(std::string_view text) { return escape(text, true); }

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

struct Counts {
  std::array<std::size_t, 3> by_severity{};  // indexed by Severity
  std::size_t total() const { return by_severity[0] + by_severity[1] + by_severity[2]; }
  void add(Severity s) { ++by_severity[static_cast<std::size_t>(s)]; }
};

std::string severity_breakdown(const Counts& counts) {
  return fmt::format("{}, {}, {} info", plural(counts.by_severity[2], "error"), plural(counts.by_severity[1], "warning"),
                     counts.by_severity[0]);
}

// GitHub-flavoured Markdown: backslash-escape the punctuation that could
// start markup or end a table cell.
std::string markdown_text(std::string_view raw) {
  const std::string text = terminal_safe(raw);
  std::string out;
  for (char c : text) {
    if (std::string_view("\\`*_[]<>|#~").find(c) != std::string_view::npos) out.push_back('\\');
    if (c == '\n' || c == '\r')
      out.push_back(' ');
    else
      out.push_back(c);
  }
  return out;
}

// One workflow command (`::warning file=…,line=…::message`) per finding.
class GithubRenderer : public FindingRenderer {
 public:
  explicit GithubRenderer(const Report& settings) : paths_(settings) {}

  std::string render(const Finding& f) override {
    std::vector<std::string> properties;
    const std::string& path = paths_.of(f.path).relative;
    if (!path.empty()) {
      properties.push_back("file=" + escape_property(terminal_safe(path)));
      if (f.has_location) {
        const Location& l = f.location;
        properties.push_back(fmt::format("line={}", l.start.line));
        properties.push_back(fmt::format("endLine={}", l.end.line));
        // Columns only on one line: GitHub rejects them across lines.
        if (l.start.line == l.end.line) {
          properties.push_back(fmt::format("col={}", l.start.utf16_column));
          properties.push_back(fmt::format("endColumn={}", l.end.utf16_column));
        }
      }
    }
    properties.push_back("title=" + escape_property(fmt::format("hlint {}", f.rule)));
    // Terminal escapes and bidi controls from the corpus are shown escaped
    // (issue 18); the line break before the fix is this format's own.
    std::string message = terminal_safe(f.message);
    if (f.fix_description) message += "\nfix: " + terminal_safe(*f.fix_description);
    std::string joined;
    for (const auto& property : properties) {
      if (!joined.empty()) joined.push_back(',');
      joined += property;
    }
    return fmt::format("::{} {}::{}\n", command_name(f.severity), joined, escape_data(message));
  }

 private:
  RepositoryPaths paths_;
};

}  // namespace

std::unique_ptr<FindingRenderer> make_github_renderer(const Report& settings) {
  return std::make_unique<GithubRenderer>(settings);
}

void emit_github(const Report& report, std::ostream& out) {
  std::map<std::string, std::size_t> by_rule;
  std::size_t files_with_findings = 0;  // findings come sorted by path
  std::string last_path;
  Counts counts;
  GithubRenderer renderer(report);
  std::string scratch;
  report.findings->for_each_summary([&](const Finding& f) {
    ++by_rule[f.rule];
    counts.add(f.severity);
    if (files_with_findings == 0 || f.path != last_path) {
      ++files_with_findings;
      last_path = f.path;
    }
  });
  // GitHub keeps only the first 10 annotations of each type per step (50
  // per job): the most severe go first so they are the ones shown. One pass
  // per severity keeps memory flat.
  for (const Severity severity : {Severity::error, Severity::warning, Severity::info}) {
    report.findings->for_each([&](const Finding& f) {
      if (f.severity != severity) return;
      out << rendered_text(report, "github", renderer, f, scratch);
    });
  }

  if (report.findings->empty()) {
    out << fmt::format("hlint: no findings in {}.", plural(report.files, "file"));
  } else {
    std::string rules;
    for (const auto& [rule, count] : by_rule) rules += fmt::format("{}{} {}", rules.empty() ? "" : ", ", rule, count);
    out << fmt::format(
        "hlint: {} ({}) in {} of {}. By rule: {}. GitHub shows at most 10 error and 10 warning annotations per step: "
        "the SARIF report uploaded to code scanning (hlint --format sarif) lists every finding.",
        plural(report.findings->size(), "finding"), severity_breakdown(counts), files_with_findings,
        plural(report.files, "file"), rules);
  }
  if (report.baseline_applied)
    out << fmt::format(" {} matched the baseline and {} not shown.", plural(report.baseline_matched, "finding"),
                       report.baseline_matched == 1 ? "is" : "are");
  if (!report.since_revision.empty())
    out << fmt::format(" {} on lines unchanged since {} {} not shown.", plural(report.outside_changes, "finding"),
                       report.since_revision, report.outside_changes == 1 ? "is" : "are");
  out << '\n';
}

void write_github_step_summary(const Report& report, std::ostream& out) {
  constexpr std::size_t kTopFiles = 10;
  std::map<std::string, Counts> by_rule;
  Counts counts;
  // Findings come sorted by path: each file's counts are complete when the
  // path changes, and only the top files are kept.
  std::size_t files_with_findings = 0;
  std::vector<std::pair<std::string, Counts>> top_files;
  auto worse = [](const std::pair<std::string, Counts>& a, const std::pair<std::string, Counts>& b) {
    if (a.second.by_severity[2] != b.second.by_severity[2]) return a.second.by_severity[2] > b.second.by_severity[2];
    if (a.second.total() != b.second.total()) return a.second.total() > b.second.total();
    return a.first < b.first;
  };
  std::optional<std::pair<std::string, Counts>> current;
  auto close_file = [&] {
    if (!current) return;
    ++files_with_findings;
    top_files.insert(std::upper_bound(top_files.begin(), top_files.end(), *current, worse), *current);
    if (top_files.size() > kTopFiles) top_files.pop_back();
    current.reset();
  };
  RepositoryPaths paths(report);
  report.findings->for_each_summary([&](const Finding& f) {
    by_rule[f.rule].add(f.severity);
    counts.add(f.severity);
    std::string path = paths.of(f.path).relative;
    if (current && current->first != path) close_file();
    if (!current) current.emplace(std::move(path), Counts{});
    current->second.add(f.severity);
  });
  close_file();
  out << "## hlint\n\n";
  if (report.findings->empty()) {
    out << fmt::format("No findings in {}.\n", plural(report.files, "file"));
  } else {
    out << fmt::format("**{}** ({}) in {} of {}.\n", plural(report.findings->size(), "finding"),
                       severity_breakdown(counts), files_with_findings, plural(report.files, "file"));
  }
  if (report.baseline_applied)
    out << fmt::format("\n{} matched the baseline and {} not counted.\n", plural(report.baseline_matched, "finding"),
                       report.baseline_matched == 1 ? "is" : "are");
  if (!report.since_revision.empty())
    out << fmt::format("\nOnly lines changed since `{}`: {} elsewhere {} not counted.\n",
                       markdown_text(report.since_revision), plural(report.outside_changes, "finding"),
                       report.outside_changes == 1 ? "is" : "are");
  if (report.findings->empty()) {
    out << '\n';
    return;
  }

  auto row = [&](std::string_view name, const Counts& c) {
    out << fmt::format("| {} | {} | {} | {} | {} |\n", name, c.by_severity[2], c.by_severity[1], c.by_severity[0],
                       c.total());
  };
  out << "\n### Findings by rule\n\n| Rule | Errors | Warnings | Info | Total |\n| --- | ---: | ---: | ---: | ---: |\n";
  std::vector<std::pair<std::string, Counts>> rules(by_rule.begin(), by_rule.end());
  std::stable_sort(rules.begin(), rules.end(), [](const auto& a, const auto& b) { return a.second.total() > b.second.total(); });
  for (const auto& [rule, c] : rules) row(markdown_text(rule), c);

  out << fmt::format("\n### Files with the most findings ({} of {})\n\n", top_files.size(), files_with_findings);
  out << "| File | Errors | Warnings | Info | Total |\n| --- | ---: | ---: | ---: | ---: |\n";
  for (const auto& [file, c] : top_files) row(file.empty() ? "(the run)" : markdown_text(file), c);
  out << '\n';
}

}  // namespace hlint

// --format html: the corpus audit as one self-contained HTML file (inline
// CSS, script and SVG charts; no external URL, so it opens offline and
// fetches nothing). Built from audit::AuditSummary, one pass over the run's
// findings and document records: it holds aggregates and capped lists, never
// every finding, and says what it capped.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "report/audit/audit_run.hpp"
#include "report/audit/audit_summary.hpp"
#include "report/emitter.hpp"
#include "report/html_report/html_assets.hpp"
#include "report/html_report/rule_docs.hpp"
#include "report/html_report/svg_chart.hpp"

namespace hlint {

namespace {

using audit::AuditSummary;
using audit::GroupStats;
using audit::GroupTable;
using audit::SeverityCounts;
using html_report::BarRow;
using html_report::escape;
using html_report::horizontal_bar_chart;
using html_report::rule_anchor;

// Rows shown per list: the report stays small for any corpus.
constexpr std::size_t kRulesCharted = 30;
constexpr std::size_t kGroupRows = 100;
constexpr std::size_t kGroupsCharted = 15;
constexpr std::size_t kRepeatedRows = 25;

std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string percent(std::size_t part, std::size_t whole) {
  return whole ? fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole)) : "–";
}

std::string human_bytes(std::uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(units)) {
    value /= 1024;
    ++unit;
  }
  return unit == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", value, units[unit]);
}

// A numeric cell: shown grouped, sorted by its raw value; `key` names it for tools.
std::string num_cell(std::uint64_t n, std::string_view key = {}) {
  return fmt::format("<td class=\"num\"{} data-value=\"{}\">{}</td>",
                     key.empty() ? "" : fmt::format(" data-key=\"{}\"", key), n, grouped(n));
}

std::string rate_cell(double rate) {
  return fmt::format("<td class=\"num\" data-key=\"rate\" data-value=\"{:.3f}\">{:.1f}</td>", rate, rate);
}

std::string rule_link(std::string_view rule) {
  return fmt::format("<a class=\"rule\" href=\"#{}\">{}</a>", rule_anchor(rule), escape(rule));
}

std::string severity_badge(Severity severity) {
  return fmt::format("<span class=\"sev {0}\">{0}</span>", to_string(severity));
}

std::string card(std::string_view stat, std::string_view value, std::string_view label, std::string_view raw = {}) {
  return fmt::format("<div class=\"card\" data-stat=\"{}\"><div class=\"value\"{}>{}</div><div class=\"label\">{}</div></div>\n",
                     stat, raw.empty() ? "" : fmt::format(" data-value=\"{}\"", raw), escape(value), escape(label));
}

std::string severity_segments_title(const std::string& name, const SeverityCounts& counts) {
  return fmt::format("{}: {} error, {} warning, {} info", name, counts[2], counts[1], counts[0]);
}

std::vector<html_report::BarSegment> severity_segments(const std::string& name, const SeverityCounts& counts,
                                                       double scale = 1.0) {
  const std::string title = severity_segments_title(name, counts);
  return {{static_cast<double>(counts[2]) * scale, "error", title},
          {static_cast<double>(counts[1]) * scale, "warning", title},
          {static_cast<double>(counts[0]) * scale, "info", title}};
}

const char* kLegend =
    "<div class=\"legend\"><span><i style=\"background:var(--error)\"></i>error</span>"
    "<span><i style=\"background:var(--warning)\"></i>warning</span>"
    "<span><i style=\"background:var(--info)\"></i>info</span></div>\n";

class HtmlReport {
 public:
  HtmlReport(const Report& report, const AuditSummary& summary, std::ostream& out)
      : report_(report), summary_(summary), out_(out) {}

  void write() {
    out_ << "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            // Nothing may be fetched: a policy that forbids every source but inline.
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
            "script-src 'unsafe-inline'; img-src data:\">\n"
            "<title>hlint audit report</title>\n<style>"
         << html_report::kStyle << "</style>\n</head>\n<body>\n";
    header();
    out_ << "<main>\n";
    overview();
    findings_by_rule();
    presence();
    breakdowns();
    top_documents();
    repeated();
    images();
    baseline();
    caps();
    rule_docs();
    out_ << "</main>\n";
    // The numbers of --statistics --format json, for tools reading the page.
    std::string statistics = audit::statistics_json(report_, summary_);
    for (std::size_t at = statistics.find("</"); at != std::string::npos; at = statistics.find("</", at + 2))
      statistics.replace(at, 2, "<\\/");
    out_ << "<script type=\"application/json\" id=\"hlint-statistics\">" << statistics << "</script>\n";
    out_ << "<script>" << html_report::kScript << "</script>\n</body>\n</html>\n";
  }

 private:
  void header() {
    out_ << "<header><h1>hlint audit report</h1><p>"
         << fmt::format("hlint {} · {} file{} · {} finding{}", escape(report_.version), grouped(summary_.files),
                        summary_.files == 1 ? "" : "s", grouped(summary_.findings), summary_.findings == 1 ? "" : "s")
         << "</p></header>\n<nav><a href=\"#overview\">Overview</a><a href=\"#rules\">Findings by rule</a>"
            "<a href=\"#presence\">Presence checks</a><a href=\"#breakdowns\">Sources, categories, directories</a>"
            "<a href=\"#top-documents\">Worst documents</a><a href=\"#repeated\">Repeated blurbs and images</a>"
            "<a href=\"#images\">Image links</a>"
         << (report_.baseline_applied ? "<a href=\"#baseline\">Baseline</a>" : "")
         << "<a href=\"#caps\">About this report</a><a href=\"#rule-docs\">Rule docs</a></nav>\n";
  }

  void overview() {
    const auto& s = summary_;
    out_ << "<section id=\"overview\"><h2>Overview</h2>\n<div class=\"cards\">\n";
    out_ << card("files", grouped(s.files), "documents linted", std::to_string(s.files));
    out_ << card("bytes", human_bytes(s.has_documents ? s.bytes : report_.audit ? report_.audit->bytes : 0), "read",
                 std::to_string(s.has_documents ? s.bytes : report_.audit ? report_.audit->bytes : 0));
    out_ << card("findings", grouped(s.findings), "findings", std::to_string(s.findings));
    out_ << card("documents_with_findings", grouped(s.documents_with_findings),
                 "documents with findings (" + percent(s.documents_with_findings, s.files) + ")",
                 std::to_string(s.documents_with_findings));
    out_ << card("fixable", grouped(s.fixable), "fixable findings", std::to_string(s.fixable));
    out_ << card("error", grouped(s.by_severity[2]), "errors", std::to_string(s.by_severity[2]));
    out_ << card("warning", grouped(s.by_severity[1]), "warnings", std::to_string(s.by_severity[1]));
    out_ << card("info", grouped(s.by_severity[0]), "info", std::to_string(s.by_severity[0]));
    if (s.has_documents) {
      out_ << card("date_range", s.first_date ? *s.first_date + " – " + *s.last_date : "no readable date",
                   fmt::format("dates ({} of {} documents dated)", grouped(s.dated), grouped(s.documents)));
      const std::string health =
          s.health_unknown == s.documents
              ? "not determined"
              : fmt::format("{} health · {} other", percent(s.health_yes, s.documents), percent(s.health_no, s.documents));
      out_ << card("health", health,
                   s.health_unknown == s.documents
                       ? "health articles (not determined for these documents)"
                       : fmt::format("health articles ({} undetermined)", grouped(s.health_unknown)));
      out_ << card("with_title", percent(s.with_title, s.documents), "documents with a title");
      out_ << card("with_publisher", percent(s.with_publisher, s.documents), "documents naming a source or publisher");
    }
    out_ << "</div>\n";
    if (s.has_documents) {
      out_ << "<div class=\"grid\">\n";
      counts_table("formats", "Formats", "format", s.formats, s.documents);
      counts_table("encodings", "Encodings", "encoding", s.encodings, s.documents);
      out_ << "</div>\n";
    } else {
      out_ << "<p class=\"note\">This run recorded no document facts.</p>\n";
    }
    out_ << "</section>\n";
  }

  void counts_table(std::string_view id, std::string_view title, std::string_view what,
                    const std::map<std::string, std::size_t>& counts, std::size_t whole) {
    out_ << fmt::format("<div><h3>{}</h3><table class=\"sortable\" id=\"{}-table\"><thead><tr><th>{}</th>"
                        "<th class=\"num\">documents</th><th class=\"num\">share</th></tr></thead><tbody>\n",
                        title, id, what);
    for (const auto& [name, count] : counts)
      out_ << fmt::format("<tr data-name=\"{}\"><td>{}</td>{}<td class=\"num\" data-value=\"{}\">{}</td></tr>\n",
                          escape(name), escape(name), num_cell(count, "documents"),
                          whole ? static_cast<double>(count) / whole : 0.0, percent(count, whole));
    out_ << "</tbody></table></div>\n";
  }

  void findings_by_rule() {
    const auto& s = summary_;
    out_ << "<section id=\"rules\"><h2>Findings by rule and severity</h2>\n";
    if (s.rules.empty()) {
      out_ << "<p>No findings.</p></section>\n";
      return;
    }
    std::vector<BarRow> rows;
    for (std::size_t i = 0; i < s.rules.size() && i < kRulesCharted; ++i) {
      const auto& rule = s.rules[i];
      rows.push_back({rule.rule, "#" + rule_anchor(rule.rule), severity_segments(rule.rule, rule.by_severity),
                      grouped(rule.count)});
    }
    out_ << kLegend << horizontal_bar_chart("chart-rules", rows);
    if (s.rules.size() > kRulesCharted)
      out_ << fmt::format("<p class=\"note\">The chart shows the {} rules with most findings; the table has all {}.</p>\n",
                          kRulesCharted, s.rules.size());
    out_ << "<table class=\"sortable\" id=\"rules-table\"><thead><tr><th>rule</th><th class=\"num\">findings</th>"
            "<th class=\"num\">documents</th><th class=\"num\">share of documents</th><th>severity</th>"
            "<th class=\"num\">fixable</th><th class=\"num\">error</th><th class=\"num\">warning</th>"
            "<th class=\"num\">info</th></tr></thead><tbody>\n";
    for (const auto& rule : s.rules)
      out_ << fmt::format("<tr data-rule=\"{}\"><td>{}</td>{}{}<td class=\"num\" data-value=\"{:.6f}\">{}</td>"
                          "<td data-key=\"severity\" data-value=\"{}\">{}</td>{}{}{}{}</tr>\n",
                          escape(rule.rule), rule_link(rule.rule), num_cell(rule.count, "count"),
                          num_cell(rule.documents, "documents"),
                          s.files ? static_cast<double>(rule.documents) / s.files : 0.0,
                          percent(rule.documents, s.files), to_string(rule.highest()), severity_badge(rule.highest()),
                          num_cell(rule.fixable, "fixable_count"), num_cell(rule.by_severity[2], "error"),
                          num_cell(rule.by_severity[1], "warning"), num_cell(rule.by_severity[0], "info"));
    out_ << "</tbody></table>\n</section>\n";
  }

  void presence() {
    const auto& s = summary_;
    out_ << "<section id=\"presence\"><h2>Share of documents failing each presence check</h2>\n";
    if (!s.has_documents) {
      out_ << "<p class=\"note\">No document facts were recorded.</p></section>\n";
      return;
    }
    std::vector<BarRow> rows;
    for (const auto& check : s.presence) {
      const double share = check.checked ? 100.0 * check.failing / check.checked : 0.0;
      rows.push_back({check.rule, "#" + rule_anchor(check.rule),
                      {{share, "bar", fmt::format("{}: {} of {} documents", check.rule, check.failing, check.checked)}},
                      fmt::format("{:.1f}%", share)});
    }
    out_ << horizontal_bar_chart("chart-presence", rows, 100.0);
    out_ << "<table class=\"sortable\" id=\"presence-table\"><thead><tr><th>check</th><th class=\"num\">documents "
            "checked</th><th class=\"num\">failing</th><th class=\"num\">share failing</th></tr></thead><tbody>\n";
    for (const auto& check : s.presence)
      out_ << fmt::format("<tr data-rule=\"{}\"><td>{}</td>{}{}<td class=\"num\" data-value=\"{:.6f}\">{}</td></tr>\n",
                          escape(check.rule), rule_link(check.rule), num_cell(check.checked, "checked"),
                          num_cell(check.failing, "failing"),
                          check.checked ? static_cast<double>(check.failing) / check.checked : 0.0,
                          percent(check.failing, check.checked));
    out_ << "</tbody></table>\n<p class=\"note\">Documents checked: modelled documents (not empty, binary or unreadable) "
            "the rule ran on. front-matter/missing-key counts a document once whatever keys it lacks.</p>\n</section>\n";
  }

  void group_table(std::string_view id, std::string_view title, std::string_view what, const GroupTable& table) {
    const auto worst = table.worst_first();
    out_ << fmt::format("<h3>{}</h3>\n", title);
    std::vector<BarRow> rows;
    for (std::size_t i = 0; i < worst.size() && i < kGroupsCharted; ++i) {
      const auto& [name, stats] = worst[i];
      const double scale = stats.documents ? 100.0 / stats.documents : 0.0;
      rows.push_back({name, "", severity_segments(name, stats.by_severity, scale),
                      fmt::format("{:.1f}", stats.rate_per_100())});
    }
    out_ << fmt::format("<p class=\"note\">Findings per 100 documents, by severity, of the {} worst:</p>\n",
                        std::min(worst.size(), kGroupsCharted))
         << horizontal_bar_chart(fmt::format("chart-{}", id), rows);
    out_ << fmt::format("<table class=\"sortable\" id=\"{}-table\"><thead><tr><th>{}</th><th class=\"num\">documents</th>"
                        "<th class=\"num\">findings</th><th class=\"num\">per 100 documents</th>"
                        "<th class=\"num\">error</th><th class=\"num\">warning</th><th class=\"num\">info</th></tr>"
                        "</thead><tbody>\n",
                        id, what);
    for (std::size_t i = 0; i < worst.size() && i < kGroupRows; ++i) {
      const auto& [name, stats] = worst[i];
      out_ << fmt::format("<tr data-name=\"{}\"><td class=\"text\">{}</td>{}{}{}{}{}{}</tr>\n", escape(name),
                          escape(name), num_cell(stats.documents, "documents"), num_cell(stats.findings, "findings"),
                          rate_cell(stats.rate_per_100()), num_cell(stats.by_severity[2], "error"),
                          num_cell(stats.by_severity[1], "warning"), num_cell(stats.by_severity[0], "info"));
    }
    out_ << "</tbody></table>\n";
    if (worst.size() > kGroupRows)
      out_ << fmt::format("<p class=\"note\" data-capped=\"{}\">{} more {} values not shown (the {} worst are).</p>\n", id,
                          grouped(worst.size() - kGroupRows), what, kGroupRows);
    if (table.other().documents)
      out_ << fmt::format("<p class=\"note\" data-capped=\"{}\">Past {} distinct values, {} documents with further "
                          "values are counted together: {} findings, {:.1f} per 100 documents.</p>\n",
                          id, grouped(GroupTable::kMaxGroups), grouped(table.other().documents),
                          grouped(table.other().findings), table.other().rate_per_100());
  }

  void breakdowns() {
    out_ << "<section id=\"breakdowns\"><h2>Sources, categories and directories (worst first)</h2>\n"
            "<p class=\"note\">Ordered by findings per 100 documents, so that large and small groups compare; "
            "click a heading to sort by another column. A document with several categories counts in each.</p>\n";
    if (!summary_.has_documents) {
      out_ << "<p class=\"note\">No document facts were recorded.</p></section>\n";
      return;
    }
    group_table("publishers", "By source or publisher", "source / publisher", summary_.by_publisher);
    group_table("categories", "By category", "category", summary_.by_category);
    group_table("directories", "By directory", "directory", summary_.by_directory);
    out_ << "</section>\n";
  }

  void top_documents() {
    out_ << fmt::format("<section id=\"top-documents\"><h2>Documents with the most findings (top {})</h2>\n",
                        AuditSummary::kTopDocuments);
    if (summary_.top_documents.empty()) {
      out_ << "<p>No document has findings.</p></section>\n";
      return;
    }
    out_ << "<table class=\"sortable\" id=\"top-documents-table\"><thead><tr><th class=\"num\">#</th><th>path</th>"
            "<th>title</th><th class=\"num\">findings</th><th class=\"num\">error</th><th class=\"num\">warning</th>"
            "<th class=\"num\">info</th><th>most frequent rule</th></tr></thead><tbody>\n";
    std::size_t rank = 0;
    for (const auto& doc : summary_.top_documents)
      out_ << fmt::format("<tr data-path=\"{}\"><td class=\"num\" data-value=\"{}\">{}</td><td class=\"text\"><a href=\"{}\">{}</a>"
                          "</td><td class=\"text\">{}</td>{}{}{}{}<td>{}</td></tr>\n",
                          escape(doc.path), ++rank, rank, escape(file_link(doc.path)), escape(doc.path),
                          escape(doc.title), num_cell(doc.findings, "findings"), num_cell(doc.by_severity[2], "error"),
                          num_cell(doc.by_severity[1], "warning"), num_cell(doc.by_severity[0], "info"),
                          doc.top_rule.empty() ? "" : rule_link(doc.top_rule));
    out_ << "</tbody></table>\n</section>\n";
  }

  void repeated_table(std::string_view id, std::string_view title, std::string_view what,
                      const audit::FrequentTexts& texts, std::size_t documents_with) {
    out_ << fmt::format("<h3>{}</h3>\n", title);
    const auto top = texts.top(kRepeatedRows);
    if (top.empty() || top.front().second < 2) {
      out_ << fmt::format("<p class=\"note\">No {} repeats across documents.</p>\n", what);
      return;
    }
    out_ << fmt::format("<table class=\"sortable\" id=\"{}-table\"><thead><tr><th class=\"num\">documents</th>"
                        "<th>{}</th></tr></thead><tbody>\n",
                        id, what);
    for (const auto& [text, count] : top) {
      if (count < 2) break;
      out_ << fmt::format("<tr>{}<td class=\"text\">{}</td></tr>\n", num_cell(count, "documents"), escape(text));
    }
    out_ << "</tbody></table>\n";
    out_ << fmt::format("<p class=\"note\">{} documents have one; {} in all.{}</p>\n", grouped(documents_with),
                        grouped(texts.total()),
                        texts.undercount()
                            ? fmt::format(" Counted in bounded memory: a count may be up to {} below the true one "
                                          "(a text seen more often than that is never missed).",
                                          grouped(texts.undercount()))
                            : std::string(" Counts are exact."));
  }

  void repeated() {
    out_ << "<section id=\"repeated\"><h2>Most repeated related blurbs and lead images</h2>\n";
    if (!summary_.has_documents) {
      out_ << "<p class=\"note\">No document facts were recorded.</p></section>\n";
      return;
    }
    out_ << "<p class=\"note\">Blurbs of related-article items (相关推荐…) as the related/ rules compare them "
            "(white space and punctuation removed), counted once per document; a blurb shared by many documents "
            "is boilerplate. Lead images: the front matter's image, else the body's first.</p>\n";
    repeated_table("blurbs", "Related blurbs", "blurb", summary_.related_blurbs, summary_.documents_with_blurbs);
    repeated_table("lead-images", "Lead images", "image URL", summary_.lead_images, summary_.documents_with_lead_image);
    out_ << "</section>\n";
  }

  void images() {
    const auto& s = summary_;
    const bool checked = report_.audit && report_.audit->links_checked;
    out_ << "<section id=\"images\"><h2>Image links</h2>\n";
    if (s.has_documents)
      out_ << fmt::format("<p>{} image references in {} documents.</p>\n", grouped(s.image_references),
                          grouped(s.with_images));
    if (checked) {
      std::size_t broken = 0;
      for (const auto& [name, count] : s.broken_image_classes) broken += count;
      out_ << fmt::format("<h3>Broken image links by class (images/broken-link, {} uses)</h3>\n", grouped(broken));
      if (s.broken_image_classes.empty()) {
        out_ << "<p>Every checked image link answered with an image.</p>\n";
      } else {
        std::vector<std::pair<std::string, std::size_t>> classes(s.broken_image_classes.begin(),
                                                                 s.broken_image_classes.end());
        std::sort(classes.begin(), classes.end(), [](const auto& a, const auto& b) {
          return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        std::vector<BarRow> rows;
        for (const auto& [name, count] : classes)
          rows.push_back({name, "", {{static_cast<double>(count), "bar", name}}, grouped(count)});
        out_ << horizontal_bar_chart("chart-image-classes", rows);
        out_ << "<table class=\"sortable\" id=\"image-classes-table\"><thead><tr><th>class</th>"
                "<th class=\"num\">uses</th></tr></thead><tbody>\n";
        for (const auto& [name, count] : classes)
          out_ << fmt::format("<tr data-name=\"{}\"><td>{}</td>{}</tr>\n", escape(name), escape(name),
                              num_cell(count, "count"));
        out_ << "</tbody></table>\n";
      }
    } else {
      out_ << "<p class=\"note\" id=\"links-not-checked\">Image links were not fetched in this run (--offline, or "
              "images/broken-link not selected): only the offline image rules below ran.</p>\n";
    }
    out_ << "<h3>Other image findings</h3>\n";
    if (s.image_rules.empty()) {
      out_ << "<p>None.</p>\n";
    } else {
      out_ << "<table class=\"sortable\" id=\"image-rules-table\"><thead><tr><th>rule</th><th class=\"num\">findings"
              "</th></tr></thead><tbody>\n";
      for (const auto& [rule, count] : s.image_rules)
        out_ << fmt::format("<tr data-rule=\"{}\"><td>{}</td>{}</tr>\n", escape(rule), rule_link(rule),
                            num_cell(count, "count"));
      out_ << "</tbody></table>\n";
    }
    out_ << "</section>\n";
  }

  void baseline() {
    if (!report_.baseline_applied) return;
    const std::size_t fixed_total = report_.audit ? report_.audit->baseline_fixed_total : 0;
    out_ << "<section id=\"baseline\"><h2>Since the baseline</h2>\n<div class=\"cards\">\n"
         << card("baseline_new", grouped(summary_.findings), "new findings", std::to_string(summary_.findings))
         << card("baseline_unchanged", grouped(report_.baseline_matched), "unchanged (in the baseline)",
                 std::to_string(report_.baseline_matched))
         << card("baseline_fixed", grouped(fixed_total), "fixed (baseline entries no longer found)",
                 std::to_string(fixed_total))
         << "</div>\n";
    std::map<std::string, std::pair<std::size_t, std::size_t>> by_rule;  // new, fixed
    for (const auto& rule : summary_.rules) by_rule[rule.rule].first = rule.count;
    if (report_.audit)
      for (const auto& [rule, count] : report_.audit->baseline_fixed) by_rule[rule].second = count;
    out_ << "<table class=\"sortable\" id=\"baseline-table\"><thead><tr><th>rule</th><th class=\"num\">new</th>"
            "<th class=\"num\">fixed</th></tr></thead><tbody>\n";
    for (const auto& [rule, counts] : by_rule)
      out_ << fmt::format("<tr data-rule=\"{}\"><td>{}</td>{}{}</tr>\n", escape(rule), rule_link(rule),
                          num_cell(counts.first, "new"), num_cell(counts.second, "fixed"));
    out_ << "</tbody></table>\n</section>\n";
  }

  void caps() {
    out_ << "<section id=\"caps\"><h2>About this report</h2><ul class=\"note\">\n"
         << "<li>Written in one pass over the run's findings and per-document facts; it holds totals and capped lists, "
            "not every finding (see --format json or --format documents for those).</li>\n"
         << fmt::format("<li>Charts show the {} rules with most findings and the {} worst groups; tables list the {} "
                        "worst groups, the {} documents with most findings and the {} most repeated texts.</li>\n",
                        kRulesCharted, kGroupsCharted, kGroupRows, AuditSummary::kTopDocuments, kRepeatedRows)
         << fmt::format("<li>Sources, categories and directories are counted for the first {} distinct values each; "
                        "later values are counted together as one remainder.</li>\n",
                        grouped(GroupTable::kMaxGroups))
         << "<li>Repeated blurbs and images are counted in bounded memory (frequent-items summary); the section says "
            "when counts are approximate.</li>\n"
         << "<li>Whether a document is a health article is decided once per document (hlint's "
            "<code>DocumentKind</code>: health information, advertisement); files that were not read as "
            "documents (empty, binary, unreadable) are undetermined.</li>\n";
    if (summary_.findings_outside_documents)
      out_ << fmt::format("<li>{} findings belong to no linted document (paths that could not be read, or the whole run).</li>\n",
                          grouped(summary_.findings_outside_documents));
    out_ << "</ul></section>\n";
  }

  void rule_docs() {
    if (!report_.registry) return;
    std::set<std::string> shown;
    for (const auto& rule : summary_.rules) shown.insert(rule.rule);
    for (const auto& rule : AuditSummary::presence_rules()) shown.insert(rule);
    for (const auto& [rule, count] : summary_.image_rules) shown.insert(rule);
    out_ << "<section id=\"rule-docs\"><h2>Rule documentation</h2>\n";
    for (const auto& rule : report_.registry->rules()) {
      if (!shown.count(rule.info.id)) continue;
      out_ << fmt::format("<details class=\"rule-doc\" id=\"{}\"><summary>{} {} — {}</summary>\n{}</details>\n",
                          rule_anchor(rule.info.id), escape(rule.info.id),
                          severity_badge(rule.info.default_severity), escape(rule.summary),
                          html_report::markdown_to_html(rule.documentation));
    }
    out_ << "</section>\n";
  }

  // A file:// link to a document, absolute so that it works wherever the
  // report is saved (paths are relative to the working directory).
  std::string file_link(const std::string& path) const {
    if (!path.empty() && path.front() == '/') return "file://" + path_to_uri(path);
    if (report_.working_directory.empty()) return path_to_uri(path);
    std::string relative = path;
    while (relative.rfind("./", 0) == 0) relative.erase(0, 2);
    return directory_uri(report_.working_directory) + path_to_uri(relative);
  }

  const Report& report_;
  const AuditSummary& summary_;
  std::ostream& out_;
};

}  // namespace

void emit_html(const Report& report, std::ostream& out) {
  const audit::AuditSummary summary(report);
  HtmlReport(report, summary, out).write();
}

}  // namespace hlint

// Findings rendered ahead (on the linter's threads) and findings rendered by
// the emitter give the same report, byte for byte, in every format that
// renders findings one by one; a report may hold both kinds (the corpus
// pass's findings are never rendered ahead).
#include <catch2/catch.hpp>

#include <sstream>

#include "report/terminal_text.hpp"
#include "core/check.hpp"
#include "core/finding_spool.hpp"
#include "core/utf8.hpp"
#include "report/emitter.hpp"

namespace {

hlint::Finding make_finding(const std::string& path, std::uint32_t line, const std::string& rule) {
  hlint::Finding f;
  f.path = path;
  f.rule = rule;
  f.severity = line % 2 ? hlint::Severity::warning : hlint::Severity::error;
  f.message = "`Z主要` 疑似以 Z 代替“最”";
  f.location.start = {line, 3, 3, 7};
  f.location.end = {line, 6, 6, 16};
  f.location.byte_offset = 40 * line + 6;
  f.location.byte_end = 40 * line + 15;
  f.source_line = "正文：Z主要的原因\t是这个";
  f.fingerprint = "fp" + std::to_string(line);
  if (line == 2) {
    f.fix_description = "replace `Z主要` with `最主要`";
    f.fix_edits.push_back({f.location, "最主要"});
  }
  return f;
}

std::string emit(const std::string& format, const hlint::Report& report) {
  std::ostringstream out;
  if (format == "json") hlint::emit_json(report, out);
  if (format == "sarif") hlint::emit_sarif(report, out);
  if (format == "text") hlint::emit_text(report, out);
  if (format == "github") hlint::emit_github(report, out);
  return out.str();
}

}  // namespace

TEST_CASE("findings rendered ahead give the same report as findings rendered by the emitter", "[report]") {
  hlint::CheckRegistry registry;
  hlint::register_builtin_checks(registry);
  for (const std::string format : {"json", "sarif", "text", "github"}) {
    for (const bool color : {false, true}) {
      hlint::Report report;
      report.registry = &registry;
      report.version = "test";
      report.working_directory = "/work/corpus";
      report.repository_root = "/work";
      report.color = color;
      report.files = 3;

      const std::vector<hlint::Finding> findings = {make_finding("a/文档.txt", 1, "advertising/claim"),
                                                    make_finding("a/文档.txt", 2, "advertising/claim"),
                                                    make_finding("b.txt", 5, "chars/split-word")};
      // One finding of no file: a run-level problem (SARIF notification).
      const hlint::Finding run_level = make_finding("", 0, "internal/check-failed");

      hlint::FindingSpool plain;
      for (const auto& f : findings) plain.append(f);
      plain.merge_in({run_level});
      report.findings = &plain;
      const std::string rendered_by_emitter = emit(format, report);

      const std::unique_ptr<hlint::FindingRenderer> renderer = hlint::make_finding_renderer(format, report);
      REQUIRE(renderer);
      hlint::FindingSpool ahead;
      hlint::EncodedFindings batch;
      for (auto f : findings) {
        f.rendered = renderer->render(f);
        batch.add(f);
      }
      ahead.append(batch);
      ahead.merge_in({run_level});  // like the corpus pass: not rendered ahead
      report.findings = &ahead;
      report.rendered_format = format;
      CHECK(emit(format, report) == rendered_by_emitter);

      // The emitter copies the rendered text rather than rendering again...
      hlint::FindingSpool marked;
      hlint::Finding with_marker = findings[0];
      with_marker.rendered = "RENDERED-AHEAD";
      marked.append(with_marker);
      report.findings = &marked;
      CHECK(emit(format, report).find("RENDERED-AHEAD") != std::string::npos);
      // ...but only in the format it was rendered in.
      report.rendered_format = format == "json" ? "text" : "json";
      CHECK(emit(format, report).find("RENDERED-AHEAD") == std::string::npos);
      report.findings = &ahead;
      CHECK(emit(format, report) == rendered_by_emitter);
    }
  }
}

TEST_CASE("the JSON renderer reuses its object without leaking one finding's fix into the next", "[report]") {
  hlint::CheckRegistry registry;
  hlint::Report report;
  report.registry = &registry;
  const std::unique_ptr<hlint::FindingRenderer> renderer = hlint::make_finding_renderer("json", report);
  const std::string with_fix = renderer->render(make_finding("a.txt", 2, "advertising/claim"));
  const std::string without_fix = renderer->render(make_finding("a.txt", 3, "advertising/claim"));
  CHECK(with_fix.find("\"fix\"") != std::string::npos);
  CHECK(without_fix.find("\"fix\"") == std::string::npos);
  CHECK(without_fix.find("\"line\":3") != std::string::npos);
}

TEST_CASE("renderers reused across findings write each as a fresh renderer would", "[report]") {
  hlint::CheckRegistry registry;
  hlint::register_builtin_checks(registry);
  hlint::Report report;
  report.registry = &registry;
  report.working_directory = "/work/corpus";
  report.repository_root = "/work";
  hlint::Finding two_edits = make_finding("a.txt", 2, "advertising/claim");
  two_edits.fix_edits.push_back({two_edits.location, "第二处"});
  hlint::Finding whole_file = make_finding("b.txt", 1, "document/empty");
  whole_file.has_location = false;
  whole_file.source_line.clear();
  const std::vector<hlint::Finding> findings = {
      two_edits,
      make_finding("a.txt", 3, "advertising/claim"),                  // no fix after one with a fix
      whole_file,                                                           // region of a whole file
      make_finding("a.txt", 2, "no/such-rule"),                             // no rule index, one edit
      make_finding("a.txt", 4, "chars/split-word"),                         // a plain one again
  };
  for (const std::string format : {"json", "sarif", "text"}) {
    for (const bool baseline : {false, true}) {
      report.baseline_applied = baseline;
      const std::unique_ptr<hlint::FindingRenderer> reused = hlint::make_finding_renderer(format, report);
      for (const auto& f : findings) {
        const std::unique_ptr<hlint::FindingRenderer> fresh = hlint::make_finding_renderer(format, report);
        CHECK(reused->render(f) == fresh->render(f));
      }
    }
  }
  // SARIF: the whole-file region is only a start line; a finding with a fix
  // lists every edit.
  const std::unique_ptr<hlint::FindingRenderer> sarif = hlint::make_finding_renderer("sarif", report);
  const std::string fixed = sarif->render(two_edits);
  CHECK(fixed.find("第二处") != std::string::npos);
  CHECK(fixed.find("\"ruleIndex\"") != std::string::npos);
  const std::string whole = sarif->render(whole_file);
  CHECK(whole.find("\"startLine\": 1\n") != std::string::npos);
  CHECK(whole.find("\"byteOffset\"") == std::string::npos);
  CHECK(whole.find("\"fixes\"") == std::string::npos);
  CHECK(sarif->render(findings[3]).find("\"ruleIndex\"") == std::string::npos);
}

TEST_CASE("the text caret sits under the span whatever the line's characters", "[report]") {
  hlint::CheckRegistry registry;
  hlint::Report report;
  report.registry = &registry;
  const std::unique_ptr<hlint::FindingRenderer> text = hlint::make_finding_renderer("text", report);
  // The columns a terminal gives line[0, byte): tabs are four, wide
  // characters two, combining marks none.
  auto columns = [](std::string_view line, std::size_t byte) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < line.size() && i < byte;) {
      const auto d = hlint::utf8::decode(line, i);
      width += d.code_point == '\t' ? 4 : static_cast<std::size_t>(hlint::utf8::display_width(d.code_point));
      i += d.length;
    }
    return width;
  };
  // ASCII, a tab, Han inside and outside U+5000..U+9FFF (丁 U+4E01, ䷀ U+4DC0
  // is narrow), full-width punctuation, a combining mark, an emoji, a
  // zero-width space, a control character and a stray continuation byte.
  const std::string line = "ab\t丁䷀中文，e\xcc\x81🙂\xe2\x80\x8b\x01z\x80末尾";
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < line.size(); i += hlint::utf8::decode(line, i).length) starts.push_back(i);
  starts.push_back(line.size());
  for (std::size_t b = 0; b + 1 < starts.size(); ++b) {
    for (std::size_t e = b + 1; e < starts.size(); ++e) {
      hlint::Finding f = make_finding("a.txt", 7, "chars/split-word");
      f.source_line = line;
      f.location.start.byte_column = static_cast<std::uint32_t>(starts[b] + 1);
      f.location.end.byte_column = static_cast<std::uint32_t>(starts[e] + 1);
      const std::string rendered = text->render(f);
      // Control characters and stray bytes are shown escaped (`\x01`,
      // `\x80`): the caret counts the columns of what is shown.
      const std::string shown_before = hlint::terminal_safe(line.substr(0, starts[b]), true);
      const std::string shown_span = hlint::terminal_safe(line.substr(starts[b], starts[e] - starts[b]), true);
      const std::size_t pad = columns(shown_before, shown_before.size());
      const std::size_t width =
          std::max<std::size_t>(1, columns(shown_before + shown_span, shown_before.size() + shown_span.size()) - pad);
      const std::string caret_line = "  | " + std::string(pad, ' ') + std::string(width, '^') + "\n";
      CHECK(rendered.find(caret_line) != std::string::npos);
    }
  }
}

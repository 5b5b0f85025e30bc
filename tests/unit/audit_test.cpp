// The corpus audit's bounded parts: the record spool gives back what went in
// whether it spilled or not, the frequent-texts summary keeps its promise
// (a count is never more than undercount() below the truth, frequent texts
// are never lost), the group table caps its keys, and --statistics keeps
// its counts right-aligned past 100,000.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <map>
#include <random>
#include <sstream>

#include "core/record_spool.hpp"
#include "report/audit/audit_run.hpp"
#include "report/audit/audit_summary.hpp"
#include "report/emitter.hpp"

namespace {

std::string record_of(int n) { return "记录" + std::to_string(n) + std::string(static_cast<std::size_t>(n % 97), 'x'); }

std::vector<std::string> read_all(const hlint::RecordSpool& spool) {
  std::vector<std::string> out;
  hlint::RecordSpool::Reader reader(spool);
  std::string record;
  while (reader.next(record)) out.push_back(record);
  return out;
}

}  // namespace

TEST_CASE("the record spool gives back its records in order, spilled or not", "[audit]") {
  for (const std::size_t limit : {std::size_t{1} << 30, std::size_t{1000}}) {
    hlint::RecordSpool spool(limit);
    std::vector<std::string> expected;
    for (int n = 0; n < 5000; ++n) {
      expected.push_back(record_of(n));
      spool.append(expected.back());
    }
    spool.append("");  // an empty record is a record
    expected.emplace_back();
    CHECK(spool.spilled() == (limit == 1000));
    CHECK(spool.size() == expected.size());
    CHECK(read_all(spool) == expected);
    CHECK(read_all(spool) == expected);  // read twice
  }
}

TEST_CASE("frequent texts: counts at most undercount() low, frequent texts never lost", "[audit]") {
  hlint::audit::FrequentTexts texts(50);
  std::map<std::string, std::size_t> truth;
  std::mt19937 random(7);
  // A long tail of texts seen once or twice, and a few seen often.
  for (int i = 0; i < 20000; ++i) {
    const std::string text = i % 10 == 0 ? "常见" + std::to_string(i % 30) : "罕见" + std::to_string(random() % 8000);
    texts.add(text);
    ++truth[text];
  }
  REQUIRE(texts.undercount() > 0);  // it did prune
  CHECK(texts.total() == 20000);
  const auto top = texts.top(200);
  for (const auto& [text, count] : top) {
    CHECK(count <= truth[text]);
    CHECK(count + texts.undercount() >= truth[text]);
  }
  for (const auto& [text, count] : truth)
    if (count > texts.undercount())
      CHECK(std::any_of(top.begin(), top.end(), [&](const auto& entry) { return entry.first == text; }));
}

TEST_CASE("a group table keeps its first kMaxGroups keys and counts the rest together", "[audit]") {
  hlint::audit::GroupTable table;
  hlint::audit::DocumentCounts counts;
  counts.findings = 2;
  counts.by_severity = {0, 2, 0};
  for (std::size_t i = 0; i < hlint::audit::GroupTable::kMaxGroups + 10; ++i) table.add(std::to_string(i), counts);
  table.add("0", counts);
  CHECK(table.groups().size() == hlint::audit::GroupTable::kMaxGroups);
  CHECK(table.groups().at("0").documents == 2);
  CHECK(table.other().documents == 10);
  CHECK(table.other().findings == 20);
  const auto worst = table.worst_first();
  CHECK(worst.front().first == "0");  // same rate: more findings first
}

TEST_CASE("--statistics right-aligns counts past 100,000", "[audit]") {
  hlint::CheckRegistry registry;
  hlint::FindingSpool spool;
  // 150,000 findings of one rule over 1,500 files, and 3 of another.
  for (int file = 0; file < 1500; ++file)
    for (int n = 0; n < 100; ++n) {
      hlint::Finding f;
      f.path = fmt::format("corpus/{:05d}.txt", file);
      f.rule = "residue/scrape-residue";
      f.severity = hlint::Severity::warning;
      f.location.start = {static_cast<std::uint32_t>(n + 1), 1, 1, 1};
      f.location.end = f.location.start;
      if (n == 0) f.fix_description = "fix";
      spool.append(f);
    }
  for (int n = 0; n < 3; ++n) {
    hlint::Finding f;
    f.path = "corpus/zz.txt";
    f.rule = "document/empty";
    f.severity = hlint::Severity::error;
    f.location.start = {static_cast<std::uint32_t>(n + 1), 1, 1, 1};
    spool.append(f);
  }
  hlint::Report report;
  report.registry = &registry;
  report.findings = &spool;
  report.files = 2000;
  std::ostringstream out;
  hlint::emit_statistics_text(report, out);
  std::istringstream lines(out.str());
  std::string heading, big, small, total;
  std::getline(lines, heading);
  std::getline(lines, big);
  std::getline(lines, small);
  std::getline(lines, total);
  const std::size_t count_end = heading.find("count") + 5;
  CHECK(big.substr(0, count_end) == "150000");
  CHECK(small.substr(0, count_end) == "     3");
  CHECK(total.substr(0, count_end) == "150003");
  CHECK(big.find(" 1500 ") != std::string::npos);  // documents
  CHECK(big.find("75.0%") != std::string::npos);   // 1,500 of 2,000 files
  CHECK(big.find(" 1500 ") < big.find("residue/scrape-residue"));
  CHECK(small.find("error") != std::string::npos);
  // Fixable: 1,500 of the rule's findings carry a fix.
  std::ostringstream json;
  hlint::emit_statistics_json(report, json);
  CHECK(json.str().find("\"fixable_count\": 1500") != std::string::npos);
}

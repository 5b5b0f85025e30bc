// FindingSpool: what goes in comes out, in order, whether it stayed in memory
// or spilled to its temporary file, and filter() keeps order.
#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <random>

#include "core/finding_spool.hpp"

using hlint::Finding;
using hlint::FindingSpool;

namespace {

Finding make_finding(int n) {
  Finding f;
  f.path = "dir/文档" + std::to_string(n) + ".txt";
  f.rule = n % 2 ? "chars/split-word" : "document/empty";
  f.severity = static_cast<hlint::Severity>(n % 3);
  f.message = std::string(static_cast<std::size_t>(n % 50), 'm') + "彻.底";
  f.location.start = {static_cast<std::uint32_t>(n), 2, 3, 4};
  f.location.end = {static_cast<std::uint32_t>(n + 1), 5, 6, 7};
  f.location.byte_offset = static_cast<std::size_t>(n) * 1000000007ULL;
  f.location.byte_end = f.location.byte_offset + 9;
  f.has_location = n % 5 != 0;
  f.source_line = n % 7 ? "line with a NUL \0 inside" : "";
  f.source_line_offset = static_cast<std::size_t>(n);
  f.source_line_cut = n % 4 == 0;
  f.fingerprint = std::to_string(n * 31);
  f.rendered = n % 2 ? "{\"rendered\": " + std::to_string(n) + "}" : "";
  if (n % 3 == 0) {
    f.fix_description = "replace it";
    f.fix_edits.push_back({f.location, "彻底"});
    f.fix_edits.push_back({f.location, ""});
    f.fix_applicability = n % 2 ? hlint::Applicability::unsafe : hlint::Applicability::safe;
  }
  return f;
}

// The fields for_each_summary() reads: path, rule, severity, message, location.
void require_same_summary(const Finding& a, const Finding& b) {
  REQUIRE(a.path == b.path);
  REQUIRE(a.rule == b.rule);
  REQUIRE(a.severity == b.severity);
  REQUIRE(a.message == b.message);
  REQUIRE(a.has_location == b.has_location);
  REQUIRE(a.location.start.line == b.location.start.line);
  REQUIRE(a.location.start.column == b.location.start.column);
  REQUIRE(a.location.start.byte_column == b.location.start.byte_column);
  REQUIRE(a.location.start.utf16_column == b.location.start.utf16_column);
  REQUIRE(a.location.end.line == b.location.end.line);
  REQUIRE(a.location.end.column == b.location.end.column);
  REQUIRE(a.location.end.utf16_column == b.location.end.utf16_column);
  REQUIRE(a.location.byte_offset == b.location.byte_offset);
  REQUIRE(a.location.byte_end == b.location.byte_end);
  // Whether it has a fix, and which applicability (--fix counts them from a summary).
  REQUIRE(a.fix_description.has_value() == b.fix_description.has_value());
  if (a.fix_description) REQUIRE(a.fix_applicability == b.fix_applicability);
}

void require_same(const Finding& a, const Finding& b) {
  require_same_summary(a, b);
  REQUIRE(a.source_line == b.source_line);
  REQUIRE(a.source_line_offset == b.source_line_offset);
  REQUIRE(a.source_line_cut == b.source_line_cut);
  REQUIRE(a.fingerprint == b.fingerprint);
  REQUIRE(a.fix_description == b.fix_description);
  REQUIRE(a.rendered == b.rendered);
  REQUIRE(a.fix_edits.size() == b.fix_edits.size());
  for (std::size_t i = 0; i < a.fix_edits.size(); ++i) {
    REQUIRE(a.fix_edits[i].replacement == b.fix_edits[i].replacement);
    REQUIRE(a.fix_edits[i].location.end.line == b.fix_edits[i].location.end.line);
  }
}

}  // namespace

TEST_CASE("FindingSpool returns findings in order, in memory and spilled", "[spool]") {
  for (const std::size_t limit : {std::size_t{1}, std::size_t{4096}, FindingSpool::kDefaultMemoryLimit}) {
    FindingSpool spool(limit);
    const int count = 3000;
    for (int n = 0; n < count; ++n) spool.append(make_finding(n));
    REQUIRE(spool.size() == static_cast<std::size_t>(count));
    CHECK(spool.spilled() == (limit < FindingSpool::kDefaultMemoryLimit));
    // Read twice: emitters make several passes.
    for (int pass = 0; pass < 2; ++pass) {
      int n = 0;
      spool.for_each([&](const Finding& f) { require_same(f, make_finding(n++)); });
      REQUIRE(n == count);
    }
    // Appending after reading goes on at the end.
    spool.append(make_finding(count));
    REQUIRE(spool.to_vector().back().path == make_finding(count).path);
  }
}

TEST_CASE("filter() keeps the chosen findings in order and a moved spool stays readable", "[spool]") {
  FindingSpool spool(512);
  for (int n = 0; n < 500; ++n) spool.append(make_finding(n));
  FindingSpool odd = hlint::filter(spool, [](const Finding& f) { return f.rule == "chars/split-word"; });
  REQUIRE(odd.size() == 250);
  FindingSpool moved = std::move(odd);
  int n = 1;
  moved.for_each([&](const Finding& f) {
    require_same(f, make_finding(n));
    n += 2;
  });
  CHECK(FindingSpool().empty());
}

TEST_CASE("merge_in() merges sorted findings into the spool's order, spool first on ties", "[spool]") {
  auto at = [](const std::string& path, std::uint32_t line, const std::string& message) {
    Finding f;
    f.path = path;
    f.rule = "related/corpus-boilerplate";
    f.message = message;
    f.location.start = {line, 1, 1, 1};
    return f;
  };
  for (const std::size_t limit : {std::size_t{1}, FindingSpool::kDefaultMemoryLimit}) {
    FindingSpool spool(limit);
    spool.append(at("a.txt", 3, "spool"));
    spool.append(at("b.txt", 1, "spool"));
    spool.append(at("c.txt", 9, "spool"));
    spool.merge_in({at("", 1, "run"), at("b.txt", 1, "spool"), at("b.txt", 2, "corpus")});
    spool.merge_in({at("d.txt", 1, "corpus")});
    REQUIRE(spool.size() == 7);
    std::vector<std::string> order;
    for (int pass = 0; pass < 2; ++pass) {
      order.clear();
      spool.for_each([&](const Finding& f) { order.push_back(f.path + ":" + std::to_string(f.location.start.line)); });
      CHECK(order == std::vector<std::string>{":1", "a.txt:3", "b.txt:1", "b.txt:1", "b.txt:2", "c.txt:9", "d.txt:1"});
    }
    CHECK(hlint::filter(spool, [](const Finding& f) { return f.message == "corpus"; }).size() == 2);
  }
}

TEST_CASE("findings encoded away from the spool come out as if appended one by one", "[spool]") {
  for (const std::size_t limit : {std::size_t{1}, FindingSpool::kDefaultMemoryLimit}) {
    FindingSpool spool(limit);
    for (int file = 0; file < 20; ++file) {
      hlint::EncodedFindings batch;
      for (int k = 0; k < file % 4; ++k) batch.add(make_finding(file * 10 + k));
      REQUIRE(batch.size() == static_cast<std::size_t>(file % 4));
      spool.append(batch);
    }
    REQUIRE(spool.size() == 30);
    std::vector<int> seen;
    spool.for_each([&](const Finding& f) { seen.push_back(std::stoi(f.fingerprint) / 31); });
    std::vector<int> expected;
    for (int file = 0; file < 20; ++file)
      for (int k = 0; k < file % 4; ++k) expected.push_back(file * 10 + k);
    CHECK(seen == expected);
    std::size_t i = 0;
    spool.for_each([&](const Finding& f) { require_same(f, make_finding(expected[i++])); });
  }
}

TEST_CASE("findings of one file keep their path though records name it once", "[spool]") {
  // Paths repeat within a batch, across batches and between batches and
  // single appends; the empty path (a run-level finding) is a path too.
  const std::vector<std::string> paths = {"a.txt", "a.txt", "",      "",      "b.txt", "b.txt",
                                          "b.txt", "a.txt", "d.txt", "c.txt", "",      "c.txt"};
  auto finding = [&](std::size_t i) {
    Finding f = make_finding(static_cast<int>(i));
    f.path = paths[i];
    return f;
  };
  for (const std::size_t limit : {std::size_t{1}, std::size_t{300}, FindingSpool::kDefaultMemoryLimit}) {
    FindingSpool spool(limit);
    std::size_t i = 0;
    // Batches of 3, then single appends, then a batch again.
    for (; i < 6; i += 3) {
      hlint::EncodedFindings batch;
      for (std::size_t k = i; k < i + 3; ++k) batch.add(finding(k));
      spool.append(std::move(batch));  // taken, not copied
      CHECK(batch.size() == 0);
    }
    for (; i < 9; ++i) spool.append(finding(i));
    hlint::EncodedFindings batch;
    for (; i < paths.size(); ++i) batch.add(finding(i));
    spool.append(batch);
    // The path of the last single append, not of the batch's last record.
    spool.append(finding(8));
    for (int pass = 0; pass < 2; ++pass) {
      std::size_t n = 0;
      spool.for_each([&](const Finding& f) {
        require_same(f, finding(n < paths.size() ? n : 8));
        ++n;
      });
      REQUIRE(n == paths.size() + 1);
    }
    const FindingSpool kept = hlint::filter(spool, [](const Finding& f) { return f.path != "b.txt"; });
    std::vector<std::string> kept_paths;
    kept.for_each([&](const Finding& f) { kept_paths.push_back(f.path); });
    CHECK(kept_paths == std::vector<std::string>{"a.txt", "a.txt", "", "", "a.txt", "d.txt", "c.txt", "", "c.txt", "d.txt"});
  }
}

TEST_CASE("for_each_summary() visits every finding in order with its path, rule, severity and location", "[spool]") {
  for (const std::size_t limit : {std::size_t{1}, FindingSpool::kDefaultMemoryLimit}) {
    FindingSpool spool(limit);
    for (int n = 0; n < 200; ++n) spool.append(make_finding(n));
    Finding corpus = make_finding(1000);
    corpus.path = "zzz.txt";  // after every appended one
    spool.merge_in({corpus});
    std::vector<Finding> whole;
    spool.for_each([&](const Finding& f) { whole.push_back(f); });
    std::size_t i = 0;
    spool.for_each_summary([&](const Finding& f) {
      REQUIRE(i < whole.size());
      require_same_summary(f, whole[i++]);
    });
    CHECK(i == whole.size());
    CHECK(whole.back().path == "zzz.txt");
    // Merged findings come whole; the spool's are cut after the location.
    spool.for_each_summary([&](const Finding& f) {
      if (f.path == "zzz.txt") CHECK(f.fingerprint == corpus.fingerprint);
      else CHECK(f.rendered.empty());
    });
  }
}

// The spool's file is read back through a window of 256 KB: a batch longer
// than the window (a finding whose rendered text is megabytes) widens it, and
// the records around it are still read whole and in order.
TEST_CASE("records longer than the read block come back whole", "[spool]") {
  FindingSpool spool(1);  // every record spilled
  std::vector<Finding> written;
  for (int n = 0; n < 7; ++n) {
    Finding f = make_finding(n);
    if (n == 2) f.rendered = std::string((std::size_t{3} << 20) + 17, 'r');
    if (n == 5) f.message = std::string((std::size_t{1} << 20) - 3, 'q');
    written.push_back(f);
    spool.append(f);
  }
  REQUIRE(spool.spilled());
  std::size_t n = 0;
  spool.for_each([&](const Finding& f) { require_same(f, written.at(n++)); });
  REQUIRE(n == written.size());
  n = 0;
  spool.for_each_summary([&](const Finding& f) { require_same_summary(f, written.at(n++)); });
  REQUIRE(n == written.size());
}

// The tally is what the exit code and SARIF's run-level part are decided on
// without a pass over the spool: it must count every finding, however it came
// in (appended, encoded in a batch, merged in, kept by filter()).
TEST_CASE("the tally counts every finding by severity, check failures and run-level findings", "[spool]") {
  FindingSpool spool(64);
  hlint::EncodedFindings batch;
  std::array<std::size_t, 3> by_severity{};
  for (int n = 0; n < 40; ++n) {
    const Finding f = make_finding(n);
    ++by_severity[static_cast<std::size_t>(f.severity)];
    if (n < 20)
      spool.append(f);
    else
      batch.add(f);
  }
  spool.append(std::move(batch));
  Finding failure = make_finding(1000);
  failure.path.clear();
  failure.rule = "internal/check-failed";
  failure.severity = hlint::Severity::error;
  ++by_severity[2];
  spool.merge_in({failure});
  const hlint::FindingTally& tally = spool.tally();
  CHECK(tally.by_severity == by_severity);
  CHECK(tally.check_failures == 1);
  CHECK(tally.without_path == 1);
  CHECK(tally.any_at_least(hlint::Severity::error));

  const FindingSpool infos = hlint::filter(spool, [](const Finding& f) { return f.severity == hlint::Severity::info; });
  CHECK(infos.tally().by_severity == std::array<std::size_t, 3>{by_severity[0], 0, 0});
  CHECK(infos.tally().check_failures == 0);
  CHECK_FALSE(infos.tally().any_at_least(hlint::Severity::warning));
  CHECK(infos.tally().any_at_least(hlint::Severity::info));
  const FindingSpool moved = std::move(spool);
  CHECK(moved.tally().check_failures == 1);
}

// for_each_rendered() reads a record's rendered text in place and decodes
// the rest only to place merged findings: the text it gives, in order, must
// be what for_each() gives, with merged findings before, between (equal up
// to any field of finding_less) and after the records, spilled or not.
TEST_CASE("for_each_rendered() gives for_each()'s findings and texts in order", "[spool]") {
  std::mt19937 random(17);
  auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  std::vector<Finding> all;
  for (int n = 0; n < 3000; ++n) {
    Finding f = make_finding(n);
    f.path = std::string(1, static_cast<char>('a' + pick(6))) + ".txt";
    if (pick(40) == 0) f.path.clear();  // findings of the run
    f.location.start.line = static_cast<std::uint32_t>(1 + pick(3));
    f.location.start.column = static_cast<std::uint32_t>(1 + pick(2));
    f.rule = pick(2) ? "related/corpus-boilerplate" : "chars/split-word";
    f.location.end.line = static_cast<std::uint32_t>(1 + pick(2));
    f.location.end.column = static_cast<std::uint32_t>(1 + pick(2));
    f.message = pick(2) ? "彻底" : "彻";
    // Most records carry their text; some (like a corpus finding) none.
    f.rendered = pick(8) ? "<" + std::to_string(n) + ":" + std::string(static_cast<std::size_t>(pick(300)), 'r') + ">"
                         : "";
    if (pick(500) == 0) f.rendered = std::string((std::size_t{1} << 20) + 5, 'R');  // longer than a read window
    all.push_back(std::move(f));
  }
  std::stable_sort(all.begin(), all.end(), hlint::finding_less);
  // The text a report writes: the rendered one, else one made from the finding.
  auto render = [](const Finding& f) { return "{" + f.path + "|" + f.rule + "|" + f.message + "|" + f.fingerprint + "}"; };
  for (const std::size_t limit : {std::size_t{1}, std::size_t{4096}, std::size_t{1} << 16, FindingSpool::kDefaultMemoryLimit}) {
    for (const int merged_share : {0, 3, 50}) {  // percent of findings merged in
      FindingSpool spool(limit);
      std::vector<Finding> merged;
      hlint::EncodedFindings batch;
      for (const Finding& f : all) {
        if (pick(100) < merged_share) {
          merged.push_back(f);
          merged.back().rendered.clear();  // corpus findings are not rendered ahead
          continue;
        }
        if (pick(3) == 0) {
          spool.append(f);
        } else {
          batch.add(f);
          if (pick(4) == 0) spool.append(std::move(batch));
        }
      }
      spool.append(std::move(batch));
      // Merged in two parts, as Linter::run merges corpus and walk findings.
      std::vector<Finding> first_part, second_part;
      for (Finding& f : merged) (pick(2) ? first_part : second_part).push_back(std::move(f));
      spool.merge_in(std::move(first_part));
      spool.merge_in(std::move(second_part));
      if (limit == 1) REQUIRE(spool.spilled());

      std::string expected;
      std::vector<std::string> expected_keys;
      spool.for_each([&](const Finding& f) {
        expected += f.rendered.empty() ? render(f) : f.rendered;
        expected_keys.push_back(f.path + "|" + f.rule + "|" + std::to_string(static_cast<int>(f.severity)));
      });
      for (int pass = 0; pass < 2; ++pass) {
        std::string got;
        std::vector<std::string> got_keys;
        spool.for_each_rendered([&](const hlint::SpooledFinding& s) {
          if (s.rendered.empty()) {
            REQUIRE(s.finding != nullptr);
            got += render(*s.finding);
          } else {
            got += s.rendered;
          }
          got_keys.push_back(std::string(s.path) + "|" + std::string(s.rule) + "|" +
                             std::to_string(static_cast<int>(s.severity)));
        });
        REQUIRE(got_keys.size() == spool.size());
        CHECK(got_keys == expected_keys);
        CHECK(got == expected);
      }
    }
  }
}

// A worker reserves a file's encoded findings at their exact size: a string
// grown by doubling would hold up to twice its bytes, in every batch waiting
// in the spool's buffer and the linter's window.
TEST_CASE("encoded_size() is the size a finding takes in its batch", "[spool]") {
  hlint::EncodedFindings batch;
  std::size_t records = 0, texts = 0;
  const std::string* previous = nullptr;
  std::vector<Finding> findings;
  for (int n = 0; n < 300; ++n) {
    findings.push_back(make_finding(n));
    if (n % 3) findings.back().path = "same.txt";  // paths left out after the first
    if (n == 7) findings.back().location.byte_offset = std::size_t{1} << 40;  // a wide number
  }
  for (const Finding& f : findings) {
    records += hlint::encoded_size(f, previous);
    texts += f.rendered.size();
    previous = &f.path;
  }
  batch.reserve(records, texts);
  const std::size_t reserved = batch.capacity();
  for (const Finding& f : findings) batch.add(f);
  CHECK(batch.encoded_bytes() == 8 + records + texts);  // with the batch's two sizes
  CHECK(batch.capacity() == reserved);  // never grown
}

TEST_CASE("deferred spills: append() leaves the file to take_spill() and write_spill(), in order", "[spool]") {
  // As the linter's threads use it: batches appended under one lock, the
  // spill taken under it and written after it (here held back, to show that
  // appends between a take and its write keep their place).
  for (const std::size_t limit : {std::size_t{1}, std::size_t{600}, FindingSpool::kDefaultMemoryLimit}) {
    FindingSpool spool(limit);
    spool.defer_spills();
    std::vector<FindingSpool::Spill> held;
    std::vector<int> expected;
    for (int file = 0; file < 40; ++file) {
      hlint::EncodedFindings batch;
      for (int k = 0; k < file % 5; ++k) {
        batch.add(make_finding(file * 10 + k));
        expected.push_back(file * 10 + k);
      }
      spool.append(std::move(batch));
      // Nothing is written until a spill is taken and written.
      if (std::optional<FindingSpool::Spill> spill = spool.take_spill()) held.push_back(std::move(*spill));
      if (file % 3 == 2) {
        for (FindingSpool::Spill& spill : held) spool.write_spill(std::move(spill));
        held.clear();
      }
    }
    for (FindingSpool::Spill& spill : held) spool.write_spill(std::move(spill));
    CHECK(spool.spilled() == (limit < FindingSpool::kDefaultMemoryLimit));
    REQUIRE(spool.size() == expected.size());
    std::size_t i = 0;
    spool.for_each([&](const Finding& f) { require_same(f, make_finding(expected[i++])); });
    CHECK(i == expected.size());
    i = 0;
    spool.for_each_rendered([&](const hlint::SpooledFinding& f) {
      CHECK(f.path == make_finding(expected[i]).path);
      ++i;
    });
    CHECK(i == expected.size());
  }
}

// The pieces of --fix: planning a pass (overlaps), applying it in the file's
// encoding (and refusing what cannot be written back), the unified diff, and
// the atomic write's refusals.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "fix/atomic_write.hpp"
#include "fix/edit_plan.hpp"
#include "fix/text_codec.hpp"
#include "fix/unified_diff.hpp"

namespace {

using namespace hlint;

Finding finding_with_edits(std::vector<std::pair<std::size_t, std::size_t>> spans, std::string replacement) {
  Finding f;
  f.rule = "test/rule";
  f.fix_description = "test";
  for (auto [begin, end] : spans) {
    ResolvedEdit edit;
    edit.location.byte_offset = begin;
    edit.location.byte_end = end;
    edit.replacement = replacement;
    f.fix_edits.push_back(edit);
  }
  return f;
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("plan_pass: the first fix in document order wins an overlap, the rest wait") {
  const Finding outer = finding_with_edits({{10, 30}}, "");
  const Finding inner = finding_with_edits({{15, 20}}, "x");
  const Finding later = finding_with_edits({{30, 32}}, "y");  // touches outer's end: no overlap
  const Finding same_insert_a = finding_with_edits({{40, 40}}, "a");
  const Finding same_insert_b = finding_with_edits({{40, 40}}, "b");
  const PassPlan plan = plan_pass({&inner, &later, &outer, &same_insert_b, &same_insert_a});
  REQUIRE(plan.findings == 3);
  REQUIRE(plan.deferred == 2);
  REQUIRE(plan.edits.size() == 3);
  CHECK(plan.edits[0].begin == 10);
  CHECK(plan.edits[1].begin == 30);
  CHECK(plan.edits[2].replacement == "b");  // the first given among equals
}

TEST_CASE("plan_pass: a finding's edits go in all or none") {
  const Finding first = finding_with_edits({{5, 6}}, "");
  const Finding split = finding_with_edits({{1, 2}, {5, 7}}, "");  // its second edit overlaps `first`
  const PassPlan plan = plan_pass({&split, &first});
  CHECK(plan.findings == 1);
  REQUIRE(plan.edits.size() == 2);  // split's two edits: it starts first
  CHECK(plan.edits[0].begin == 1);
  CHECK(plan.edits[1].begin == 5);
  CHECK(plan.edits[1].end == 7);
}

TEST_CASE("apply_pass: replacements are written in the file's encoding, other bytes kept") {
  std::string error;
  PassPlan plan;
  // GBK "Z主要" at 0..5: Z is one byte, each Han character two.
  const std::string gbk = std::string("Z") + "\xD6\xF7\xD2\xAA" + "\r\n";
  plan.edits = {{0, 1, "最"}};
  auto fixed = apply_pass(gbk, Encoding::gb18030, plan, error);
  REQUIRE(fixed);
  CHECK(*fixed == std::string("\xD7\xEE\xD6\xF7\xD2\xAA\r\n"));

  // UTF-16BE with a BOM; a replacement with a line break follows the file's CRLF.
  const std::string utf16be("\xFE\xFF\x00" "a\x00\r\x00\n\x00" "b", 10);
  plan.edits = {{4, 4, "x\n"}};
  fixed = apply_pass(utf16be, Encoding::utf16be, plan, error);
  REQUIRE(fixed);
  CHECK(*fixed == std::string("\xFE\xFF\x00" "a" "\x00" "x" "\x00\r\x00\n" "\x00\r\x00\n\x00" "b", 16));
}

TEST_CASE("apply_pass refuses what cannot be written back") {
  std::string error;
  PassPlan plan;
  const std::string gbk = "\xD6\xF7\xD2\xAA";
  SECTION("a character GBK does not have") {
    plan.edits = {{0, 2, "😀"}};
    CHECK_FALSE(apply_pass(gbk, Encoding::gb18030, plan, error));
    CHECK(error.find("cannot be written in GBK") != std::string::npos);
  }
  SECTION("an edit that cuts a character in two") {
    plan.edits = {{1, 2, ""}};
    CHECK_FALSE(apply_pass(gbk, Encoding::gb18030, plan, error));
    CHECK(error.find("not whole") != std::string::npos);
  }
  SECTION("undecodable bytes inside an edit") {
    plan.edits = {{0, 3, ""}};
    CHECK_FALSE(apply_pass(std::string("a\xFF" "bc"), Encoding::utf8, plan, error));
    CHECK(error.find("not whole UTF-8 characters") != std::string::npos);
  }
}

TEST_CASE("line_break_of tells CRLF from LF in every encoding") {
  CHECK(line_break_of("a\r\nb\n", Encoding::utf8) == "\r\n");
  CHECK(line_break_of("a\nb\r\n", Encoding::utf8) == "\n");
  CHECK(line_break_of(std::string("\xFF\xFE" "a\0\r\0\n\0", 8), Encoding::utf16le) == "\r\n");
  CHECK(line_break_of(std::string("\xFE\xFF\0a\0\n", 6), Encoding::utf16be) == "\n");
}

TEST_CASE("unified_diff: hunks with three lines of context, no diff for equal texts") {
  CHECK(unified_diff("a\nb\n", "a\nb\n", "p.txt").empty());
  const std::string before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
  const std::string after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n";
  CHECK(unified_diff(before, after, "p.txt") ==
        "--- a/p.txt\n+++ b/p.txt\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
  // No line break at the end of the file, on the changed line.
  CHECK(unified_diff("x\ny", "x\nz", "q") ==
        "--- a/q\n+++ b/q\n@@ -1,2 +1,2 @@\n x\n-y\n\\ No newline at end of file\n+z\n\\ No newline at end of file\n");
  // Two changes far apart: two hunks.
  std::string many, changed;
  for (int i = 0; i < 20; ++i) {
    many += std::to_string(i) + "\n";
    changed += (i == 2 || i == 17 ? "x" : std::to_string(i)) + "\n";
  }
  const std::string diff = unified_diff(many, changed, "r");
  CHECK(diff.find("@@ -1,6 +1,6 @@") != std::string::npos);
  CHECK(diff.find("@@ -15,6 +15,6 @@") != std::string::npos);
}

TEST_CASE("replace_file_contents: writes atomically, keeps the mode, follows links, refuses what changed") {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("hlint-fix-unit-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::filesystem::path file = dir / "a.txt";
  std::ofstream(file, std::ios::binary) << "old";
  ::chmod(file.c_str(), 0640);

  SECTION("written, mode kept, no temporary left") {
    CHECK(replace_file_contents(file.string(), "old", "new") == "");
    CHECK(slurp(file) == "new");
    struct stat info {};
    ::stat(file.c_str(), &info);
    CHECK((info.st_mode & 07777) == 0640);
    CHECK(std::distance(std::filesystem::directory_iterator(dir), {}) == 1);
  }
  SECTION("changed since it was linted: left alone") {
    CHECK(replace_file_contents(file.string(), "older", "new") == "the file changed since it was linted");
    CHECK(slurp(file) == "old");
  }
  SECTION("read-only: left alone") {
    ::chmod(file.c_str(), 0444);
    CHECK(replace_file_contents(file.string(), "old", "new") == "the file is read-only");
    CHECK(slurp(file) == "old");
  }
  SECTION("a symbolic link: the target is written, the link stays") {
    const std::filesystem::path link = dir / "link.txt";
    std::filesystem::create_symlink("a.txt", link);
    CHECK(replace_file_contents(link.string(), "old", "new") == "");
    CHECK(std::filesystem::is_symlink(link));
    CHECK(slurp(file) == "new");
  }
  SECTION("a read-only directory: left alone") {
    ::chmod(dir.c_str(), 0555);
    const std::string error = replace_file_contents(file.string(), "old", "new");
    ::chmod(dir.c_str(), 0755);
    CHECK(error.find("cannot create a temporary file in") == 0);
    CHECK(slurp(file) == "old");
  }
  std::filesystem::remove_all(dir);
}

// BlockWriter: the bytes given, in order, whether the stream has a file
// descriptor (pieces given in place are gathered into writev) or not; and a
// ReportFile written through it holds exactly those bytes.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/scratch_file.hpp"
#include "report/block_writer.hpp"
#include "report/report_file.hpp"

namespace {

// Writes pieces of every size class (tiny, under and over the copy
// threshold, over a block), some lasting until the next flush, with flushes
// and direct stream writes in between; returns what was meant to be written.
std::string write_pieces(std::ostream& out, unsigned seed) {
  std::mt19937 random(seed);
  std::string expected;
  // Lasting pieces must outlive the writer's next flush: kept here.
  std::vector<std::string> kept;
  kept.reserve(10000);
  out << "head:";
  expected += "head:";
  {
    hlint::BlockWriter writer(out);
    for (int i = 0; i < 5000; ++i) {
      std::size_t size = random() % 8 == 0 ? random() % 2000 : random() % 100;
      if (random() % 400 == 0) size = 128 * 1024 + random() % 70000;  // longer than a block
      std::string piece(size, static_cast<char>('a' + i % 26));
      if (!piece.empty()) piece.front() = '<', piece.back() = '>';
      expected += piece;
      if (random() % 2) {
        kept.push_back(std::move(piece));
        writer.append_lasting(kept.back());
      } else {
        writer.append(piece);  // a temporary: copied
        piece.assign(piece.size(), '#');
      }
      if (random() % 700 == 0) {
        writer.flush();
        kept.clear();
        out << "|direct|";
        expected += "|direct|";
      }
    }
    writer.flush();
  }
  out << ":tail";
  expected += ":tail";
  return expected;
}

}  // namespace

TEST_CASE("BlockWriter writes every piece in order, to a string stream and to a report file", "[report]") {
  for (unsigned seed = 1; seed <= 3; ++seed) {
    std::ostringstream memory;
    const std::string expected = write_pieces(memory, seed);
    CHECK(memory.str() == expected);

    const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("hlint-block-writer-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "report.txt").string();
    {
      hlint::ReportFile file(path);
      std::string error;
      REQUIRE(file.open(error));
      const std::string again = write_pieces(file.stream(), seed);
      REQUIRE(again == expected);
      REQUIRE(file.commit(error));
    }
    std::ifstream in(path, std::ios::binary);
    const std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(written.size() == expected.size());
    CHECK(written == expected);
    std::filesystem::remove_all(dir);
  }
}

TEST_CASE("a report file written in place (not a regular file) gets the pieces too", "[report]") {
  // /dev/null is written in place; the writer must not fail on it.
  hlint::ReportFile file("/dev/null");
  std::string error;
  REQUIRE(file.open(error));
  write_pieces(file.stream(), 7);
  CHECK(file.commit(error));
}

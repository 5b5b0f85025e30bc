// InputWalk reads directories as it goes yet yields exactly what sorting the
// whole list would: every file once, in the order of the full paths.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

#include "core/input_walk.hpp"

namespace fs = std::filesystem;

namespace {

// The whole-list walk InputWalk replaced: the oracle.
std::vector<std::string> sorted_listing(const fs::path& root, const std::string& shown_as) {
  std::vector<std::string> files;
  fs::recursive_directory_iterator it(root), end;
  for (; it != end; ++it) {
    const std::string name = it->path().filename().string();
    if (name.size() > 1 && name[0] == '.') {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) files.push_back(shown_as + "/" + it->path().lexically_relative(root).generic_string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> walked(const std::vector<std::string>& inputs, const std::vector<std::string>& include = {},
                                const std::vector<std::string>& exclude = {}) {
  std::vector<std::string> paths;
  for (const auto& file : hlint::walk_inputs(inputs, include, exclude).files) paths.push_back(file.path);
  return paths;
}

struct TempTree {
  fs::path root = fs::temp_directory_path() / ("hlint-walk-" + std::to_string(std::random_device{}()));
  TempTree() { fs::create_directories(root); }
  ~TempTree() { fs::remove_all(root); }
  void file(const std::string& relative) {
    fs::create_directories((root / relative).parent_path());
    std::ofstream(root / relative) << "x";
  }
};

}  // namespace

TEST_CASE("a directory's files come in full-path order, not directory-first order", "[walk]") {
  TempTree tree;
  // '-' and '.' sort before '/', '0' after it: "a.txt" < "a/b.txt" < "a0.txt".
  for (const char* f : {"a.txt", "a/b.txt", "a0.txt", "a-b/c.txt", "a/c/d.txt", "a/c.txt", "b", "文档/一.txt",
                        ".hidden/x.txt", "a/.hidden.txt", ".git/config"})
    tree.file(f);
  const std::string root = tree.root.string();
  CHECK(walked({root}) == std::vector<std::string>{root + "/a-b/c.txt", root + "/a.txt", root + "/a/b.txt",
                                                   root + "/a/c.txt", root + "/a/c/d.txt", root + "/a0.txt",
                                                   root + "/b", root + "/文档/一.txt"});
  CHECK(walked({root}) == sorted_listing(tree.root, root));
}

TEST_CASE("random trees walk like the sorted whole list", "[walk]") {
  std::mt19937 rng(2026);
  const std::vector<std::string> names = {"a", "a.txt", "a0", "a-b", "A", "b", "ab", "a b", "文", "z.md"};
  for (int round = 0; round < 20; ++round) {
    TempTree tree;
    for (int k = 0; k < 40; ++k) {
      std::string path;
      const int depth = 1 + static_cast<int>(rng() % 4);
      for (int d = 0; d < depth; ++d) path += (d ? "/" : "") + names[rng() % names.size()];
      std::error_code ec;
      // A name already used for a file cannot become a directory, and back.
      if (fs::exists(tree.root / path, ec)) continue;
      bool blocked = false;
      for (fs::path p = fs::path(path).parent_path(); !p.empty(); p = p.parent_path())
        blocked = blocked || fs::is_regular_file(tree.root / p, ec);
      if (!blocked) tree.file(path);
    }
    const std::string root = tree.root.string();
    CHECK(walked({root}) == sorted_listing(tree.root, root));
  }
}

TEST_CASE("several inputs merge into one order and a file named twice comes once", "[walk]") {
  TempTree tree;
  for (const char* f : {"x/1.txt", "x/2.txt", "y/1.txt", "y/x/3.txt"}) tree.file(f);
  const std::string root = tree.root.string();
  const auto result = hlint::walk_inputs({root + "/y", root + "/x/2.txt", root + "/x", root + "/missing"}, {}, {});
  std::vector<std::string> paths;
  for (const auto& file : result.files) paths.push_back(file.path);
  CHECK(paths == std::vector<std::string>{root + "/x/1.txt", root + "/x/2.txt", root + "/y/1.txt", root + "/y/x/3.txt"});
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].rule == "io/unreadable");
  CHECK(result.errors[0].path == root + "/missing");
}

TEST_CASE("include and exclude globs filter the walk, never an explicit file's inclusion", "[walk]") {
  TempTree tree;
  for (const char* f : {"a/1.txt", "a/2.md", "b/3.txt"}) tree.file(f);
  const std::string root = tree.root.string();
  CHECK(walked({root}, {"**/*.txt"}) == std::vector<std::string>{root + "/a/1.txt", root + "/b/3.txt"});
  CHECK(walked({root}, {}, {"**/b/**"}) == std::vector<std::string>{root + "/a/1.txt", root + "/a/2.md"});
  CHECK(walked({root + "/a/2.md"}, {"**/*.txt"}) == std::vector<std::string>{root + "/a/2.md"});
}

TEST_CASE("links to files are walked, links to directories are not followed", "[walk]") {
  TempTree tree;
  for (const char* f : {"real/1.txt", "other.txt"}) tree.file(f);
  fs::create_directory_symlink(tree.root / "real", tree.root / "linked-dir");
  fs::create_symlink(tree.root / "other.txt", tree.root / "linked.txt");
  const std::string root = tree.root.string();
  CHECK(walked({root}) == std::vector<std::string>{root + "/linked.txt", root + "/other.txt", root + "/real/1.txt"});
  CHECK(walked({root}) == sorted_listing(tree.root, root));
}

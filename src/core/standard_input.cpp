#include "core/standard_input.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <iterator>

namespace hlint {

std::vector<std::string> read_path_list(std::istream& in) {
  std::vector<std::string> paths;
  std::string path;
  std::vector<char> block(64 * 1024);
  std::optional<char> separator;  // decided by the first block
  std::size_t pathless = 0;       // bytes since the last path
  auto finish_path = [&] {
    if (*separator == '\n' && !path.empty() && path.back() == '\r') path.pop_back();
    if (!path.empty()) {
      paths.push_back(std::move(path));
      pathless = 0;
    }
    path.clear();
  };
  while (in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got == 0) break;
    const std::string_view chunk(block.data(), got);
    if (!separator) separator = chunk.find('\0') != std::string_view::npos ? '\0' : '\n';
    for (const char c : chunk) {
      if (c == *separator) {
        finish_path();
      } else {
        path.push_back(c);
        if (path.size() > kMaxListedPath)
          throw PathListError("a path in the list on standard input is longer than 64 KiB");
      }
      if (++pathless > kMaxPathlessRun)
        throw PathListError("the path list on standard input runs longer than 1 MiB without naming a path");
    }
  }
  if (separator) finish_path();
  return paths;
}

std::filesystem::path repository_hint(const std::vector<std::string>& inputs,
                                      const std::filesystem::path& working_directory) {
  namespace fs = std::filesystem;
  for (const auto& input : inputs) {
    fs::path path = fs::path(input).is_absolute() ? fs::path(input) : working_directory / input;
    std::error_code ec;
    if (!fs::exists(path, ec)) continue;
    if (!fs::is_directory(path, ec)) path = path.parent_path();
    return path.lexically_normal();
  }
  return working_directory;
}

LintResult lint_standard_input(Linter& linter, const std::string& name, std::istream& in, std::uint64_t max_bytes) {
  // Read at most one byte past the limit: standard input may be endless.
  std::string bytes;
  std::vector<char> block(64 * 1024);
  while (in && bytes.size() <= max_bytes) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    bytes.append(block.data(), static_cast<std::size_t>(in.gcount()));
  }
  LintResult result;
  result.files = 1;
  result.bytes = bytes.size();
  std::vector<Finding> findings;
  if (bytes.size() > max_bytes) {
    if (linter.rule_enabled("io/too-large", name))
      findings.push_back(whole_file_finding(name, "io/too-large", linter.rule_severity("io/too-large", name),
                                          fmt::format("standard input is larger than {} bytes (--max-file-size): "
                                                      "not linted",
                                                      max_bytes)));
  } else {
    findings = linter.lint_text(name, std::move(bytes));
  }
  std::stable_sort(findings.begin(), findings.end(), finding_less);
  result.findings.merge_in(std::move(findings));
  return result;
}

}  // namespace hlint

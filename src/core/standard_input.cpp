#include "core/standard_input.hpp"

#include <algorithm>
#include <iterator>

namespace hlint {

std::vector<std::string> read_path_list(std::istream& in) {
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const bool nul_separated = text.find('\0') != std::string::npos;
  const char separator = nul_separated ? '\0' : '\n';
  std::vector<std::string> paths;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(separator, start);
    if (end == std::string::npos) end = text.size();
    std::string path = text.substr(start, end - start);
    if (!nul_separated && !path.empty() && path.back() == '\r') path.pop_back();
    if (!path.empty()) paths.push_back(std::move(path));
    start = end + 1;
  }
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

LintResult lint_standard_input(Linter& linter, const std::string& name, std::istream& in) {
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LintResult result;
  result.files = 1;
  result.bytes = bytes.size();
  std::vector<Finding> findings = linter.lint_text(name, std::move(bytes));
  std::stable_sort(findings.begin(), findings.end(), finding_less);
  result.findings.merge_in(std::move(findings));
  return result;
}

}  // namespace hlint

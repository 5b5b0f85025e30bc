#include "core/resources.hpp"

namespace hlint {

std::optional<std::string_view> embedded_file(std::string_view path) {
  for (const auto& file : embedded_files())
    if (file.path == path) return file.content;
  return std::nullopt;
}

std::vector<std::string> parse_phrase_list(std::string_view content) {
  std::vector<std::string> phrases;
  while (!content.empty()) {
    const auto newline = content.find('\n');
    std::string_view line = content.substr(0, newline);
    content = newline == std::string_view::npos ? std::string_view() : content.substr(newline + 1);
    if (const auto hash = line.find('#'); hash == 0 || (hash != std::string_view::npos && line[hash - 1] == ' '))
      line = line.substr(0, hash);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (!line.empty()) phrases.emplace_back(line);
  }
  return phrases;
}

}  // namespace hlint

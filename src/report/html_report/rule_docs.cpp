#include "report/html_report/rule_docs.hpp"

#include <fmt/format.h>

#include <vector>

#include "report/html_report/svg_chart.hpp"

namespace hlint::html_report {

namespace {

// Inline Markdown of one escaped line: `code` and **bold**.
std::string inline_markup(std::string_view line) {
  const std::string text = escape(line);
  std::string out;
  bool in_code = false, in_bold = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '`') {
      out += in_code ? "</code>" : "<code>";
      in_code = !in_code;
    } else if (!in_code && text.compare(i, 2, "**") == 0) {
      out += in_bold ? "</strong>" : "<strong>";
      in_bold = !in_bold;
      ++i;
    } else {
      out += text[i];
    }
  }
  if (in_code) out += "</code>";
  if (in_bold) out += "</strong>";
  return out;
}

}  // namespace

std::string rule_anchor(std::string_view rule) {
  std::string id = "rule-";
  for (char c : rule) id += (c == '/' || c == ' ') ? '-' : c;
  return id;
}

std::string markdown_to_html(std::string_view markdown) {
  std::string out;
  std::vector<std::string_view> lines;
  for (std::size_t pos = 0; pos <= markdown.size();) {
    const std::size_t end = markdown.find('\n', pos);
    lines.push_back(markdown.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  enum class Block { none, paragraph, list, code };
  Block open = Block::none;
  auto close = [&] {
    if (open == Block::paragraph) out += "</p>\n";
    if (open == Block::list) out += "</li></ul>\n";
    open = Block::none;
  };
  for (std::string_view line : lines) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (open == Block::code) {
      if (line.rfind("```", 0) == 0) {
        out += "</pre>\n";
        open = Block::none;
      } else {
        out += escape(line);
        out += '\n';
      }
      continue;
    }
    if (line.rfind("```", 0) == 0) {
      close();
      out += "<pre>";
      open = Block::code;
      continue;
    }
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      close();
      continue;
    }
    if (line[0] == '#') {
      close();
      const std::size_t level = std::min<std::size_t>(line.find_first_not_of('#'), 6);
      const std::string_view text = line.substr(std::min(line.size(), level + 1));
      // The page's own title is the summary line: its headings start at h4.
      const std::size_t tag = std::min<std::size_t>(level + 3, 6);
      out += fmt::format("<h{}>{}</h{}>\n", tag, inline_markup(text), tag);
      continue;
    }
    if (line.rfind("- ", 0) == 0 || line.rfind("* ", 0) == 0) {
      if (open == Block::list) {
        out += "</li><li>";
      } else {
        close();
        out += "<ul><li>";
        open = Block::list;
      }
      out += inline_markup(line.substr(2));
      continue;
    }
    if (open == Block::none) {
      out += "<p>";
      open = Block::paragraph;
    } else {
      out += ' ';
    }
    out += inline_markup(line.substr(line.find_first_not_of(" \t")));
  }
  if (open == Block::code) out += "</pre>\n";
  close();
  return out;
}

}  // namespace hlint::html_report

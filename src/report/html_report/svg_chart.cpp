#include "report/html_report/svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/utf8.hpp"

namespace hlint::html_report {

namespace {

constexpr int kWidth = 900;
constexpr int kLabelWidth = 300;
constexpr int kValueWidth = 110;
constexpr int kRowHeight = 22;
constexpr int kBarHeight = 14;

// Labels longer than the label column are cut (the full text is the tooltip).
std::string short_label(std::string_view text) {
  constexpr std::size_t kMaxColumns = 40;  // a Han character counts as two
  std::size_t columns = 0, end = 0;
  while (end < text.size()) {
    const auto decoded = utf8::decode(text, end);
    const std::size_t width = decoded.length > 1 ? 2 : 1;
    if (columns + width > kMaxColumns) return std::string(text.substr(0, end)) + "…";
    columns += width;
    end += decoded.length;
  }
  return std::string(text);
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string horizontal_bar_chart(const std::string& id, const std::vector<BarRow>& rows, double scale_max) {
  double longest = scale_max;
  if (longest <= 0)
    for (const BarRow& row : rows) {
      double total = 0;
      for (const BarSegment& segment : row.segments) total += segment.value;
      longest = std::max(longest, total);
    }
  if (longest <= 0) longest = 1;
  const int plot = kWidth - kLabelWidth - kValueWidth;
  const int height = std::max<int>(1, static_cast<int>(rows.size())) * kRowHeight + 4;
  std::string out = fmt::format(
      "<svg class=\"chart\" id=\"{}\" role=\"img\" viewBox=\"0 0 {} {}\">\n",
      escape(id), kWidth, height);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const BarRow& row = rows[i];
    const int y = static_cast<int>(i) * kRowHeight + 2;
    const std::string label = fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\"><title>{}</title>{}</text>",
                                          kLabelWidth - 8, y + kBarHeight - 2, escape(row.label),
                                          escape(short_label(row.label)));
    out += "<g class=\"row\">";
    out += row.href.empty() ? label : fmt::format("<a href=\"{}\">{}</a>", escape(row.href), label);
    out += fmt::format("<rect class=\"track\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>", kLabelWidth, y, plot,
                       kBarHeight);
    double x = kLabelWidth;
    for (const BarSegment& segment : row.segments) {
      const double width = plot * segment.value / longest;
      if (width <= 0) continue;
      out += fmt::format("<rect class=\"{}\" x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\"><title>{}</title></rect>",
                         escape(segment.css_class), x, y, std::max(width, 0.5), kBarHeight, escape(segment.title));
      x += width;
    }
    out += fmt::format("<text x=\"{}\" y=\"{}\">{}</text></g>\n", kLabelWidth + plot + 6, y + kBarHeight - 2,
                       escape(row.value_text));
  }
  out += "</svg>\n";
  return out;
}

}  // namespace hlint::html_report

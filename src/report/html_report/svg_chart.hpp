// Inline SVG bar charts for the HTML report: no script and no library, so
// a chart shows in any browser, in print, and with scripts off.
#pragma once

#include <string>
#include <vector>

namespace hlint::html_report {

// Text with &, <, >, " and ' escaped for HTML and SVG.
std::string escape(std::string_view text);

struct BarSegment {
  double value = 0;
  std::string css_class;  // "error", "warning", "info", "bar"
  std::string title;      // tooltip
};

struct BarRow {
  std::string label;
  std::string href;  // optional link of the label
  std::vector<BarSegment> segments;
  std::string value_text;  // printed after the bar
};

// Horizontal bars, one row per entry, segments stacked left to right; the
// longest bar spans the plot (or `scale_max` when given, e.g. 100 for
// percentages). `id` names the chart for tests and links.
std::string horizontal_bar_chart(const std::string& id, const std::vector<BarRow>& rows, double scale_max = 0);

}  // namespace hlint::html_report

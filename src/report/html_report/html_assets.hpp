// The HTML report's style sheet and script, inline in every report (the file
// must open with no network: no external URL anywhere).
#pragma once

#include <string_view>

namespace hlint::html_report {

inline constexpr std::string_view kStyle = R"CSS(
:root{--error:#c62828;--warning:#ef8f00;--info:#1e6fb8;--bar:#5b7db1;--line:#d9dde3;--muted:#5f6b7a;--bg:#f6f7f9}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:#1d2733;background:var(--bg)}
header{background:#23344d;color:#fff;padding:18px 28px}
header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;color:#c9d4e3}
nav{padding:8px 28px;background:#fff;border-bottom:1px solid var(--line);position:sticky;top:0;z-index:2}
nav a{margin-right:14px;color:#23344d;text-decoration:none;font-weight:600;font-size:13px}
main{padding:0 28px 40px;max-width:1280px}
section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:16px 20px;margin:18px 0}
h2{margin:0 0 10px;font-size:18px}
h3{margin:14px 0 6px;font-size:15px}
.note{color:var(--muted);font-size:12.5px}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:150px;background:#fbfcfd}
.card .value{font-size:22px;font-weight:700}
.card .label{color:var(--muted);font-size:12px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:16px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef1f5;position:relative}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th::after{content:" \2195";color:#9aa5b1;font-size:11px}
table.sortable th.asc::after{content:" \2191";color:#23344d}
table.sortable th.desc::after{content:" \2193";color:#23344d}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.text{max-width:560px;overflow-wrap:anywhere}
code{background:#eef1f5;padding:0 3px;border-radius:3px}
pre{background:#f1f3f6;padding:8px;overflow:auto;white-space:pre-wrap}
.sev{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px}
.sev.error{background:var(--error)}.sev.warning{background:var(--warning)}.sev.info{background:var(--info)}
svg.chart{width:100%;height:auto;display:block;margin:6px 0 10px}
svg.chart text{font-size:12px;fill:#1d2733}
svg.chart .error{fill:var(--error)}svg.chart .warning{fill:var(--warning)}svg.chart .info{fill:var(--info)}
svg.chart .bar{fill:var(--bar)}svg.chart .track{fill:#eef1f5}
.legend span{margin-right:12px;font-size:12px}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
details.rule-doc{border-top:1px solid var(--line);padding:6px 0}
details.rule-doc summary{cursor:pointer;font-weight:600}
details.rule-doc:target{background:#fff8e1}
)CSS";

// Sortable tables: a click on a heading sorts the body by that column
// (numbers by the cell's data-value, text otherwise); again to reverse.
inline constexpr std::string_view kScript = R"JS(
(function () {
  "use strict";
  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var value = cell.getAttribute("data-value");
    return value !== null ? value : cell.textContent.trim();
  }
  function sortTable(table, index, heading) {
    var body = table.tBodies[0];
    if (!body) return;
    var numeric = heading.classList.contains("num");
    // First click: numbers largest first, text in order; then each click reverses.
    var ascending = heading.classList.contains("asc") ? false : heading.classList.contains("desc") ? true : !numeric;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.classList.remove("asc", "desc"); });
    heading.classList.add(ascending ? "asc" : "desc");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index), order;
      if (numeric) order = parseFloat(x) - parseFloat(y);
      else order = x.localeCompare(y, "zh");
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    if (!table.tHead) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (heading, index) {
      heading.addEventListener("click", function () { sortTable(table, index, heading); });
    });
  });
  // A link to a rule's documentation opens it.
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") target.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
)JS";

}  // namespace hlint::html_report

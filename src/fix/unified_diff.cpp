#include "fix/unified_diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace hlint {

namespace {

// Lines with their line break (the last may have none).
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t lf = text.find('\n', start);
    const std::size_t end = lf == std::string_view::npos ? text.size() : lf + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

enum class Op { keep, remove, add };

// Myers' O((N+M)D) shortest edit script over lines: fixes change few lines
// of long files, so D is small.
std::vector<Op> edit_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  const long n = static_cast<long>(a.size()), m = static_cast<long>(b.size());
  const long max = n + m;
  std::vector<long> v(2 * static_cast<std::size_t>(max) + 4, 0);
  // Frontier d-1 as it was when search step d began, for diagonals
  // -(d+1)..d+1 only: O(D^2) memory, not O((N+M)D).
  std::vector<std::vector<long>> trace;
  const long offset = max + 1;
  long found_d = -1;
  for (long d = 0; d <= max && found_d < 0; ++d) {
    trace.emplace_back(v.begin() + (offset - d - 1), v.begin() + (offset + d + 2));
    for (long k = -d; k <= d; k += 2) {
      long x;
      if (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
        x = v[offset + k + 1];
      else
        x = v[offset + k - 1] + 1;
      long y = x - k;
      while (x < n && y < m && a[x] == b[y]) ++x, ++y;
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found_d = d;
        break;
      }
    }
  }
  // Walk back through the saved frontiers.
  std::vector<Op> ops;
  long x = n, y = m;
  for (long d = found_d; d > 0; --d) {
    const std::vector<long>& saved = trace[static_cast<std::size_t>(d)];
    auto prev = [&](long k) { return saved[static_cast<std::size_t>(k + d + 1)]; };
    const long k = x - y;
    long prev_k;
    if (k == -d || (k != d && prev(k - 1) < prev(k + 1)))
      prev_k = k + 1;
    else
      prev_k = k - 1;
    const long prev_x = prev(prev_k);
    const long prev_y = prev_x - prev_k;
    while (x > prev_x && y > prev_y) {
      ops.push_back(Op::keep);
      --x, --y;
    }
    ops.push_back(x == prev_x ? Op::add : Op::remove);
    x = prev_x, y = prev_y;
  }
  while (x > 0 && y > 0) {
    ops.push_back(Op::keep);
    --x, --y;
  }
  std::reverse(ops.begin(), ops.end());
  return ops;
}

void append_line(std::string& out, char mark, std::string_view line) {
  out += mark;
  out.append(line);
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after, const std::string& path, std::size_t context) {
  if (before == after) return {};
  const std::vector<std::string_view> all_a = split_lines(before), all_b = split_lines(after);
  // The common head and tail are kept out of the search: it runs on the
  // changed middle only.
  std::size_t head = 0;
  while (head < all_a.size() && head < all_b.size() && all_a[head] == all_b[head]) ++head;
  std::size_t tail = 0;
  while (tail < all_a.size() - head && tail < all_b.size() - head &&
         all_a[all_a.size() - 1 - tail] == all_b[all_b.size() - 1 - tail])
    ++tail;
  const std::vector<std::string_view> a(all_a.begin() + static_cast<long>(head), all_a.end() - static_cast<long>(tail));
  const std::vector<std::string_view> b(all_b.begin() + static_cast<long>(head), all_b.end() - static_cast<long>(tail));
  std::vector<Op> ops(head, Op::keep);
  for (Op op : edit_script(a, b)) ops.push_back(op);
  ops.insert(ops.end(), tail, Op::keep);

  // Positions in both files of each op, then hunks of changes `context` apart.
  struct Step {
    Op op;
    std::size_t a, b;  // index of the line in before / after
  };
  std::vector<Step> steps;
  std::size_t ia = 0, ib = 0;
  for (Op op : ops) {
    steps.push_back({op, ia, ib});
    if (op != Op::add) ++ia;
    if (op != Op::remove) ++ib;
  }
  std::string out = fmt::format("--- a/{}\n+++ b/{}\n", path, path);
  std::size_t i = 0;
  while (i < steps.size()) {
    while (i < steps.size() && steps[i].op == Op::keep) ++i;
    if (i == steps.size()) break;
    std::size_t begin = i >= context ? i - context : 0;
    std::size_t end = i;
    // Extend over changes separated by at most 2 * context kept lines.
    for (;;) {
      while (end < steps.size() && steps[end].op != Op::keep) ++end;
      std::size_t next = end;
      while (next < steps.size() && steps[next].op == Op::keep) ++next;
      if (next < steps.size() && next - end <= 2 * context) {
        end = next;
        continue;
      }
      end = std::min(steps.size(), end + context);
      break;
    }
    std::size_t a_count = 0, b_count = 0;
    for (std::size_t s = begin; s < end; ++s) {
      if (steps[s].op != Op::add) ++a_count;
      if (steps[s].op != Op::remove) ++b_count;
    }
    const std::size_t a_start = a_count ? steps[begin].a + 1 : steps[begin].a;
    const std::size_t b_start = b_count ? steps[begin].b + 1 : steps[begin].b;
    out += fmt::format("@@ -{},{} +{},{} @@\n", a_start, a_count, b_start, b_count);
    for (std::size_t s = begin; s < end; ++s) {
      const Step& step = steps[s];
      if (step.op == Op::keep) append_line(out, ' ', all_a[step.a]);
      else if (step.op == Op::remove) append_line(out, '-', all_a[step.a]);
      else append_line(out, '+', all_b[step.b]);
    }
    i = end;
  }
  return out;
}

}  // namespace hlint

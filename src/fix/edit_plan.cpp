#include "fix/edit_plan.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "fix/text_codec.hpp"

namespace hlint {

namespace {

// Two edits overlap when they share a byte, or insert at the same place (the
// order of two insertions is not for hlint to choose), or one inserts inside
// the other.
bool overlap(const ByteEdit& a, const ByteEdit& b) {
  if (a.begin == b.begin) return true;
  if (a.begin == a.end) return b.begin < a.begin && a.begin < b.end;
  if (b.begin == b.end) return a.begin < b.begin && b.begin < a.end;
  return a.begin < b.end && b.begin < a.end;
}

std::size_t first_edit_offset(const Finding& f) {
  std::size_t first = f.fix_edits.front().location.byte_offset;
  for (const ResolvedEdit& e : f.fix_edits) first = std::min(first, e.location.byte_offset);
  return first;
}

// `\n` in a replacement follows the file's line breaks.
std::string with_line_break(const std::string& text, std::string_view line_break) {
  if (line_break == "\n" || text.find('\n') == std::string::npos) return text;
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

}  // namespace

PassPlan plan_pass(const std::vector<const Finding*>& fixable) {
  std::vector<const Finding*> ordered = fixable;
  std::stable_sort(ordered.begin(), ordered.end(), [](const Finding* a, const Finding* b) {
    return first_edit_offset(*a) < first_edit_offset(*b);
  });
  PassPlan plan;
  for (const Finding* f : ordered) {
    std::vector<ByteEdit> mine;
    for (const ResolvedEdit& e : f->fix_edits)
      mine.push_back({e.location.byte_offset, std::max(e.location.byte_offset, e.location.byte_end), e.replacement});
    bool clashes = false;
    for (std::size_t i = 0; i < mine.size() && !clashes; ++i) {
      for (std::size_t j = i + 1; j < mine.size() && !clashes; ++j) clashes = overlap(mine[i], mine[j]);
      for (const ByteEdit& taken : plan.edits) clashes = clashes || overlap(mine[i], taken);
    }
    if (clashes) {
      ++plan.deferred;
      continue;
    }
    for (ByteEdit& e : mine) plan.edits.push_back(std::move(e));
    ++plan.findings;
  }
  std::sort(plan.edits.begin(), plan.edits.end(),
            [](const ByteEdit& a, const ByteEdit& b) { return a.begin < b.begin; });
  return plan;
}

std::optional<std::string> apply_pass(const std::string& bytes, Encoding encoding, const PassPlan& plan,
                                      std::string& error, std::vector<std::size_t>* written) {
  if (written) written->clear();
  const std::string_view line_break = line_break_of(bytes, encoding);
  std::string out;
  out.reserve(bytes.size() + 64);
  std::size_t copied_to = 0;
  for (const ByteEdit& edit : plan.edits) {
    if (edit.end > bytes.size() || edit.begin < copied_to) {
      error = "an edit lies outside the file (it changed while being fixed?)";
      return std::nullopt;
    }
    const std::string_view replaced(bytes.data() + edit.begin, edit.end - edit.begin);
    if (!decodes_cleanly(replaced, encoding)) {
      error = fmt::format("an edit at byte {} covers bytes that are not whole {} characters", edit.begin,
                          to_string(encoding));
      return std::nullopt;
    }
    std::optional<std::string> encoded = encode_as(with_line_break(edit.replacement, line_break), encoding);
    if (!encoded) {
      error = fmt::format("the fix's text `{}` cannot be written in {}", edit.replacement,
                          encoding == Encoding::gb18030 ? std::string_view("GBK") : to_string(encoding));
      return std::nullopt;
    }
    out.append(bytes, copied_to, edit.begin - copied_to);
    out += *encoded;
    if (written) written->push_back(encoded->size());
    copied_to = edit.end;
  }
  out.append(bytes, copied_to, std::string::npos);
  return out;
}

}  // namespace hlint

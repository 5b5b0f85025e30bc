// front-matter/missing-key: a post without the metadata every post needs. Hexo
// posts are checked against their front matter; text scrapes (no front matter)
// against the metadata their page header shows, as ArticleInfo reads it.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "core/article.hpp"
#include "core/check.hpp"
#include "front-matter/front_matter_values.hpp"

namespace hlint {

namespace {

// The page-header fields ArticleInfo reads, and how a reader recognises each.
struct HeaderFieldKind {
  std::string_view name;
  std::string_view description;
};

const HeaderFieldKind* header_field_kind(std::string_view name) {
  static constexpr HeaderFieldKind kHeaderFields[] = {
      {"title", "title line"},
      {"author", "author (`作者:`, `发布者:`, `编辑:`)"},
      {"date", "date (`时间:`, `发布时间:` or a `2021-05-21 10:00` line)"},
      {"views", "view count (`2898次浏览`)"},
      {"site", "site name"},
      {"source", "source (`来源:`)"},
      {"breadcrumb", "breadcrumb (`当前位置:`)"},
  };
  for (const auto& kind : kHeaderFields)
    if (kind.name == name) return &kind;
  return nullptr;
}

bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// The line's content without trailing white space, as a span.
Span line_content(const Document& doc, std::size_t line) {
  std::string_view text = doc.lines().line_text(line);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  const std::size_t start = doc.lines().line_start(line);
  return {start, start + text.size()};
}

// The first line with something on it: where front matter would have to go.
Span first_content_line(const Document& doc) {
  const std::string_view text = doc.text();
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return line_content(doc, 0);
  const Span line = line_content(doc, doc.lines().line_of(first));
  return {first, std::max(first, line.end)};
}

// Whether `\d{4}(?:[-/.]|年)\d{1,2}(?:[-/.]|月)\d{1,2}` occurs in text (as
// std::regex_search finds it: `\d` is an ASCII digit): a date such as
// `2021-05-21` or `2021年07月02日`.
bool has_numeric_date(std::string_view text) {
  const auto digit = [&](std::size_t pos) { return pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; };
  // The length of the separator at text[pos] (`-`, `/`, `.` or the Han one), or 0.
  const auto separator = [&](std::size_t pos, std::string_view han) -> std::size_t {
    if (pos >= text.size()) return 0;
    if (text[pos] == '-' || text[pos] == '/' || text[pos] == '.') return 1;
    return text.substr(pos).starts_with(han) ? han.size() : 0;
  };
  for (std::size_t year = 0; year + 4 <= text.size(); ++year) {
    if (!(digit(year) && digit(year + 1) && digit(year + 2) && digit(year + 3))) continue;
    const std::size_t first = separator(year + 4, "年");
    if (first == 0) continue;
    const std::size_t month = year + 4 + first;
    // `\d{1,2}`: one digit or two, whichever the second separator follows.
    for (std::size_t digits = 1; digits <= 2 && digit(month + digits - 1); ++digits)
      if (const std::size_t second = separator(month + digits, "月"); second != 0 && digit(month + digits + second))
        return true;
  }
  return false;
}

}  // namespace

class MissingKeyCheck : public Check {
 public:
  static CheckInfo info() {
    return {"front-matter/missing-key",
            Severity::warning,
            {{"required", OptionType::string_list, "title, date, author, categories",
              "keys every post's front matter needs"},
             {"text-header-required", OptionType::string_list, "title, date, author",
              "page-header fields a text scrape needs: title, author, date, views, site, source, breadcrumb"}},
            false};
  }

  explicit MissingKeyCheck(const CheckOptions& options)
      : required_(front_matter::strings_option(options, "required", {"title", "date", "author", "categories"})),
        text_header_required_(
            front_matter::strings_option(options, "text-header-required", {"title", "date", "author"})) {
    for (const std::string& name : text_header_required_)
      if (header_field_kind(name) == nullptr)
        throw std::runtime_error(fmt::format(
            "option text-header-required of front-matter/missing-key: a page header has no field `{}` (use title, "
            "author, date, views, site, source or breadcrumb)",
            name));
  }

  void check(const Document& doc, Reporter& out) const override {
    const auto& fm = doc.front_matter();
    if (fm) {
      // Keys of a front matter that does not parse are unknown, and
      // front-matter/yaml-syntax already reports the document.
      if (!fm->error) check_front_matter(doc, *fm, out);
      return;
    }
    if (doc.body_format() == BodyFormat::plain_text) {
      check_text_header(doc, out);
      return;
    }
    // An HTML or Markdown post (or a blank file) with no front matter at all:
    // one finding, where the front matter should start.
    if (required_.empty()) return;
    out.report(first_content_line(doc), fmt::format("no front matter: the post has no {}; add a `---` block at the top",
                                                    fmt::join(quoted(required_), ", ")));
  }

 private:
  static std::vector<std::string> quoted(const std::vector<std::string>& keys) {
    std::vector<std::string> out;
    out.reserve(keys.size());
    for (const auto& key : keys) out.push_back(fmt::format("`{}`", key));
    return out;
  }

  // Reported at the closing `---`: the line before which the key belongs.
  void check_front_matter(const Document& doc, const FrontMatter& fm, Reporter& out) const {
    const Span closing_fence = line_content(doc, doc.lines().line_of(fm.yaml.end));
    for (const std::string& key : required_) {
      if (fm.find(key) != nullptr) continue;
      std::string hint;
      for (const FrontMatterEntry& entry : fm.entries)
        if (equal_ignoring_ascii_case(entry.key, key)) {
          hint = fmt::format(" (there is `{}`: keys are case-sensitive)", entry.key);
          break;
        }
      out.report(closing_fence, fmt::format("the front matter has no `{}`{}", key, hint));
    }
  }

  // Reported at the title line, where the header is; at the first line when
  // even the title is missing.
  void check_text_header(const Document& doc, Reporter& out) const {
    const ArticleInfo& article = doc.analysis<ArticleInfo>();
    Span anchor = first_content_line(doc);
    if (article.title_block && *article.title_block < doc.blocks().size())
      anchor = doc.blocks()[*article.title_block].span();
    else if (!doc.blocks().empty())
      anchor = doc.blocks().front().span();
    // One finding for all the missing fields: on a corpus of pages whose
    // header is only a view counter, one per field would drown the rest.
    std::vector<std::string> missing;
    for (const std::string& name : text_header_required_) {
      bool present = name == "title" ? article.title.has_value() : article.field(name) != nullptr;
      if (!present && name == "date") present = header_shows_date(doc, article);
      if (!present) missing.push_back(fmt::format("no {}", header_field_kind(name)->description));
    }
    if (missing.empty()) return;
    std::string list = missing.front();
    for (std::size_t i = 1; i < missing.size(); ++i) list += (i + 1 == missing.size() ? " and " : ", ") + missing[i];
    out.report(anchor, fmt::format("the page header has {}", list));
  }

  // ArticleInfo reads a date only when it is labelled (`时间:`) or starts its
  // line; a header line such as `来源：人民网 2021年07月02日10:15` shows one too.
  bool header_shows_date(const Document& doc, const ArticleInfo& article) const {
    constexpr std::size_t kLongestHeaderLine = 240;  // bytes, as ArticleInfo's header lines
    const auto& blocks = doc.blocks();
    for (std::size_t i = 0; i < article.body_block && i < blocks.size(); ++i) {
      if (article.title_block && i == *article.title_block) continue;
      if (blocks[i].text.size() <= kLongestHeaderLine && has_numeric_date(blocks[i].text)) return true;
    }
    return false;
  }

  std::vector<std::string> required_;
  std::vector<std::string> text_header_required_;
};

void add_missing_key_check(CheckRegistry& registry) { registry.add<MissingKeyCheck>(); }

}  // namespace hlint

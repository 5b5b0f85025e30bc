#include "report/audit/document_facts.hpp"

#include <nlohmann/json.hpp>

#include <ctime>
#include <set>

#include "core/article.hpp"
#include "core/utf8.hpp"
#include "front-matter/date_reader.hpp"
#include "images/image_references.hpp"
#include "related/related_sections.hpp"

namespace hlint::audit {

namespace {

constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

// Text cut to at most `max_bytes` on a character boundary.
std::string cut(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t end = 0;
  while (end < text.size()) {
    const std::size_t next = end + utf8::decode(text, end).length;
    if (next > max_bytes) break;
    end = next;
  }
  return std::string(text.substr(0, end));
}

std::string trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

std::optional<std::string> front_matter_text(const Document& doc, std::initializer_list<std::string_view> keys) {
  if (!doc.front_matter() || doc.front_matter()->error) return std::nullopt;
  for (std::string_view key : keys) {
    const FrontMatterEntry* entry = doc.front_matter()->find(key);
    if (!entry || !entry->value.IsScalar()) continue;
    std::string value = trim(entry->value.Scalar());
    if (!value.empty()) return cut(value, 300);
  }
  return std::nullopt;
}

std::optional<std::string> header_text(const ArticleInfo& article, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names)
    if (const HeaderField* field = article.field(name); field && !trim(field->value).empty())
      return cut(trim(field->value), 300);
  return std::nullopt;
}

std::vector<std::string> categories_of(const Document& doc, const ArticleInfo& article) {
  std::vector<std::string> out;
  if (doc.front_matter() && !doc.front_matter()->error) {
    for (std::string_view key : {"categories", "category"}) {
      const FrontMatterEntry* entry = doc.front_matter()->find(key);
      if (!entry) continue;
      if (entry->value.IsSequence()) {
        for (const auto& item : entry->value)
          if (item.IsScalar() && !trim(item.Scalar()).empty()) out.push_back(cut(trim(item.Scalar()), 120));
      } else if (entry->value.IsScalar() && !trim(entry->value.Scalar()).empty()) {
        out.push_back(cut(trim(entry->value.Scalar()), 120));
      }
      if (!out.empty()) return out;
    }
  }
  // `当前位置: 首页 疾病科普 外科 骨科` (or `首页 > 疾病科普 > 外科`): the
  // crumbs after the label, the home page left out.
  if (const HeaderField* crumbs = article.field("breadcrumb")) {
    std::string_view text = crumbs->value;
    for (std::string_view colon : {"：", ":"})
      if (const std::size_t at = text.find(colon); at != std::string_view::npos) {
        text.remove_prefix(at + colon.size());
        break;
      }
    std::string crumb;
    auto flush = [&] {
      if (!crumb.empty() && crumb != "首页" && out.size() < 8) out.push_back(cut(crumb, 120));
      crumb.clear();
    };
    for (std::size_t i = 0; i < text.size();) {
      const std::size_t length = utf8::decode(text, i).length;
      const std::string_view ch = text.substr(i, length);
      if (ch == " " || ch == "\t" || ch == ">" || ch == "/" || ch == "»" || ch == "›" || ch == "＞" || ch == "\u3000")
        flush();
      else
        crumb.append(ch);
      i += length;
    }
    flush();
  }
  return out;
}

std::optional<std::string> iso_date(const front_matter::DateReader& reader, const std::optional<std::string>& date) {
  if (!date) return std::nullopt;
  const front_matter::DateReading reading = reader.read(*date);
  if (reading.verdict != front_matter::DateReading::Verdict::valid) return std::nullopt;
  const std::time_t seconds = static_cast<std::time_t>(reading.epoch_seconds);
  std::tm tm{};
  if (!gmtime_r(&seconds, &tm)) return std::nullopt;
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return std::string(text);
}

nlohmann::json optional_json(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// The describer's state, shared by the worker threads (read only once built).
class Describer {
 public:
  Describer(const PhraseLists& phrases, const RunContext& context)
      : phrases_(phrases),
        context_(context),
        related_(CheckOptions(YAML::Node(), phrases_, context_)),
        images_(CheckOptions(YAML::Node(), phrases_, context_)) {}

  std::string describe(const std::string& path, const Document* doc, std::string_view skipped, std::size_t bytes) const {
    nlohmann::json record = {{"path", path}, {"bytes", bytes}};
    if (!doc) {
      record["format"] = std::string(skipped);
      return record.dump(-1, ' ', false, kReplace);
    }
    record["format"] = std::string(to_string(doc->body_format()));
    record["encoding"] = std::string(to_string(doc->source().encoding()));
    const ArticleInfo& article = doc->analysis<ArticleInfo>();
    if (article.title) record["title"] = cut(*article.title, 300);
    const DocumentKind& kind = doc->analysis<DocumentKind>();
    record["health_article"] = kind.health_information;
    record["advertisement"] = kind.advertisement;
    std::optional<std::string> author = front_matter_text(*doc, {"author"});
    if (!author) author = header_text(article, {"author"});
    std::optional<std::string> publisher = front_matter_text(*doc, {"source", "publisher", "site"});
    // A front-matter `source` is often the page's address: the host then.
    if (publisher && publisher->rfind("http", 0) == 0) publisher = url_host(*publisher);
    if (!publisher) publisher = header_text(article, {"source", "site"});
    if (!publisher) publisher = author;
    if (author) record["author"] = *author;
    if (publisher) record["publisher"] = *publisher;
    const std::vector<std::string> categories = categories_of(*doc, article);
    if (!categories.empty()) record["categories"] = categories;
    std::optional<std::string> date = front_matter_text(*doc, {"date"});
    if (!date) date = header_text(article, {"date"});
    if (date) {
      record["date"] = *date;
      if (auto iso = iso_date(dates_, date)) record["date_iso"] = *iso;
    }
    describe_images(*doc, record);
    describe_related(*doc, record);
    return record.dump(-1, ' ', false, kReplace);
  }

 private:
  static std::optional<std::string> url_host(const std::string& url) {
    const std::size_t scheme = url.find("://");
    if (scheme == std::string::npos) return url;
    const std::size_t begin = scheme + 3;
    const std::size_t end = url.find_first_of("/?#", begin);
    std::string host = url.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
    if (host.empty()) return std::nullopt;
    return host;
  }

  void describe_images(const Document& doc, nlohmann::json& record) const {
    std::uint32_t count = 0;
    std::optional<std::string> lead;
    images_.for_each(doc, [&](const ImageReference& image) {
      ++count;
      if (!lead && !trim(image.url).empty()) lead = cut(trim(image.url), 500);
    });
    record["images"] = count;
    if (lead) record["lead_image"] = *lead;
  }

  void describe_related(const Document& doc, nlohmann::json& record) const {
    std::set<std::string> seen;
    nlohmann::json blurbs = nlohmann::json::array();
    for (const RelatedSection& section : doc.analysis<RelatedSections>().sections(related_))
      for (const RelatedItem& item : section.items) {
        if (item.normalized_blurb.empty() || blurbs.size() >= DocumentFacts::kMaxBlurbs) continue;
        std::string blurb = cut(item.normalized_blurb, DocumentFacts::kMaxBlurbBytes);
        if (seen.insert(blurb).second) blurbs.push_back(std::move(blurb));
      }
    if (!blurbs.empty()) record["related_blurbs"] = std::move(blurbs);
  }

  PhraseLists phrases_;
  RunContext context_;
  RelatedSyntax related_;
  ImageScope images_;
  front_matter::DateReader dates_;
};

}  // namespace

std::string DocumentFacts::directory() const {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

DocumentDescriber make_document_describer(const PhraseLists& phrases, const RunContext& context) {
  auto describer = std::make_shared<Describer>(phrases, context);
  return [describer](const std::string& path, const Document* doc, std::string_view skipped, std::size_t bytes) {
    return describer->describe(path, doc, skipped, bytes);
  };
}

DocumentFacts decode_facts(std::string_view record) {
  const nlohmann::json json = nlohmann::json::parse(record);
  DocumentFacts facts;
  facts.path = json.value("path", "");
  facts.format = json.value("format", "");
  facts.encoding = json.value("encoding", "");
  facts.bytes = json.value("bytes", std::uint64_t{0});
  auto text = [&](const char* key) -> std::optional<std::string> {
    const auto found = json.find(key);
    if (found == json.end() || !found->is_string()) return std::nullopt;
    return found->get<std::string>();
  };
  facts.title = text("title");
  facts.publisher = text("publisher");
  facts.author = text("author");
  facts.date = text("date");
  facts.date_iso = text("date_iso");
  facts.lead_image = text("lead_image");
  facts.images = json.value("images", std::uint32_t{0});
  if (const auto found = json.find("categories"); found != json.end())
    facts.categories = found->get<std::vector<std::string>>();
  if (const auto found = json.find("related_blurbs"); found != json.end())
    facts.related_blurbs = found->get<std::vector<std::string>>();
  if (const auto found = json.find("health_article"); found != json.end() && found->is_boolean())
    facts.health_article = found->get<bool>();
  return facts;
}

}  // namespace hlint::audit

// What the audit formats (--format documents, --format html) say about each
// document beyond its findings: format, encoding, size, title, publisher,
// author, categories, date, lead image and related blurbs. Read from the
// document model on the linter's worker thread while the model is alive
// (LintOptions::describe_document), kept as one small record per file in
// LintResult::documents, and decoded by the emitters.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/check.hpp"
#include "core/config.hpp"
#include "core/document.hpp"

namespace hlint::audit {

struct DocumentFacts {
  std::string path;
  // BodyFormat's name (html, markdown, text, empty) for a modelled
  // document; "empty", "binary" or "unreadable" for a file that was not.
  std::string format;
  std::string encoding;  // "UTF-8", "UTF-8 with BOM", "GB18030", "UTF-16LE", "UTF-16BE"; empty when not decoded
  std::uint64_t bytes = 0;
  std::optional<std::string> title;
  // The site or organisation the article comes from: front matter `source`,
  // `publisher` or `site`, else the page header's 来源 / site line, else the
  // author (Hexo scrapes name the publishing site as the author).
  std::optional<std::string> publisher;
  std::optional<std::string> author;
  std::vector<std::string> categories;  // front matter `categories`, else the breadcrumb (首页 left out)
  std::optional<std::string> date;      // as written
  std::optional<std::string> date_iso;  // YYYY-MM-DD when the date reads as one
  // Whether the document is a health article. The article model does not
  // decide this yet: always null until it does (the field is in every
  // output so that tools reading it need not change then).
  std::optional<bool> health_article;
  std::optional<std::string> lead_image;  // the front matter's image, else the body's first
  std::uint32_t images = 0;               // image references (front-matter image keys and body)
  // The related items' blurbs, normalised as the related/ checks compare
  // them, one entry per distinct blurb (at most kMaxBlurbs, each cut to
  // kMaxBlurbBytes on a character boundary).
  std::vector<std::string> related_blurbs;

  static constexpr std::size_t kMaxBlurbs = 32;
  static constexpr std::size_t kMaxBlurbBytes = 300;

  // The directory part of the path ("." for a file given without one).
  std::string directory() const;
};

// The record of one file (LintOptions::describe_document's signature).
using DocumentDescriber =
    std::function<std::string(const std::string& path, const Document* doc, std::string_view skipped, std::size_t bytes)>;

// A describer reading related sections with `phrases` (the config's, so the
// sections are the ones the related/ checks saw) and `context`; copies both.
DocumentDescriber make_document_describer(const PhraseLists& phrases, const RunContext& context);

// Facts of a record made by the describer.
DocumentFacts decode_facts(std::string_view record);

}  // namespace hlint::audit

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "core/article.hpp"
#include "core/document.hpp"

using hlint::Document;

namespace {
std::string read_seed(const std::string& name) {
  std::ifstream in(std::string(HLINT_SOURCE_DIR) + "/fixtures/sample/" + name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
std::string where(const Document& doc, hlint::Span span) {
  const auto l = doc.locate(span);
  return std::to_string(l.start.line) + ":" + std::to_string(l.start.column) + "-" + std::to_string(l.end.line) + ":" +
         std::to_string(l.end.column);
}
}  // namespace

TEST_CASE("hexo post: front matter keys and values at their exact positions") {
  auto doc = Document::load("000.txt", read_seed("000_6143a28c6b074825.txt"));
  REQUIRE(doc->front_matter());
  const auto& fm = *doc->front_matter();
  CHECK_FALSE(fm.error);
  CHECK(doc->body_format() == hlint::BodyFormat::html);
  const auto* author = fm.find("author");
  REQUIRE(author);
  CHECK(where(*doc, author->key_span) == "9:1-9:7");
  CHECK(doc->slice(author->value_span) == "快科技（原驱动之家）");
  CHECK(where(*doc, author->value_span) == "9:9-9:19");
  const auto* date = fm.find("date");
  REQUIRE(date);
  CHECK(date->value.Scalar() == "Fri, 21 May 2021 11:29:03 GMT");
  CHECK(where(*doc, date->value_span) == "11:7-11:36");
}

TEST_CASE("front matter: a YAML error is located in the original file") {
  auto doc = Document::load("bad.txt", "\n\n---\ntitle: x\n  bad: indent: here\n---\n<p>正文</p>\n");
  REQUIRE(doc->front_matter());
  REQUIRE(doc->front_matter()->error);
  CHECK(doc->locate(doc->front_matter()->error->span).start.line == 5);
  // The body is still there to be linted.
  CHECK(doc->blocks().size() == 1);
}

TEST_CASE("duplicate front matter keys are all listed") {
  auto doc = Document::load("dup.txt", "---\ntitle: a\ntitle: b\n---\n<p>x</p>\n");
  REQUIRE(doc->front_matter());
  int titles = 0;
  for (const auto& e : doc->front_matter()->entries) titles += e.key == "title";
  CHECK(titles == 2);
}

TEST_CASE("HTML text blocks map back to the original bytes, entities included") {
  auto doc = Document::load("a.html", "<div>\n<p>A&amp;B  <b>粗</b>\n 体</p><p>二</p></div>\n");
  REQUIRE(doc->body_format() == hlint::BodyFormat::html);
  REQUIRE(doc->blocks().size() == 2);
  const auto& b = doc->blocks()[0];
  CHECK(b.text == "A&B 粗 体");
  CHECK(where(*doc, b.span(1, 2)) == "2:5-2:10");  // `&amp;`
  const auto han = b.text.find("体");
  CHECK(where(*doc, b.span(han, han + 3)) == "3:2-3:3");
  CHECK(doc->blocks()[1].element == "p");
}

TEST_CASE("tidy's DOM is tied to the original tags despite tabs and control characters") {
  // Tidy expands the tab and drops the control character, so its columns are
  // wrong here; the element must still point at its real start tag.
  const std::string html = "<div>\t\x01<p class=\"url\"><img src=\"a.png\" alt=\"\xE5\x9B\xBE\"></p></div>\n";
  auto doc = Document::load("t.html", html);
  REQUIRE(!doc->dom().empty());
  const auto img = doc->dom().document().select_node("//img").node();
  REQUIRE(img);
  const auto* tag = doc->dom().source_tag(img);
  REQUIRE(tag);
  CHECK(doc->slice(tag->span).substr(0, 4) == "<img");
  const auto* src = tag->attribute("src");
  REQUIRE(src);
  CHECK(doc->slice(src->value_span) == "a.png");
  CHECK(where(*doc, src->value_span) == "1:33-1:38");
  // Tidy implies <html>/<body> for a fragment: no source tag.
  const auto body = doc->dom().document().select_node("//body").node();
  REQUIRE(body);
  CHECK(doc->dom().source_tag(body) == nullptr);
  const auto p = doc->dom().document().select_node("//p[@class='url']").node();
  REQUIRE(doc->dom().source_tag(p));
  CHECK(doc->slice(doc->dom().source_extent(p)).back() == '>');
  CHECK(doc->slice(doc->dom().source_extent(p)).substr(doc->slice(doc->dom().source_extent(p)).size() - 4) == "</p>");
}

TEST_CASE("every element of a large DOM finds its own start tag and extent") {
  // Many elements over many lines (several pugixml pages): each one tidy kept
  // is tied to the start tag of its own line, and its extent ends with its
  // end tag.
  std::string html = "<div>\n";
  for (int k = 0; k < 400; ++k)
    html += "<p id=\"p" + std::to_string(k) + "\">\xE6\xAE\xB5<strong>" + std::to_string(k) + "</strong></p>\n";
  html += "</div>\n";
  auto doc = Document::load("big.html", html);
  REQUIRE(!doc->dom().empty());
  int matched = 0;
  for (const auto& selected : doc->dom().document().select_nodes("//p | //strong")) {
    const pugi::xml_node element = selected.node();
    const auto* tag = doc->dom().source_tag(element);
    REQUIRE(tag);
    CHECK(tag->name == element.name());
    const std::string_view extent = doc->slice(doc->dom().source_extent(element));
    CHECK(extent.substr(0, tag->name.size() + 1) == "<" + tag->name);
    CHECK(extent.substr(extent.size() - tag->name.size() - 3) == "</" + tag->name + ">");
    if (element.name() == std::string("p")) {
      const auto* id = tag->attribute("id");
      REQUIRE(id);
      CHECK(id->value == element.attribute("id").value());
    }
    ++matched;
  }
  CHECK(matched == 800);
}

TEST_CASE("text scrapes: one block per line; article header read from the page") {
  auto doc = Document::load("004.txt", read_seed("004_e09dd32936dc1587.txt"));
  CHECK(doc->body_format() == hlint::BodyFormat::plain_text);
  CHECK_FALSE(doc->front_matter());
  const auto& article = doc->analysis<hlint::ArticleInfo>();
  REQUIRE(article.title);
  CHECK(*article.title == "肌肉萎缩是怎么回事");
  REQUIRE(article.field("author"));
  CHECK(article.field("author")->value == "绿阴无数");
  CHECK(where(*doc, article.field("date")->span) == "5:13-5:28");
  REQUIRE(article.lead_block);
  CHECK(doc->locate(doc->blocks()[*article.lead_block].span()).start.line == 7);
}

TEST_CASE("GBK document positions are the same lines and columns as in the file") {
  // "标题\n正文Z主要" in GB18030.
  const std::string gbk = "\xB1\xEA\xCC\xE2\n\xD5\xFD\xCE\xC4Z\xD6\xF7\xD2\xAA";
  auto doc = Document::load("g.txt", gbk);
  CHECK(doc->source().encoding() == hlint::Encoding::gb18030);
  const auto z = doc->text().find('Z');
  const auto l = doc->locate({z, z + 1});
  CHECK(l.start.line == 2);
  CHECK(l.start.column == 3);
  CHECK(l.byte_offset == 9);  // in the GBK file
}

TEST_CASE("CR-only line ends work in text scrapes") {
  auto doc = Document::load("cr.txt", "标题\r正文一\r正文二");
  REQUIRE(doc->blocks().size() == 3);
  CHECK(where(*doc, doc->blocks()[2].span()) == "3:1-3:4");
}

TEST_CASE("SourceMap: one piece, then two, cleared and reused, copied", "[model]") {
  const std::string doc = "前言 正文&amp;尾";
  auto same = [](hlint::Span a, hlint::Span b) { return a.begin == b.begin && a.end == b.end; };
  hlint::TextBlock block;
  CHECK(block.begin_of(0) == 0);  // no piece at all
  // Two contiguous copies are one piece.
  block.map.copy(0, {0, 3});
  block.map.copy(3, {3, 6});
  block.text = doc.substr(0, 6);
  CHECK(same(block.span(), {0, 6}));
  CHECK(block.begin_of(4) == 3);
  // A copy that is not contiguous, then a replacement: more pieces.
  block.map.copy(6, {7, 13});
  block.map.replace(12, 1, {13, 18});
  block.text = doc.substr(0, 6) + doc.substr(7, 6) + "&";
  CHECK(block.begin_of(6) == 7);
  CHECK(block.end_of(12) == 18);
  CHECK(same(block.span(3, 9), {3, 10}));
  hlint::TextBlock copied = block;
  // Cleared and reused as one piece again.
  block.map.clear();
  block.map.copy(0, {18, 21});
  block.text = doc.substr(18, 3);
  CHECK(same(block.span(), {18, 21}));
  CHECK(block.end_of(0) == 21);
  // The copy kept the pieces it had.
  CHECK(copied.end_of(12) == 18);
  CHECK(copied.begin_of(7) == 7);
  CHECK(same(copied.span(), {0, 18}));
}

TEST_CASE("SourceMap gives each byte the span of the character it belongs to", "[model]") {
  // The document: ASCII, Chinese (3 bytes), an emoji (4 bytes), an entity.
  const std::string doc = "ab中文x&amp;y😀z   q";
  // The block's text as the builder makes it: "ab中文x" copied, "&" for the
  // entity, "y😀z" copied, one space for three, "q" copied.
  hlint::TextBlock block;
  auto copy = [&](std::size_t begin, std::size_t end) {
    block.map.copy(block.text.size(), {begin, end});
    block.text += doc.substr(begin, end - begin);
  };
  auto replace = [&](std::string_view bytes, std::size_t begin, std::size_t end) {
    block.map.replace(block.text.size(), bytes.size(), {begin, end});
    block.text += bytes;
  };
  copy(0, 9);                  // ab中文x
  replace("&", 9, 14);         // &amp;
  copy(14, 15);                // y (joins nothing: the entity is between)
  copy(15, 20);                // 😀z, contiguous with y: one piece
  replace(" ", 20, 23);        // three spaces
  copy(23, 24);                // q
  REQUIRE(block.text == "ab中文x&y😀z q");

  // Expected, byte by byte: {begin, end} of the character in the document.
  const std::vector<std::pair<std::uint32_t, std::uint32_t>> expected = {
      {0, 1}, {1, 2}, {2, 5}, {2, 5}, {2, 5}, {5, 8}, {5, 8}, {5, 8}, {8, 9},  // ab中文x
      {9, 14},                                                                  // &
      {14, 15}, {15, 19}, {15, 19}, {15, 19}, {15, 19}, {19, 20},               // y😀z
      {20, 23},                                                                 // space
      {23, 24}};                                                                // q
  REQUIRE(expected.size() == block.text.size());
  for (std::size_t i = 0; i < block.text.size(); ++i) {
    INFO("byte " << i);
    CHECK(block.begin_of(i) == expected[i].first);
    CHECK(block.end_of(i) == expected[i].second);
  }
  // One past the text: the end of the last character.
  CHECK(block.begin_of(block.text.size()) == 24);
  CHECK(block.end_of(block.text.size()) == 24);
  CHECK(block.span(2, 8).begin == 2);
  CHECK(block.span(2, 8).end == 8);
  CHECK(block.span(9, 10).begin == 9);
  CHECK(block.span(9, 10).end == 14);
  CHECK(block.span(3, 3).begin == 2);  // empty span inside a character: at its start
}

namespace {
// Analyses that count their constructions; the outer one asks for the inner
// one while it is being built.
int inner_built = 0;
int outer_built = 0;
struct InnerAnalysis {
  explicit InnerAnalysis(const Document& doc) : size(doc.text().size()) { ++inner_built; }
  std::size_t size;
};
struct OuterAnalysis {
  explicit OuterAnalysis(const Document& doc) : inner(&doc.analysis<InnerAnalysis>()) { ++outer_built; }
  const InnerAnalysis* inner;
};
}  // namespace

TEST_CASE("analyses are built once per document and type, even when one asks for another") {
  auto doc = Document::load("a.txt", "一行文字\n");
  auto other = Document::load("b.txt", "两行\n文字\n");
  inner_built = outer_built = 0;
  const OuterAnalysis& outer = doc->analysis<OuterAnalysis>();
  CHECK(&doc->analysis<OuterAnalysis>() == &outer);
  CHECK(&doc->analysis<InnerAnalysis>() == outer.inner);
  CHECK(outer.inner->size == doc->text().size());
  CHECK((inner_built == 1 && outer_built == 1));
  CHECK(&other->analysis<InnerAnalysis>() != outer.inner);
  CHECK(other->analysis<InnerAnalysis>().size == other->text().size());
  CHECK(inner_built == 2);
}

// related/corpus-boilerplate: the same findings whether its records stay in
// memory or go through many sorted runs of its temporary file, and whatever
// the order the documents are observed in.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "core/config.hpp"
#include "core/document.hpp"
#include "related/corpus_boilerplate.hpp"

namespace {

// Documents with a related section whose blurbs are drawn from a few shared
// ones (some repeated inside a document), under paths that sort unlike the
// order they are made in.
std::vector<std::unique_ptr<hlint::Document>> corpus(std::mt19937& rng) {
  const std::vector<std::string> blurbs = {
      "膝盖疼可以先休息、冷敷,减少上下楼梯,疼痛持续不缓解应及时就医。",
      "膝盖疼可以先休息,冷敷;减少上下楼梯 疼痛持续不缓解应及时就医",  // the same once normalised
      "肩膀疼可能与肩周炎、颈椎病、肩袖损伤等有关,需要结合检查明确原因。",
      "部分肩周炎患者在一到两年内可以逐渐缓解,但坚持锻炼能明显缩短病程。",
      "锻炼前先热敷肩部十分钟,可以减轻疼痛、放松肌肉。",
      "太短的简介",
  };
  std::vector<std::unique_ptr<hlint::Document>> docs;
  for (int n = 0; n < 300; ++n) {
    std::string text = "肩周炎怎么锻炼\n肩周炎患者可以通过爬墙运动、钟摆运动等方式锻炼肩关节。\n";
    for (std::size_t pad = rng() % 4; pad > 0; --pad) text += "\n";
    text += "相关推荐\n";
    for (std::size_t items = 1 + rng() % 4; items > 0; --items) {
      text += "相关文章标题" + std::to_string(rng() % 1000) + "\n";
      text += blurbs[rng() % blurbs.size()] + "\n";
    }
    const std::string path = "dir" + std::to_string(rng() % 7) + "/" + std::to_string(rng() % 100000) + ".txt";
    docs.push_back(hlint::Document::load(path, text));
  }
  return docs;
}

std::vector<std::string> lint(const std::vector<const hlint::Document*>& docs, std::size_t budget,
                              const std::string& options) {
  hlint::PhraseLists phrases;
  hlint::RunContext context;
  auto check = hlint::make_corpus_boilerplate_check(
      hlint::CheckOptions(YAML::Load(options), phrases, context), budget);
  for (const hlint::Document* doc : docs) check->observe(*doc);
  std::vector<hlint::Finding> findings;
  hlint::CorpusReporter reporter("related/corpus-boilerplate", hlint::Severity::error, findings);
  check->finish(reporter);
  std::vector<std::string> out;
  for (const auto& f : findings)
    out.push_back(f.path + ":" + std::to_string(f.location.start.line) + ":" + std::to_string(f.location.start.column) +
                  "-" + std::to_string(f.location.end.line) + ":" + std::to_string(f.location.end.column) + " " +
                  std::to_string(f.location.byte_offset) + "-" + std::to_string(f.location.byte_end) + " [" +
                  f.fingerprint + "] " + f.message);
  return out;
}

}  // namespace

TEST_CASE("corpus-boilerplate finds the same with a tiny memory budget and in any order") {
  std::mt19937 rng(20261122);
  const auto docs = corpus(rng);
  std::vector<const hlint::Document*> order;
  for (const auto& doc : docs) order.push_back(doc.get());
  for (const std::string options : {"{}", "{min-documents: 2, max-places: 0}", "{max-places: 1000, min-chars: 3}"}) {
    INFO(options);
    const std::vector<std::string> in_memory = lint(order, std::size_t{1} << 26, options);
    REQUIRE(!in_memory.empty());
    CHECK(in_memory.front().find("appears in") != std::string::npos);
    for (const std::size_t budget : {std::size_t{1}, std::size_t{500}, std::size_t{1} << 12}) {
      INFO("budget " << budget);
      CHECK(lint(order, budget, options) == in_memory);
      std::shuffle(order.begin(), order.end(), rng);
      CHECK(lint(order, budget, options) == in_memory);
    }
  }
}

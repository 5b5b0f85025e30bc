// related/corpus-boilerplate with a chosen RAM budget: the registry builds it
// with kCorpusBoilerplateMemory; unit tests shrink the budget so the records
// of its blurbs go through many sorted runs of its temporary file.
#pragma once

#include <cstddef>
#include <memory>

#include "core/check.hpp"

namespace hlint {

inline constexpr std::size_t kCorpusBoilerplateMemory = std::size_t{2} << 20;

std::unique_ptr<Check> make_corpus_boilerplate_check(const CheckOptions& options, std::size_t memory_budget);

}  // namespace hlint

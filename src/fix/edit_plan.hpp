// One pass of fixing a file: which findings' fixes go in together, and the
// file's bytes with them applied.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/source_text.hpp"

namespace hlint {

// A replacement in the file's bytes (offsets of the bytes this pass starts
// from; the replacement in UTF-8, as the check wrote it).
struct ByteEdit {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string replacement;
};

struct PassPlan {
  std::vector<ByteEdit> edits;       // sorted, none overlapping
  std::size_t findings = 0;          // whose fixes are all in `edits`
  std::size_t deferred = 0;          // left for the next pass (they overlap one taken)
};

// Takes the findings' fixes in document order: a finding whose edits overlap
// an edit already taken waits for the next pass, when it is found again in
// the fixed text (or is gone). A finding's edits go in all or none.
PassPlan plan_pass(const std::vector<const Finding*>& fixable);

// The bytes with the plan applied, each replacement written in the file's
// encoding and line break. Unset, with `error` saying why, when an edit would
// cut a character or bytes hlint could not decode, or a replacement has a
// character the encoding cannot hold: then the file is left alone.
// `written` (optional) receives the length in bytes of each edit's encoded
// replacement, in the order of plan.edits.
std::optional<std::string> apply_pass(const std::string& bytes, Encoding encoding, const PassPlan& plan,
                                      std::string& error, std::vector<std::size_t>* written = nullptr);

}  // namespace hlint

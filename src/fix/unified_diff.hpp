// `--diff`: what `--fix` would change, as a unified diff of the decoded text
// (UTF-8 whatever the file's encoding), which `patch` and reviewers read.
#pragma once

#include <string>
#include <string_view>

namespace hlint {

// The diff of `before` and `after` with `context` lines around each change,
// headed `--- a/PATH` / `+++ b/PATH`; empty when they are equal.
std::string unified_diff(std::string_view before, std::string_view after, const std::string& path,
                         std::size_t context = 3);

}  // namespace hlint

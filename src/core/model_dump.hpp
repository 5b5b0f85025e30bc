// A JSON view of the document model (`hlint --dump-model FILE`): what every
// check sees, with positions, for debugging checks and reporting bugs.
#pragma once

#include <nlohmann/json.hpp>

#include "core/document.hpp"

namespace hlint {

nlohmann::json dump_model(const Document& doc);

}  // namespace hlint

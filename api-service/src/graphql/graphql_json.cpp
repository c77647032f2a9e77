// Depth check of parsed JSON without recursion.
#include "graphql/graphql_json.h"

#include <utility>
#include <vector>

namespace tagwire::api::graphql_detail {

bool json_nested_deeper_than(const rapidjson::Value& value, size_t max_depth) {
  std::vector<std::pair<const rapidjson::Value*, size_t>> pending{{&value, 1}};
  while (!pending.empty()) {
    const auto [v, depth] = pending.back();
    pending.pop_back();
    if (!v->IsArray() && !v->IsObject()) continue;
    if (depth > max_depth) return true;
    if (v->IsArray()) {
      for (const auto& item : v->GetArray()) pending.emplace_back(&item, depth + 1);
    } else {
      for (const auto& member : v->GetObject()) pending.emplace_back(&member.value, depth + 1);
    }
  }
  return false;
}

}  // namespace tagwire::api::graphql_detail

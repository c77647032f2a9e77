// The Query type's fields and arguments, and suggestion of near names (graphql-js's
// suggestionList: optimal string alignment distance within 40% of the input length).
#include "graphql/graphql_schema.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace tagwire::api::graphql_detail {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Damerau-Levenshtein distance (optimal string alignment); -1 when over `threshold`.
int lexical_distance(std::string_view input, std::string_view option, int threshold) {
  if (input == option) return 0;
  const std::string a = lower(input);
  const std::string b = lower(option);
  if (a == b) return 1;
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  if (std::abs(n - m) > threshold) return -1;
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
  for (int i = 0; i <= n; ++i) d[i][0] = i;
  for (int j = 0; j <= m; ++j) d[0][j] = j;
  for (int i = 1; i <= n; ++i) {
    for (int j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m] <= threshold ? d[n][m] : -1;
}

}  // namespace

const std::vector<FieldSpec>& query_fields() {
  static const std::vector<FieldSpec> fields{
      {"tags", FieldRequest::Kind::kTags, "[String!]!",
       {{"url", "String!", false}, {"refresh", "Boolean", true}}},
      {"urls", FieldRequest::Kind::kUrls, "[String!]!",
       {{"tag", "String!", false}, {"limit", "Int", true}, {"cursor", "String", false}}},
  };
  return fields;
}

const FieldSpec* find_field(std::string_view name) {
  for (const auto& f : query_fields()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const ArgumentSpec* find_argument(const FieldSpec& field, std::string_view name) {
  for (const auto& a : field.arguments) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::vector<std::string_view> known_type_names() { return {"Boolean", "Int", "String"}; }

bool is_known_type(std::string_view name) {
  const auto names = known_type_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_non_null(std::string_view type) { return !type.empty() && type.back() == '!'; }
std::string_view nullable(std::string_view type) {
  return is_non_null(type) ? type.substr(0, type.size() - 1) : type;
}
bool is_list(std::string_view type) { return !type.empty() && type.front() == '['; }
std::string_view list_item(std::string_view type) {
  const auto t = nullable(type);
  return t.substr(1, t.size() - 2);
}

std::string did_you_mean(std::string_view input, const std::vector<std::string_view>& options) {
  const int threshold = static_cast<int>(input.size() * 4 / 10) + 1;
  std::vector<std::pair<int, std::string_view>> close;
  for (const auto option : options) {
    const int d = lexical_distance(input, option, threshold);
    if (d >= 0) close.emplace_back(d, option);
  }
  std::sort(close.begin(), close.end());
  if (close.size() > 5) close.resize(5);
  if (close.empty()) return "";
  std::string out = " Did you mean ";
  for (size_t i = 0; i < close.size(); ++i) {
    if (i > 0) out += close.size() == 2 ? " or " : (i + 1 == close.size() ? ", or " : ", ");
    out += "\"" + std::string(close[i].second) + "\"";
  }
  return out + "?";
}

}  // namespace tagwire::api::graphql_detail

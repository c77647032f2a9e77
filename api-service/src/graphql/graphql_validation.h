// Validation of a parsed document against the Query schema: graphql-js's rules that
// matter for the subset, with its messages and locations.
#pragma once

#include <vector>

#include "graphql/graphql_document.h"

namespace tagwire::api::graphql_detail {

inline constexpr size_t kMaxValidationErrors = 100;

// Every rule violation in document order (at most kMaxValidationErrors, then one
// error saying validation stopped); empty when the document is valid.
std::vector<GraphqlError> validate_document(const Document& doc);

}  // namespace tagwire::api::graphql_detail

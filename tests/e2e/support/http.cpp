// Blocking HTTP calls and JSON reading for the end-to-end tests (see http.h).
#include "http.h"

#include <httplib.h>
#include <rapidjson/pointer.h>

#include <cctype>

#include "tagwire/common/json.h"

namespace tagwire::e2e {
namespace {

httplib::Client client_for(int port, Timeout timeout) {
  httplib::Client client("127.0.0.1", port);
  const auto seconds = static_cast<time_t>(timeout.count() / 1000);
  const auto micros = static_cast<time_t>((timeout.count() % 1000) * 1000);
  client.set_connection_timeout(seconds, micros);
  client.set_read_timeout(seconds, micros);
  client.set_write_timeout(seconds, micros);
  client.set_keep_alive(false);
  return client;
}

HttpAnswer answer_from(const httplib::Result& result, std::chrono::steady_clock::time_point started) {
  HttpAnswer answer;
  answer.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (!result) {
    answer.transport_error = httplib::to_string(result.error());
    return answer;
  }
  answer.status = result->status;
  answer.body = result->body;
  answer.content_type = result->get_header_value("Content-Type");
  answer.retry_after = result->get_header_value("Retry-After");
  return answer;
}

}  // namespace

std::string HttpAnswer::describe() const {
  if (status == 0) return "no answer: " + transport_error;
  return "status " + std::to_string(status) + " after " + std::to_string(static_cast<int>(elapsed_ms)) +
         " ms: " + body.substr(0, 2000);
}

HttpAnswer http_get(int port, const std::string& path_and_query, Timeout timeout) {
  httplib::Client client = client_for(port, timeout);
  const auto started = std::chrono::steady_clock::now();
  return answer_from(client.Get(path_and_query.c_str()), started);
}

HttpAnswer http_post(int port, const std::string& path, const std::string& body, const std::string& content_type,
                     Timeout timeout) {
  httplib::Client client = client_for(port, timeout);
  const auto started = std::chrono::steady_clock::now();
  return answer_from(client.Post(path.c_str(), body, content_type.c_str()), started);
}

HttpAnswer graphql(int port, std::string_view query, Timeout timeout) {
  return http_post(port, "/api/v1/graph", "{\"query\":" + json_quoted(query) + "}", "application/json", timeout);
}

HttpAnswer rest_tags(int port, std::string_view url, Timeout timeout) {
  return http_get(port, "/api/v1/tags?url=" + query_escape(url), timeout);
}

HttpAnswer rest_urls(int port, std::string_view tag, Timeout timeout) {
  return http_get(port, "/api/v1/urls?tag=" + query_escape(tag), timeout);
}

std::string json_quoted(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

rapidjson::Document parse_json(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  return doc;
}

std::string json_string(const rapidjson::Document& doc, const char* pointer) {
  if (doc.HasParseError()) return "";
  const rapidjson::Value* value = rapidjson::Pointer(pointer).Get(doc);
  if (value == nullptr || !value->IsString()) return "";
  return std::string(value->GetString(), value->GetStringLength());
}

int64_t json_int(const rapidjson::Document& doc, const char* pointer) {
  if (doc.HasParseError()) return -1;
  const rapidjson::Value* value = rapidjson::Pointer(pointer).Get(doc);
  if (value == nullptr || !value->IsUint64()) return -1;
  return static_cast<int64_t>(value->GetUint64());
}

bool json_bool(const rapidjson::Document& doc, const char* pointer) {
  if (doc.HasParseError()) return false;
  const rapidjson::Value* value = rapidjson::Pointer(pointer).Get(doc);
  return value != nullptr && value->IsBool() && value->GetBool();
}

std::vector<std::string> json_strings(const rapidjson::Document& doc, const char* pointer) {
  std::vector<std::string> out;
  if (doc.HasParseError()) return out;
  const rapidjson::Value* value = rapidjson::Pointer(pointer).Get(doc);
  if (value == nullptr || !value->IsArray()) return out;
  for (const auto& item : value->GetArray()) {
    if (item.IsString()) out.emplace_back(item.GetString(), item.GetStringLength());
  }
  return out;
}

std::vector<std::string> json_tag_names(const rapidjson::Document& doc, const char* pointer) {
  std::vector<std::string> out;
  if (doc.HasParseError()) return out;
  const rapidjson::Value* value = rapidjson::Pointer(pointer).Get(doc);
  if (value == nullptr || !value->IsArray()) return out;
  for (const auto& item : value->GetArray()) {
    if (!item.IsObject()) continue;
    const auto tag = item.FindMember("tag");
    if (tag != item.MemberEnd() && tag->value.IsString()) out.emplace_back(tag->value.GetString());
  }
  return out;
}

}  // namespace tagwire::e2e

// The JSON form of a page's tags in the tag index (see stored_tags.h).
#include "index/stored_tags.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>

#include "tagwire/common/tag_text.h"

namespace tagwire::api::index_detail {

std::vector<StoredTag> stored_tags_of(const std::vector<IndexedTag>& tags) {
  std::vector<StoredTag> stored;
  stored.reserve(tags.size());
  for (const IndexedTag& tag : tags) stored.push_back(StoredTag{tag, tag_key(tag.tag)});
  return stored;
}

std::string encode_stored_tags(const std::vector<StoredTag>& tags) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartArray();
  for (const StoredTag& t : tags) {
    writer.StartArray();
    writer.String(t.tag.tag.data(), static_cast<rapidjson::SizeType>(t.tag.tag.size()));
    writer.String(t.key.data(), static_cast<rapidjson::SizeType>(t.key.size()));
    writer.Double(std::isfinite(t.tag.score) ? t.tag.score : 0.0);  // JSON has no NaN or infinity
    writer.String(t.tag.source.data(), static_cast<rapidjson::SizeType>(t.tag.source.size()));
    writer.EndArray();
  }
  writer.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::optional<std::vector<StoredTag>> decode_stored_tags(std::string_view json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsArray()) return std::nullopt;
  std::vector<StoredTag> tags;
  tags.reserve(doc.Size());
  for (const auto& entry : doc.GetArray()) {
    if (!entry.IsArray() || entry.Size() != 4 || !entry[0].IsString() || !entry[1].IsString() ||
        !entry[2].IsNumber() || !entry[3].IsString()) {
      return std::nullopt;
    }
    tags.push_back(StoredTag{IndexedTag{std::string(entry[0].GetString(), entry[0].GetStringLength()),
                                        entry[2].GetDouble(),
                                        std::string(entry[3].GetString(), entry[3].GetStringLength())},
                             std::string(entry[1].GetString(), entry[1].GetStringLength())});
  }
  return tags;
}

}  // namespace tagwire::api::index_detail

// The pages put into the tag index and not committed yet, readable at once so
// a tags answer given before its commit is already found by get() and
// urls_for_tag(): the latest unsaved version of each URL, and for each
// tag_key the URLs whose latest unsaved version carries it.
//
// Not thread-safe: TagIndex guards it with its queue mutex.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "tagwire/api/tag_index.h"

namespace tagwire::api::index_detail {

class UnsavedPages {
 public:
  // `page` (its tag_keys in `keys`) replaces any unsaved version of its URL.
  // `seq` orders versions: settle() removes only the one it names. Returns the
  // tag_keys the replaced version was filed under (none when there was none).
  std::set<std::string> add(std::shared_ptr<const IndexedPage> page, std::set<std::string> keys, uint64_t seq);

  // The version `seq` of `url` was committed (or failed): it stops being unsaved,
  // unless a later version replaced it meanwhile.
  void settle(const std::string& url, uint64_t seq);

  std::optional<IndexedPage> find(const std::string& url) const;

  // Unsaved URLs filed under `key` and greater than `after`, ascending, at most `count`.
  std::vector<std::string> urls_after(const std::string& key, const std::string& after, size_t count) const;

  size_t size() const { return by_url_.size(); }

 private:
  struct Version {
    std::shared_ptr<const IndexedPage> page;
    std::set<std::string> keys;
    uint64_t seq = 0;
  };
  void unfile(const std::string& url, const std::set<std::string>& keys);

  std::unordered_map<std::string, Version> by_url_;
  std::map<std::string, std::set<std::string>> urls_by_key_;
};

}  // namespace tagwire::api::index_detail

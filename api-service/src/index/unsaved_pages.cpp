// The tag index's pages put and not committed yet (see unsaved_pages.h).
#include "index/unsaved_pages.h"

#include <utility>

namespace tagwire::api::index_detail {

std::set<std::string> UnsavedPages::add(std::shared_ptr<const IndexedPage> page, std::set<std::string> keys,
                                        uint64_t seq) {
  const std::string& url = page->url;
  auto [it, inserted] = by_url_.try_emplace(url);
  std::set<std::string> replaced_keys;
  if (!inserted) {
    unfile(url, it->second.keys);
    replaced_keys = std::move(it->second.keys);
  }
  for (const std::string& key : keys) urls_by_key_[key].insert(url);
  it->second = Version{std::move(page), std::move(keys), seq};
  return replaced_keys;
}

void UnsavedPages::settle(const std::string& url, uint64_t seq) {
  auto it = by_url_.find(url);
  if (it == by_url_.end() || it->second.seq != seq) return;
  unfile(url, it->second.keys);
  by_url_.erase(it);
}

std::optional<IndexedPage> UnsavedPages::find(const std::string& url) const {
  auto it = by_url_.find(url);
  if (it == by_url_.end()) return std::nullopt;
  return *it->second.page;
}

std::vector<std::string> UnsavedPages::urls_after(const std::string& key, const std::string& after,
                                                  size_t count) const {
  std::vector<std::string> urls;
  auto filed = urls_by_key_.find(key);
  if (filed == urls_by_key_.end()) return urls;
  for (auto it = filed->second.upper_bound(after); it != filed->second.end() && urls.size() < count; ++it) {
    urls.push_back(*it);
  }
  return urls;
}

void UnsavedPages::unfile(const std::string& url, const std::set<std::string>& keys) {
  for (const std::string& key : keys) {
    auto filed = urls_by_key_.find(key);
    if (filed == urls_by_key_.end()) continue;
    filed->second.erase(url);
    if (filed->second.empty()) urls_by_key_.erase(filed);
  }
}

}  // namespace tagwire::api::index_detail

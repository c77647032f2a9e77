// The engine over real pages: the shared corpus and the sample site.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>

#include "files.h"
#include "tagwire/engine/engine.h"
#include "text_lexicon_fixture.h"

using namespace tagwire::engine;
using tagwire::engine::testing::shared_lexicon;
using tagwire::testing::read_file;
namespace fs = std::filesystem;

namespace {

// Page chrome that must never be an inferred tag.
const char* const kBoilerplate[] = {"share",    "follow",  "sign in", "sign up",   "min read", "responses",
                                    "medium",   "clap",    "subscribe", "newsletter", "read more", "cookies",
                                    "comments", "log in",  "follow us", "privacy policy"};

bool has_tag(const TagResult& r, const std::string& tag) {
  return std::any_of(r.tags.begin(), r.tags.end(), [&](const Tag& t) { return t.tag == tag; });
}

std::vector<std::string> declared(const TagResult& r) {
  std::vector<std::string> out;
  for (const Tag& t : r.tags) {
    if (t.source == TagSource::kDeclared) out.push_back(t.tag);
  }
  return out;
}

}  // namespace

TEST_CASE("every corpus page gets five or more inferred tags and none is page chrome", "[engine][integration]") {
  const fs::path dir = fs::path(TAGWIRE_SHARED_DIR) / "corpus" / "pages";
  if (!fs::is_directory(dir)) {
    WARN("no corpus at " << dir.string() << "; skipped");
    return;
  }
  const Engine engine(shared_lexicon());
  size_t pages = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".html") continue;
    ++pages;
    INFO(entry.path().filename().string());
    const TagResult r = engine.tag_html(read_file(entry.path()), "text/html", TagOptions{10});
    const auto inferred = std::count_if(r.tags.begin(), r.tags.end(),
                                        [](const Tag& t) { return t.source == TagSource::kInferred; });
    CHECK(inferred >= 5);
    for (const char* chrome : kBoilerplate) CHECK_FALSE(has_tag(r, chrome));
    const TagResult again = engine.tag_html(read_file(entry.path()), "text/html", TagOptions{10});
    REQUIRE(again.tags.size() == r.tags.size());
    for (size_t i = 0; i < r.tags.size(); ++i) CHECK(again.tags[i].tag == r.tags[i].tag);
  }
  CHECK(pages > 0);
}

TEST_CASE("each sample-site page has its declared tags and the inferred tags its topic needs", "[engine][integration]") {
  const fs::path dir = fs::path(TAGWIRE_SAMPLE_SITE);
  if (!fs::is_directory(dir)) {
    WARN("no sample site at " << dir.string() << "; skipped");
    return;
  }
  struct Expected {
    std::vector<std::string> declared;
    std::vector<std::vector<std::string>> inferred_any_of;  // each group: at least one must be a tag
  };
  const std::map<std::string, Expected> pages = {
      {"sourdough-starter-basics.html", {{}, {{"sourdough", "starter", "sourdough starter"}, {"flour"}}}},
      {"seville-cycling-network.html", {{}, {{"seville"}, {"bike lane", "cycle track", "cycling", "cycling network", "bike"}}}},
      {"james-webb-space-telescope.html",
       {{"james webb space telescope", "infrared astronomy", "exoplanets", "cosmology", "lagrange points"},
        {{"telescope", "webb", "mirror", "galaxy", "infrared"}}}},
      {"beekeeping-first-year.html",
       {{"honey bees", "queen rearing", "swarm control", "urban beekeeping"}, {{"hive", "bee", "colony", "queen"}}}},
      {"rust-ownership-explained.html",
       {{"rust", "ownership", "borrow checker", "memory safety"}, {{"value", "owner", "reference", "borrow"}}}},
      {"marathon-training-plan.html",
       {{"marathon", "running", "endurance training"}, {{"run", "long run", "race", "mile", "taper"}}}},
      {"canal-du-midi-history.html",
       {{"canal du midi", "béziers", "écluses", "riquet"}, {{"canal", "lock", "toulouse", "mediterranean"}}}},
      {"coral-reef-bleaching.html",
       {{"coral bleaching", "great barrier reef"}, {{"coral", "reef", "algae", "bleaching"}}}},
  };
  const Engine engine(shared_lexicon());
  for (const auto& [file, expected] : pages) {
    INFO(file);
    const std::string bytes = read_file(dir / file);
    REQUIRE_FALSE(bytes.empty());
    const TagResult r = engine.tag_html(bytes, "", TagOptions{10});
    CHECK(declared(r) == expected.declared);
    for (const auto& group : expected.inferred_any_of) {
      const bool found = std::any_of(group.begin(), group.end(), [&](const std::string& t) { return has_tag(r, t); });
      std::string tags;
      for (const Tag& t : r.tags) tags += t.tag + "; ";
      INFO("tags: " << tags);
      CHECK(found);
    }
    for (const char* chrome : kBoilerplate) CHECK_FALSE(has_tag(r, chrome));
  }
}

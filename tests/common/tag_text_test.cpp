// Tag spelling and the index key shared by the engine and the API.
#include <catch2/catch.hpp>

#include "tagwire/common/tag_text.h"

using tagwire::normalize_tag;
using tagwire::singular_noun;
using tagwire::tag_key;

TEST_CASE("a tag is lowercased, slug separators become spaces and whitespace collapses", "[tag_text]") {
  CHECK(normalize_tag("Web-Development") == "web development");
  CHECK(normalize_tag("  space_telescope  ") == "space telescope");
  CHECK(normalize_tag("canal\t du\n\nmidi") == "canal du midi");
  CHECK(normalize_tag("\xC3\x89" "cole\xC2\xA0Normale") == "\xC3\xA9" "cole normale");  // École Normale
  CHECK(normalize_tag("\xCE\x91\xCE\x98\xCE\x97\xCE\x9D\xCE\x91") == "\xCE\xB1\xCE\xB8\xCE\xB7\xCE\xBD\xCE\xB1");
  CHECK(normalize_tag(" - _ ").empty());
}

TEST_CASE("bytes that are not UTF-8 survive normalization unchanged", "[tag_text]") {
  CHECK(normalize_tag("caf\xE9 Bar") == "caf\xE9 bar");
  CHECK(normalize_tag("\xF0\x9F") == "\xF0\x9F");
}

TEST_CASE("plural nouns become singular by suffix rules and non-plurals stay", "[tag_text]") {
  CHECK(singular_noun("meetings") == "meeting");
  CHECK(singular_noun("cities") == "city");
  CHECK(singular_noun("boxes") == "box");
  CHECK(singular_noun("glasses") == "glass");
  CHECK(singular_noun("movies") == "movie");
  CHECK(singular_noun("caches") == "cache");
  CHECK(singular_noun("news") == "news");
  CHECK(singular_noun("analysis") == "analysis");
  CHECK(singular_noun("bus") == "bus");
  CHECK(singular_noun("starter") == "starter");
}

TEST_CASE("every spelling and number of a tag shares one key", "[tag_text]") {
  CHECK(tag_key("Honey-Bees") == tag_key("honey bee"));
  CHECK(tag_key("honey bees") == "honey bee");
  CHECK(tag_key("MEETINGS") == "meeting");
  CHECK(tag_key("James Webb Space Telescope") == tag_key("james webb space telescope"));
  CHECK(tag_key("Exoplanets") == tag_key("exoplanet"));
  CHECK(tag_key("   ").empty());
}

TEST_CASE("more plural and non-plural nouns by suffix rules", "[tag_text]") {
  CHECK(singular_noun("churches") == "church");
  CHECK(singular_noun("sizes") == "size");
  CHECK(singular_noun("physics") == "physics");
  CHECK(singular_noun("class") == "class");
  CHECK(singular_noun("cactus") == "cactus");
}

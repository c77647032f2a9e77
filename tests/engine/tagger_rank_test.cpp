// Ranking candidates into tags (the "rank" stage).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "tagwire/engine/tagger.h"
#include "text_lexicon_fixture.h"

using namespace tagwire::engine;
using tagwire::engine::testing::shared_lexicon;

namespace {

const char* const kSourdoughBody =
    "A sourdough starter is a culture of wild yeast and bacteria.\n"
    "Feed the sourdough starter with flour and water every day. The starter doubles in a few hours.\n"
    "A healthy starter smells sour. Bake sourdough bread when the starter peaks.\n"
    "There is no single way to do things, and it takes time.";

std::vector<Tag> rank_article(const Article& article, size_t limit = 10, Explanation* explain = nullptr,
                              RankAblation off = RankAblation{}) {
  const Analysis a = analyze_text(article, *shared_lexicon());
  RankOptions options;
  options.limit = limit;
  options.ablate = off;
  return rank_candidates(a, *shared_lexicon(), options, explain);
}

RankAblation word_led() {
  RankAblation off;
  off.short_text = true;
  return off;
}

// A long news-like text: many names, over 300 tokens.
Article long_news() {
  std::string body;
  for (int i = 0; i < 12; ++i) {
    body += "Maria Lopez met the mayor of Seville on Friday. The cycling network of Seville grows every year, "
            "and Lopez said the city council will fund new bike lanes.\n";
  }
  Article a;
  a.title = "Seville expands its cycling network";
  a.body = body;
  return a;
}

Article sourdough() {
  Article a;
  a.title = "Keeping a Sourdough Starter Alive";
  a.body = kSourdoughBody;
  return a;
}

std::vector<std::string> names(const std::vector<Tag>& tags) {
  std::vector<std::string> out;
  for (const Tag& t : tags) out.push_back(t.tag);
  return out;
}

// The features the ranker gave `phrase`, or empty ones (score 0) when it was no candidate.
CandidateFeatures features_of(const Explanation& e, const std::string& phrase) {
  for (const auto& c : e.candidates) {
    if (c.phrase == phrase) return c;
  }
  return CandidateFeatures{};
}

size_t rank_of(const std::vector<std::string>& tags, const std::string& tag) {
  return static_cast<size_t>(std::find(tags.begin(), tags.end(), tag) - tags.begin());
}

}  // namespace

TEST_CASE("the phrase a short document is about ranks first", "[rank]") {
  Explanation explain;
  const auto tags = names(rank_article(sourdough(), 10, &explain));
  REQUIRE_FALSE(tags.empty());
  CHECK(tags.front() == "sourdough starter");
  // Its head word is a candidate too, dropped only as a near-duplicate.
  const auto starter = std::find_if(explain.candidates.begin(), explain.candidates.end(),
                                    [](const CandidateFeatures& c) { return c.phrase == "starter"; });
  REQUIRE(starter != explain.candidates.end());
  CHECK_FALSE(starter->kept);
}

TEST_CASE("a short text about concepts is ranked phrase-led, word-led on request", "[rank]") {
  // Word-led, the word the text keeps coming back to wins over the phrase.
  const auto tags = names(rank_article(sourdough(), 10, nullptr, word_led()));
  REQUIRE_FALSE(tags.empty());
  CHECK(tags.front() == "starter");
  CHECK(rank_of(tags, "sourdough starter") == tags.size());
}

TEST_CASE("a short story (reported speech, he or she, named days) is ranked word-led", "[rank]") {
  // The sourdough text told as a story: few names, but it reports what a baker said on a Friday.
  Article story = sourdough();
  story.body += "\nOn Friday the baker said she feeds her starter twice a day.";
  const auto tags = names(rank_article(story));
  const auto forced = names(rank_article(story, 10, nullptr, word_led()));
  CHECK(tags == forced);
  REQUIRE_FALSE(tags.empty());
  CHECK(tags.front() == "starter");
  // Without the narrative markers it is a short text about concepts again.
  RankAblation off;
  off.narrative = true;
  const auto phrase_led = names(rank_article(story, 10, nullptr, off));
  REQUIRE_FALSE(phrase_led.empty());
  CHECK(phrase_led.front() == "sourdough starter");
  // One marker is not enough: the plain sourdough text says "day" but is no story.
  Article one = sourdough();
  one.body += "\nShe bakes bread.";
  CHECK(names(rank_article(one)).front() == "sourdough starter");
}

TEST_CASE("words in capitals are terms, not names, when a short text is weighed", "[rank]") {
  // Over 30% of its nouns are written in capitals: acronyms, not people or places.
  Article a;
  a.title = "Video coding with MPEG and JPEG";
  a.body =
      "The MPEG standard and the JPEG standard compress video frames. An MPEG encoder predicts motion "
      "between video frames, and a JPEG encoder codes each frame alone. MPEG coding needs less storage.";
  const auto tags = names(rank_article(a));
  const auto forced = names(rank_article(a, 10, nullptr, word_led()));
  CHECK(tags != forced);
  RankAblation off;
  off.acronyms = true;
  CHECK(names(rank_article(a, 10, nullptr, off)) == forced);
}

TEST_CASE("word-led, a phrase of common words weighs less than its use alone would give, a name does not",
          "[rank]") {
  Explanation with;
  Explanation without;
  rank_article(long_news(), 10, &with);
  RankAblation off;
  off.phrase_discount = true;
  rank_article(long_news(), 10, &without, off);
  auto score_of = [](const Explanation& e, const std::string& phrase) {
    for (const auto& c : e.candidates) {
      if (c.phrase == phrase) return c.score;
    }
    return -1.0;
  };
  REQUIRE(score_of(without, "cycling network") > 0.0);
  CHECK(score_of(with, "cycling network") == Approx(0.4 * score_of(without, "cycling network")));
  CHECK(score_of(with, "seville") == score_of(without, "seville"));
  // A name of several words keeps its weight.
  Article named = long_news();
  named.body += "The council thanked Ana Ortiz. Everyone in Seville knows Ana Ortiz.\n";
  Explanation named_with;
  Explanation named_without;
  rank_article(named, 10, &named_with);
  rank_article(named, 10, &named_without, off);
  REQUIRE(score_of(named_without, "ana ortiz") > 0.0);
  CHECK(score_of(named_with, "ana ortiz") == score_of(named_without, "ana ortiz"));
}

TEST_CASE("a long text full of names is ranked word-led", "[rank]") {
  const auto tags = names(rank_article(long_news()));
  const auto forced = names(rank_article(long_news(), 10, nullptr, word_led()));
  CHECK(tags == forced);
  REQUIRE_FALSE(tags.empty());
  CHECK(tags.front() == "seville");
}

TEST_CASE("word-led, a word counts by the sentences that use it in any class", "[rank]") {
  // "harvest" is a noun once and a verb in three more sentences; "orchard" a noun twice.
  Article a;
  a.title = "Autumn on the farm";
  a.body = "The harvest starts in October. Farmers harvested apples all week. They harvest pears next. "
           "Nobody harvests plums. The orchard is old. The orchard needs rain.";
  Explanation explain;
  const auto tags = names(rank_article(a, 10, &explain, word_led()));
  CHECK(features_of(explain, "harvest").frequency == 1);
  CHECK(features_of(explain, "harvest").sentences == 4);
  CHECK(features_of(explain, "orchard").sentences == 2);
  CHECK(rank_of(tags, "harvest") < rank_of(tags, "orchard"));
  RankAblation off = word_led();
  off.word_family = true;
  Explanation plain;
  const auto counted = names(rank_article(a, 10, &plain, off));  // still a candidate
  CHECK(features_of(plain, "harvest").sentences == 0);
  // Counted by its one noun occurrence, the word weighs 1 use instead of 4.
  CHECK(features_of(explain, "harvest").score == Approx(4.0 * features_of(plain, "harvest").score));
  CHECK(rank_of(counted, "harvest") < counted.size());
}

TEST_CASE("word-led, a specific verb the story keeps using is a candidate, an everyday one is not a tag", "[rank]") {
  Article a;
  a.title = "Two men arrested after the match";
  for (int i = 0; i < 4; ++i) {
    a.body += "Police arrested a fan near the stadium. Officers arrested another man later. "
              "They used the video and kept the tickets. The club said the fans used flares. "
              "Stewards understand the rules. Fans understand the risk.\n";
  }
  Explanation explain;
  const auto tags = names(rank_article(a, 10, &explain));
  const auto arrest = std::find_if(explain.candidates.begin(), explain.candidates.end(),
                                   [](const CandidateFeatures& c) { return c.phrase == "arrest"; });
  REQUIRE(arrest != explain.candidates.end());
  CHECK(arrest->verb);
  CHECK(arrest->sentences == 9);
  CHECK(rank_of(tags, "arrest") < tags.size());
  // A long everyday verb is no tag either, although longer words weigh more.
  for (const char* everyday : {"use", "keep", "say", "understand"}) CHECK(rank_of(tags, everyday) == tags.size());
  RankAblation off;
  off.verbs = true;
  const auto nouns_only = names(rank_article(a, 10, nullptr, off));
  CHECK(rank_of(nouns_only, "arrest") == nouns_only.size());
  // Phrase-led texts have no verb candidates.
  Explanation phrase_led;
  rank_article(sourdough(), 50, &phrase_led);
  for (const auto& c : phrase_led.candidates) CHECK_FALSE(c.verb);
}

TEST_CASE("a tag made only of time words is dropped", "[rank]") {
  const auto tags = names(rank_article(long_news(), 50));
  for (const char* when : {"friday", "year", "time"}) CHECK(rank_of(tags, when) == tags.size());
  RankAblation keep;
  keep.time_words = true;
  const auto all = names(rank_article(long_news(), 50, nullptr, keep));
  CHECK(rank_of(all, "friday") < all.size());
  const auto sourdough_tags = names(rank_article(sourdough(), 50));
  const auto sourdough_all = names(rank_article(sourdough(), 50, nullptr, keep));
  CHECK(rank_of(sourdough_tags, "time") == sourdough_tags.size());
  CHECK(rank_of(sourdough_all, "time") < sourdough_all.size());
}

TEST_CASE("a lone phrase stop word or abbreviation is not a tag, even capitalized", "[rank]") {
  Article a;
  for (int i = 0; i < 4; ++i) {
    a.body += "Commuters ride from New Jersey to New York and New Haven. Sen. Lopez and Sen. Park want "
              "more trains.\n";
  }
  const auto tags = names(rank_article(a, 50));
  REQUIRE(rank_of(tags, "new york") < tags.size());
  CHECK(rank_of(tags, "new") == tags.size());
  CHECK(rank_of(tags, "sen") == tags.size());
  RankAblation off;
  off.lone_stop_words = true;
  off.dedup = true;  // else "new" may also go as a word of the kept "new york"
  const auto all = names(rank_article(a, 50, nullptr, off));
  CHECK(rank_of(all, "new") < all.size());
  CHECK(rank_of(all, "sen") < all.size());
}

TEST_CASE("common English words rank below the document's topic words", "[rank]") {
  const auto tags = names(rank_article(sourdough(), 50));
  REQUIRE(rank_of(tags, "thing") < tags.size());
  CHECK(rank_of(tags, "wild yeast") < rank_of(tags, "single way"));
  CHECK(rank_of(tags, "sourdough bread") < rank_of(tags, "thing"));
  CHECK(rank_of(tags, "water") < rank_of(tags, "thing"));
  const auto word_led_tags = names(rank_article(sourdough(), 50, nullptr, word_led()));
  REQUIRE(rank_of(word_led_tags, "thing") < word_led_tags.size());
  CHECK(rank_of(word_led_tags, "flour") < rank_of(word_led_tags, "single way"));
  CHECK(rank_of(word_led_tags, "water") < rank_of(word_led_tags, "thing"));
}

TEST_CASE("word-led, a longer word outranks a shorter one the text uses as often", "[rank]") {
  Article a;
  a.title = "Figures for March";
  a.body = "The report counts every job. Unemployment fell in March. Each job pays more. "
           "Unemployment among the young fell too. A job fair opened. Unemployment is low.";
  Explanation explain;
  const auto tags = names(rank_article(a, 10, &explain, word_led()));
  const CandidateFeatures job = features_of(explain, "job");
  const CandidateFeatures unemployment = features_of(explain, "unemployment");
  REQUIRE(job.sentences == 3);
  REQUIRE(unemployment.sentences == 3);
  CHECK(unemployment.informativeness == Approx(1.0));             // 12 letters or more
  CHECK(job.informativeness == Approx((3.0 / 12.0) * (3.0 / 12.0)));  // (letters / 12)²
  CHECK(rank_of(tags, "unemployment") < rank_of(tags, "job"));
  // Switched off, the two words stand 16 times closer.
  RankAblation off = word_led();
  off.word_length = true;
  Explanation plain;
  rank_article(a, 10, &plain, off);
  for (const auto& c : plain.candidates) CHECK(c.informativeness == 1.0);
  CHECK(unemployment.score / job.score ==
        Approx(16.0 * features_of(plain, "unemployment").score / features_of(plain, "job").score));
}

TEST_CASE("word-led, a token that is no ordinary word counts five letters, however long", "[rank]") {
  Article a;
  a.body = "Teams ship CSS with every release. The CSS file loads once. Teams love node.js. "
           "A node.js server renders the pages.";
  Explanation explain;
  rank_article(a, 50, &explain, word_led());
  auto squared = [](double letters) { return (letters / 12.0) * (letters / 12.0); };
  REQUIRE(features_of(explain, "css").score > 0.0);
  CHECK(features_of(explain, "css").informativeness == Approx(squared(5.0)));  // an acronym
  REQUIRE(features_of(explain, "node.js").score > 0.0);
  CHECK(features_of(explain, "node.js").informativeness == Approx(squared(5.0)));  // a dot inside
  REQUIRE(features_of(explain, "node.js server").score > 0.0);
  CHECK(features_of(explain, "node.js server").informativeness == Approx(squared((5.0 + 6.0) / 2.0)));
  CHECK(features_of(explain, "team").informativeness == Approx(squared(4.0)));
}

TEST_CASE("word-led, a headline in capitals is no row of acronyms", "[rank]") {
  Article a;
  a.title = "UNEMPLOYMENT FALLS IN MARCH";
  a.body = "Unemployment fell again. Economists expected the fall in unemployment.";
  Explanation explain;
  rank_article(a, 50, &explain, word_led());
  REQUIRE(features_of(explain, "unemployment").score > 0.0);
  CHECK(features_of(explain, "unemployment").informativeness == Approx(1.0));
}

TEST_CASE("a phrase and its sub-phrase are not both returned", "[rank]") {
  const auto tags = names(rank_article(sourdough(), 50));
  const bool both = rank_of(tags, "sourdough starter") < tags.size() && rank_of(tags, "starter") < tags.size();
  CHECK_FALSE(both);
  CHECK(rank_of(tags, "sourdough") == tags.size());  // only ever seen inside "sourdough starter"
}

TEST_CASE("tags are lowercase, unique, inferred, scored above 0 and at most 1, best first", "[rank]") {
  const auto tags = rank_article(sourdough(), 5);
  REQUIRE(tags.size() == 5);
  CHECK(tags.front().score == 1.0);
  for (size_t i = 0; i < tags.size(); ++i) {
    CHECK(tags[i].source == TagSource::kInferred);
    CHECK(tags[i].score > 0.0);
    CHECK(tags[i].score <= 1.0);
    if (i > 0) CHECK(tags[i].score <= tags[i - 1].score);
    for (char c : tags[i].tag) CHECK_FALSE((c >= 'A' && c <= 'Z'));
    for (size_t j = 0; j < i; ++j) CHECK(tags[j].tag != tags[i].tag);
  }
}

TEST_CASE("plural and singular occurrences count as one tag", "[rank]") {
  Article a;
  a.body = "Meetings are long. A meeting needs an agenda. Short meetings win. Every meeting ends.";
  const auto tags = names(rank_article(a, 10, nullptr, word_led()));
  REQUIRE_FALSE(tags.empty());
  CHECK(tags.front() == "meeting");
  CHECK(rank_of(tags, "meetings") == tags.size());
  // Phrase-led (a short text), the phrase's head is singular too.
  const auto phrases = names(rank_article(a));
  CHECK(rank_of(phrases, "short meeting") < phrases.size());
  CHECK(rank_of(phrases, "short meetings") == phrases.size());
}

TEST_CASE("the same words inflected otherwise are one tag: the better ranked is kept", "[rank]") {
  // Before: "catholics" (a name) and "catholic" (an adjective) were both tags,
  // and so were "fuzzy modeling" and "fuzzy model".
  Article story;
  story.title = "Catholics and the Catholic vote";
  story.body =
      "Catholics in Ohio voted on Tuesday, he said. Catholic voters were split. Many Catholics stayed home. "
      "The Catholic bishops spoke. Catholics said the vote mattered. Catholic groups ran ads.";
  const auto words = names(rank_article(story));
  REQUIRE(rank_of(words, "catholics") < words.size());
  CHECK(rank_of(words, "catholic") == words.size());

  Article abstract;
  abstract.title = "Fuzzy modeling of control systems";
  abstract.body =
      "A fuzzy model of a nonlinear plant is built. Fuzzy modeling uses rules from data. The fuzzy model is then "
      "used for predictive control. Results show fuzzy modeling reduces error.";
  const auto phrases = names(rank_article(abstract));
  REQUIRE(rank_of(phrases, "fuzzy modeling") < phrases.size());
  CHECK(rank_of(phrases, "fuzzy model") == phrases.size());
  CHECK(rank_of(phrases, "predictive control") < phrases.size());  // a phrase that shares a word stays

  // Words written in capitals are not folded: HTTPS is no plural of HTTP.
  Article acronyms;
  acronyms.title = "HTTPS everywhere";
  acronyms.body =
      "Browsers now warn on HTTP pages, he said. HTTPS encrypts traffic. Sites moved from HTTP to HTTPS this year. "
      "HTTPS certificates are free. Old HTTP links still work on Monday.";
  const auto both = names(rank_article(acronyms));
  CHECK(rank_of(both, "https") < both.size());
  CHECK(rank_of(both, "http") < both.size());
}

TEST_CASE("ranking is deterministic", "[rank]") {
  const auto first = rank_article(sourdough(), 20);
  const auto second = rank_article(sourdough(), 20);
  REQUIRE(first.size() == second.size());
  for (size_t i = 0; i < first.size(); ++i) {
    CHECK(first[i].tag == second[i].tag);
    CHECK(first[i].score == second[i].score);
  }
}

TEST_CASE("the explanation lists candidates with features and marks the kept ones", "[rank]") {
  Explanation explain;
  const auto tags = rank_article(sourdough(), 3, &explain);
  REQUIRE(explain.candidates.size() > tags.size());
  size_t kept = 0;
  for (const auto& c : explain.candidates) {
    if (!c.kept) continue;
    ++kept;
    CHECK(c.frequency >= 1);
    CHECK(c.specificity > 0.0);
    CHECK(c.specificity <= 1.0);
  }
  CHECK(kept == tags.size());
  CHECK(explain.candidates.front().phrase == tags.front().tag);
  CHECK(explain.candidates.front().in_title);
}

TEST_CASE("an empty article has no tags", "[rank]") {
  CHECK(rank_article(Article{}).empty());
}

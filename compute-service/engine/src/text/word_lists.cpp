// The hand-written general-English word lists behind word_lists.h.
#include "text/word_lists.h"

#include <string>
#include <unordered_map>
#include <unordered_set>

namespace tagwire::engine::words {
namespace {

constexpr std::string_view kDeterminers[] = {
    "a", "an", "the", "this", "that", "these", "those", "every", "each", "some", "any", "no", "all", "both",
    "either", "neither", "another", "what", "which", "whatever", "whichever", "whose", "such", "several",
    "many", "much", "few", "fewer", "more", "most", "less", "least", "enough", "various", "certain", "other",
    "others", "own", "same", "half", "lots",
    // Honorifics stand before a name the way determiners stand before a noun.
    "mr", "mrs", "ms", "dr", "prof", "sir", "madam"};

constexpr std::string_view kPronouns[] = {
    "i", "me", "my", "mine", "myself", "you", "your", "yours", "yourself", "yourselves", "he", "him", "his",
    "himself", "she", "her", "hers", "herself", "it", "its", "itself", "we", "us", "our", "ours", "ourselves",
    "they", "them", "their", "theirs", "themselves", "who", "whom", "whoever", "someone", "anyone",
    "everyone", "nobody", "somebody", "anybody", "everybody", "something", "anything", "everything",
    "nothing", "none", "one", "ones", "i'm", "you're", "we're", "they're", "he's", "she's", "it's",
    "that's", "there's", "what's", "who's", "let's", "i've", "you've", "we've", "they've", "i'll", "you'll",
    "he'll", "she'll", "we'll", "they'll", "it'll", "i'd", "you'd", "he'd", "she'd", "we'd", "they'd",
    "here's", "where's", "how's", "y'all", "someone's", "everyone's"};

constexpr std::string_view kPrepositions[] = {
    "about", "above", "across", "after", "against", "along", "alongside", "amid", "amidst", "among",
    "amongst", "around", "as", "at", "atop", "before", "behind", "below", "beneath", "beside", "besides",
    "between", "beyond", "by", "despite", "down", "during", "except", "for", "from", "in", "inside", "into",
    "like", "near", "of", "off", "on", "onto", "out", "outside", "over", "past", "per", "since", "than",
    "through", "throughout", "till", "toward", "towards", "under", "underneath", "unlike", "until", "up",
    "upon", "via", "with", "within", "without", "versus", "vs", "according", "regarding", "including",
    "concerning", "considering", "plus", "minus", "onto", "worth", "amongst", "whilst", "thru", "re"};

constexpr std::string_view kConjunctions[] = {
    "and", "or", "but", "nor", "so", "yet", "because", "although", "though", "while", "whereas", "if",
    "unless", "whether", "when", "whenever", "where", "wherever", "why", "how", "once", "lest", "and/or",
    "cause", "cuz", "then", "else", "otherwise", "hence", "thus", "therefore"};

constexpr std::string_view kAuxiliaries[] = {
    "be", "am", "is", "are", "was", "were", "been", "being", "have", "has", "had", "having", "do", "does",
    "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "ought", "'m", "'re",
    "'ve", "'ll", "'d", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "won't",
    "wouldn't", "can't", "cannot", "couldn't", "shouldn't", "haven't", "hasn't", "hadn't", "mustn't",
    "mightn't", "shan't", "ain't", "gonna", "wanna", "gotta"};

constexpr std::string_view kParticles[] = {"to", "not", "n't"};

constexpr std::string_view kAdverbs[] = {
    "also", "just", "only", "very", "really", "even", "still", "already", "again", "ever", "never", "always",
    "often", "sometimes", "usually", "here", "there", "now", "today", "tomorrow", "yesterday", "however",
    "perhaps", "maybe", "quite", "rather", "too", "almost", "soon", "later", "well", "actually", "basically",
    "simply", "probably", "certainly", "definitely", "instead", "anyway", "away", "back", "else", "ago",
    "further", "furthermore", "moreover", "indeed", "nevertheless", "nonetheless", "meanwhile",
    "somewhat", "somehow", "anymore", "pretty", "totally", "completely", "especially", "literally",
    "exactly", "nearly", "mostly", "mainly", "finally", "recently", "currently", "immediately", "together",
    "apart", "ahead", "alone", "forth", "hardly", "merely", "truly", "fully", "largely", "likely", "either",
    "everywhere", "anywhere", "somewhere", "nowhere", "first", "firstly", "secondly", "lastly", "once",
    "twice", "etc", "i.e", "e.g", "yes", "no"};

constexpr std::string_view kInterjections[] = {"oh", "ok", "okay", "hey", "wow", "please", "thanks", "hi",
                                               "hello", "yeah", "yep", "nope", "ah", "uh", "um", "huh",
                                               "lol", "omg", "ha", "haha", "oops", "alas", "bye"};

constexpr std::string_view kNumberWords[] = {
    "zero", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
    "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "hundreds", "thousand",
    "thousands", "million", "millions", "billion", "billions", "dozen", "dozens"};

// Besides kNumberWords, words that count or order things: with them, the
// first part of a measure compound ("one-day", "first-quarter", "multi-year").
constexpr std::string_view kOtherCountWords[] = {
    "one", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "twentieth", "hundredth", "single", "double", "triple", "multi"};

// Adjectives and nouns that say how much or which one, not what: a tag built
// on them says nothing ("other tools", "lot", "kind of").
constexpr std::string_view kPhraseStopWords[] = {
    "other", "many", "much", "several", "such", "own", "same", "various", "certain", "few", "more", "most",
    "less", "least", "last", "next", "first", "second", "third", "final", "whole", "entire", "different",
    "similar", "particular", "specific", "possible", "able", "likely", "sure", "real", "true", "good",
    "great", "best", "better", "bad", "worse", "worst", "little", "big", "huge", "new", "old", "main",
    "important", "simple", "easy", "hard", "recent", "current", "previous", "early", "late", "full", "nice",
    "cool", "awesome", "amazing", "perfect", "right", "wrong", "whatever", "lot", "lots", "bit", "kind",
    "sort", "type", "couple", "plenty", "number", "amount", "percent", "etc", "mr", "mrs", "ms", "dr",
    "yes", "no", "okay", "ok",
    // Titles written before a name, like "mr": "Gen. Smith", "Sen. Jones".
    "rep", "sen", "gen", "gov", "lt", "col", "sgt", "capt", "cmdr", "adm", "maj", "supt", "pres"};

// Words that say when, not what: calendar names and units of time. A tag made
// only of them ("friday", "last year", "march") names a date, not a topic.
constexpr std::string_view kTimeWords[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekday", "weekend",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "second", "minute", "hour", "day", "night", "week", "fortnight", "month", "quarter", "year",
    "decade", "century", "today", "tonight", "tomorrow", "yesterday", "morning", "afternoon", "evening",
    "time", "moment", "date", "am", "pm", "a.m", "p.m", "annual", "daily", "weekly", "monthly", "yearly",
    "last", "next", "past", "recent", "early", "late", "earlier", "later", "ago", "once", "now"};

// Words that mark a story told about people and days rather than a text about
// concepts: reported speech ("said", "told"), third-person singular personal
// pronouns, and the names of days and months ("may" left out: it is mostly the
// modal). An abstract or a definition rarely uses any of them; a news item uses
// several (docs/quality.md).
constexpr std::string_view kNarrativeMarkers[] = {
    "said", "says", "say", "told", "tells", "tell", "he", "she", "him", "his", "her", "himself", "herself",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "june", "july", "august", "september", "october", "november", "december", "yesterday",
    "today", "tomorrow", "tonight"};

constexpr std::string_view kAbbreviations[] = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "inc", "ltd", "co", "corp",
    "no", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "gen", "gov", "sen", "rep", "rev", "mt", "ft", "approx", "dept", "est", "u.s", "u.k", "a.m", "p.m",
    "al", "cf", "ca", "vol", "pp", "ed", "eds"};

// Words of web page chrome: sharing, following, signing in, reading time.
constexpr std::string_view kBoilerplate[] = {
    "share", "shares", "follow", "followers", "following", "sign in", "sign up", "signup", "login",
    "log in", "logout", "log out", "min", "min read", "read more", "responses", "response", "medium",
    "subscribe", "subscription", "newsletter", "click", "tweet", "retweet", "like", "likes", "recommend",
    "recommends", "comment", "comments", "reply", "replies", "cookie", "cookies", "cookie policy",
    "privacy policy", "terms of service", "terms of use", "copyright", "all rights", "advertisement",
    "sponsored", "menu", "homepage", "skip", "previous post", "next post", "related posts", "clap", "claps",
    "bookmark", "highlight", "highlights", "posted", "published", "updated", "top stories", "get updates",
    "email address", "permalink", "continue reading", "loading", "upvote", "upvotes", "username",
    "password", "forgot password",
    // News-wire credit lines ("LONDON (Reuters) -", "- Associated Press").
    "ap", "afp", "upi", "reuters", "associated press", "press association", "staff writer", "staff reporter",
    "contributed reporting", "editing by", "reporting by"};

template <size_t N>
void add_all(std::unordered_map<std::string_view, PosTag>& map, const std::string_view (&words)[N], PosTag tag) {
  for (std::string_view w : words) map.emplace(w, tag);
}

const std::unordered_map<std::string_view, PosTag>& closed_classes() {
  static const auto* map = [] {
    auto* m = new std::unordered_map<std::string_view, PosTag>();
    // Earlier lists win for words in several (emplace keeps the first).
    add_all(*m, kAuxiliaries, PosTag::kAuxiliary);
    add_all(*m, kParticles, PosTag::kParticle);
    add_all(*m, kDeterminers, PosTag::kDeterminer);
    add_all(*m, kPronouns, PosTag::kPronoun);
    add_all(*m, kPrepositions, PosTag::kPreposition);
    add_all(*m, kConjunctions, PosTag::kConjunction);
    add_all(*m, kAdverbs, PosTag::kAdverb);
    add_all(*m, kInterjections, PosTag::kInterjection);
    add_all(*m, kNumberWords, PosTag::kNumber);
    return m;
  }();
  return *map;
}

}  // namespace

std::optional<PosTag> closed_class(std::string_view lower) {
  const auto& map = closed_classes();
  auto it = map.find(lower);
  if (it == map.end()) return std::nullopt;
  return it->second;
}

bool in_phrase_stop_list(std::string_view lower) {
  static const std::unordered_set<std::string_view> set(std::begin(kPhraseStopWords), std::end(kPhraseStopWords));
  return set.count(lower) > 0;
}

bool is_phrase_stop_word(std::string_view lower) { return in_phrase_stop_list(lower) || closed_class(lower).has_value(); }

bool is_time_word(std::string_view lower) {
  static const std::unordered_set<std::string_view> set(std::begin(kTimeWords), std::end(kTimeWords));
  return set.count(lower) > 0;
}

bool is_count_word(std::string_view lower) {
  static const std::unordered_set<std::string_view> set(std::begin(kOtherCountWords), std::end(kOtherCountWords));
  return set.count(lower) > 0 || closed_class(lower) == PosTag::kNumber;
}

bool is_narrative_marker(std::string_view lower) {
  static const std::unordered_set<std::string_view> set(std::begin(kNarrativeMarkers), std::end(kNarrativeMarkers));
  return set.count(lower) > 0;
}

bool is_abbreviation(std::string_view lower) {
  static const std::unordered_set<std::string_view> set(std::begin(kAbbreviations), std::end(kAbbreviations));
  return set.count(lower) > 0;
}

bool is_boilerplate(std::string_view tag) {
  static const std::unordered_set<std::string_view> set(std::begin(kBoilerplate), std::end(kBoilerplate));
  return set.count(tag) > 0;
}

}  // namespace tagwire::engine::words

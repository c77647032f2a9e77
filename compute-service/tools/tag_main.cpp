// tagwire-tag: the engine on one HTML file (or stdin), or on a JSONL file of
// plain texts; prints JSON. Flags and output are fixed by DESIGN.md.
//
//   tagwire-tag [--explain] [--limit N] FILE.html|-
//       {"title": ..., "tags": [{"tag", "score", "source"}, ...]}
//       --explain adds "candidates": every ranked candidate, best first, with
//       its features and raw (unnormalized) score, and "kept" when returned.
//   tagwire-tag [--explain] [--limit N] --jsonl FILE.jsonl
//       reads {"id","title","text"} lines, prints {"id","keyphrases":[...]} lines;
//       --explain adds each line's "candidates" as above.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include "tagwire/common/flags.h"
#include "tagwire/engine/engine.h"

namespace {

using tagwire::engine::Engine;

struct TagConfig {
  bool explain = false;
  std::size_t limit = 10;
  std::string jsonl;
};

bool read_input(const std::string& path, std::string& bytes) {
  if (path == "-") {
    bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return !std::cin.bad();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

void write_candidates(rapidjson::Writer<rapidjson::StringBuffer>& w, const tagwire::engine::Explanation& ex) {
  w.Key("candidates");
  w.StartArray();
  for (const auto& c : ex.candidates) {
    w.StartObject();
    w.Key("phrase");
    w.String(c.phrase.c_str(), static_cast<rapidjson::SizeType>(c.phrase.size()));
    w.Key("score");
    w.Double(c.score);
    w.Key("kept");
    w.Bool(c.kept);
    w.Key("words");
    w.Uint(c.words);
    w.Key("frequency");
    w.Uint(c.frequency);
    w.Key("sentences");
    w.Uint(c.sentences);
    w.Key("verb");
    w.Bool(c.verb);
    w.Key("first_token");
    w.Uint(c.first_token);
    w.Key("in_title");
    w.Bool(c.in_title);
    w.Key("in_description");
    w.Bool(c.in_description);
    w.Key("proper");
    w.Bool(c.proper);
    w.Key("spread");
    w.Double(c.spread);
    w.Key("specificity");
    w.Double(c.specificity);
    w.Key("informativeness");
    w.Double(c.informativeness);
    w.EndObject();
  }
  w.EndArray();
}

int tag_page(const Engine& engine, const TagConfig& config, const std::string& path) {
  std::string bytes;
  if (!read_input(path, bytes)) {
    std::cerr << "tagwire-tag: cannot read " << path << "\n";
    return 1;
  }
  tagwire::engine::Explanation explanation;
  const auto result = engine.tag_html(bytes, "", {config.limit}, config.explain ? &explanation : nullptr);
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.StartObject();
  w.Key("title");
  w.String(result.title.c_str(), static_cast<rapidjson::SizeType>(result.title.size()));
  w.Key("tags");
  w.StartArray();
  for (const auto& t : result.tags) {
    w.StartObject();
    w.Key("tag");
    w.String(t.tag.c_str(), static_cast<rapidjson::SizeType>(t.tag.size()));
    w.Key("score");
    w.Double(t.score);
    w.Key("source");
    w.String(tagwire::engine::tag_source_name(t.source));
    w.EndObject();
  }
  w.EndArray();
  if (config.explain) write_candidates(w, explanation);
  w.EndObject();
  std::cout << out.GetString() << "\n";
  return 0;
}

std::string string_member(const rapidjson::Document& doc, const char* name) {
  auto it = doc.FindMember(name);
  if (it == doc.MemberEnd() || !it->value.IsString()) return {};
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

int tag_jsonl(const Engine& engine, const TagConfig& config) {
  std::ifstream in(config.jsonl, std::ios::binary);
  if (!in) {
    std::cerr << "tagwire-tag: cannot read " << config.jsonl << "\n";
    return 1;
  }
  std::string line;
  size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    rapidjson::Document doc;
    doc.Parse(line.c_str(), line.size());
    if (doc.HasParseError() || !doc.IsObject()) {
      std::cerr << "tagwire-tag: " << config.jsonl << ":" << line_number << ": not a JSON object, skipped\n";
      continue;
    }
    rapidjson::StringBuffer out;
    rapidjson::Writer<rapidjson::StringBuffer> w(out);
    w.StartObject();
    w.Key("id");
    auto id = doc.FindMember("id");
    if (id != doc.MemberEnd()) {
      id->value.Accept(w);
    } else {
      w.Null();
    }
    w.Key("keyphrases");
    w.StartArray();
    tagwire::engine::Explanation explanation;
    for (const std::string& k : engine.keyphrases(string_member(doc, "title"), string_member(doc, "text"), config.limit,
                                                  config.explain ? &explanation : nullptr)) {
      w.String(k.c_str(), static_cast<rapidjson::SizeType>(k.size()));
    }
    w.EndArray();
    if (config.explain) write_candidates(w, explanation);
    w.EndObject();
    std::cout << out.GetString() << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  TagConfig config;
  tagwire::FlagSet flags("tagwire-tag",
                         "Infers the tags of one HTML page (a file, or - for stdin) and prints them as JSON; "
                         "with --jsonl, prints the keyphrases of each {\"id\",\"title\",\"text\"} line.",
                         "FILE.html|-");
  flags.add_bool("explain", &config.explain,
                 "add \"candidates\": every ranked candidate with its features and raw score");
  flags.add_int("limit", &config.limit, "inferred tags (keyphrases with --jsonl) to print", std::size_t{0},
                std::size_t{1000});
  flags.add_string("jsonl", &config.jsonl, "read {\"id\",\"title\",\"text\"} lines from this file instead of a page");
  std::vector<std::string> positional;
  if (auto code = flags.parse_for_main(argc, argv, tagwire::process_env, positional, std::cout, std::cerr)) {
    return *code;
  }
  if (config.jsonl.empty() && positional.size() != 1) {
    std::cerr << "tagwire-tag: expected one FILE.html or - (see --help)\n";
    return 2;
  }
  if (!config.jsonl.empty() && !positional.empty()) {
    std::cerr << "tagwire-tag: --jsonl takes no FILE argument (see --help)\n";
    return 2;
  }
  auto lexicon = tagwire::engine::Lexicon::load();
  if (!lexicon) {
    std::cerr << "tagwire-tag: " << lexicon.error().message << "\n";
    return 1;
  }
  const Engine engine(*lexicon);
  return config.jsonl.empty() ? tag_page(engine, config, positional[0]) : tag_jsonl(engine, config);
}

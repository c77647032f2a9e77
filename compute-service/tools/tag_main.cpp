// tagwire-tag: the engine on one HTML file (or stdin), or on a JSONL file of
// plain texts; prints JSON. Flags and output are fixed by DESIGN.md.
//
//   tagwire-tag [--explain] [--limit N] FILE.html|-
//       {"title": ..., "tags": [{"tag", "score", "source"}, ...]}
//       --explain adds "candidates": every ranked candidate, best first, with
//       its features and raw (unnormalized) score, and "kept" when returned.
//   tagwire-tag [--explain] [--limit N] --jsonl FILE.jsonl
//       reads {"id","title","text"} lines, prints {"id","keyphrases":[...]} lines;
//       --explain adds each line's "candidates" as above. A line that is not a
//       JSON object is reported on stderr and skipped; the others are still
//       printed, and the tool then says how many were skipped and exits 1, so
//       a script scoring the output cannot miss that documents are absent.
//
// Exit codes: 0 done, 1 an input could not be read (the message says why), is
// binary data rather than HTML (as the worker answers not_html; nothing is
// printed on stdout) or lines were skipped, 2 bad usage.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include "tagwire/common/flags.h"
#include "tagwire/common/result.h"
#include "tagwire/engine/engine.h"

namespace {

using tagwire::engine::Engine;

struct TagConfig {
  bool explain = false;
  std::size_t limit = 10;
  std::string jsonl;
};

// "cannot read PATH: <the system's reason>", from errno as the failed call left it.
std::string cannot_read(const std::string& path, int error) {
  return "cannot read " + path + ": " + (error != 0 ? std::strerror(error) : "unknown error");
}

// Opens `path` for reading, or says why it cannot be (errno is the only
// witness of the cause, so it is read right after the open).
tagwire::Result<std::ifstream> open_input(const std::string& path) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) return tagwire::Error::make(tagwire::ErrorKind::kNotFound, cannot_read(path, errno));
  return in;
}

// The whole of `path`, or of stdin for "-".
tagwire::Result<std::string> read_input(const std::string& path) {
  std::string bytes;
  if (path == "-") {
    errno = 0;
    bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    if (std::cin.bad()) return tagwire::Error::make(tagwire::ErrorKind::kInternal, cannot_read("stdin", errno));
    return bytes;
  }
  auto in = open_input(path);
  if (!in) return in.error();
  errno = 0;
  bytes.assign(std::istreambuf_iterator<char>(*in), std::istreambuf_iterator<char>());
  if (in->bad()) return tagwire::Error::make(tagwire::ErrorKind::kInternal, cannot_read(path, errno));
  return bytes;
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
  const auto bytes = read_input(path);
  if (!bytes) {
    std::cerr << "tagwire-tag: " << bytes.error().message << "\n";
    return 1;
  }
  tagwire::engine::Explanation explanation;
  const auto result = engine.tag_html(*bytes, "", {config.limit}, config.explain ? &explanation : nullptr);
  if (result.binary) {
    std::cerr << "tagwire-tag: " << (path == "-" ? "stdin" : path) << " is not HTML: binary data, not text\n";
    return 1;
  }
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

// One {"id","keyphrases"} line for the document `doc`.
std::string keyphrase_line(const Engine& engine, const TagConfig& config, const rapidjson::Document& doc) {
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
  return std::string(out.GetString(), out.GetSize());
}

int tag_jsonl(const Engine& engine, const TagConfig& config) {
  auto in = open_input(config.jsonl);
  if (!in) {
    std::cerr << "tagwire-tag: " << in.error().message << "\n";
    return 1;
  }
  std::string line;
  std::size_t line_number = 0;
  std::size_t documents = 0;
  std::size_t skipped = 0;
  while (std::getline(*in, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ++documents;
    rapidjson::Document doc;
    doc.Parse(line.c_str(), line.size());
    if (doc.HasParseError() || !doc.IsObject()) {
      std::cerr << "tagwire-tag: " << config.jsonl << ":" << line_number << ": not a JSON object, skipped\n";
      ++skipped;
      continue;
    }
    std::cout << keyphrase_line(engine, config, doc) << "\n";
  }
  if (in->bad()) {
    std::cerr << "tagwire-tag: " << cannot_read(config.jsonl, errno) << "\n";
    return 1;
  }
  if (skipped > 0) {
    std::cerr << "tagwire-tag: " << config.jsonl << ": " << skipped << " of " << documents
              << " lines were not JSON objects and were skipped\n";
    return 1;
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

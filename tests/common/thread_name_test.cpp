// name_this_thread: the name the kernel reports for the calling thread.
#include <catch2/catch.hpp>

#include <sys/syscall.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <thread>

#include "tagwire/common/thread_name.h"

namespace {

std::string kernel_name_of_this_thread() {
  std::ifstream comm("/proc/self/task/" + std::to_string(::syscall(SYS_gettid)) + "/comm");
  std::string name;
  std::getline(comm, name);
  return name;
}

}  // namespace

TEST_CASE("a named thread shows its name to the kernel, cut to 15 bytes", "[thread_name]") {
  std::string short_name, long_name;
  std::thread([&] {
    tagwire::name_this_thread("tw-test");
    short_name = kernel_name_of_this_thread();
    tagwire::name_this_thread("tw-a-name-longer-than-fifteen");
    long_name = kernel_name_of_this_thread();
  }).join();
  CHECK(short_name == "tw-test");
  CHECK(long_name == "tw-a-name-longe");
}

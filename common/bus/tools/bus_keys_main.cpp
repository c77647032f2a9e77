// tagwire-bus-keys: a new CURVE key pair for the bus (see bus_keys_tool.h).
#include <iostream>

#include "tagwire/bus/bus_keys_tool.h"

int main(int argc, char** argv) {
  return tagwire::bus::run_bus_keys_tool(argc, argv, tagwire::process_env, std::cout, std::cerr);
}

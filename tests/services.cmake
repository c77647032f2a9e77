# Suites that load libzmq, libcurl, SQLite or cpp-httplib (not in the sanitizer's pure build).
tagwire_test_suite(bus LIBS tagwire_bus)
tagwire_test_suite(api LIBS tagwire_api)
tagwire_test_suite(compute LIBS tagwire_compute PkgConfig::HTTPLIB)
if(TARGET tests-compute)
  # Its unit tests reach the worker's internal pieces (the answer store, the
  # job answers), and its tool tests run the engine's command-line tools.
  target_include_directories(tests-compute PRIVATE ${PROJECT_SOURCE_DIR}/compute-service/worker/src)
  foreach(dep tagwire-tag tagwire-bench-engine)
    if(TARGET ${dep})
      add_dependencies(tests-compute ${dep})
    endif()
  endforeach()
endif()
# End-to-end: real processes on loopback ports; the binaries must be built first.
tagwire_test_suite(e2e LIBS tagwire_common PkgConfig::HTTPLIB)
if(TARGET tests-e2e)
  foreach(dep tagwire-api tagwire-compute tagwire-static tagwire-bus-keys)
    if(TARGET ${dep})
      add_dependencies(tests-e2e ${dep})
    endif()
  endforeach()
endif()

# The deployment examples: systemd units verified against this build's binaries.
if(TARGET tagwire-api AND TARGET tagwire-compute)
  add_test(NAME deploy:systemd-units
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/deploy/verify-systemd-units.sh ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
  set_tests_properties(deploy:systemd-units PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 60)
endif()

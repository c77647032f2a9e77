# Project code builds with strict warnings as errors; third-party headers are
# included as SYSTEM so their warnings do not fail our build.
#
# -Wrestrict is off for g++ 12: at -O3 (Release) it reports a false positive
# inside <string> for `"literal" + std::string` (GCC bug 105329), which
# -Werror would turn into a failed build.
function(tagwire_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
endfunction()

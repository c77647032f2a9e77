# Project code builds with strict warnings as errors; third-party headers are
# included as SYSTEM so their warnings do not fail our build.
function(tagwire_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror)
endfunction()

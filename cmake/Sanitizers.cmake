# -DTAGWIRE_SANITIZE=address  → AddressSanitizer + UndefinedBehaviorSanitizer
# -DTAGWIRE_SANITIZE=thread   → ThreadSanitizer
if(TAGWIRE_SANITIZE STREQUAL "address")
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
elseif(TAGWIRE_SANITIZE STREQUAL "thread")
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
elseif(NOT TAGWIRE_SANITIZE STREQUAL "")
  message(FATAL_ERROR "TAGWIRE_SANITIZE must be '', 'address' or 'thread', not '${TAGWIRE_SANITIZE}'")
endif()

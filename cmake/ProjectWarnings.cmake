# Strict warnings for the project's own targets only; third-party headers come
# in as SYSTEM includes so their warnings do not break the build.
function(openbfr_strict target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wconversion -Wsign-conversion
                                           -Wshadow -Wnon-virtual-dtor -Wold-style-cast)
  if(OPENBFR_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

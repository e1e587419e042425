# Fails the firmware build when the image links a heap: the core promises no
# allocation after start-up, and on a microcontroller that means none at all.
execute_process(COMMAND arm-none-eabi-nm --demangle ${ELF} OUTPUT_VARIABLE symbols
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "arm-none-eabi-nm failed on ${ELF}")
endif()
foreach(allocator malloc calloc realloc _sbrk "operator new" "operator delete")
  string(FIND "${symbols}" " ${allocator}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "the firmware links ${allocator}: the core must not allocate")
  endif()
endforeach()
message(STATUS "firmware: no heap linked")

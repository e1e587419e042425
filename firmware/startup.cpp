// The least a Cortex-M needs before main(): a vector table, and a reset
// handler that copies initialised data from flash, clears the rest, and
// runs the static constructors. Everything the core allocates is static:
// there is no heap to set up.

#include <cstdint>

extern "C" {
extern std::uint32_t _data_load, _data_start, _data_end, _bss_start, _bss_end, _stack_top;
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();
int main();
void reset_handler();
void systick_handler();
}

namespace {

[[noreturn]] void halt() {
  for (;;) {
  }
}

void default_handler() {
  halt();
}

}  // namespace

extern "C" void reset_handler() {
  std::uint32_t* src = &_data_load;
  for (std::uint32_t* dst = &_data_start; dst < &_data_end;) *dst++ = *src++;
  for (std::uint32_t* dst = &_bss_start; dst < &_bss_end;) *dst++ = 0;
  for (void (**init)() = __init_array_start; init < __init_array_end; ++init) (*init)();
  main();
  halt();
}

// Core exceptions 1-15: reset, then faults and system handlers; SysTick
// (15) keeps the controller's clock.
using Handler = void (*)();
__attribute__((section(".isr_vector"), used)) const Handler vector_table[16] = {
    reinterpret_cast<Handler>(&_stack_top),
    reset_handler,
    default_handler,  // NMI
    default_handler,  // hard fault
    default_handler,  // memory management fault
    default_handler,  // bus fault
    default_handler,  // usage fault
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    default_handler,  // SVCall
    default_handler,  // debug monitor
    nullptr,
    default_handler,  // PendSV
    systick_handler,
};

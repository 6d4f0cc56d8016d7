/* Start and stop callgrind's counting around the requests a bench measures (bench_day.py
   --callgrind): instructions are a figure that the other work on a shared machine does not
   move, unlike times. Built by bench/bench_day_instructions.sh. */
#include <valgrind/callgrind.h>

void marks_start(void) {
    CALLGRIND_ZERO_STATS;
    CALLGRIND_START_INSTRUMENTATION;
    CALLGRIND_TOGGLE_COLLECT;
}

void marks_stop(void) {
    CALLGRIND_TOGGLE_COLLECT;
    CALLGRIND_DUMP_STATS_AT("measured");
    CALLGRIND_STOP_INSTRUMENTATION;
}

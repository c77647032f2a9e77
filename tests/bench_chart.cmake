# scripts/bench-chart (the charts of scripts/bench-stack) on a fixed results file:
# tests/bench-chart/results.fixture.tsv holds made-up numbers, not a measurement. The
# check draws them and fails when an SVG is missing, does not parse, or draws the wrong
# number of bars or points, or the wrong heights (tests/bench-chart/check_charts.py).
# Python standard library only; no build target needed.
if(EXISTS /usr/bin/python3)
  set(TAGWIRE_BENCH_CHART_PYTHON /usr/bin/python3)
else()
  find_program(TAGWIRE_BENCH_CHART_PYTHON NAMES python3)
endif()
if(NOT TAGWIRE_BENCH_CHART_PYTHON)
  message(STATUS "bench-chart test skipped: no python3")
  return()
endif()

add_test(NAME bench-chart:fixture-charts
         COMMAND ${TAGWIRE_BENCH_CHART_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/bench-chart/check_charts.py
                 --chart ${PROJECT_SOURCE_DIR}/scripts/bench-chart
                 --fixture ${CMAKE_CURRENT_SOURCE_DIR}/bench-chart/results.fixture.tsv
                 --workdir ${CMAKE_CURRENT_BINARY_DIR}/bench-chart)
set_tests_properties(bench-chart:fixture-charts PROPERTIES
                     TIMEOUT 60
                     LABELS "bench;script")

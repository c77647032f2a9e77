#!/usr/bin/python3
"""Checks scripts/bench-chart on a fixed results file (results.fixture.tsv beside this
script: made-up numbers, not a measurement).

  check_charts.py --chart scripts/bench-chart --fixture results.fixture.tsv --workdir DIR

Draws the fixture's charts into DIR, then checks that every SVG parses as XML, carries its
title, and draws as many bars, goal marks and points as the fixture holds, at heights in
proportion to its numbers; that the results.json written beside them redraws the same
charts; and that a file that is not a results file is refused. Exit 0 when all hold.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
CHARTS = ("throughput.svg", "goals.svg", "isolation.svg", "latency.svg")

# What the fixture holds, counted by hand from results.fixture.tsv.
EXPECT = {
    "throughput.svg": {
        "title": "Throughput: tagwire against its ceiling",
        "classes": {"bar subject": 7, "bar ceiling": 7, "goal": 6, "panel-title": None},
    },
    "goals.svg": {
        "title": "Goals: each ratio against its goal",
        "classes": {"bar goal-ratio": 8, "goal": 8},
    },
    "isolation.svg": {
        "title": "Isolation: get-urls alone and while cold jobs saturate the worker",
        "classes": {"bar alone": 6, "bar busy": 6, "point ratio": 6, "point p99-ratio": 6, "goal": 2, "median": 2},
    },
    "latency.svg": {
        "title": "Latency: p50 and p99 of each load run",
        "classes": {"bar p50": 10, "bar p99": 10},  # 8 HTTP runs + bare and bus round trips
    },
}

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print(f"FAIL: {what}")
    return ok


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def elements(root, cls):
    return [e for e in root.iter() if e.get("class") == cls]


def all_text(root):
    return "\n".join("".join(e.itertext()) for e in root.iter(SVG + "text"))


def close(a, b, tolerance=0.02):
    return abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-9)


def check_chart(path, name):
    expect = EXPECT[name]
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        check(False, f"{name} does not parse as XML: {e}")
        return None
    check(root.tag == SVG + "svg", f"{name}: the root element is <svg> in the SVG namespace")
    view_box = root.get("viewBox", "").split()
    check(len(view_box) == 4 and float(view_box[2]) > 0 and float(view_box[3]) > 0, f"{name}: has a viewBox")
    title = root.find(SVG + "title")
    check(title is not None and title.text == expect["title"], f"{name}: <title> is {expect['title']!r}")
    text = all_text(root)
    check(expect["title"] in text, f"{name}: the title is drawn as text")
    check("FIXTURE" in text, f"{name}: the caption says the numbers are a fixture")
    check("$ scripts/bench-stack --build-dir build/fixture" in text, f"{name}: the caption gives the command")
    check("2024-01-01 00:00:00 UTC" in text, f"{name}: the caption gives the date")
    check("<made up & not measured>" in text, f"{name}: text with < and & survives (escaped in the SVG)")
    for cls, count in expect["classes"].items():
        found = len(elements(root, cls))
        if count is None:
            check(found > 0, f"{name}: some elements of class {cls!r}")
        else:
            check(found == count, f"{name}: {count} elements of class {cls!r}, found {found}")
    for rect in root.iter(SVG + "rect"):
        if rect.get("class", "").startswith("bar"):
            check(float(rect.get("height")) >= 0 and float(rect.get("width")) >= 0,
                  f"{name}: bar sizes are not negative")
    return root


def check_values(roots):
    """Heights and positions follow the fixture's numbers, not just the counts."""
    t = roots.get("throughput.svg")
    if t is not None:
        subjects, ceilings = elements(t, "bar subject"), elements(t, "bar ceiling")
        check([float(e.get("data-value")) for e in subjects][:2] == [11375.2, 20837.0],
              "throughput.svg: the first tagwire bars carry the fixture's req/s")
        s, c = subjects[0], ceilings[0]  # get-urls ab 11,375.2 against nginx ab 12,304.6: 0.92
        ratio = float(s.get("height")) / float(c.get("height"))
        check(close(ratio, 11375.2 / 12304.6, 0.002), f"throughput.svg: bar heights in proportion (got {ratio:.4f})")
        grid = {}  # the first panel's gridlines: value -> y
        for line in elements(t, "grid"):
            value = float(line.get("data-value"))
            if value in grid:
                break
            grid[value] = float(line.get("y1"))
        if check(0.0 in grid and 10000.0 in grid, f"throughput.svg: the first panel has gridlines at 0 and 10,000 ({sorted(grid)})"):
            expected_top = grid[0.0] - 1.13752 * (grid[0.0] - grid[10000.0])
            check(abs(float(s.get("y")) - expected_top) < 0.6 and abs(float(s.get("y")) + float(s.get("height")) - grid[0.0]) < 0.6,
                  "throughput.svg: a bar of 11,375 req/s stands on the 0 line and reaches 1.138 × the 10,000 line")
        check(close(float(s.get("y")) + float(s.get("height")), float(c.get("y")) + float(c.get("height")), 0.001),
              "throughput.svg: the bars of a panel stand on one baseline")
        panels = []  # each panel's gridlines, value -> y (each axis starts at 0)
        for line in elements(t, "grid"):
            if float(line.get("data-value")) == 0:
                panels.append({})
            panels[-1][float(line.get("data-value"))] = float(line.get("y1"))
        check(len(panels) == len(subjects), f"throughput.svg: an axis a panel ({len(panels)} axes)")
        for k, (grid, sb, cb) in enumerate(zip(panels, subjects, ceilings)):
            tallest = max(float(sb.get("data-value")), float(cb.get("data-value")))
            top = max(grid)
            check(tallest <= top <= 2 * tallest, f"throughput.svg: panel {k + 1}'s axis reaches {top:g}, over its "
                                                 f"tallest bar {tallest:g} and under twice it")
            check(min(float(sb.get("y")), float(cb.get("y"))) >= grid[top] - 0.6,
                  f"throughput.svg: panel {k + 1}'s bars stay inside the plot")
        goals = elements(t, "goal")
        want = [0.50 * 12304.6, 0.40 * 40506.1, 0.80 * 11375.2, 0.80 * 20837.0, 0.50 * 432.0, 0.50 * 432.0]
        got = [float(g.get("data-value")) for g in goals]
        check(len(got) == len(want) and all(close(a, b, 0.001) for a, b in zip(got, want)),
              f"throughput.svg: goal lines at goal × ceiling ({got})")
        if goals and panels:
            grid, gy = panels[0], float(goals[0].get("y1"))
            check(abs(gy - (grid[0.0] - 0.50 * 1.23046 * (grid[0.0] - grid[10000.0]))) < 0.6,
                  "throughput.svg: the first goal line is drawn at 0.50 × 12,304.6 on its axis")
        text = all_text(t)
        check("0.42× of the ceiling — MISSED" in text, "throughput.svg: a missed goal is said so")
        check("11,375" in text and "432" in text, "throughput.svg: bar values are written")
    i = roots.get("isolation.svg")
    if i is not None:
        alone = [float(e.get("data-value")) for e in elements(i, "bar alone")]
        check(alone == [8392.1, 8810.0, 8105.3, 8650.7, 8220.0, 8700.2], "isolation.svg: alone bars in round order")
        points = elements(i, "point ratio")
        values = [float(p.get("data-value")) for p in points]
        check(values == [0.75, 0.70, 0.71, 0.68, 0.70, 0.72], "isolation.svg: a ratio point per round, in order")
        xs = [float(p.get("cx")) for p in points]
        check(xs == sorted(xs) and len(set(xs)) == len(xs), "isolation.svg: rounds run left to right")
        missed = [p for p in points if p.get("fill") != "#2f855a"]
        check(len(missed) == 1 and float(missed[0].get("data-value")) == 0.68,
              "isolation.svg: only the round under 0.70 is marked missed")
        goals = sorted(float(g.get("data-value")) for g in elements(i, "goal"))
        check(goals == [0.7, 3.0], "isolation.svg: goal lines at 0.70 and 3")
        ys = {float(p.get("data-value")): float(p.get("cy")) for p in points}
        check(ys[0.75] < ys[0.70] < ys[0.68], "isolation.svg: a higher ratio is drawn higher")
    g = roots.get("goals.svg")
    if g is not None:
        bars = elements(g, "bar goal-ratio")
        check([b.get("fill") for b in bars].count("#c53030") == 1, "goals.svg: one missed goal in red")
    lat = roots.get("latency.svg")
    if lat is not None:
        p99 = [float(e.get("data-value")) for e in elements(lat, "bar p99")]
        check(p99[0] == 21 and p99[-1] == 244.9, "latency.svg: p99 bars from the first run to the bus")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chart", required=True)
    ap.add_argument("--fixture", required=True)
    ap.add_argument("--workdir", required=True)
    args = ap.parse_args()
    python = sys.executable
    shutil.rmtree(args.workdir, ignore_errors=True)
    first, second = os.path.join(args.workdir, "from-tsv"), os.path.join(args.workdir, "from-json")

    r = run([python, args.chart, args.fixture, first])
    if not check(r.returncode == 0, f"bench-chart exits 0 on the fixture (exit {r.returncode}; {r.stderr.strip()})"):
        return 1
    check(r.stderr.strip() == "", f"bench-chart says nothing on stderr for a complete file ({r.stderr.strip()})")
    roots = {}
    for name in CHARTS:
        path = os.path.join(first, name)
        if check(os.path.isfile(path), f"{name} is written"):
            check(path in r.stdout.split("\n"), f"bench-chart prints the path of {name}")
            root = check_chart(path, name)
            if root is not None:
                roots[name] = root
    check_values(roots)

    results_json = os.path.join(first, "results.json")
    if check(os.path.isfile(results_json), "results.json is written"):
        with open(results_json, encoding="utf-8") as f:
            data = json.load(f)
        check(data.get("format") == "tagwire-bench-stack/1", "results.json names its format")
        check(len(data.get("runs", [])) == 11 and len(data.get("rounds", [])) == 6 and
              len(data.get("compares", [])) == 9, "results.json holds every record of the fixture")
        r = run([python, args.chart, results_json, second])
        check(r.returncode == 0, f"bench-chart redraws from results.json (exit {r.returncode}; {r.stderr.strip()})")
        for name in CHARTS:
            a, b = os.path.join(first, name), os.path.join(second, name)
            if os.path.isfile(a) and os.path.isfile(b):
                with open(a, encoding="utf-8") as fa, open(b, encoding="utf-8") as fb:
                    check(fa.read() == fb.read(), f"{name} from results.json is the same as from results.tsv")
            else:
                check(False, f"{name} redrawn from results.json")

    bad = os.path.join(args.workdir, "not-results.tsv")
    with open(bad, "w", encoding="utf-8") as f:
        f.write("run\tname=x\trate=1\n")
    r = run([python, args.chart, bad, os.path.join(args.workdir, "bad")])
    check(r.returncode == 1 and "not a bench-stack results file" in r.stderr, "a file without the header is refused")
    broken = os.path.join(args.workdir, "broken.tsv")
    with open(args.fixture, encoding="utf-8") as f:
        text = f.read()
    with open(broken, "w", encoding="utf-8") as f:
        f.write(text.replace("rate=11375.2", "rate=eleven", 1))
    r = run([python, args.chart, broken, os.path.join(args.workdir, "broken")])
    check(r.returncode == 1 and "rate='eleven'" in r.stderr, "a figure that is not a number is refused, with its line")
    r = run([python, args.chart, os.path.join(args.workdir, "missing.tsv"), os.path.join(args.workdir, "missing")])
    check(r.returncode == 1, "a missing results file is an error")
    r = run([python, args.chart])
    check(r.returncode == 2, "bench-chart without arguments is a usage error")

    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print(f"bench-chart: all checks passed ({', '.join(CHARTS)} from {os.path.basename(args.fixture)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

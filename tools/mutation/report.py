"""The equivalent-mutants file and the report: counts and scores per file and per clause."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

DETECTED = ("killed", "crashed", "timed out")
COLUMNS = ["killed", "crashed", "timed out", "survived", "open", "equivalent", "did not compile"]


@dataclass
class Entry:
    identity: str     # a stable identity, or a prefix ending in `|*` (every mutant it starts)
    reason: str
    line: int


class Equivalents:
    """tools/mutation/equivalent.txt: `IDENTITY ## REASON` per line, `#` comments. An identity
    ending in `|*` stands for every mutant whose identity starts with what precedes the `*`."""

    def __init__(self, entries: list[Entry], problems: list[str]):
        self.entries = entries
        self.problems = problems

    @classmethod
    def read(cls, path: Path) -> "Equivalents":
        entries, problems = [], []
        if not path.exists():
            return cls(entries, problems)
        for number, raw in enumerate(path.read_text().splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            identity, separator, reason = line.partition(" ## ")
            if not separator or not reason.strip():
                problems.append(f"line {number}: needs `IDENTITY ## REASON`")
                continue
            entries.append(Entry(identity.strip(), reason.strip(), number))
        return cls(entries, problems)

    @staticmethod
    def matches(entry: Entry, identity: str) -> bool:
        if entry.identity.endswith("|*"):
            return identity.startswith(entry.identity[:-1])
        return identity == entry.identity

    def apply(self, judged: list[dict], all_identities: set[str], full: bool, label: str = "equivalent") -> list[str]:
        """Marks recorded survivors `label` (equivalent, or open: known, not yet killed);
        returns the stale entries: ones that match no generated mutant, or whose mutant the
        corpus now detects (or that did not compile, or that another file already explains)."""
        stale = []
        for entry in self.entries:
            if not any(self.matches(entry, identity) for identity in all_identities):
                stale.append(f"line {entry.line}: matches no mutant: {entry.identity}")
                continue
            for mutant in judged:
                if not self.matches(entry, mutant["identity"]):
                    continue
                if mutant["outcome"] == "survived":
                    mutant["outcome"] = label
                    mutant["detail"] = entry.reason
                elif mutant["outcome"] != label:
                    stale.append(f"line {entry.line}: its mutant is {mutant['outcome']}"
                                 f"{' by ' + mutant['killer'] if mutant.get('killer') else ''}: {mutant['identity']}")
        return stale


def score(counts: dict) -> str:
    detected = sum(counts[c] for c in DETECTED)
    considered = detected + counts["survived"] + counts["open"]
    return f"{100 * detected / considered:.1f}%" if considered else "-"


def table(title: str, groups: dict[str, dict]) -> str:
    width = max([len(title)] + [len(g) for g in groups]) + 2
    header = f"{title:<{width}}{'mutants':>8}" + "".join(f"{c:>17}" for c in COLUMNS) + f"{'score':>8}"
    lines = [header]
    for name in sorted(groups, key=lambda g: (g == "total", g)):
        counts = groups[name]
        lines.append(f"{name:<{width}}{counts['mutants']:>8}" + "".join(f"{counts[c]:>17}" for c in COLUMNS)
                     + f"{score(counts):>8}")
    return "\n".join(lines)


def outcome_table(judged: list[dict], arguments, timings: dict, generated: int) -> str:
    by_file: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    by_clause: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for mutant in judged:
        for counts in (by_file[mutant["file"]], by_file["total"]):
            counts["mutants"] += 1
            counts[mutant["outcome"]] += 1
        for clause in mutant["clauses"] or ["(no clause cited)"]:
            by_clause[clause]["mutants"] += 1
            by_clause[clause][mutant["outcome"]] += 1
    scope = (f"a sample of {len(judged)} of {generated} mutants (seed {arguments.seed})"
             if arguments.sample is not None else f"all {generated} mutants")
    total = by_file["total"]
    lines = [
        f"Mutation analysis of Sources/NormalizationReference: {scope}, judged bit-exactly",
        f"against {Path(arguments.corpus).name}.",
        f"generated {len(judged)}, killed {total['killed']}, crashed {total['crashed']}, timed out {total['timed out']}, "
        f"survived {total['survived']}, open {total['open']} (tools/mutation/open.txt), equivalent {total['equivalent']}, "
        f"did not compile {total['did not compile']}",
        f"mutation score (killed, crashed or timed out, over the non-equivalent mutants that compiled): {score(total)}",
        "wall time: " + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in timings.items()),
        "",
        table("file", by_file),
        "",
        table("clause", by_clause),
        "",
    ]
    return "\n".join(lines)


def survivors_text(judged: list[dict]) -> str:
    survivors = [m for m in judged if m["outcome"] == "survived"]
    if not survivors:
        return ""
    lines = [f"{len(survivors)} unexplained survivors (kill each with a golden case, or record it in "
             "tools/mutation/equivalent.txt with the reason it cannot be observed, or in tools/mutation/open.txt "
             "with what a case would need):"]
    for m in survivors:
        lines.append(f"  {m['file']}:{m['line']} [{m['operator']}] {m['original']}  =>  {m['mutated']}")
        lines.append(f"      {m['identity']}")
    return "\n".join(lines) + "\n"

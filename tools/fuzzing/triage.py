"""Sorting the disagreements of a fuzz run into the rules of `rules.py`.

A disagreement is a case whose verdict does not conform (docs/REPORT-SCHEMA.md `conforms`
false). Each is matched against every rule for its backend; the first matching rule is its
class. More than one matching rule is reported (the rules are meant to be disjoint).
"""

from dataclasses import dataclass, field

from .rules import RULES


@dataclass
class Triage:
    backend: str
    total: int = 0                                       # cases judged
    classes: dict = field(default_factory=dict)          # rule name -> [Case]
    untriaged: list = field(default_factory=list)
    ambiguous: list = field(default_factory=list)        # (Case, [rule names])

    @property
    def disagreements(self):
        return sum(len(v) for v in self.classes.values()) + len(self.untriaged)


def classify(case, backend, rules=RULES):
    """The names of the rules that match `case` on `backend`. A predicate that raises matches
    nothing; its exception is kept on the case (`rule_errors`) and printed with it."""
    names = []
    for rule in rules:
        try:
            if rule.matches(case, backend):
                names.append(rule.name)
        except Exception as e:  # a rule's bug must not hide the other rules or the case
            case.rule_errors.append(f"{rule.name}: {type(e).__name__}: {e}")
    return names


def triage(cases, backend, total, rules=RULES):
    """A Triage of the non-conforming `cases` of one backend's run."""
    result = Triage(backend, total)
    for case in cases:
        names = classify(case, backend, rules)
        if not names:
            result.untriaged.append(case)
            continue
        if len(names) > 1:
            result.ambiguous.append((case, names))
        result.classes.setdefault(names[0], []).append(case)
    return result


def representative(cases):
    """The smallest case of a class (fewest elements), ties by id."""
    return min(cases, key=lambda c: (c.size, c.id))

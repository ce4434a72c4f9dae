"""Mutation sites of the reference, found in the syntax tree of each Swift file.

A site is a span of source text that the schemata replace by a switch over mutant ids: the
original text when no mutant of the site is active, each mutated variant otherwise. Sites
nest (a comparison inside a guard condition inside a function); each one lists its holes,
the sub-spans that keep their own text and nested sites, and renders the switch around them.

tree-sitter-swift gets some precedences wrong (`a - b / f(c)` parses as `(a - b / f)(c)`,
and `>=`, `<=`, `!=` are parsed as custom operators of no precedence), so binary
expressions are flattened into operands and operators and parsed again here with Swift's
own precedence table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import tree_sitter_swift
from tree_sitter import Language, Node, Parser

PARSER = Parser(Language(tree_sitter_swift.language()))

BINARY_NODES = {
    "additive_expression", "multiplicative_expression", "comparison_expression",
    "equality_expression", "conjunction_expression", "disjunction_expression",
    "infix_expression", "range_expression", "nil_coalescing_expression", "bitwise_operation",
}

# Swift's standard precedence groups (higher binds tighter) and associativity.
PRECEDENCE = {
    "<<": 160, ">>": 160,
    "*": 150, "/": 150, "%": 150, "&": 150,
    "+": 140, "-": 140, "|": 140, "^": 140,
    "..<": 135, "...": 135,
    "??": 131,
    "<": 130, "<=": 130, ">": 130, ">=": 130, "==": 130, "!=": 130,
    "&&": 120,
    "||": 110,
}
RIGHT_ASSOCIATIVE = {"??"}

ARITHMETIC = ["+", "-", "*", "/"]
# Each comparison's mutants: the boundary shift, the negation, the reversed direction.
COMPARISONS = {
    "<": ["<=", ">=", ">"], "<=": ["<", ">", ">="],
    ">": [">=", "<=", "<"], ">=": [">", "<", "<="],
    "==": ["!="], "!=": ["=="],
}
LOGICAL = {"&&": "||", "||": "&&"}
COMPOUND = {"+=": "-=", "-=": "+=", "*=": "/=", "/=": "*="}
# Calls whose deletion or whose condition only guards an invariant of the program itself.
NOT_DELETED = {"precondition", "preconditionFailure", "assert", "fatalError", "init"}

# Not mutated: the fast paths (Sources/NormalizationReference/README.md) and a memory hint.
# The judged copy is built with NORMCONF_EXACT_ONLY, which compiles out the fast paths' entry
# points (`#if !NORMCONF_EXACT_ONLY` regions), so the corpus judges the exact paths; each fast
# path is held to its exact path, bit for bit, by CompensatedMomentsTests and
# CallFastPathTests. A mutant of code the judged copy never runs could only survive.
EXACT_ONLY_DEFINE = "NORMCONF_EXACT_ONLY"
FAST_PATH_FILES = {"CompensatedLanes.swift", "CompensatedMoments.swift", "Parallel.swift"}
FAST_PATH_DECLARATIONS = {
    "CallFormula.normalizeCommonly", "CallFormula.denormalizeCommonly", "CallFormula.normalizeCertified",
    "CallFormula.reciprocal", "CallFormula.reach", "CallFormula.Statistic.isOffset", "CallFormula.normalizeNearMean",
    "CallFormula.roundsSurely", "CallFormula.marked", "CallFormula.denormalizeCertified", "Normalization.run", "Normalization.forEachRun",
    "Normalization.fastRow", "Normalization.Operands.columns", "Normalization.Operands.column",
    "Normalization.Operands.Column.operand",
    "ErrorFree.head", "ErrorFree.dekkerProduct", "ErrorFree.dekkerIsExact",
    "ErrorFree.square", "ErrorFree.split", "ErrorFree.fastSum", "ExactSum.merge", "ExactSum.interval",
    "ExactSum.isNegative", "NDArray.adviseHugePages",
}
EXACT_ONLY_REGION = re.compile(rb"#if !" + EXACT_ONLY_DEFINE.encode() + rb"\b.*?#endif", re.S)


def leftmost_is_ternary(node: Node) -> bool:
    """Whether `node` starts with a ternary that tree-sitter took as an operand of what follows
    (`c ? a : f(x) { ... } / d` parses as `((c ? a : f(x)) { ... }) / d`)."""
    while node.type in ("call_expression", "navigation_expression") and node.child_count > 0:
        node = node.child(0)
    return node.type == "ternary_expression"


@dataclass
class Mutant:
    """One mutated variant of a site."""
    operator: str        # the kind: arithmetic, comparison, constant, condition, ...
    mutated: str         # the variant's source text, for display
    number: int = -1     # the run's id, given when all sites are known


@dataclass
class Site:
    file: str
    start: int           # byte offsets in the file
    end: int
    line: int
    declaration: str     # the enclosing declarations, outermost first: `CallFormula.normalize`
    clauses: list[str]
    original: str        # the site's source text, whitespace collapsed
    holes: list[tuple[int, int]]
    render: object       # (first id, rendered holes) -> text
    mutants: list[Mutant]
    fresh_process: bool = False   # inside a `static let` or global initializer: evaluated once per process
    children: list["Site"] = field(default_factory=list)

    def identity(self, mutant: Mutant, occurrence: int) -> str:
        """The stable identity: no line numbers, only what the site is and where it lives."""
        return f"{self.file}|{self.declaration}|{mutant.operator}|{self.original}|{mutant.mutated}|#{occurrence}"


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def clause_ids(semantics: Path) -> set[str]:
    return set(re.findall(r"\*\*([a-z0-9]+\.[a-z0-9-]+)\*\*", semantics.read_text()))


class FileSites:
    """Finds every site of one file."""

    def __init__(self, path: Path, clauses: set[str]):
        self.name = path.name
        self.source = path.read_bytes()
        self.tree = PARSER.parse(self.source)
        self.known_clauses = clauses
        self.sites: list[Site] = []
        self.left_out = [(m.start(), m.end()) for m in EXACT_ONLY_REGION.finditer(self.source)]
        if self.name not in FAST_PATH_FILES:
            self.walk(self.tree.root_node)

    # --- text and context -----------------------------------------------------------

    def text(self, start: int, end: int) -> str:
        return self.source[start:end].decode()

    def declarations(self, node: Node) -> list[Node]:
        chain = []
        while node is not None:
            if node.type in ("function_declaration", "init_declaration", "class_declaration",
                             "property_declaration", "protocol_declaration", "subscript_declaration"):
                if node.type != "property_declaration" or node.parent is None or node.parent.type in (
                        "class_body", "enum_class_body", "source_file"):
                    chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def declaration_name(self, node: Node) -> str:
        names = []
        for declaration in self.declarations(node):
            if declaration.type == "init_declaration":
                names.append("init")
                continue
            if declaration.type == "class_declaration":
                kind = declaration.child(0).type if declaration.child_count else ""
                name = next((c for c in declaration.children if c.type in ("type_identifier", "user_type")), None)
                names.append(self.text(name.start_byte, name.end_byte) if name else kind)
                continue
            name = declaration.child_by_field_name("name")
            if name is None:
                name = next((c for c in declaration.children
                             if c.type in ("simple_identifier", "pattern")), None)
            names.append(collapse(self.text(name.start_byte, name.end_byte)) if name else declaration.type)
        return ".".join(names) or "(file)"

    def leading_comments(self, node: Node) -> str:
        """The comment lines right above a declaration (its doc comment)."""
        # Modifiers and attributes belong to the declaration; comments are its previous siblings.
        texts = []
        sibling = node.prev_sibling
        while sibling is not None and sibling.type == "comment":
            texts.append(self.text(sibling.start_byte, sibling.end_byte))
            sibling = sibling.prev_sibling
        return "\n".join(reversed(texts))

    def comments_inside(self, node: Node) -> str:
        found, stack = [], [node]
        while stack:
            current = stack.pop()
            if current.type == "comment":
                found.append(self.text(current.start_byte, current.end_byte))
            stack.extend(current.children)
        return "\n".join(found)

    def clauses_of(self, node: Node) -> list[str]:
        """Clause ids cited by the nearest enclosing declaration that cites any: a function's
        doc comment and body comments, a type's doc comment."""
        for declaration in reversed(self.declarations(node)):
            text = self.leading_comments(declaration)
            if declaration.type != "class_declaration":
                text += "\n" + self.comments_inside(declaration)
            cited = [c for c in dict.fromkeys(re.findall(r"[a-z0-9]+\.[a-z0-9-]+", text)) if c in self.known_clauses]
            if cited:
                return cited
        return []

    def in_static_initializer(self, node: Node) -> bool:
        """Inside `static let x = ...` or a global `let`: Swift evaluates it once per process."""
        while node is not None:
            if node.type == "property_declaration":
                binding = next((c for c in node.children if c.type == "value_binding_pattern"), None)
                is_let = binding is not None and binding.text == b"let"
                modifiers = next((c for c in node.children if c.type == "modifiers"), None)
                is_static = modifiers is not None and b"static" in modifiers.text
                computed = any(c.type == "computed_property" for c in node.children)
                if is_let and not computed and (is_static or node.parent.type == "source_file"):
                    return True
            node = node.parent
        return False

    def in_string(self, node: Node) -> bool:
        while node is not None:
            if node.type in ("line_string_literal", "multi_line_string_literal"):
                return True
            node = node.parent
        return False

    def add(self, node_for_context: Node, start: int, end: int, holes, render, mutants: list[Mutant]):
        if not mutants or any(first <= start < last for first, last in self.left_out):
            return
        if self.declaration_name(node_for_context) in FAST_PATH_DECLARATIONS:
            return
        self.sites.append(Site(
            file=self.name, start=start, end=end,
            line=self.source[:start].count(b"\n") + 1,
            declaration=self.declaration_name(node_for_context),
            clauses=self.clauses_of(node_for_context),
            original=collapse(self.text(start, end)),
            holes=holes, render=render, mutants=mutants,
            fresh_process=self.in_static_initializer(node_for_context)))

    # --- the walk ---------------------------------------------------------------------

    def walk(self, node: Node):
        if node.type == "comment":
            return
        if self.is_chain_top(node):
            self.binary_chain(node)
            return
        handler = getattr(self, "visit_" + node.type, None)
        if handler is not None:
            handler(node)
        for child in node.children:
            self.walk(child)

    def is_chain_top(self, node: Node) -> bool:
        if node.type == "prefix_expression" and node.child_count == 2 and node.child(1).type in BINARY_NODES:
            return True  # `-a <= b` parsed as `-(a <= b)`
        return node.type in BINARY_NODES or (
            node.type in ("call_expression", "navigation_expression")
            and node.child_count > 0 and node.child(0).type in BINARY_NODES)

    def flatten(self, node: Node):
        """Operands (start, end, nodes to walk) and operators (text, start, end) of a chain."""
        if node.type in BINARY_NODES and node.child_count == 3:
            left, operator, right = node.children
            left_operands, left_operators = self.flatten(left)
            right_operands, right_operators = self.flatten(right)
            op = (self.text(operator.start_byte, operator.end_byte), operator.start_byte, operator.end_byte)
            return left_operands + right_operands, left_operators + [op] + right_operators
        if node.type in ("call_expression", "navigation_expression") and node.child(0).type in BINARY_NODES:
            operands, operators = self.flatten(node.child(0))
            start, _, nodes = operands[-1]
            operands[-1] = (start, node.end_byte, nodes + list(node.children[1:]))
            return operands, operators
        if node.type == "prefix_expression" and node.child_count == 2 and node.child(1).type in BINARY_NODES:
            operands, operators = self.flatten(node.child(1))
            _, end, nodes = operands[0]
            operands[0] = (node.start_byte, end, nodes)
            return operands, operators
        return [(node.start_byte, node.end_byte, [node])], []

    def binary_chain(self, node: Node):
        operands, operators = self.flatten(node)
        for _, _, nodes in operands:
            for inner in nodes:
                self.walk(inner)
        if any(op not in PRECEDENCE for op, _, _ in operators):
            return  # an operator this table does not know: leave the chain alone
        if any(leftmost_is_ternary(nodes[0]) for _, _, nodes in operands if nodes):
            # tree-sitter reads `c ? a : b / d` as `(c ? a : b) / d`; the ternary binds
            # loosest, so the chain's operands are not what they seem: leave it alone
            # (random corpora caught the misparse: cells == 0 divided by zero).
            return
        # Precedence climbing over the flat lists; each tree node is (start, end, op, left, right).
        position = 0

        def parse(minimum: int):
            nonlocal position
            left = operands[position]
            left_tree = (left[0], left[1], None, None, None)
            while position < len(operators):
                op, _, _ = operators[position]
                precedence = PRECEDENCE[op]
                if precedence < minimum:
                    break
                position += 1
                next_minimum = precedence if op in RIGHT_ASSOCIATIVE else precedence + 1
                right_tree = parse(next_minimum)
                left_tree = (left_tree[0], right_tree[1], op, left_tree, right_tree)
            return left_tree

        tree = parse(0)
        self.binary_sites(node, tree)

    def binary_sites(self, context: Node, tree):
        start, end, op, left, right = tree
        if op is None:
            return
        self.binary_sites(context, left)
        self.binary_sites(context, right)
        left_text, right_text = collapse(self.text(left[0], left[1])), collapse(self.text(right[0], right[1]))
        if self.in_string(context) or left_text.startswith('"') or right_text.startswith('"'):
            return  # string concatenation
        # Shown with the grouping the parse gave: `(a + b) * c`, not `a + b * c`.
        left_text = f"({left_text})" if left[2] is not None else left_text
        right_text = f"({right_text})" if right[2] is not None else right_text
        holes = [(left[0], left[1]), (left[1], right[0]), (right[0], right[1])]
        if op in ARITHMETIC:
            others = [o for o in ARITHMETIC if o != op]
            helper = {"+": "add", "-": "subtract", "*": "multiply", "/": "divide"}[op]
            mutants = [Mutant("arithmetic", f"{left_text} {o} {right_text}") for o in others]
            self.add(context, start, end, holes,
                     lambda first, h, helper=helper: f"__mutation.{helper}({first}, {h[0]}, {h[2]})", mutants)
        elif op in COMPARISONS:
            if right_text == "nil" or left_text == "nil":
                return  # optional checks: the enclosing condition's mutants cover them
            helper = {"<": "less", "<=": "lessOrEqual", ">": "greater", ">=": "greaterOrEqual",
                      "==": "equal", "!=": "notEqual"}[op]
            mutants = [Mutant("comparison", f"{left_text} {o} {right_text}") for o in COMPARISONS[op]]
            self.add(context, start, end, holes,
                     lambda first, h, helper=helper: f"__mutation.{helper}({first}, {h[0]}, {h[2]})", mutants)
        elif op in LOGICAL:
            helper = "and" if op == "&&" else "or"
            mutants = [Mutant("logical", f"{left_text} {LOGICAL[op]} {right_text}")]
            self.add(context, start, end, holes,
                     lambda first, h, helper=helper: f"__mutation.{helper}({first}, {h[0]}, {h[2]})", mutants)
        elif op in ("..<", "..."):
            other = "..." if op == "..<" else "..<"
            helper = "plusOne" if op == "..<" else "minusOne"
            mutants = [Mutant("boundary", f"{left_text}{other}{right_text}")]
            self.add(context, start, end, holes,
                     lambda first, h, op=op, helper=helper: f"{h[0]}{op}__mutation.{helper}({first}, {h[2]})", mutants)

    # --- other sites --------------------------------------------------------------------

    def visit_integer_literal(self, node: Node):
        self.literal(node, integer=True)

    def visit_real_literal(self, node: Node):
        self.literal(node, integer=False)

    def literal(self, node: Node, integer: bool):
        if self.in_string(node):
            return
        text = self.text(node.start_byte, node.end_byte)
        clean = text.replace("_", "")
        try:
            if integer:
                value = int(clean, 0)
                variants = [value + 1, value - 1] + ([0] if value not in (0, 1, -1) else [])
                spelled = [str(v) for v in variants if v >= 0] + [f"(-{-v})" for v in variants if v < 0]
            else:
                value = float.fromhex(clean) if clean.lower().startswith("0x") else float(clean)
                variants = [0.0, value * 2] if value != 0 else [1.0, -1.0]
                spelled = [repr(v) if v >= 0 else f"(-{repr(-v)})" for v in variants]
                if value != 0 and value * 10 != value * 2 and abs(value) < 1e-3:
                    spelled.append(repr(value * 10))  # an epsilon-like constant one decade off
        except ValueError:
            return
        spelled = list(dict.fromkeys(s for s in spelled if s != text))
        mutants = [Mutant("constant", s) for s in spelled]
        self.add(node, node.start_byte, node.end_byte, [],
                 lambda first, h, text=text, spelled=spelled:
                     "(" + "".join(f"__mutation.active == {first + i} ? {s} : " for i, s in enumerate(spelled)) + text + ")",
                 mutants)

    def condition_elements(self, node: Node, keyword_types: set[str]):
        """The boolean elements of an if/guard/while condition list: the comma-separated
        elements that bind nothing (`let x = ...`, `case ...` are left alone)."""
        return self.strip_bindings(node, keyword_types)

    def strip_bindings(self, node: Node, keyword_types: set[str]):
        """Condition lists with `let` bindings: keep the elements between commas that bind nothing."""
        groups, current = [], []
        for child in node.children:
            if child.type in keyword_types:
                continue
            if child.type in (",", "else", "{", "statements"):
                groups.append(current)
                current = []
                if child.type in ("else", "{", "statements"):
                    break
                continue
            current.append(child)
        return [g[0] for g in groups if len(g) == 1 and g[0].type not in (
            "value_binding_pattern", "pattern", "statements", "comment")]

    def condition(self, element: Node, where: str):
        text = collapse(self.text(element.start_byte, element.end_byte))
        if text in ("true", "false"):
            return
        mutants = [Mutant("negated condition", f"!({text})"),
                   Mutant("condition forced true", "true" if where != "guard" else "true (check deleted)"),
                   Mutant("condition forced false", "false")]
        self.add(element, element.start_byte, element.end_byte, [(element.start_byte, element.end_byte)],
                 lambda first, h: f"__mutation.condition({first}, {h[0]})", mutants)

    def visit_if_statement(self, node: Node):
        for element in self.condition_elements(node, {"if"}):
            self.condition(element, "if")

    def visit_guard_statement(self, node: Node):
        for element in self.condition_elements(node, {"guard"}):
            self.condition(element, "guard")

    def visit_while_statement(self, node: Node):
        for element in self.condition_elements(node, {"while"}):
            self.condition(element, "while")

    def visit_where_clause(self, node: Node):
        for child in node.children:
            if child.type != "where_keyword":
                self.condition(child, "where")

    def visit_ternary_expression(self, node: Node):
        self.condition(node.child(0), "ternary")

    def visit_prefix_expression(self, node: Node):
        operator = node.child(0)
        operand = node.child(1) if node.child_count > 1 else None
        if operand is None or operator.type not in ("-", "bang"):
            return
        if operand.type in ("integer_literal", "real_literal"):
            return  # a negative constant: the constant's mutants cover it
        end = node.end_byte
        parent = node.parent
        if parent is not None and parent.type in ("call_expression", "navigation_expression") and parent.child(0) == node:
            end = parent.end_byte  # `!a.f(x)` parsed as `(!a.f)(x)`: the operand runs to the call's end
        text = collapse(self.text(operand.start_byte, end))
        helper = "negate" if operator.type == "-" else "not"
        self.add(node, node.start_byte, end,
                 [(node.start_byte, operand.start_byte), (operand.start_byte, end)],
                 lambda first, h, helper=helper: f"__mutation.{helper}({first}, {h[1]})",
                 [Mutant("unary operator deleted", text)])

    def visit_control_transfer_statement(self, node: Node):
        keyword = node.child(0)
        if keyword.type == "throw_keyword":
            self.throw_statement(node)
        elif keyword.type == "return" and node.child_count > 1:
            self.return_value(node, node.child(1))

    def throw_statement(self, node: Node):
        # A throw in a guard's else cannot be deleted (the guard would fall through); the
        # guard's condition forced true deletes that check instead.
        parent = node.parent
        while parent is not None and parent.type == "statements":
            parent = parent.parent
        if parent is not None and parent.type == "guard_statement":
            return
        self.add(node, node.start_byte, node.end_byte, [(node.start_byte, node.end_byte)],
                 lambda first, h: f"if __mutation.active != {first} {{ {h[0]} }}",
                 [Mutant("throw deleted", "(nothing)")])

    def return_type(self, node: Node) -> str | None:
        parent = node.parent
        while parent is not None:
            if parent.type == "lambda_literal":
                return None
            if parent.type == "function_declaration":
                seen_arrow = False
                for child in parent.children:
                    if child.type == "->":
                        seen_arrow = True
                    elif seen_arrow and child.type not in ("throws", "throws_clause"):
                        return collapse(self.text(child.start_byte, child.end_byte))
                return None
            if parent.type in ("computed_property", "init_declaration"):
                return None
            parent = parent.parent
        return None

    def return_value(self, node: Node, value: Node):
        kind = self.return_type(node)
        text = collapse(self.text(value.start_byte, value.end_byte))
        if kind is None or text in ("nil", "true", "false", "0", "0.0"):
            return
        if kind == "Bool":
            variants = [("negated", f"!({{v}})")]
        elif kind == "Double":
            variants = [("zero", "0.0"), ("negated", "-({v})")]
        elif kind == "Int":
            variants = [("zero", "0"), ("plus one", "({v}) + 1")]
        elif kind.endswith("?"):
            variants = [("nil", "nil")]
        else:
            return
        mutants = [Mutant("return value", spelling.replace("{v}", text)) for _, spelling in variants]
        self.add(value, value.start_byte, value.end_byte, [(value.start_byte, value.end_byte)],
                 lambda first, h, variants=variants: "(" + "".join(
                     f"__mutation.active == {first + i} ? {spelling.replace('{v}', h[0])} : "
                     for i, (_, spelling) in enumerate(variants)) + h[0] + ")",
                 mutants)

    def visit_call_expression(self, node: Node):
        self.swapped_arguments(node)
        if node.parent is not None and node.parent.type == "statements":
            self.deleted_statement(node, node)

    def visit_try_expression(self, node: Node):
        if node.parent is not None and node.parent.type == "statements":
            self.deleted_statement(node, node)

    def visit_assignment(self, node: Node):
        operator = next((c for c in node.children if c.type in COMPOUND), None)
        if operator is None:
            return
        target = node.child(0)
        value = node.children[-1]
        original = operator.type
        target_text = collapse(self.text(target.start_byte, target.end_byte))
        value_text = collapse(self.text(value.start_byte, value.end_byte))
        helper = {"+=": "addAssign", "-=": "subtractAssign", "*=": "multiplyAssign", "/=": "divideAssign"}[original]
        self.add(node, node.start_byte, node.end_byte,
                 [(target.start_byte, target.end_byte), (target.end_byte, value.start_byte), (value.start_byte, value.end_byte)],
                 lambda first, h, helper=helper: f"__mutation.{helper}({first}, &{h[0]}, {h[2]})",
                 [Mutant("compound assignment", f"{target_text} {COMPOUND[original]} {value_text}"),
                  Mutant("statement deleted", "(nothing)")])

    def deleted_statement(self, node: Node, call: Node):
        statements = [c for c in node.parent.children if c.type != "comment"]
        if len(statements) == 1:
            return  # the only statement may be the block's value (a switch case, an implicit return)
        inner = call.child(call.child_count - 1) if call.type == "try_expression" else call
        callee = inner.child(0) if inner.child_count else inner
        name = collapse(self.text(callee.start_byte, callee.end_byte)).split(".")[-1]
        if name in NOT_DELETED:
            return
        self.add(node, node.start_byte, node.end_byte, [(node.start_byte, node.end_byte)],
                 lambda first, h: f"if __mutation.active != {first} {{ {h[0]} }}",
                 [Mutant("statement deleted", "(nothing)")])

    def swapped_arguments(self, node: Node):
        suffix = next((c for c in node.children if c.type == "call_suffix"), None)
        arguments = suffix and next((c for c in suffix.children if c.type == "value_arguments"), None)
        if arguments is None:
            return
        values = [c for c in arguments.children if c.type == "value_argument"]
        if len(values) < 2 or any(c.type == "value_argument_label" for v in values for c in v.children):
            return
        callee = node.child(0)
        if collapse(self.text(callee.start_byte, callee.end_byte)).split(".")[-1] in NOT_DELETED | {"zip", "Array"}:
            return
        for a, b in zip(values, values[1:]):
            a_text, b_text = collapse(self.text(a.start_byte, a.end_byte)), collapse(self.text(b.start_byte, b.end_byte))
            if a_text == b_text:
                continue
            holes = [(node.start_byte, a.start_byte), (a.start_byte, a.end_byte), (a.end_byte, b.start_byte),
                     (b.start_byte, b.end_byte), (b.end_byte, node.end_byte)]
            self.add(node, node.start_byte, node.end_byte, holes,
                     lambda first, h: f"(__mutation.active == {first} ? {h[0]}{h[3]}{h[2]}{h[1]}{h[4]} : {''.join(h)})",
                     [Mutant("arguments swapped", f"({b_text}, {a_text})")])


def find_sites(files: list[Path], semantics: Path) -> list[Site]:
    clauses = clause_ids(semantics)
    sites = []
    for path in files:
        sites += FileSites(path, clauses).sites
    return sites

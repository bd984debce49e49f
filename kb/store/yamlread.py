"""Read one YAML document as plain data, keeping the line and column of every value.

PyYAML's loaders silently keep the last of two duplicate keys, expand aliases
(a few hundred bytes can ask for gigabytes) and build Python objects from tags.
We therefore stop at libyaml's node graph and convert the nodes ourselves:
duplicate keys, anchors, aliases and unusual tags are refused with their place,
and dates stay the text the user wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml's C parser when it is installed; pure Python otherwise.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_constructor = yaml.constructor.SafeConstructor()
MAX_DEPTH = 10  # claims need 3 levels; deeper nesting is refused before it can exhaust the stack


class YamlProblem(Exception):
    """A place in the text where reading stopped; 1-based line and column."""

    def __init__(self, line: int, column: int, rule: str, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.rule, self.message = line, column, rule, message


@dataclass
class Document:
    """The data of one document and where each piece of it stands."""

    data: Any
    line: int = 1
    column: int = 1
    # (key path) -> (line, column) of the value; keys of mappings also as path + ("<key>",)
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    problems: list[YamlProblem] = field(default_factory=list)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _indented_too_far(lines: list[str], line: int) -> bool:
    """True when line (1-based) reads 'key: value' but sits deeper than the 'key: value' line above it."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    above = next((lines[i] for i in range(line - 2, -1, -1) if lines[i].strip() and
                  not lines[i].lstrip().startswith("#")), None)
    return (above is not None and re.match(r"\s*[\w-]+:( |$)", text) is not None
            and re.match(r"\s*(- )?[\w-]+: \S", above) is not None and _indent(text) > _indent(above))


def _hint(problem: str, text_line: str, lines: list[str] | None = None, line: int = 0) -> str:
    if "\t" in text_line and ("tab" in problem or "cannot start any token" in problem):
        return "; indent with spaces, not tabs"
    if "mapping values are not allowed" in problem and lines and _indented_too_far(lines, line):
        return "; this line is indented further than the line above it: line its key up with the others"
    if "mapping values are not allowed" in problem:
        return "; put quotes around a value that contains ': '"
    if "could not find expected ':'" in problem:
        return "; each line needs 'key: value'"
    return ""


def _syntax_problem(error: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    last = text.count("\n") + 1  # an editor's last line: the empty one after a final newline counts
    if line > last:  # past the end of a last line with no newline: point at its end
        line, column = last, len(text.rsplit("\n", 1)[-1]) + 1
    text_line = lines[line - 1] if 0 < line <= len(lines) else ""
    what = error.problem or str(error)
    if error.context and error.problem:
        what = f"{error.context}, {error.problem}"
    return YamlProblem(line, column, "yaml-syntax", f"YAML syntax: {what}{_hint(what, text_line, lines, line)}")


def _needs_event_scan(text: str) -> bool:
    """Cheap text test: does this file need the slower event-by-event scan before composing?"""
    return any(c in text for c in "&*!") or (text.count("[") + text.count("{") > 2 * MAX_DEPTH) or \
        bool(re.search(r"(^|\s)[-?]\s+[-?\[{]|:\s+[\[{][^\n]*[\[{]", text))


def _refuse_clever_yaml(text: str) -> None:
    """Anchors, aliases, explicit tags and deep nesting: refused from the event stream, before any node
    is built (libyaml's composer recurses, and crashes the process on a few hundred thousand levels)."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        mark = event.start_mark
        where = (mark.line + 1, mark.column + 1)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH + 1:
                raise YamlProblem(*where, "yaml-depth", f"nested more than {MAX_DEPTH} levels deep; "
                                                       "claims are flat 'key: value' lines")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(*where, "yaml-alias", f"alias '*{event.anchor}' is not allowed; write the value out")
        anchor = getattr(event, "anchor", None)
        if anchor:
            raise YamlProblem(*where, "yaml-anchor", f"anchor '&{anchor}' is not allowed; write values out in full")
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", True)
        explicit = tag is not None and tag != "!" and not (implicit is True or (isinstance(implicit, tuple) and any(implicit)))
        if explicit and tag not in _SCALAR_TAGS:
            raise YamlProblem(*where, "yaml-tag", f"tag '{_short_tag(tag)}' is not allowed; use plain values")


def _reader_problem(error: yaml.reader.ReaderError, text: str) -> YamlProblem:
    """libyaml refuses control characters before parsing; point at the character."""
    position = min(max(error.position, 0), len(text))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return YamlProblem(line, column, "bad-character",
                       f"character U+{error.character:04X} is not allowed in YAML text; remove it "
                       "(or write it as an escape such as \\x01 inside double quotes)")


def read_document(text: str) -> Document:
    """Parse text holding one YAML document; raises YamlProblem with the place of the first problem."""
    try:
        return _read_document(text)
    except yaml.reader.ReaderError as error:
        raise _reader_problem(error, text) from None
    except yaml.YAMLError as error:  # anything libyaml raises without a place
        raise YamlProblem(1, 1, "yaml-syntax", f"YAML syntax: {error}") from None


_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)


def _refuse_conflict_markers(text: str) -> None:
    """git's conflict markers, left by a merge, are reported as what they are, not as bad YAML."""
    match = _CONFLICT.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise YamlProblem(line, 1, "merge-conflict", f"an unresolved merge conflict (git's '{match.group(1)}' marker); "
                                                     "keep the lines you want and remove the markers")


def _read_document(text: str) -> Document:
    if "=======" in text or "<<<<<<<" in text or ">>>>>>>" in text:
        _refuse_conflict_markers(text)
    if _needs_event_scan(text):
        try:
            _refuse_clever_yaml(text)
        except yaml.MarkedYAMLError as error:
            raise _syntax_problem(error, text) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        if "expected a single document" in str(error):
            mark = error.problem_mark
            raise YamlProblem(mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, "yaml-documents",
                              "more than one YAML document; keep one claim per file and remove '---'") from None
        raise _syntax_problem(error, text) from None
    finally:
        loader.dispose()
    doc = Document(data=None)
    if node is None:
        return doc
    doc.line, doc.column = node.start_mark.line + 1, node.start_mark.column + 1
    seen: set[int] = set()
    doc.data = _convert(node, (), doc, seen)
    return doc


def _too_deep(node: yaml.Node) -> YamlProblem:
    return YamlProblem(*_place(node), "yaml-depth", f"nested more than {MAX_DEPTH} levels deep; "
                                                    "claims are flat 'key: value' lines")


def _place(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _convert(node: yaml.Node, path: tuple, doc: Document, seen: set[int]) -> Any:
    if id(node) in seen:  # an alias that slipped past the event check
        raise YamlProblem(*_place(node), "yaml-alias", "aliases are not allowed; write the value out")
    seen.add(id(node))
    if len(path) > MAX_DEPTH:
        raise _too_deep(node)
    doc.positions[path] = _place(node)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(*_place(key_node), "yaml-key", "keys must be plain words")
            key = _scalar(key_node)
            if key_node.tag == _TAG + "merge" or key_node.value == "<<":
                raise YamlProblem(*_place(key_node), "yaml-merge", "merge keys '<<' are not allowed")
            if not isinstance(key, str):
                key = str(key_node.value)
            if key in result:
                first = doc.positions[path + (key, "<key>")]
                doc.problems.append(YamlProblem(
                    *_place(key_node), "duplicate-key",
                    f"duplicate key '{key}' (first at line {first[0]}); keep one of them"))
                continue
            doc.positions[path + (key, "<key>")] = _place(key_node)
            result[key] = _convert(value_node, path + (key,), doc, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), doc, seen) for i, item in enumerate(node.value)]
    if node.tag not in _SCALAR_TAGS:
        raise YamlProblem(*_place(node), "yaml-tag", f"tag '{_short_tag(node.tag)}' is not allowed; use plain values")
    return _scalar(node)


def _scalar(node: yaml.ScalarNode) -> Any:
    tag = node.tag
    if tag == _TAG + "str" or tag == _TAG + "timestamp":
        return node.value  # dates stay as written: partial dates are text here
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        return _constructor.construct_yaml_bool(node)
    if tag == _TAG + "int":
        return _constructor.construct_yaml_int(node)
    if tag == _TAG + "float":
        return _constructor.construct_yaml_float(node)
    return node.value

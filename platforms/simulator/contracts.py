"""The machine-readable contracts the simulator checks requests against (platforms/specs/, copied
verbatim from the platforms' public repositories; see SOURCES.md there): X's OpenAPI, Mastodon's
OpenAPI (jsonschema over their component schemas) and Bluesky's lexicons (a validator for the
lexicon types a post uses)."""

import json
from datetime import datetime
from functools import cache
from pathlib import Path

import regex
from jsonschema import Draft7Validator

SPECS = Path(__file__).resolve().parent.parent / "specs"


@cache
def _openapi(name: str) -> dict:
    paths = {
        "x": SPECS / "x" / "openapi-v2.159-xdk-latest.json",
        "mastodon": SPECS / "mastodon" / "mastodon-openapi-schema.json",
    }
    return json.loads(paths[name].read_text())


@cache
def _validator(spec: str, schema: str) -> Draft7Validator:
    document = _openapi(spec)
    return Draft7Validator(
        {"$ref": f"#/components/schemas/{schema}", "components": document["components"]}
    )


def openapi_errors(spec: str, schema: str, data) -> list[str]:
    """Messages for every way `data` breaks components.schemas[schema] of the spec."""
    errors = sorted(_validator(spec, schema).iter_errors(data), key=lambda e: list(e.path))
    return [f"{'/'.join(map(str, e.path)) or '(body)'}: {e.message}" for e in errors]


# --- X's weighted length (twitter-text config v3) --------------------------------------------

_URL = regex.compile(r"https?://[^\s]+|\b[\w-]+\.(?:com|org|net|gov|edu|io|co|us)(?:/[^\s]*)?\b")
_EMOJI = regex.compile(r"\p{Extended_Pictographic}")
_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def weighted_length(text: str) -> int:
    """Approximates twitter-text v3: URLs 23, emoji sequences 2, code points in the light
    ranges 1, everything else 2."""
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    total = 23 * 100 * len(_URL.findall(text))
    text = _URL.sub("", text)
    for cluster in regex.findall(r"\X", text):
        if _EMOJI.search(cluster):
            total += 200
            continue
        for char in cluster:
            point = ord(char)
            total += 100 if any(lo <= point <= hi for lo, hi in _LIGHT) else 200
    return total // 100


# --- Bluesky lexicons ------------------------------------------------------------------------


@cache
def lexicon(nsid: str) -> dict:
    path = SPECS / "bluesky-lexicons" / Path(*nsid.split(".")).with_suffix(".json")
    return json.loads(path.read_text())


def _resolve(ref: str, context: str) -> tuple[dict, str]:
    nsid, _, name = ref.partition("#")
    nsid = nsid or context
    return lexicon(nsid)["defs"][name or "main"], nsid


def lexicon_errors(nsid: str, value, *, definition: str = "main") -> list[str]:
    """Every way `value` breaks the lexicon definition (records: their `record` schema)."""
    schema = lexicon(nsid)["defs"][definition]
    if schema.get("type") == "record":
        schema = schema["record"]
    errors: list[str] = []
    _check(schema, value, nsid, nsid, errors)
    return errors


def _check(schema: dict, value, path: str, context: str, errors: list[str]) -> None:
    kind = schema.get("type")
    if kind == "ref":
        target, ctx = _resolve(schema["ref"], context)
        _check(target, value, path, ctx, errors)
    elif kind == "union":
        if not isinstance(value, dict) or "$type" not in value:
            errors.append(f"{path} must be an object with $type")
            return
        refs = schema.get("refs", [])
        wanted = value["$type"]
        for ref in refs:
            full = ref if not ref.startswith("#") else context + ref
            if full.removesuffix("#main") == wanted.removesuffix("#main"):
                target, ctx = _resolve(ref, context)
                _check(target, value, path, ctx, errors)
                return
        if schema.get("closed"):
            errors.append(f"{path} has $type {wanted} not allowed here")
    elif kind == "object":
        if not isinstance(value, dict):
            errors.append(f"{path} must be an object")
            return
        for name in schema.get("required", []):
            if name not in value:
                errors.append(f"{path} must have the property {name!r}")
        for name, prop in schema.get("properties", {}).items():
            if name in value:
                _check(prop, value[name], f"{path}/{name}", context, errors)
    elif kind == "string":
        if not isinstance(value, str):
            errors.append(f"{path} must be a string")
            return
        if "maxLength" in schema and len(value.encode()) > schema["maxLength"]:
            errors.append(f"{path} must not be longer than {schema['maxLength']} characters")
        if "maxGraphemes" in schema and len(regex.findall(r"\X", value)) > schema["maxGraphemes"]:
            errors.append(f"{path} must not be longer than {schema['maxGraphemes']} graphemes")
        if schema.get("format") == "datetime":
            try:
                datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                errors.append(f"{path} must be an valid atproto datetime (ISO 8601)")
        if "knownValues" not in schema and "enum" in schema and value not in schema["enum"]:
            errors.append(f"{path} must be one of {schema['enum']}")
    elif kind == "array":
        if not isinstance(value, list):
            errors.append(f"{path} must be an array")
            return
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            errors.append(f"{path} must not have more than {schema['maxLength']} elements")
        for index, item in enumerate(value):
            _check(schema["items"], item, f"{path}/{index}", context, errors)
    elif kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            errors.append(f"{path} must be an integer")
        elif "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{path} can not be less than {schema['minimum']}")
    elif kind == "boolean":
        if not isinstance(value, bool):
            errors.append(f"{path} must be a boolean")
    elif kind == "blob":
        if not isinstance(value, dict) or value.get("$type") != "blob":
            errors.append(f"{path} should be a blob ref")
            return
        if "maxSize" in schema and value.get("size", 0) > schema["maxSize"]:
            errors.append(f"{path} is larger than {schema['maxSize']} bytes")

#!/usr/bin/env python3
"""validate.py SCHEMA json|ndjson|es-bulk FILE: check an export against
doc/export.schema.json (python3-jsonschema, Draft 2020-12).  A json file is
checked against the schema's root; each ndjson line, and each document line
of an es-bulk file, against its $defs/document.  Prints the first errors and
exits 1 when the file does not fit."""
import json
import sys

import jsonschema


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    schema_path, mode, path = sys.argv[1:]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    V = jsonschema.Draft202012Validator
    V.check_schema(schema)
    if mode == "json":
        validator = V(schema)
        with open(path, encoding="utf-8") as f:
            docs = [("file", json.load(f))]
    else:
        validator = V({"$ref": "#/$defs/document", "$defs": schema["$defs"]})
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        if lines[-1] != "":
            print(f"{path}: no newline at the end", file=sys.stderr)
            return 1
        lines = lines[:-1]
        if mode == "es-bulk":
            lines = lines[1::2]
        docs = [(f"line {i + 1}", json.loads(l)) for i, l in enumerate(lines)]
    bad = 0
    for where, doc in docs:
        for err in validator.iter_errors(doc):
            bad += 1
            if bad <= 5:
                loc = "/".join(str(p) for p in err.absolute_path)
                print(f"{path}: {where}: /{loc}: {err.message[:200]}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

"""Exports the botocore service models of the services berth sim serves, as one JSON file.

Usage: python3 export_models.py OUT.json

The file holds, per service, its protocol, signing name, target prefix, and the operations with
their input, output and result wrapper, plus every shape those operations reach, stripped of
documentation. The Java validator reads it to check the simulator's wire answers and the requests
berth and the AWS CLI send.
"""
import json
import sys

import botocore
import botocore.session

SERVICES = ["ecs", "cloudformation", "ecr", "elbv2", "sts", "s3", "ssm", "cloudwatch", "autoscaling"]
SHAPE_KEYS = ["type", "required", "members", "member", "key", "value", "enum", "flattened",
              "timestampFormat", "min", "max", "pattern", "locationName", "error", "exception", "payload"]
MEMBER_KEYS = ["shape", "location", "locationName", "flattened", "xmlNamespace", "jsonvalue", "idempotencyToken"]


def reachable(shapes, roots):
    seen = set()
    todo = [r for r in roots if r]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        shape = shapes[name]
        refs = [m["shape"] for m in shape.get("members", {}).values()]
        refs += [shape[k]["shape"] for k in ("member", "key", "value") if k in shape]
        todo.extend(refs)
    return seen


def strip_shape(shape):
    out = {k: shape[k] for k in SHAPE_KEYS if k in shape and k not in ("members", "member", "key", "value")}
    if "members" in shape:
        out["members"] = {n: {k: m[k] for k in MEMBER_KEYS if k in m} for n, m in shape["members"].items()}
    for k in ("member", "key", "value"):
        if k in shape:
            out[k] = {kk: shape[k][kk] for kk in MEMBER_KEYS if kk in shape[k]}
    return out


def export(session, name):
    loader = session.get_component("data_loader")
    raw = loader.load_service_model(name, "service-2")
    metadata = raw["metadata"]
    operations = {}
    roots = []
    for op_name, op in raw["operations"].items():
        entry = {}
        if "input" in op:
            entry["input"] = op["input"]["shape"]
        if "output" in op:
            entry["output"] = op["output"]["shape"]
            if "resultWrapper" in op["output"]:
                entry["resultWrapper"] = op["output"]["resultWrapper"]
        entry["errors"] = [e["shape"] for e in op.get("errors", [])]
        operations[op_name] = entry
        roots += [entry.get("input"), entry.get("output")] + entry["errors"]
    shapes = {n: strip_shape(raw["shapes"][n]) for n in sorted(reachable(raw["shapes"], roots))}
    return {
        "protocol": metadata["protocol"],
        "signingName": metadata.get("signingName", metadata["endpointPrefix"]),
        "targetPrefix": metadata.get("targetPrefix"),
        "xmlNamespace": metadata.get("xmlNamespace"),
        "apiVersion": metadata["apiVersion"],
        "operations": operations,
        "shapes": shapes,
    }


MINIMUM_BOTOCORE = (1, 43)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: export_models.py OUT.json")
    version = tuple(int(part) for part in botocore.__version__.split(".")[:2])
    if version < MINIMUM_BOTOCORE:
        sys.exit("botocore %s is older than 1.43; its models lack current fields" % botocore.__version__)
    session = botocore.session.get_session()
    models = {"botocoreVersion": botocore.__version__,
              "services": {name: export(session, name) for name in SERVICES}}
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        json.dump(models, out, indent=None, sort_keys=True)


if __name__ == "__main__":
    main()

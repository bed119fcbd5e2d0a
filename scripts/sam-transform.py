#!/usr/bin/env python3
"""Prints template.yaml as CloudFormation will deploy it: the SAM transform applied by the SAM translator that
cfn-lint ships (what `sam validate --lint` runs), as JSON on stdout. Errors of the transform go to stderr, exit 1.

    python3 scripts/sam-transform.py [template.yaml] [--region eu-west-1]
"""
import argparse
import json
import sys

from cfnlint.decode import decode
from cfnlint.template.transforms._sam import Transform


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("template", nargs="?", default="template.yaml")
    arguments.add_argument("--region", default="us-east-1")
    options = arguments.parse_args()

    template, problems = decode(options.template)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    transform = Transform(options.template, template, options.region)
    problems = transform.transform_template()
    if problems:
        for problem in problems:
            print(problem.message, file=sys.stderr)
        return 1
    json.dump(transform.template(), sys.stdout, indent=1, sort_keys=True, default=str)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())

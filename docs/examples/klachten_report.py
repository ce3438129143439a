#!/usr/bin/env python3
"""A small Klachten API client (Python 3 standard library only).

    KLACHTEN_URL=https://klachten.example.nl KLACHTEN_KEY=kl_... python3 klachten_report.py week 2026-11-16
    python3 klachten_report.py on-time 2026-01-01 2026-12-31
    python3 klachten_report.py measures

`week` counts the complaints received in the week starting on the given Monday, by category
(scope READ_COMPLAINTS); `on-time` prints per month the share of complaints whose clocks were kept
(READ_STATISTICS); `measures` lists the open measures and improvement proposals (READ_MEASURES).
"""

import datetime
import json
import os
import sys
import time
import urllib.error
import urllib.request


class KlachtenError(Exception):
    """An error the API answered, with its stable code."""

    def __init__(self, code, message):
        super().__init__(f"{code}: {message}")
        self.code = code


def query(url, key, text, variables=None, attempts=3):
    """Runs one GraphQL operation; waits and retries when rate limited."""
    body = json.dumps({"query": text, "variables": variables or {}}).encode()
    request = urllib.request.Request(
        url.rstrip("/") + "/graphql",
        data=body,
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
    )
    try:
        with urllib.request.urlopen(request) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as error:
        answer = json.load(error)
    errors = answer.get("errors") or []
    if errors:
        extensions = errors[0].get("extensions") or {}
        code = extensions.get("code", "INTERNAL")
        if code == "RATE_LIMITED" and attempts > 1:
            time.sleep(extensions.get("retryAfter", 1))
            return query(url, key, text, variables, attempts - 1)
        raise KlachtenError(code, errors[0].get("message", ""))
    return answer["data"]


COMPLAINTS = """
query Week($from: Date!, $to: Date!, $after: String) {
  complaints(filter: {receivedFrom: $from, receivedTo: $to}, first: 100, after: $after) {
    edges { node { ... on AnonymisedComplaint { reference category } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def week(url, key, monday):
    """Complaints received in the week from `monday`, counted by category."""
    start = datetime.date.fromisoformat(monday)
    end = start + datetime.timedelta(days=6)
    counts, after = {}, None
    while True:
        page = query(url, key, COMPLAINTS, {"from": str(start), "to": str(end), "after": after})
        connection = page["complaints"]
        for edge in connection["edges"]:
            category = edge["node"]["category"]
            counts[category] = counts.get(category, 0) + 1
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    print(f"week of {start}: {sum(counts.values())} complaints")
    for category in sorted(counts):
        print(f"  {category}: {counts[category]}")


ON_TIME = """
query OnTime($from: Date!, $to: Date!) {
  statistics(from: $from, to: $to, granularity: MONTH) {
    periods {
      label
      figures {
        received { display }
        acknowledgement { share }
        firstContact { share }
        resolution { share }
      }
    }
  }
}
"""


def on_time(url, key, start, end):
    """Per month: received, and the share kept of each clock ("-" when too few to show)."""
    data = query(url, key, ON_TIME, {"from": start, "to": end})
    show = lambda share: "-" if share is None else f"{share:.1f}%"
    print("month     received  acknowledgement  first contact  resolution")
    for period in data["statistics"]["periods"]:
        f = period["figures"]
        print(
            f"{period['label']:<9} {f['received']['display']:>8}  "
            f"{show(f['acknowledgement']['share']):>15}  {show(f['firstContact']['share']):>13}  "
            f"{show(f['resolution']['share']):>10}"
        )


MEASURES = """
{
  measures(filter: {status: [PROPOSED, AGREED, IN_PROGRESS]}) {
    kind description dueMonth status late
  }
}
"""


def measures(url, key):
    """The open measures and proposals, late ones marked."""
    for m in query(url, key, MEASURES)["measures"]:
        late = " (late)" if m["late"] else ""
        print(f"{m['dueMonth']} {m['status']:<11} {m['kind']:<20} {m['description'] or '(description not yet reviewed)'}{late}")


def main(argv):
    url = os.environ.get("KLACHTEN_URL", "http://127.0.0.1:8080")
    key = os.environ.get("KLACHTEN_KEY")
    if not key or len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    command, args = argv[1], argv[2:]
    try:
        if command == "week" and len(args) == 1:
            week(url, key, args[0])
        elif command == "on-time" and len(args) == 2:
            on_time(url, key, args[0], args[1])
        elif command == "measures" and not args:
            measures(url, key)
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except KlachtenError as error:
        print(f"klachten: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora (committed; rerun only to change them).

rpc-frame: the first byte picks the fuzzer's chunk size, the rest is what a peer sends:
4-byte big-endian lengths, each followed by one serialized ceo.rpc.v1.Frame (encoded by
hand here from Protos/ceo/rpc/v1/frame.proto). edge-json: request bodies of each route,
valid and broken.
"""
import json, os, struct

here = os.path.dirname(os.path.abspath(__file__))


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field(number, value):
    if isinstance(value, int):
        return varint(number << 3) + varint(value)
    if isinstance(value, str):
        value = value.encode()
    return varint(number << 3 | 2) + varint(len(value)) + value


def frame(call_id, kind, body):
    return (field(1, call_id) if call_id else b"") + field(kind, body)


def prefixed(*frames):
    return b"".join(struct.pack(">I", len(f)) + f for f in frames)


metadata = field(2, field(1, "x-request-id") + field(2, "req-1")) + field(2, field(1, "traceparent") + field(2, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
headers = frame(1, 2, field(1, "/ceo.orchestrator.v1.Orchestrator/Analyze") + metadata + field(3, 30000) + field(4, 64))
message = frame(1, 3, field(1, bytes(range(32))))
status = field(1, 3) + field(2, "invalid request") + field(3, field(1, "company.budget_cents") + field(2, "must be at least 100"))
end = frame(1, 4, status)
rpc = {
    "unary-call": b"\x07" + prefixed(headers, message),
    "response": b"\x01" + prefixed(frame(1, 3, field(1, b"ok")), end),
    "cancel": b"\x10" + prefixed(frame(3, 5, field(1, "caller gave up"))),
    "ping-pong": b"\x03" + prefixed(frame(0, 6, field(1, 42)), frame(0, 7, field(1, 42))),
    "go-away": b"\x20" + prefixed(frame(0, 8, field(1, 7) + field(2, 14) + field(3, "draining"))),
    "window-update": b"\x05" + prefixed(frame(5, 9, field(1, 64))),
    "stream": b"\x3f" + prefixed(headers, message, *[frame(1, 3, field(1, bytes([i]) * 40)) for i in range(5)], end),
    "no-kind": b"\x02" + prefixed(field(1, 9)),
    "too-large": b"\x00" + struct.pack(">I", 1 << 20) + b"\x00" * 16,
    "truncated": b"\x04" + prefixed(headers)[:-7],
    "empty-frame": b"\x00" + prefixed(b""),
}

company = {"company_name": "Casa Lumbre", "industry": "Tex-Mex restaurant", "location": "Austin, TX", "budget": 3000, "timeline": 60}
edge = {
    "analyze.json": dict(company, objectives=["Build a memorable brand and logo", "Launch a website with online ordering"], reserve_percent=10),
    "execute.json": {"company_info": company, "task_description": "Form the LLC and check permits", "budget": 600},
    "register.json": {"email": "ana@example.com", "password": "plum-orchard-lantern-42", "display_name": "Ana"},
    "login.json": {"email": "ana@example.com", "password": "plum-orchard-lantern-42", "session": False},
    "key.json": {"name": "ci", "scopes": ["plans:read", "runs:read"], "expires_in_days": 30},
    "wrong-types.json": {"company_name": 7, "industry": None, "location": ["x"], "budget": True, "timeline": 1.5, "objectives": "one"},
    "huge-numbers.json": dict(company, budget=1e300, timeline=1e20, objectives=["x"], reserve_percent=-1e18),
}
raw = {
    "nested.json": b"{\"a\":" * 40 + b"1" + b"}" * 40,
    "escapes.json": b'{"company_name":"\\u00e9\\ud83d\\ude00\\"\\\\","objectives":["\\n"]}',
    "top-array.json": b"[1,2,3]",
    "not-utf8.json": b'{"email":"\xff\xfe"}',
    "truncated.json": b'{"company_name":"Casa',
    "empty.json": b"",
}

# Inputs whose first byte is 0: the rest is read by GeneratedBody.swift, which builds the
# body. These spell each route's valid body in that reading, so that mutating a few
# bytes (a number's bit pattern, say) keeps the rest of the body valid.
FIELDS = ["company_name", "industry", "location", "budget", "timeline", "objectives", "reserve_percent", "company_info",
          "task_description", "email", "password", "display_name", "session", "name", "scopes", "expires_in_days"]


def g_text(text):
    return bytes([len(text)]) + b"".join(bytes([ord(c), 1]) for c in text)


def g_object(members):
    out = bytes([len(members)])
    for name, value in members:
        out += bytes([FIELDS.index(name), 1]) + value  # 1: a value of the field's type
    return out


def g_number(value):
    return b"\x00" + struct.pack(">d", value)


def g_whole(value):
    return b"\x00" + struct.pack(">q", value)


g_company = [("company_name", g_text("Casa")), ("industry", g_text("Food")), ("location", g_text("Austin")),
             ("budget", g_number(3000)), ("timeline", g_whole(60))]
raw.update({
    "generated-analyze": b"\x00" + g_object(g_company + [("objectives", b"\x02" + g_text("Build a brand") + g_text("Launch a site"))]),
    "generated-execute": b"\x00" + g_object([("company_info", g_object(g_company)), ("task_description", g_text("Form the LLC")), ("budget", g_number(600))]),
    "generated-execute-flat": b"\x00" + g_object(g_company + [("task_description", g_text("Form the LLC"))]),
    "generated-register": b"\x00" + g_object([("email", g_text("a@example.com")), ("password", g_text("plum-orchard-42")), ("display_name", g_text("Ana"))]),
    "generated-key": b"\x00" + g_object([("name", g_text("ci")), ("scopes", b"\x01" + g_text("runs:read")), ("expires_in_days", g_whole(30))]),
})

for name, data in rpc.items():
    path = os.path.join(here, "Corpus", "rpc-frame", name)
    open(path, "wb").write(data)
for name, value in edge.items():
    open(os.path.join(here, "Corpus", "edge-json", name), "wb").write(json.dumps(value).encode())
for name, data in raw.items():
    open(os.path.join(here, "Corpus", "edge-json", name), "wb").write(data)
print(f"{len(rpc)} rpc-frame seeds, {len(edge) + len(raw)} edge-json seeds")

#!/usr/bin/env python3
"""Emits Swift method descriptors for every `service` in Protos/, and the
digest of all .proto inputs (checked by a test, so stale generated code fails).

Each rpc becomes an `RPCMethodDescriptor<Request, Response>` carrying its path
(`/package.Service/Method`), its kind (unary or server streaming), the
callers its `(ceo.rpc.v1.allowed_callers)` option admits and what its
`(ceo.rpc.v1.required_scope)` option asks of the end user ("" for nothing,
"*" for any valid access token, else one scope). Both options are required."""
import hashlib
import pathlib
import re
import sys

SERVICE = re.compile(r"((?:[ \t]*//[^\n]*\n)*)service\s+(\w+)\s*\{", re.M)
RPC = re.compile(
    r"((?:[ \t]*//[^\n]*\n)*)[ \t]*rpc\s+(\w+)\s*\(\s*(stream\s+)?([\w.]+)\s*\)\s*returns\s*"
    r"\(\s*(stream\s+)?([\w.]+)\s*\)\s*(\{(.*?)\}|;)",
    re.S,
)
ALLOWED = re.compile(r'option\s*\(ceo\.rpc\.v1\.allowed_callers\)\s*=\s*"([^"]*)"\s*;')
REQUIRED_SCOPE = re.compile(r'option\s*\(ceo\.rpc\.v1\.required_scope\)\s*=\s*"([^"]*)"\s*;')
SCOPE_NAME = re.compile(r"^(|\*|[a-z]+(:[a-z]+)?)$")


def proto_digest(root: pathlib.Path) -> str:
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.proto"), key=lambda p: p.relative_to(root).as_posix().encode()):
        rel = path.relative_to(root).as_posix()
        h.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def block(text: str, start: int) -> str:
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1 : i]
    raise SystemExit("unbalanced braces")


def doc(comment: str, indent: str) -> str:
    lines = [l.strip()[2:].strip() for l in comment.strip("\n").splitlines() if l.strip()]
    return "".join(f"{indent}/// {l}\n" if l else f"{indent}///\n" for l in lines)


def lower_first(name: str) -> str:
    return name[0].lower() + name[1:]


def main() -> None:
    root, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    enums = []
    for proto in sorted(root.rglob("*.proto")):
        text = proto.read_text()
        package = re.search(r"^package\s+([\w.]+)\s*;", text, re.M).group(1)
        prefix_option = re.search(r'^option\s+swift_prefix\s*=\s*"(\w*)"\s*;', text, re.M)
        if prefix_option is None:
            raise SystemExit(f"{proto}: set option swift_prefix so Swift type names are predictable")
        prefix = prefix_option.group(1)
        services = []
        for sm in SERVICE.finditer(text):
            name = sm.group(2)
            body = block(text, sm.end() - 1)
            lines = [
                f"{doc(sm.group(1), '')}/// Method descriptors of `{package}.{name}`.",
                f"public enum {name}RPC {{",
                f'    /// The fully qualified service name.',
                f'    public static let serviceName = "{package}.{name}"',
            ]
            methods = []
            for rm in RPC.finditer(body):
                comment, method, client_stream, req, server_stream, resp, _, options = rm.groups()
                if client_stream:
                    raise SystemExit(f"{proto}: {name}.{method}: client streaming is not supported")
                allowed = ALLOWED.search(options or "")
                if not allowed:
                    raise SystemExit(f"{proto}: {name}.{method} declares no (ceo.rpc.v1.allowed_callers)")
                callers = [c.strip() for c in allowed.group(1).split(",") if c.strip()]
                scope = REQUIRED_SCOPE.search(options or "")
                if not scope:
                    raise SystemExit(f"{proto}: {name}.{method} declares no (ceo.rpc.v1.required_scope) (\"\" for none)")
                if not SCOPE_NAME.match(scope.group(1)):
                    raise SystemExit(f"{proto}: {name}.{method}: required_scope '{scope.group(1)}' is not \"\", \"*\" or a scope name")
                kind = ".serverStreaming" if server_stream else ".unary"
                if "." in req or "." in resp:
                    raise SystemExit(f"{proto}: {name}.{method}: use messages of the service's own file")
                req_t, resp_t = prefix + req, prefix + resp
                methods.append(lower_first(method))
                lines.append("")
                lines.append(doc(comment, "    ").rstrip("\n"))
                lines.append(
                    f"    public static let {lower_first(method)} = RPCMethodDescriptor<{req_t}, {resp_t}>(\n"
                    f'        path: "/{package}.{name}/{method}",\n'
                    f"        kind: {kind},\n"
                    f"        allowedCallers: {callers!r}.map(CallerRule.init),\n"
                    f"        requiredScope: RequiredScope(option: {scope.group(1)!r})\n"
                    f"    )".replace("'", '"')
                )
            lines.append("")
            lines.append("    /// Every method of the service, in the order of the proto.")
            lines.append(f"    public static let methods: [RPCMethodInfo] = [{', '.join(m + '.info' for m in methods)}]")
            lines.append("}")
            enums.append(f"{name}RPC")
            services.append("\n".join(l for l in lines if l != ""))
        if services:
            target = out / (proto.relative_to(root).as_posix().replace("/", "_").replace(".proto", ".rpc.swift"))
            header = (
                f"// DO NOT EDIT. Generated by scripts/generate_method_descriptors.py from {proto.relative_to(root)}.\n\n"
                "public import CEORPC\n\n"
            )
            target.write_text(header + "\n\n".join(services) + "\n")
    (out / "APIMethods.swift").write_text(
        "// DO NOT EDIT. Generated by scripts/generate_method_descriptors.py.\n\n"
        "public import CEORPC\n\n"
        "/// Every method of every service in Protos/, with its options.\n"
        "public enum APIMethods {\n"
        f"    public static let all: [RPCMethodInfo] = {' + '.join(e + '.methods' for e in enums)}\n"
        "}\n"
    )
    (out / "ProtoSourcesDigest.swift").write_text(
        "// DO NOT EDIT. Generated by scripts/generate_method_descriptors.py.\n\n"
        "/// The SHA-256 of every `.proto` file under Protos/ (path, NUL, contents, NUL; sorted by path)\n"
        "/// that the committed generated code was made from. A test recomputes it.\n"
        "public enum ProtoSourcesDigest {\n"
        f'    public static let sha256 = "{proto_digest(root)}"\n'
        "}\n"
    )


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Times a Dockerfile language server as an editor sees it, for bench/lsp.sh.

    python3 lsp-driver.py RUNS EDITS DOCKERFILE -- COMMAND...

Each run starts COMMAND, initializes it, opens DOCKERFILE and waits for its first diagnostics (start-up: from the
process start to those diagnostics), then makes EDITS one-character edits in the middle of the file, one at a time,
each waiting for the diagnostics published after it (edit: from sending the change to those diagnostics). Prints
one line: medians in ms, "startup=... edit=... diagnostics=N" (N: how many the last publication held).

With LSP_DRIVER_THREADS=1, each run also prints to standard error when the answer to initialize came, and the
server's CPU when its first diagnostics came, in all and per thread (from /proc; ms).
"""
import json
import os
import statistics
import subprocess
import sys
import threading
import time


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Server:
    def __init__(self, command):
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.cond = threading.Condition()
        self.messages = []
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            message = json.loads(out.read(length))
            with self.cond:
                self.messages.append((time.perf_counter(), message))
                self.cond.notify_all()

    def send(self, message):
        self.proc.stdin.write(frame(message))
        self.proc.stdin.flush()

    def wait(self, predicate, after, timeout=120):
        """The first message received at or after index `after` that satisfies predicate, and its index."""
        deadline = time.perf_counter() + timeout
        with self.cond:
            while True:
                for i in range(after, len(self.messages)):
                    if predicate(self.messages[i][1]):
                        return i, self.messages[i]
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise SystemExit("no answer from %s within %ss" % (self.proc.args, timeout))
                self.cond.wait(left)

    def answer(self, message):
        # a server's request to the client (workspace/configuration, client/registerCapability): answer it
        if "id" in message and "method" in message:
            result = [None] * len(message.get("params", {}).get("items", [])) \
                if message["method"] == "workspace/configuration" else None
            self.send({"jsonrpc": "2.0", "id": message["id"], "result": result})


def cpu(pid):
    """The process's CPU so far (user+system, its waited-for children too), and each live thread's, in ms."""
    tick = os.sysconf("SC_CLK_TCK")

    def fields(stat):
        return stat.rsplit(")", 1)[1].split()

    with open("/proc/%d/stat" % pid) as f:
        p = fields(f.read())
    threads = {}
    for t in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/stat" % (pid, t)) as f:
                stat = f.read()
        except OSError:
            continue  # ended meanwhile
        name = stat[stat.index("(") + 1:stat.rindex(")")].replace(" ", "_")
        threads[name] = threads.get(name, 0) + (int(fields(stat)[11]) + int(fields(stat)[12])) * 1000 / tick
    busy = sorted(((n, c) for n, c in threads.items() if c > 0), key=lambda nc: -nc[1])
    return "cpu=%.0f %s" % (sum(int(x) for x in p[11:15]) * 1000 / tick, " ".join("%s=%.0f" % nc for nc in busy))


def run(command, path, edits):
    text = open(path, encoding="utf-8").read()
    uri = "file://" + os.path.abspath(path)
    start = time.perf_counter()
    server = Server(command)
    server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": os.getpid(), "rootUri": "file://" + os.path.dirname(os.path.abspath(path)),
        "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True}}}}})
    index, _ = server.wait(lambda m: m.get("id") == 1 and "method" not in m, 0)
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "dockerfile", "version": 1, "text": text}}})

    def published(m):
        server.answer(m)
        return m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri

    answered = server.messages[index][0]
    index, (when, message) = server.wait(published, index + 1)
    startup = (when - start) * 1000
    if os.environ.get("LSP_DRIVER_THREADS"):
        sys.stderr.write("initialize=%.0f startup=%.0f %s\n" % ((answered - start) * 1000, startup,
                                                            cpu(server.proc.pid)))
    middle = text.count("\n") // 2
    times = []
    for version in range(2, edits + 2):
        sent = time.perf_counter()
        server.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": middle, "character": 0},
                                          "end": {"line": middle, "character": 0}}, "text": "x"}]}})
        index, (when, message) = server.wait(
            lambda m: published(m) and m["params"].get("version", version) == version, index + 1)
        times.append((when - sent) * 1000)
    count = len(message["params"]["diagnostics"])
    server.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
    server.wait(lambda m: m.get("id") == 2 and "method" not in m, index + 1)
    server.send({"jsonrpc": "2.0", "method": "exit"})
    try:
        server.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.proc.kill()
    return startup, statistics.median(times), count


def main():
    runs, edits, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    command = sys.argv[sys.argv.index("--") + 1:]
    results = [run(command, path, edits) for _ in range(runs)]
    print("startup=%.0f edit=%.0f diagnostics=%d" % (statistics.median(r[0] for r in results),
                                                   statistics.median(r[1] for r in results), results[-1][2]))


if __name__ == "__main__":
    main()

// Byte-compiles zip archives (the Pyodide standard library, our wheel) with Pyodide's own interpreter,
// and writes precompressed .br / .gz copies of files. Run by devtools/build_runtime.py:
//
//     node devtools/node/compile.mjs JOBS.json
//
// JOBS.json: {"pyodide_dir": "...", "jobs": [
//     {"kind": "compile", "input": "in.zip", "output": "out.zip", "prefix": "/lib/python314.zip/",
//      "compression": "stored" | "deflated", "wheel_tag": null | "py314-none-any", "optimize": 0 | 2},
//     {"kind": "compress", "input": "file"}]}           -> writes file.br and file.gz next to it
//
// A .pyc compiled by the host Python carries the host's magic number and Pyodide rejects it, so the
// compilation has to happen here. The .pyc files are unchecked-hash pycs, stored without their .py
// sources, so the output depends only on the input bytes and the Pyodide version (reproducible).
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import zlib from "node:zlib";
import { promisify } from "node:util";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

const PYTHON = String.raw`
import base64, hashlib, importlib.util, io, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

EPOCH = (1980, 1, 1, 0, 0, 0)

def _record_hash(data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"

def compile_zip(data, prefix, compression, wheel_tag, optimize):
    src = zipfile.ZipFile(io.BytesIO(data.to_bytes()))
    entries, dirs, failed = {}, set(), []
    for info in src.infolist():
        name = info.filename
        if info.is_dir():
            dirs.add(name)
            continue
        if "/__pycache__/" in "/" + name or name.endswith(".pyc"):
            continue
        body = src.read(name)
        if name.endswith(".py"):
            try:
                code = compile(body, prefix + name, "exec", dont_inherit=True, optimize=optimize)
            except (SyntaxError, ValueError):
                failed.append(name)      # kept as source; the interpreter reports it if ever imported
                entries[name] = body
                continue
            entries[name[:-3] + ".pyc"] = bytes(_code_to_hash_pyc(code, importlib.util.source_hash(body), False))
        else:
            entries[name] = body
    if wheel_tag:
        record = [n for n in entries if n.endswith(".dist-info/RECORD")]
        wheel = [n for n in entries if n.endswith(".dist-info/WHEEL")]
        assert len(record) == 1 and len(wheel) == 1, "not a wheel"
        lines = []
        for line in entries[wheel[0]].decode().splitlines():
            lines.append(f"Tag: {wheel_tag}" if line.startswith("Tag:") else line)
        entries[wheel[0]] = ("\n".join(lines) + "\n").encode()
        rows = [f"{n},{_record_hash(b)},{len(b)}" for n, b in sorted(entries.items()) if n != record[0]]
        rows.append(f"{record[0]},,")
        entries[record[0]] = ("\n".join(rows) + "\n").encode()
    method = zipfile.ZIP_STORED if compression == "stored" else zipfile.ZIP_DEFLATED
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in sorted(dirs | set(entries)):
            zi = zipfile.ZipInfo(name, date_time=EPOCH)
            if name in entries:
                zi.compress_type = method
                zi.external_attr = 0o644 << 16
                z.writestr(zi, entries[name], compresslevel=9 if method == zipfile.ZIP_DEFLATED else None)
            else:
                zi.external_attr = (0o40755 << 16) | 0x10
                z.writestr(zi, b"")
    return out.getvalue(), len(failed), sum(1 for n in entries if n.endswith(".pyc"))
`;

async function compress(file) {
  const data = await readFile(file);
  const br = await brotli(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  const gz = await gzip(data, { level: 9 });
  // zlib's gzip header carries no timestamp or file name from Node, so both outputs are reproducible.
  await writeFile(file + ".br", br);
  await writeFile(file + ".gz", gz);
  return { raw: data.length, br: br.length, gz: gz.length };
}

async function main() {
  const spec = JSON.parse(await readFile(process.argv[2], "utf8"));
  const jobs = spec.jobs;
  let pyodide = null;
  if (jobs.some((j) => j.kind === "compile")) {
    const dir = path.resolve(spec.pyodide_dir) + path.sep;
    const { loadPyodide } = await import(pathToFileURL(path.join(dir, "pyodide.mjs")).href);
    pyodide = await loadPyodide({ indexURL: dir, stdout: () => {}, stderr: (s) => console.error(s) });
    pyodide.runPython(PYTHON);
  }
  const report = [];
  for (const job of jobs) {
    if (job.kind === "compile") {
      const input = new Uint8Array(await readFile(job.input));
      const fn = pyodide.globals.get("compile_zip");
      const result = fn(input, job.prefix ?? "", job.compression ?? "stored", job.wheel_tag ?? null, job.optimize ?? 0);
      const [bytes, failed, compiled] = result.toJs();
      result.destroy();
      fn.destroy();
      await writeFile(job.output, bytes);
      report.push({ kind: "compile", output: job.output, bytes: bytes.length, compiled, failed });
    } else if (job.kind === "compress") {
      report.push({ kind: "compress", input: job.input, ...(await compress(job.input)) });
    } else {
      throw new Error(`unknown job kind ${job.kind}`);
    }
  }
  process.stdout.write(JSON.stringify(report) + "\n");
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});

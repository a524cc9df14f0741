"""The references SpreadsheetsTests compares with: Python's csv, zlib, zipfile, and openpyxl.

Called by Support/PythonReference.swift as `python3 reference.py COMMAND ARGS…`, input on stdin,
answer on stdout (JSON, or raw bytes). Binary data inside JSON is base64.
"""
import base64
import csv
import io
import json
import random
import re
import sys
import zipfile
import zlib


def out_json(value):
    sys.stdout.write(json.dumps(value, ensure_ascii=True))


def b64(data):
    return base64.b64encode(data).decode("ascii")


def unb64(text):
    return base64.b64decode(text)


def csv_corpus(seed, count):
    """Random tables written by csv.writer in varied dialects, with what csv.reader reads back."""
    rng = random.Random(seed)
    pieces = ["a", "b", "Z", "0", "1.5", " ", ",", '"', "\n", "\r\n", "\r", "\t", "中", "文", "，", "😀", "'", "=", "é"]
    cases = []
    for _ in range(count):
        delimiter = rng.choice([",", "\t"])
        terminator = rng.choice(["\r\n", "\n", "\r"])
        quoting = rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])
        width = rng.randint(1, 6)
        rows = []
        for _ in range(rng.randint(1, 12)):
            row = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))) for _ in range(width)]
            rows.append(row)
        buffer = io.StringIO(newline="")
        csv.writer(buffer, delimiter=delimiter, lineterminator=terminator, quoting=quoting).writerows(rows)
        text = buffer.getvalue()
        if rng.random() < 0.3:
            text = text[: -len(terminator)]
        if rng.random() < 0.3:
            text = terminator + text + terminator
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
        cases.append({"text": text, "delimiter": delimiter, "records": records})
    return cases


def csv_parse(delimiter, text):
    try:
        return {"records": list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))}
    except csv.Error as error:
        return {"error": str(error)}


def zip_write(spec, stream):
    """Entries {name, data, method}; `stream` writes to an unseekable file (data descriptors)."""
    class Unseekable(io.RawIOBase):
        def __init__(self):
            self.buffer = bytearray()

        def writable(self):
            return True

        def write(self, data):
            self.buffer += data
            return len(data)

    target = Unseekable() if stream else io.BytesIO()
    with zipfile.ZipFile(target, "w") as archive:
        for entry in spec:
            method = zipfile.ZIP_DEFLATED if entry["method"] == "deflated" else zipfile.ZIP_STORED
            info = zipfile.ZipInfo(entry["name"], date_time=(2024, 5, 6, 7, 8, 10))
            info.compress_type = method
            if stream:
                with archive.open(info, "w") as handle:
                    handle.write(unb64(entry["data"]))
            else:
                archive.writestr(info, unb64(entry["data"]))
    return bytes(target.buffer) if stream else target.getvalue()


def zip_read(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        bad = archive.testzip()
        entries = [{"name": info.filename, "method": info.compress_type, "data": b64(archive.read(info))}
                   for info in archive.infolist()]
    return {"bad": bad, "entries": entries}


def cell_text(value):
    """A cell's value the way Spreadsheets shows it: integers without .0, TRUE/FALSE, None as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if value.time() != value.time().min else value.date().isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def xlsx_read(data):
    import openpyxl
    workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    sheet = workbook.worksheets[0]
    return [[cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]


def xlsx_write(rows, formula, dates=()):
    """`rows`: lists of str/int/float/bool/None; `formula`: [cell, formula, cached value] or None;
    `dates`: [cell, ISO date or date-time] pairs."""
    import datetime
    import openpyxl
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "数据"
    for row in rows:
        sheet.append(row)
    for cell, text in dates:
        sheet[cell] = datetime.datetime.fromisoformat(text)
    workbook.create_sheet("第二页").append(["not", "this", "one"])
    if formula:
        sheet[formula[0]] = formula[1]
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if not formula:
        return data
    # openpyxl writes no cached value for a formula; give it one, as Excel does when it saves.
    source = zipfile.ZipFile(io.BytesIO(data))
    patched = io.BytesIO()
    with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = content.decode("utf-8")
                text = re.sub(r'(<c r="%s"[^>]*>)<f>(.*?)</f><v\s*/>' % formula[0],
                              lambda m: "%s<f>%s</f><v>%s</v>" % (m.group(1), m.group(2), formula[2]), text)
                content = text.encode("utf-8")
            target.writestr(info, content)
    return patched.getvalue()


def main():
    command, arguments = sys.argv[1], sys.argv[2:]
    data = sys.stdin.buffer.read()
    if command == "ping":
        print("pong")
    elif command == "has-openpyxl":
        try:
            import openpyxl  # noqa: F401
            print("yes")
        except ImportError:
            print("no")
    elif command == "csv-corpus":
        out_json(csv_corpus(int(arguments[0]), int(arguments[1])))
    elif command == "csv-parse":
        delimiter = "\t" if arguments[0] == "tab" else arguments[0]
        if "batch" in arguments:
            out_json([csv_parse(delimiter, text) for text in json.loads(data)])
        else:
            out_json(csv_parse(delimiter, data.decode("utf-8-sig")))
    elif command == "encode":
        text = data.decode("utf-8")
        encoding = arguments[0]
        boms = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-8-sig": b""}
        sys.stdout.buffer.write(boms.get(encoding, b"") + text.encode(encoding))
    elif command == "deflate":
        request = json.loads(data)
        answers = []
        for item in request["inputs"]:
            raw = unb64(item)
            row = []
            for level in request["levels"]:
                compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
                row.append(b64(compressor.compress(raw) + compressor.flush()))
            answers.append(row)
        out_json(answers)
    elif command == "inflate":
        answers = []
        for item in json.loads(data):
            try:
                decompressor = zlib.decompressobj(-15)
                result = decompressor.decompress(unb64(item)) + decompressor.flush()
                answers.append({"data": b64(result), "complete": decompressor.eof, "rest": len(decompressor.unused_data)})
            except zlib.error as error:
                answers.append({"error": str(error)})
        out_json(answers)
    elif command == "zip-write":
        sys.stdout.buffer.write(zip_write(json.loads(data), "stream" in arguments))
    elif command == "zip-read":
        out_json(zip_read(data))
    elif command == "xlsx-read":
        out_json(xlsx_read(data))
    elif command == "xlsx-write":
        request = json.loads(data)
        sys.stdout.buffer.write(xlsx_write(request["rows"], request.get("formula"), request.get("dates", [])))
    else:
        sys.exit("unknown command " + command)


main()

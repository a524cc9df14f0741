"""Makes the .xlsx fixtures under ../Fixtures (run from any folder; needs openpyxl for the first).

- openpyxl.xlsx: written by openpyxl (inline strings, numbers, booleans, empty and skipped cells,
  a date, a formula given the cached value Excel would store).
- excel-shaped.xlsx: hand-written parts shaped as Excel and WPS save them: shared strings with
  rich-text runs and a phonetic guide, an `x:` namespace prefix, a second sheet listed first in
  the archive, absolute relationship targets, date styles, a string formula, an error value, a
  cell without `r`, _xHHHH_ escapes, an empty row, and the 1904 date system off.
"""
import json
import os
import subprocess
import sys
import zipfile

here = os.path.dirname(os.path.abspath(__file__))
fixtures = os.path.join(here, "..", "Fixtures")

OPENPYXL_SPEC = {
    "rows": [
        ["名字", "年龄", "分数", "通过", "说明", "备注", "合计"],
        ["张三", 30, 91.5, True, None, "第一行"],
        ["李四", -7, 0.1, False, None, None],
        [None, None, None, None, None, None],
        ["王五", 12345678901, 1e-05, None, "跳过的列", "a, \"b\"\nc"],
    ],
    "formula": ["G2", "=B2+C2", "121.5"],
    "dates": [["G3", "2024-05-06"], ["G5", "2024-05-06T07:08:09"]],
}


def write_openpyxl():
    result = subprocess.run([sys.executable, os.path.join(here, "reference.py"), "xlsx-write"],
                            input=json.dumps(OPENPYXL_SPEC).encode(), capture_output=True, check=True)
    with open(os.path.join(fixtures, "openpyxl.xlsx"), "wb") as handle:
        handle.write(result.stdout)


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

PARTS = {
    "[Content_Types].xml": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>""",
    "_rels/.rels": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""",
    "xl/workbook.xml": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r
<x:workbook xmlns:x="{MAIN}" xmlns:r="{REL}"><x:workbookPr defaultThemeVersion="124226"/><x:bookViews><x:workbookView xWindow="0" yWindow="0"/></x:bookViews><x:sheets><x:sheet name="名单" sheetId="1" r:id="rId7"/><x:sheet name="Sheet2" sheetId="2" r:id="rId2"/></x:sheets><x:calcPr calcId="191029"/></x:workbook>""",
    "xl/_rels/workbook.xml.rels": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""",
    "xl/sharedStrings.xml": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r
<sst xmlns="{MAIN}" count="9" uniqueCount="8"><si><t>姓名</t></si><si><t>城市</t></si><si><r><rPr><b/><sz val="11"/></rPr><t>生</t></r><r><rPr><sz val="11"/></rPr><t xml:space="preserve">日 </t></r></si><si><t>金额</t></si><si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si><si><t>张&amp;三 &lt;A&gt;</t></si><si><t xml:space="preserve">line1_x000D_
line2</t></si><si><t>结果</t></si></sst>""",
    "xl/styles.xml": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r
<styleSheet xmlns="{MAIN}"><numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="177" formatCode="#,##0.00_);[Red]\\(#,##0.00\\)"/></numFmts><fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0" xfId="0"/><xf numFmtId="176" xfId="0" applyNumberFormat="1"/><xf numFmtId="177" xfId="0" applyNumberFormat="1"/><xf numFmtId="22" xfId="0" applyNumberFormat="1"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>""",
    "xl/worksheets/sheet1.xml": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r
<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>not the first sheet</t></is></c></row></sheetData></worksheet>""",
    "xl/worksheets/sheet2.xml": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r
<!-- shaped as Excel 2016 and WPS save it -->
<worksheet xmlns="{MAIN}" xmlns:r="{REL}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><dimension ref="A1:F6"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="1" width="12" customWidth="1"/></cols><sheetData>
<row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>7</v></c><c r="F1" t="inlineStr"><is><r><t>备</t></r><r><rPr><i/></rPr><t>注</t></r></is></c></row>
<row r="2" spans="1:6"><c r="A2" t="s"><v>5</v></c><c r="B2" t="s"><v>4</v></c><c r="C2" s="1"><v>45418</v></c><c r="D2" s="2"><v>1234.5</v></c><c r="E2" t="str"><f>A2&amp;"!"</f><v>张&amp;三 &lt;A&gt;!</v></c><c r="F2" t="b"><v>1</v></c></row>
<row r="3" spans="1:6"><c r="A3" t="s"><v>6</v></c><c r="C3" s="3"><v>45418.296631944441</v></c><c r="D3"><v>0.30000000000000004</v></c><c r="E3" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="F3" t="b"><v>0</v></c></row>
<row r="4" spans="1:6"><c r="A4" s="2"/><c r="B4" s="2"/></row>
<row r="6" spans="1:6"><c t="inlineStr"><is><t>无 r 引用</t></is></c><c><v>2.5E+3</v></c><c r="D6" s="4"><v>60</v></c><c r="F6"><v>-0</v></c></row>
</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>""",
}


def write_excel_shaped():
    with zipfile.ZipFile(os.path.join(fixtures, "excel-shaped.xlsx"), "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                     "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/sharedStrings.xml", "xl/styles.xml"]:
            info = zipfile.ZipInfo(name, date_time=(2024, 5, 6, 7, 8, 10))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, PARTS[name].encode("utf-8"))


if __name__ == "__main__":
    os.makedirs(fixtures, exist_ok=True)
    write_excel_shaped()
    write_openpyxl()

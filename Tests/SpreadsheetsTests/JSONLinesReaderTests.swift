import Spreadsheets
import Testing

@Suite struct JSONLinesReaderTests {
    @Test func makesTheHeaderFromEveryKeyInFirstSeenOrder() throws {
        let text = """
        {"name": "张三", "age": 30}

        {"city": "北京", "name": "李四", "tags": ["a", "b"], "ok": true, "none": null}\r
        {"name": "王五", "extra": {"x": 1.50}}
        """
        let table = try JSONLinesReader().table(text: text)
        #expect(table.header == ["name", "age", "city", "tags", "ok", "none", "extra"])
        #expect(table.rows == [
            ["张三", "30", "", "", "", "", ""],
            ["李四", "", "北京", "[\"a\",\"b\"]", "true", "", ""],
            ["王五", "", "", "", "", "", "{\"x\":1.50}"],
        ])
        #expect(table.rowNumbers == [1, 3, 4])
    }

    @Test func namesTheLineThatIsNotAnObjectOrNotJSON() {
        #expect { try JSONLinesReader().table(text: "{\"a\": 1}\n[1, 2]\n") } throws: {
            let error = $0 as! SpreadsheetError
            return error.code == .notAnObject && error.row == 2 && error.message.contains("Line 2")
        }
        #expect { try JSONLinesReader().table(text: "{\"a\": 1}\n\n{\"a\": 1,}\n") } throws: {
            let error = $0 as! SpreadsheetError
            return error.code == .invalidJSONLine && error.row == 3
        }
        #expect { try JSONLinesReader().table(text: "\n \n") } throws: { ($0 as! SpreadsheetError).code == .emptyTable }
    }

    @Test func refusesKeysThatAreEmptyOrTheSameOnceTrimmed() {
        #expect { try JSONLinesReader().table(text: "{\" \": 1}") } throws: { ($0 as! SpreadsheetError).code == .emptyHeaderName }
        #expect { try JSONLinesReader().table(text: "{\"a\": 1, \" a\": 2}") } throws: { ($0 as! SpreadsheetError).code == .duplicateHeaderName }
        #expect { try JSONLinesReader().table(text: "{\"a\": 1, \"a\": 2}") } throws: { ($0 as! SpreadsheetError).code == .invalidJSONLine }
    }

    @Test func stopsAtTheRowAndColumnLimits() {
        let limits = TableLimits(maximumRows: 1, maximumColumns: 2, maximumCellBytes: 4)
        #expect { try JSONLinesReader(limits: limits).table(text: "{\"a\": 1}\n{\"a\": 2}") } throws: { ($0 as! SpreadsheetError).code == .tooManyRows }
        #expect { try JSONLinesReader(limits: limits).table(text: "{\"a\": 1, \"b\": 2, \"c\": 3}") } throws: { ($0 as! SpreadsheetError).code == .tooManyColumns }
        #expect { try JSONLinesReader(limits: limits).table(text: "{\"a\": \"12345\"}") } throws: { ($0 as! SpreadsheetError).code == .cellTooLarge }
    }
}

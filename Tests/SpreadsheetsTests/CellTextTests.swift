@testable import Spreadsheets
import Testing

@Suite struct CellTextTests {
    @Test(arguments: [
        ("42", "42"), ("42.0", "42"), ("-0", "0"), ("3.1400000000000001", "3.14"), ("1E+20", "1e+20"),
        ("12345678901234567890123", "12345678901234567890123"), ("2.5E+3", "2500"), ("0.1", "0.1"),
    ])
    func showsNumbersAsExcelUsersExpect(stored: String, shown: String) {
        #expect(CellText.number(stored) == shown)
    }

    @Test(arguments: [
        ("yyyy\"年\"m\"月\"d\"日\"", true), ("m/d/yy h:mm", true), ("[h]:mm:ss", true), ("[$-804]yyyy/m/d", true),
        ("General", false), ("0.00E+00", false), ("#,##0.00_);[Red]\\(#,##0.00\\)", false), ("\"day\"0", false), ("@", false),
    ])
    func tellsDateFormatsFromNumberFormats(code: String, isDate: Bool) {
        #expect(DateStyles.isDateFormat(code) == isDate)
    }

    @Test func countsDaysAsExcelDoes() {
        #expect(DateStyles.civil(fromDays: 0) == (1970, 1, 1))
        #expect(DateStyles.civil(fromDays: 19_849) == (2024, 5, 6))
        #expect(DateStyles.civil(fromDays: -25_567) == (1900, 1, 1))
    }

    @Test func escapesWhatXMLCannotHoldAndReadsItBack() {
        let text = "a\u{1}b _x0041_ c\u{1F}"
        #expect(CellText.escapeOOXML(text) == "a_x0001_b _x005F_x0041_ c_x001F_")
        #expect(CellText.unescapeOOXML(CellText.escapeOOXML(text)) == text)
    }
}

/// The name a table is dropped under in `inbox/<NAME>/`: its own name when free, else `_2`, `_3`…
/// before the extension. A name is taken when the table, its results table or its summary already
/// exists in the inbox, outbox or failed folder of the workflow folder: an earlier batch's results
/// must never be mistaken for this one's.
public enum BatchTableName {
    /// `list.csv` → `list`; `list.tar.csv` → `list.tar`.
    public static func stem(_ fileName: String) -> String {
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return fileName }
        return String(fileName[..<dot])
    }

    /// What the agent writes for a table: `<stem>.results.csv` in `outbox/<NAME>/`.
    public static func resultsName(_ tableName: String) -> String { stem(tableName) + ".results.csv" }
    /// The summary next to a refused table in `failed/<NAME>/`: `<stem>.result.txt`.
    public static func summaryName(_ tableName: String) -> String { stem(tableName) + ".result.txt" }

    /// The `number`th candidate: `list.csv`, `list_2.csv`, `list_3.csv`…
    public static func candidate(_ fileName: String, number: Int) -> String {
        guard number > 1 else { return fileName }
        let base = stem(fileName)
        return base + "_\(number)" + fileName.dropFirst(base.count)
    }

    /// The first candidate none of whose names is in `taken`.
    public static func free(_ fileName: String, taken: Set<String>) -> String {
        var number = 1
        while true {
            let name = candidate(fileName, number: number)
            if !taken.contains(name), !taken.contains(resultsName(name)), !taken.contains(summaryName(name)) { return name }
            number += 1
        }
    }
}

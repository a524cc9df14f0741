/// Code lengths of a Huffman code for given symbol frequencies, no longer than a limit (15 bits
/// for DEFLATE's literal and distance codes, 7 for the code-length code).
enum HuffmanLengths {
    /// Lengths for `frequencies` (0 for unused symbols). At least two symbols get a code, so the
    /// code is complete as every decoder accepts (unused ones are given frequency 1 if needed).
    static func lengths(frequencies: [Int], limit: Int) -> [Int] {
        var frequencies = frequencies
        var used = frequencies.indices.filter { frequencies[$0] > 0 }
        for symbol in frequencies.indices where used.count < 2 && frequencies[symbol] == 0 {
            frequencies[symbol] = 1
            used.append(symbol)
        }
        while true {
            let lengths = unlimited(frequencies)
            if (lengths.max() ?? 0) <= limit { return lengths }
            // Flatten the distribution and try again: depths shrink towards a balanced tree.
            frequencies = frequencies.map { $0 == 0 ? 0 : max(1, $0 / 2) }
        }
    }

    /// Plain Huffman: repeatedly join the two least frequent trees.
    private static func unlimited(_ frequencies: [Int]) -> [Int] {
        // Nodes: leaves are symbols, then the joined nodes; parent links give each leaf's depth.
        var weight: [Int] = [], parent: [Int] = [], symbolOfLeaf: [Int] = []
        for (symbol, frequency) in frequencies.enumerated() where frequency > 0 {
            weight.append(frequency)
            parent.append(-1)
            symbolOfLeaf.append(symbol)
        }
        var lengths = Array(repeating: 0, count: frequencies.count)
        // Roots waiting to be joined, kept sorted by weight (descending, so the lightest are last).
        var roots = Array(weight.indices).sorted { (weight[$0], $0) > (weight[$1], $1) }
        while roots.count > 1 {
            let a = roots.removeLast(), b = roots.removeLast()
            let node = weight.count
            weight.append(weight[a] + weight[b])
            parent.append(-1)
            parent[a] = node
            parent[b] = node
            let position = roots.firstIndex { (weight[$0], $0) < (weight[node], node) } ?? roots.count
            roots.insert(node, at: position)
        }
        for leaf in symbolOfLeaf.indices {
            var depth = 0, node = leaf
            while parent[node] >= 0 {
                depth += 1
                node = parent[node]
            }
            lengths[symbolOfLeaf[leaf]] = depth
        }
        return lengths
    }
}

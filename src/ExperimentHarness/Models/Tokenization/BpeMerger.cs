namespace ExperimentHarness.Models.Tokenization;

/// <summary>
/// Classic BPE merging of one symbol sequence: repeatedly join the adjacent pair with the lowest merge rank
/// (leftmost first among equals), in O(n log n) with a heap over a linked list of symbols.
/// </summary>
public sealed class BpeMerger(IReadOnlyDictionary<(string, string), int> ranks)
{
    public List<string> Merge(IReadOnlyList<string> symbols)
    {
        var text = symbols.ToArray();
        var next = Enumerable.Range(1, text.Length).ToArray();                 // text.Length = end
        var prev = Enumerable.Range(-1, text.Length).ToArray();
        var alive = Enumerable.Repeat(true, text.Length).ToArray();
        var heap = new PriorityQueue<(int Left, string A, string B), (int Rank, int Left)>();
        void Push(int left)
        {
            var right = next[left];
            if (right < text.Length && ranks.TryGetValue((text[left], text[right]), out var rank))
                heap.Enqueue((left, text[left], text[right]), (rank, left));
        }
        for (var i = 0; i + 1 < text.Length; i++) Push(i);
        while (heap.TryDequeue(out var pair, out _))
        {
            var right = next[pair.Left];
            // Entries go stale when a neighbour merged since they were pushed.
            if (!alive[pair.Left] || right >= text.Length || text[pair.Left] != pair.A || text[right] != pair.B) continue;
            text[pair.Left] = pair.A + pair.B;
            alive[right] = false;
            next[pair.Left] = next[right];
            if (next[right] < text.Length) prev[next[right]] = pair.Left;
            if (prev[pair.Left] >= 0) Push(prev[pair.Left]);
            Push(pair.Left);
        }
        var result = new List<string>();
        for (var i = 0; i < text.Length; i = next[i]) result.Add(text[i]);
        return result;
    }
}

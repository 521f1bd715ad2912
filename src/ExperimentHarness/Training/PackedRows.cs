using ExperimentHarness.Models.Tokenization;

namespace ExperimentHarness.Training;

/// <summary>
/// Training rows of T+1 tokens (inputs are the first T, targets the last T). Row g starts at a document boundary —
/// document g·<see cref="DocumentsPerRow"/> of the split — and packs the following documents, each closed by the
/// end-of-text token, until the row is full (the last one cut). Rows are computed from their index alone, so batch s of
/// a resumed run is the batch s of an uninterrupted one, and every row starts where prompts start: at a problem.
/// </summary>
public sealed class PackedRows(IDocumentSource documents, ITextTokenizer tokenizer, int endOfText, int sequenceLength)
{
    /// <summary>Document indices reserved per row: far more than a row ever uses, so rows never share a document.</summary>
    public const int DocumentsPerRow = 256;

    public long[] Row(string split, long row)
    {
        var tokens = new List<long>(sequenceLength + 64);
        for (var d = 0; d < DocumentsPerRow && tokens.Count < sequenceLength + 1; d++)
        {
            foreach (var id in tokenizer.Encode(documents.Document(split, row * DocumentsPerRow + d))) tokens.Add(id);
            tokens.Add(endOfText);
        }
        if (tokens.Count < sequenceLength + 1)
            throw new InvalidOperationException($"{DocumentsPerRow} documents did not fill a row of {sequenceLength + 1} tokens");
        return tokens.GetRange(0, sequenceLength + 1).ToArray();
    }

    /// <summary>Rows <paramref name="first"/>.. as one (count, T+1) block, row-major.</summary>
    public long[] Rows(string split, long first, int count)
    {
        var block = new long[count * (sequenceLength + 1)];
        for (var r = 0; r < count; r++) Row(split, first + r).CopyTo(block, r * (sequenceLength + 1));
        return block;
    }
}

using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;
using ExperimentHarness.Training;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Training;

public class TrainingCorpusTests
{
    private static readonly CorpusSpec Arith = new(CorpusKind.Arith, 0, 1, 3, 0.35, 0.25, 4, [], 0, 2000);

    [Fact]
    public void ArithDocumentsNeverContainATestQuestionAndAreTheSameOnEveryCall()
    {
        var guard = new TestSetGuard(Arith);
        var documents = new ArithDocuments(Arith, guard);
        var test = ArithSource.TestSplit(0, 1, 3, 2000).Select(i => i.Question).ToList();
        Assert.Equal(2000, guard.Count);
        for (var i = 0; i < 1500; i++)
        {
            var text = documents.Document("train", i);
            Assert.DoesNotContain(test, q => text.Contains(q, StringComparison.Ordinal));
            Assert.Equal(text, documents.Document("train", i));
        }
    }

    [Fact]
    public void ArithDocumentsMixDirectAndWorkedAnswersSinglesAndBlocksAsConfigured()
    {
        var documents = new ArithDocuments(Arith, new TestSetGuard(Arith));
        var texts = Enumerable.Range(0, 2000).Select(i => documents.Document("train", i)).ToList();
        var blocks = texts.Count(t => t.Split("Problem:").Length - 1 == 4);
        var zeroShotWorked = texts.Count(t => t.Contains("Let us work it out one step at a time.", StringComparison.Ordinal));
        Assert.InRange(blocks / 2000.0, 0.20, 0.30);
        Assert.InRange(zeroShotWorked / 2000.0, 0.35 * 0.75 - 0.05, 0.35 * 0.75 + 0.05);
        Assert.All(texts, t => Assert.StartsWith("Problem: ", t));
        Assert.All(texts, t => Assert.Matches(@"(The|\nSo the) answer is \d+\.$", t));
        Assert.All(texts.Where(t => t.Contains("Let us work it out", StringComparison.Ordinal)), t => Assert.Matches(@"= \d+\.\nSo the answer is \d+\.$", t));
        Assert.NotEqual(documents.Document("train", 3), documents.Document("heldout", 3));
    }

    [Fact]
    public void TheGuardSkipsAGeneratedTestQuestion()
    {
        // Guard the very stream the corpus draws from: every problem it would use is then a "test question" and must be skipped.
        var guard = new TestSetGuard(Arith);
        var question = ArithSource.TestSplit(0, 1, 3, 1)[0].Question;
        Assert.True(guard.IsTestQuestion(question));
        Assert.True(guard.IsTestQuestion("  " + question.Replace(" ", "  ", StringComparison.Ordinal) + "\n"));
        Assert.False(guard.IsTestQuestion(question + " Really?"));
    }

    [Fact]
    public void UserFilesWithATestQuestionAreRefusedNamingFileAndLine()
    {
        var dir = TestPaths.NewTempDirectory();
        var question = ArithSource.TestSplit(0, 1, 3, 50)[17].Question;
        var jsonl = Path.Combine(dir, "own.jsonl");
        File.WriteAllText(jsonl, "{\"text\": \"Problem: A clean one.\\nAnswer: 3\"}\n{\"text\": \"Problem: " + question + "\\nAnswer: 1\"}\n");
        var ex = Assert.Throws<InputException>(() => new TextFileDocuments([jsonl], new TestSetGuard(Arith)));
        Assert.Contains($"{jsonl}:2", ex.Message);
        Assert.Contains("test question", ex.Message);

        var text = Path.Combine(dir, "own.txt");
        File.WriteAllText(text, "first document\n<|endoftext|>\nsecond\ndocument\n");
        var documents = new TextFileDocuments([text], new TestSetGuard(Arith));
        Assert.Equal("first document", documents.Document("train", 0));
        Assert.Equal("second\ndocument", documents.Document("train", 1));

        var bad = Path.Combine(dir, "bad.txt");
        File.WriteAllBytes(bad, [0x41, 0xff, 0x42]);
        Assert.Contains("not valid UTF-8", Assert.Throws<InputException>(() => new TextFileDocuments([bad], new TestSetGuard(Arith))).Message);
    }

    [Fact]
    public void MixedDifficultyTestSplitCyclesTheStepsAndKeepsSingleDifficultyIdsAsBefore()
    {
        var mixed = ArithSource.Generate(0, 1, 3, 30, 9);
        Assert.Equal(["test-s1-0", "test-s2-0", "test-s3-0", "test-s1-1"], mixed.Test.Take(4).Select(i => i.Id));
        Assert.Equal(ArithSource.Enumerate(0, 2, "test").Take(5).Select(i => i.Question), ArithSource.Generate(0, 2, 10, 5).Test.Select(i => i.Question));
        Assert.Equal("test-0", ArithSource.Generate(0, 2, 10, 5).Test[0].Id);
        Assert.Empty(mixed.Train.Select(i => i.Question).Intersect(mixed.Test.Select(i => i.Question)));
    }
}

namespace ExperimentHarness.Training;

/// <summary>A progress report of one member's training (printed by the command; the trainer only measures). DataShare: the share of this run's time spent making rows.</summary>
public sealed record TrainingProgress(string Member, long Step, long Steps, double Loss, double? HeldOutLoss, double TokensPerSecond,
    double FlopsPerSecond, double FlopsSpent, double Budget, TimeSpan Remaining, double DataShare);

/// <summary>One held-out evaluation, as kept in the member's training log.</summary>
public sealed record HeldOutPoint(long Step, double Tokens, double Flops, double TrainLoss, double HeldOutLoss, double LearningRate);

namespace TaskConsole.Core.TaskRouter;

public enum TaskRouterErrorKind
{
    NotFound,
    InvalidParameter,
    InvalidTransition,
    PreconditionFailed,
    Conflict,
}

/// <summary>Why a TaskRouter command did not happen. <see cref="CurrentStatus"/> is set for refused transitions.</summary>
public sealed record TaskRouterError(TaskRouterErrorKind Kind, string Message, string? Parameter = null, string? CurrentStatus = null)
{
    public static TaskRouterError NotFound(string what, string sid) => new(TaskRouterErrorKind.NotFound, $"{what} {sid} was not found");

    public static TaskRouterError Invalid(string parameter, string problem) => new(TaskRouterErrorKind.InvalidParameter, $"{parameter} {problem}", parameter);

    public static TaskRouterError Transition(string message, string currentStatus) => new(TaskRouterErrorKind.InvalidTransition, message, CurrentStatus: currentStatus);
}

/// <summary>The outcome of a command: a value, or the typed error that explains why nothing changed.</summary>
public readonly record struct TaskRouterResult<T>
{
    private TaskRouterResult(T? value, TaskRouterError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public TaskRouterError? Error { get; }

    public bool IsSuccess => Error is null;

    public static implicit operator TaskRouterResult<T>(T value) => new(value, null);

    public static implicit operator TaskRouterResult<T>(TaskRouterError error) => new(default, error);

    /// <summary>The value of a successful result; throws with the error message otherwise.</summary>
    public T GetValueOrThrow() => Error is null ? Value! : throw new InvalidOperationException(Error.Message);
}
